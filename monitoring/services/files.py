"""Exports and imports, run in the task queue (``network.tasks``): a request only records
what is asked for; a worker builds the spreadsheet (or reads the uploaded one) and the
"Eksporty" page shows the outcome. Finished exports can be downloaded by their owner until
they expire (``MONITORING_EXPORT_DAYS``)."""

import logging
import tempfile
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import transaction
from django.utils import timezone, translation
from django_tasks import task

from monitoring import datasets, imports, permissions, spreadsheets
from monitoring.choices import Dataset, JobStatus
from monitoring.models import ExportFile, ImportFile, Indicator, Period
from monitoring.services.actions import actions_import
from monitoring.services.reports import values_import
from network.models import Region, User
from network.tasks import BACKEND, enqueue_on_commit

logger = logging.getLogger(__name__)


@transaction.atomic
def export_request(*, actor: User, dataset: str, fmt: str, filters: dict) -> ExportFile:
    if not permissions.can_export(actor):
        raise PermissionDenied
    export = ExportFile.objects.create(
        owner=actor,
        dataset=dataset,
        format=fmt,
        filters={key: str(value) for key, value in filters.items() if value not in (None, "")},
        expires_at=timezone.now() + timedelta(days=settings.MONITORING_EXPORT_DAYS),
    )
    enqueue_on_commit(export_build, export.pk)
    return export


@task(backend=BACKEND)
def export_build(export_id: int) -> None:
    export = ExportFile.objects.select_related("owner").filter(pk=export_id).first()
    if export is None or export.status != JobStatus.QUEUED:
        return
    try:
        export_write(export)
    except Exception:
        # The page says it failed; the traceback goes to the worker's log.
        logger.exception("Export %s failed", export_id)
        ExportFile.objects.filter(pk=export_id).update(status=JobStatus.FAILED)


def export_write(export: ExportFile) -> ExportFile:
    """Build the file (in the owner's language) and attach it to the export."""
    with translation.override(export.owner.language), tempfile.TemporaryFile() as out:
        table = datasets.table(export.dataset, user=export.owner, filters=export.filters)
        export.rows = spreadsheets.write(
            export.format, out, table.headers, table.rows, title=table.title
        )
        out.seek(0)
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        export.file.save(f"{table.title}-{stamp}.{export.format}", File(out), save=False)
    export.status = JobStatus.DONE
    export.save(update_fields=["file", "rows", "status"])
    return export


@transaction.atomic
def import_request(
    *, actor: User, upload, valid_rows_only: bool, dataset: str = Dataset.ACTIONS
) -> ImportFile:
    """Keep the uploaded file and queue its import. (The form has checked its size and that
    it is an XLSX file.)"""
    if not permissions.can_import(actor):
        raise PermissionDenied
    job = ImportFile(
        owner=actor,
        dataset=dataset,
        name=Path(upload.name).name[:200],
        valid_rows_only=valid_rows_only,
    )
    job.file.save(job.name, upload, save=False)
    job.save()
    enqueue_on_commit(import_run, job.pk)
    return job


@task(backend=BACKEND)
def import_run(import_id: int) -> None:
    job = ImportFile.objects.select_related("owner").filter(pk=import_id).first()
    if job is None or job.status != JobStatus.QUEUED:
        return
    try:
        import_read(job)
    except Exception:
        logger.exception("Import %s failed", import_id)
        ImportFile.objects.filter(pk=import_id).update(
            status=JobStatus.FAILED, finished_at=timezone.now()
        )


def import_read(job: ImportFile) -> ImportFile:
    """Check every row, then write all of them or none (or the valid ones, if asked)."""
    regions = list(Region.objects.all())
    with translation.override(job.owner.language), job.file.open("rb") as source:
        if job.dataset == Dataset.VALUES:
            parsed, rows = imports.parse_values(
                source,
                regions=regions,
                periods=list(Period.objects.all()),
                indicators=list(Indicator.objects.filter(is_active=True)),
            )
            created = 0
            updated = values_import(
                actor=job.owner, parsed=parsed, rows=rows, valid_rows_only=job.valid_rows_only
            )
        else:
            parsed = imports.parse(source, regions=regions)
            created, updated = actions_import(
                actor=job.owner, parsed=parsed, valid_rows_only=job.valid_rows_only
            )
    job.errors = sorted(parsed.errors, key=lambda error: (error["row"], error["column"]))
    job.created, job.updated = created, updated
    job.status = JobStatus.FAILED if parsed.errors and not (created or updated) else JobStatus.DONE
    job.finished_at = timezone.now()
    job.save(update_fields=["errors", "created", "updated", "status", "finished_at"])
    return job


def files_purge(*, now=None) -> int:
    """Delete expired exports and imports older than the same number of days, files too."""
    now = now or timezone.now()
    removed = 0
    for export in ExportFile.objects.filter(expires_at__lte=now):
        export.file.delete(save=False)
        export.delete()
        removed += 1
    cutoff = now - timedelta(days=settings.MONITORING_EXPORT_DAYS)
    for job in ImportFile.objects.filter(created_at__lte=cutoff):
        job.file.delete(save=False)
        job.delete()
        removed += 1
    return removed
