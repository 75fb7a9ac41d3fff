"""Reminders before a report's due date: 7 days and 1 day before, to the coordinator and
recorders of every region whose report is not submitted yet (not started, draft, returned).
Run by ``manage.py send_report_reminders`` (the ``reminders`` service, every few minutes).

Each reminder is recorded (region, period, kind) in the same transaction as its notice is
queued, so running the command again, or twice at once, never sends one twice."""

from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from monitoring import notifications
from monitoring.choices import ReminderKind, ReportState
from monitoring.models import Period, Report, ReportReminder
from monitoring.notifications import Change
from network.models import Region

DAYS_BEFORE = {ReminderKind.WEEK: 7, ReminderKind.DAY: 1}
CHANGES = {ReminderKind.WEEK: Change.DUE_IN_WEEK, ReminderKind.DAY: Change.DUE_TOMORROW}
DONE = (ReportState.SUBMITTED, ReportState.APPROVED)


def report_reminders_send(*, today: date | None = None) -> int:
    """Send every due reminder; the number of regions reminded."""
    today = today or timezone.localdate()
    sent = 0
    for kind, days in DAYS_BEFORE.items():
        # Due within ``days``: a run missed on the exact day still reminds, once.
        periods = Period.objects.filter(
            locked_at__isnull=True, due_date__gte=today, due_date__lte=today + timedelta(days=days)
        )
        if kind == ReminderKind.WEEK:
            periods = periods.filter(due_date__gt=today + timedelta(days=DAYS_BEFORE["day"]))
        for period in periods:
            done = Report.objects.filter(period=period, state__in=DONE).values("region_id")
            already = ReportReminder.objects.filter(period=period, kind=kind).values("region_id")
            for region in Region.objects.exclude(pk__in=done).exclude(pk__in=already):
                sent += _remind(region, period, kind)
    return sent


def _remind(region: Region, period: Period, kind: str) -> int:
    try:
        with transaction.atomic():
            ReportReminder.objects.create(region=region, period=period, kind=kind)
            notifications.notify(
                change=CHANGES[kind],
                region=region,
                period=period,
                recipients=notifications.region_recorders(region.pk),
            )
    except IntegrityError:
        return 0  # another run got there first
    return 1
