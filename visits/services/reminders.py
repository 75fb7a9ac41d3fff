"""Reminders: to those who accepted, before the event; to those who have not answered, before
the deadline. Run by ``manage.py send_event_reminders`` (every few minutes).

Each reminder is recorded before it is sent (one row per invitation, kind and version of the
event), so running the command again, or twice at once, never sends one twice. Rescheduling
the event raises its sequence, which makes the reminder due again."""

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from visits import notifications, selectors
from visits.choices import InvitationStatus, ReminderKind
from visits.models import Invitation, ReminderSent
from visits.notifications import Change

BEFORE_EVENT = timedelta(days=2)
BEFORE_DEADLINE = timedelta(days=2)


def due_reminders(*, now: datetime):
    """(kind, change, invitations) for each kind of reminder, not yet sent."""
    open_events = {"event__cancelled_at__isnull": True}
    plans = [
        (
            ReminderKind.EVENT_SOON,
            Change.REMINDER_EVENT,
            Invitation.objects.filter(
                status=InvitationStatus.ACCEPTED,
                event__starts_at__gt=now,
                event__starts_at__lte=now + BEFORE_EVENT,
                **open_events,
            ),
        ),
        (
            ReminderKind.DEADLINE_SOON,
            Change.REMINDER_DEADLINE,
            Invitation.objects.filter(
                status=InvitationStatus.PENDING,
                event__rsvp_deadline__gt=now,
                event__rsvp_deadline__lte=now + BEFORE_DEADLINE,
                **open_events,
            ),
        ),
    ]
    for kind, change, invitations in plans:
        already = ReminderSent.objects.filter(
            invitation=OuterRef("pk"), kind=kind, ical_sequence=OuterRef("event__ical_sequence")
        )
        yield (
            kind,
            change,
            invitations.filter(~Exists(already))
            .select_related("event__host_region", "event__organiser", "user", "region")
            .order_by("event_id", "pk"),
        )


def reminders_send(*, now: datetime | None = None) -> int:
    """Send every due reminder; the number of invitations reminded."""
    now = now or timezone.now()
    sent = 0
    for kind, change, invitations in due_reminders(now=now):
        for invitation in invitations:
            with transaction.atomic():
                _row, created = ReminderSent.objects.get_or_create(
                    invitation=invitation, kind=kind, ical_sequence=invitation.event.ical_sequence
                )
                if not created:
                    continue  # another run got there first
                notifications.notify(
                    change=change,
                    event=invitation.event,
                    invitations=[invitation],
                    recipients=selectors.invitation_recipients(invitation),
                )
            sent += 1
    return sent
