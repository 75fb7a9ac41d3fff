"""Adoption: a vote that passes gives the document the region's next resolution number for the
year, the date, a frozen text and a public page; its PDF is made once and kept."""

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from opinions import notifications, permissions
from opinions.choices import DocumentStatus
from opinions.models import Document, TeamRules, Version, Vote
from opinions.services.follow_up import rules_for


def document_adopt(*, document: Document, vote: Vote) -> Document:
    """Called by ``vote_close`` inside its transaction, with the document locked."""
    rules_for(document.region)
    # Numbers are given one at a time per region: the region's rules row is the lock.
    TeamRules.objects.select_for_update().get(region_id=document.region_id)
    adopted_on = timezone.localtime(vote.closes_at).date()
    last = Document.objects.filter(
        region_id=document.region_id, resolution_year=adopted_on.year
    ).aggregate(last=Max("resolution_number"))["last"]
    document.resolution_number = (last or 0) + 1
    document.resolution_year = adopted_on.year
    document.adopted_on = adopted_on
    document.adopted_version = vote.version
    document.published_at = timezone.now()
    document.status = DocumentStatus.ADOPTED
    document.search_document = _search_document(document, vote.version)
    document.save()
    Version.objects.filter(document=document, frozen_at__isnull=True).update(
        frozen_at=timezone.now()
    )
    notifications.notify(
        change=notifications.Change.ADOPTED,
        document=document,
        vote=vote,
        recipients=permissions.wzk_members(document.region_id),
    )
    return document


def _search_document(document: Document, version: Version) -> str:
    from opinions.services.documents import search_document

    return search_document(document, version.source)


def resolution_pdf(*, document: Document) -> bytes:
    """The adopted document as PDF: made on first request, then kept (the text is frozen)."""
    from opinions import pdf

    if not document.is_published:
        raise ValueError("Only an adopted document has a resolution PDF.")
    if document.pdf:
        with document.pdf.open("rb") as stored:
            return stored.read()
    content = pdf.render_resolution(document)
    with transaction.atomic():
        locked = Document.objects.select_for_update().get(pk=document.pk)
        if not locked.pdf:
            locked.pdf.save(locked.resolution_filename, ContentFile(content), save=False)
            Document.objects.filter(pk=locked.pk).update(pdf=locked.pdf.name)
        document.pdf = locked.pdf
    return content
