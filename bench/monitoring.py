"""Benchmark of monitoring on PostgreSQL: 16 regions × 12 periods × 40 indicators, 5,000
actions and 20,000 events.

Run from the repository root:

    .venv/bin/python bench/monitoring.py [--database-url URL] [--fresh] [--runs N]

It creates the database if needed, migrates it, fills it once (a second run reuses the data)
and prints: the SQL queries and the uncached p50 of the national dashboard and of a region's
report page; the time of an XLSX export of 5,000 actions and its memory (tracemalloc peak) for
1,000 against 5,000 rows; the time of an import of 5,000 rows. Results go to
``bench/results/monitoring.json``. The exit code is 0 whatever the figures. See
``bench/README.md``.
"""

import argparse
import io
import itertools
import json
import os
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for path in (ROOT, ROOT / "bench"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from practices import (  # noqa: E402 - the shared setup of the benchmarks
    _row,
    ensure_database,
    machine,
    migrate,
    setup_django,
)

RESULTS = ROOT / "bench" / "results" / "monitoring.json"
DEFAULT_DATABASE_URL = "postgres://postgres:postgres@127.0.0.1:5432/wzk_bench_monitoring"
PERIODS, INDICATORS, ACTIONS, EVENTS = 12, 40, 5_000, 20_000
IMPORT_ROWS = 5_000
TARGET_QUERIES, TARGET_P50_MS = 15, 150
TARGET_EXPORT_S, TARGET_IMPORT_S = 5, 30
BATCH = 1_000


# --- Data -----------------------------------------------------------------------------------


def ensure_data() -> None:
    """Regions' coordinators, the catalogue, 12 quarterly periods with every report (most
    approved), 5,000 actions and 20,000 events with invitations and attendance. Everything
    is derived from its number: the same data on every machine."""
    from django.db import transaction

    from monitoring.choices import Measure, Metric, ReportState, Source
    from monitoring.models import (
        Action,
        ActionPartner,
        Indicator,
        Period,
        Report,
        ReportValue,
        Target,
    )
    from network.choices import Role
    from network.models import Region, User
    from visits.choices import EventKind, InvitationStatus
    from visits.models import Attendance, Event, Invitation

    regions = list(Region.objects.order_by("teryt"))
    if Action.objects.count() >= ACTIONS and Event.objects.count() >= EVENTS:
        return
    started = time.perf_counter()
    print("Generating data…", flush=True)
    with transaction.atomic():
        coordinators = {}
        for region in regions:
            coordinators[region.pk], _created = User.objects.get_or_create(
                email=f"koordynator@{region.slug}.bench",
                defaults={"region": region, "role": Role.COORDINATOR, "first_name": "K"},
            )
        User.objects.get_or_create(
            email="moderator@frse.bench",
            defaults={"role": Role.NATIONAL_MODERATOR, "first_name": "M"},
        )
        metrics = list(Metric)
        indicators = []
        for number in range(1, INDICATORS + 1):
            computed = number <= 8
            indicators.append(
                Indicator(
                    code=f"B{number:02d}",
                    name_pl=f"Wskaźnik {number}",
                    name_en=f"Indicator {number}",
                    measure=Measure.PERCENTAGE
                    if number % 7 == 0 and not computed
                    else Measure.COUNT,
                    source=Source.COMPUTED if computed else Source.ENTERED,
                    metric=metrics[number % len(metrics)] if computed else "",
                    event_kind=EventKind.WZK_SESSION if number == 1 else "",
                    position=number,
                )
            )
        Indicator.objects.bulk_create(indicators)
        Target.objects.bulk_create(
            Target(indicator=indicator, region=region, target_value=100 + region.pk)
            for indicator in indicators
            for region in regions
        )
        periods = []
        first = date(2024, 1, 1)
        for number in range(PERIODS):
            start = date(first.year + (number // 4), (number % 4) * 3 + 1, 1)
            end = date(start.year + (start.month == 10), (start.month + 2) % 12 + 1, 1) - timedelta(
                days=1
            )
            periods.append(
                Period(
                    name=f"Q{number % 4 + 1} {start.year}",
                    start=start,
                    end=end,
                    due_date=end + timedelta(days=15),
                )
            )
        Period.objects.bulk_create(periods)
        states = list(ReportState)
        reports = Report.objects.bulk_create(
            Report(
                region=region,
                period=period,
                state=ReportState.APPROVED if p < PERIODS - 2 else states[(r + p) % len(states)],
            )
            for p, period in enumerate(periods)
            for r, region in enumerate(regions)
        )
        values = (
            ReportValue(
                report=report, indicator=indicator, number=(report.pk * 7 + indicator.pk) % 97
            )
            for report in reports
            for indicator in indicators
        )
        while batch := list(itertools.islice(values, BATCH * 5)):
            ReportValue.objects.bulk_create(batch)
        print(f"  catalogue, periods, {len(reports)} reports", flush=True)

        kinds = list(EventKind)
        now = datetime.now(UTC)
        for offset in range(0, EVENTS, BATCH):
            batch = []
            for number in range(offset, min(offset + BATCH, EVENTS)):
                host = regions[number % 16]
                starts = now - timedelta(days=number % 900, hours=number % 7)
                batch.append(
                    Event(
                        host_region=host,
                        kind=kinds[number % len(kinds)],
                        title=f"Wydarzenie {number}",
                        starts_at=starts,
                        ends_at=starts + timedelta(hours=3),
                        rsvp_deadline=starts - timedelta(days=2),
                        organiser_id=coordinators[host.pk].pk,
                        guest_seats=10,
                    )
                )
            events = Event.objects.bulk_create(batch)
            Invitation.objects.bulk_create(
                Invitation(
                    event=event,
                    region=regions[(event.pk + 3) % 16],
                    status=InvitationStatus.ACCEPTED if event.pk % 3 else InvitationStatus.PENDING,
                )
                for event in events
                if regions[(event.pk + 3) % 16].pk != event.host_region_id
            )
            Attendance.objects.bulk_create(
                Attendance(event=event, region=regions[(event.pk + 5) % 16], count=event.pk % 9 + 1)
                for event in events
                if event.pk % 2
            )
        print(f"  {EVENTS} events with invitations and attendance", flush=True)

        actions = []
        for number in range(ACTIONS):
            lead = regions[number % 16]
            actions.append(
                Action(
                    lead_region=lead,
                    kind=["forum", "festival", "fair", "contest", "outreach"][number % 5],
                    title=f"Działanie regionu nr {number}",
                    description="Promocja kształcenia zawodowego i uczenia się przez całe życie.",
                    planned_start=date(2024 + number % 3, number % 12 + 1, number % 28 + 1),
                    participants_pupils=number % 500,
                    external_id=f"BENCH-{number}",
                    search_document=f"dzialanie regionu nr {number} {lead.slug}",
                )
            )
        created = Action.objects.bulk_create(actions, batch_size=BATCH)
        ActionPartner.objects.bulk_create(
            (
                ActionPartner(action=action, region=regions[(i + 1) % 16])
                for i, action in enumerate(created)
                if i % 4 == 0
            ),
            batch_size=BATCH,
        )
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # as autovacuum would, after a bulk load
    print(f"Data ready in {time.perf_counter() - started:.0f} s", flush=True)


# --- Measurements ---------------------------------------------------------------------------


def _pages():
    from monitoring.models import Period

    latest = Period.objects.order_by("-start").first()
    return {
        "dashboard": "/monitoring/",
        "report page": f"/sprawozdania/{latest.pk}/lodzkie/",
    }


def _client(email: str):
    from django.test import Client

    from network.models import User

    client = Client()
    client.force_login(User.objects.get(email=email))
    return client


def _get(client, path):
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()
    response = client.get(path)
    if response.status_code != 200:
        raise RuntimeError(f"{path} answered {response.status_code}")
    return response


def measure_pages(runs: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    results = {}
    member = _client("koordynator@lodzkie.bench")
    for name, path in _pages().items():
        _get(member, path)
        with CaptureQueriesContext(connection) as captured:
            _get(member, path)
        queries = len(captured)  # before the next request resets the connection's log
        samples = []
        for _run in range(3):
            _get(member, path)
        for _run in range(runs):
            started = time.perf_counter()
            _get(member, path)
            samples.append((time.perf_counter() - started) * 1000)
        samples.sort()
        results[name] = {
            "queries": queries,
            "p50_ms": round(samples[len(samples) // 2], 1),
            "p95_ms": round(samples[int(len(samples) * 0.95) - 1], 1),
        }
    return results


def measure_export() -> dict:
    """Time of the real export (task body: query, XLSX, file saved) of every action, and the
    tracemalloc peak of writing the first 1,000 against all 5,000 rows."""
    from django.utils import timezone

    from monitoring import datasets, spreadsheets
    from monitoring.models import ExportFile
    from monitoring.services import export_write
    from network.models import User

    owner = User.objects.get(email="moderator@frse.bench")
    export = ExportFile.objects.create(
        owner=owner, dataset="actions", format="xlsx", expires_at=timezone.now()
    )
    started = time.perf_counter()
    export_write(export)
    seconds = time.perf_counter() - started
    rows = export.rows
    export.file.delete(save=False)
    export.delete()

    peaks = {}
    for count in (1_000, 5_000):
        table = datasets.table("actions", user=owner, filters={})
        tracemalloc.start()
        with tempfile.TemporaryFile() as out:
            spreadsheets.write(
                "xlsx", out, table.headers, itertools.islice(table.rows, count), title="a"
            )
        peaks[count] = round(tracemalloc.get_traced_memory()[1] / 1024 / 1024, 2)
        tracemalloc.stop()
    return {"seconds": round(seconds, 2), "rows": rows, "peak_mib": peaks}


def measure_import() -> dict:
    """Import 5,000 rows of łódzkie's actions from an XLSX file (the export's template), as
    its coordinator: created on the first run, updated (matched on external_id) after."""
    from django.core.files.base import ContentFile
    from openpyxl import Workbook

    from monitoring.datasets import ACTION_COLUMNS
    from monitoring.models import Action, ImportFile
    from monitoring.services import import_read
    from network.models import User

    book = Workbook(write_only=True)
    sheet = book.create_sheet("actions")
    sheet.append(ACTION_COLUMNS)
    for number in range(IMPORT_ROWS):
        values = {
            "external_id": f"IMPORT-{number}",
            "lead_region": "10",
            "partner_regions": "16, 24" if number % 5 == 0 else "",
            "kind": "festival",
            "kpo_task": 2,
            "title": f"Importowane działanie {number}",
            "status": "planned",
            "planned_start": date(2026, number % 12 + 1, number % 28 + 1),
            "participants_pupils": number % 300,
            "is_public": 1,
        }
        sheet.append([values.get(name) for name in ACTION_COLUMNS])
    out = io.BytesIO()
    book.save(out)
    owner = User.objects.get(email="koordynator@lodzkie.bench")
    content = out.getvalue()
    Action.objects.filter(external_id__startswith="IMPORT-").delete()
    outcome = {"file_kib": round(len(content) / 1024)}
    # The first import creates the rows; the same file again updates them.
    for name in ("create", "update"):
        job = ImportFile(owner=owner, name="bench.xlsx")
        job.file.save("bench.xlsx", ContentFile(content), save=False)
        job.save()
        started = time.perf_counter()
        import_read(job)
        outcome[name] = {
            "seconds": round(time.perf_counter() - started, 2),
            "created": job.created,
            "updated": job.updated,
            "errors": len(job.errors),
        }
        job.file.delete(save=False)
        job.delete()
    # Leave the data as it was: 5,000 actions for the next export.
    Action.objects.filter(external_id__startswith="IMPORT-").delete()
    return outcome


def report(pages: dict, export: dict, imported: dict) -> list[dict]:
    rows = []
    for name, figures in pages.items():
        rows.append(
            _row(
                f"{name}: SQL queries",
                figures["queries"],
                f"≤ {TARGET_QUERIES}",
                figures["queries"] <= TARGET_QUERIES,
            )
        )
        rows.append(
            _row(
                f"{name}: p50 uncached (ms)",
                figures["p50_ms"],
                f"≤ {TARGET_P50_MS}",
                figures["p50_ms"] <= TARGET_P50_MS,
            )
        )
        rows.append(_row(f"{name}: p95 uncached (ms)", figures["p95_ms"]))
    rows.append(
        _row(
            f"XLSX export of {export['rows']} actions (s)",
            export["seconds"],
            f"≤ {TARGET_EXPORT_S}",
            export["seconds"] <= TARGET_EXPORT_S,
        )
    )
    small, large = export["peak_mib"][1_000], export["peak_mib"][5_000]
    flat = large <= small * 1.5
    rows.append(_row("export memory peak, 1,000 rows (MiB)", small))
    rows.append(_row("export memory peak, 5,000 rows (MiB)", large, "≈ 1,000 rows'", flat))
    for name in ("create", "update"):
        figures = imported[name]
        seconds = figures["seconds"]
        rows.append(
            _row(
                f"import of {IMPORT_ROWS} rows, {name} (s)",
                seconds,
                f"≤ {TARGET_IMPORT_S}",
                seconds <= TARGET_IMPORT_S,
            )
        )
        counts = f"{figures['created']}/{figures['updated']}/{figures['errors']}"
        rows.append(_row(f"import {name}: created / updated / errors", counts))
    width = max(len(row["metric"]) for row in rows)
    print(f"\n{'metric':<{width}}  {'value':>10}  {'target':>14}  result")
    print("-" * (width + 40))
    for row in rows:
        verdict = {True: "PASS", False: "FAIL", None: ""}[row["pass"]]
        print(f"{row['metric']:<{width}}  {row['value']!s:>10}  {row['target']:>14}  {verdict}")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--fresh", action="store_true", help="drop and recreate the database")
    parser.add_argument("--runs", type=int, default=30, help="timed requests per page (30)")
    args = parser.parse_args()

    ensure_database(args.database_url, fresh=args.fresh)
    setup_django(args.database_url)
    migrate()
    ensure_data()
    load_before = os.getloadavg()[0]
    print(f"\nTiming pages ({args.runs} runs each), the export and the import…", flush=True)
    pages = measure_pages(args.runs)
    export = measure_export()
    imported = measure_import()
    rows = report(pages, export, imported)
    about = machine()
    print(
        f"\n{about['cpus']} CPUs ({about['cpu']}), PostgreSQL {about['postgresql']}; "
        f"load average {load_before:.1f} before, {about['load_average_1_5_15'][0]:.1f} after "
        "(other work on the machine skews the timings)."
    )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {
                "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "machine": about,
                "pages": pages,
                "export": export,
                "import": imported,
                "rows": rows,
            },
            indent=2,
            ensure_ascii=False,
        )
    )
    print(f"Results written to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
