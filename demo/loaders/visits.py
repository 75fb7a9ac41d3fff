"""Demo visits (``data/visits.yaml``): events with invitations, attendance and visit reports.

Idempotent: events are keyed by host region and title, invitations, attendance and reports by
their event and person, so a second run updates in place and creates nothing new. Dates are
relative to the day it runs, so the demo always has something coming and something past.
Rows are written directly, as an import would be: no e-mails go out for demo data.
"""

from datetime import datetime, time, timedelta

from django.utils import timezone

from demo.loaders import email_of, read
from network.choices import InstitutionType
from network.models import Region, User
from visits.choices import EventKind, InvitationStatus
from visits.models import Attendance, Event, Invitation, VisitReport

EVENTS: dict[str, dict] = read("visits")["events"]
# Tests find the demo events by title.
SESSION = EVENTS["session"]["title"]
STUDY_VISIT = EVENTS["study_visit"]["title"]
FESTIVAL = EVENTS["festival"]["title"]

EVENT_FIELDS = ("description", "agenda", "venue_address", "guest_seats", "is_public")
INVITATION_FIELDS = ("message", "people_count", "agree_to_be_listed")


def _at(when: dict) -> datetime:
    """``days`` from today at ``hour`` o'clock, Polish time."""
    day = timezone.localdate() + timedelta(days=when["days"])
    return timezone.make_aware(datetime.combine(day, time(when["hour"])))


def _user(person: dict) -> User:
    return User.objects.get(email=email_of(person))


def seed_visits() -> int:
    """Create or update the demo events; returns how many there are."""
    regions = {region.slug: region for region in Region.objects.all()}
    for data in EVENTS.values():
        event = _event(data, regions)
        for entry in data.get("invitations", ()):
            _invite(event, entry, regions)
        for entry in data.get("attendance", ()):
            _attend(event, entry, regions)
        for entry in data.get("reports", ()):
            VisitReport.objects.update_or_create(
                event=event,
                author=_user(entry["author"]),
                defaults={
                    "what_we_saw": entry["what_we_saw"],
                    "what_we_take_home": entry["what_we_take_home"],
                },
            )
    return Event.objects.filter(title__in=[data["title"] for data in EVENTS.values()]).count()


def _event(data: dict, regions: dict[str, Region]) -> Event:
    fields = {name: data[name] for name in EVENT_FIELDS}
    event, _created = Event.objects.update_or_create(
        host_region=regions[data["host_region"]],
        title=data["title"],
        defaults={
            **fields,
            "kind": EventKind(data["kind"]),
            "starts_at": _at(data["starts_at"]),
            "ends_at": _at(data["ends_at"]),
            "rsvp_deadline": _at(data["rsvp_deadline"]),
            "organiser": _user(data["organiser"]),
        },
    )
    return event


def _invite(event: Event, entry: dict, regions: dict[str, Region]) -> None:
    """An invitation to a region or to an account, answered or not."""
    lookup = {"region": regions[entry["region"]]} if "region" in entry else {"user": _user(entry)}
    fields = {name: entry[name] for name in INVITATION_FIELDS if name in entry}
    if "status" in entry:
        fields["status"] = InvitationStatus(entry["status"])
    if "answered_days_before_start" in entry:
        days = entry["answered_days_before_start"]
        fields["answered_at"] = event.starts_at - timedelta(days=days)
    Invitation.objects.update_or_create(
        event=event, **lookup, defaults={"invited_by": event.organiser, **fields}
    )


def _attend(event: Event, entry: dict, regions: dict[str, Region]) -> None:
    """Attendance as the organiser records it: a named guest, or a counted group."""
    if "region" in entry:
        Attendance.objects.update_or_create(
            event=event,
            user=None,
            region=regions[entry["region"]],
            institution_type=InstitutionType(entry["institution_type"]),
            defaults={"count": entry["count"], "recorded_by": event.organiser},
        )
        return
    guest = _user(entry)
    Attendance.objects.update_or_create(
        event=event,
        user=guest,
        defaults={
            "region": guest.region,
            "institution_type": guest.institution_type,
            "count": entry["count"],
            "recorded_by": event.organiser,
        },
    )
