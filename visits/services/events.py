"""Events: create, change, cancel, and who may organise them.

Permission first, then work. A change reaches everyone still invited, with the updated
calendar entry; more seats let people in from the waiting list."""

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from network.models import User
from visits import notifications, permissions, selectors
from visits.models import Event, EventOrganiser
from visits.notifications import Change
from visits.services.seats import refuse_if_cancelled, waiting_list_promote

MAX_GUEST_SEATS = 5000

MAX_EVENT_DAYS = 60

EVENT_FIELDS = (
    "kind",
    "title",
    "description",
    "agenda",
    "starts_at",
    "ends_at",
    "venue_address",
    "online_url",
    "guest_seats",
    "rsvp_deadline",
    "is_public",
)


def event_validate(
    *,
    starts_at: datetime,
    ends_at: datetime,
    rsvp_deadline: datetime,
    guest_seats: int,
    venue_address: str = "",
    online_url: str = "",
    event: Event | None = None,
    now: datetime | None = None,
) -> None:
    """Every rule an event's times, place and seats must keep; all broken ones at once."""
    now = now or timezone.now()
    errors: dict[str, list[str]] = {}

    def add(field, message):
        errors.setdefault(field, []).append(message)

    if guest_seats is None or guest_seats < 0:
        add("guest_seats", _("The number of seats cannot be negative."))
    elif guest_seats > MAX_GUEST_SEATS:
        add(
            "guest_seats",
            _("At most %(max)s seats for guests; please check the number.")
            % {"max": MAX_GUEST_SEATS},
        )
    elif event is not None and event.pk:
        taken = selectors.seats_taken(event)
        if guest_seats < taken:
            add(
                "guest_seats",
                ngettext(
                    "%(taken)s seat is already taken; there cannot be fewer seats.",
                    "%(taken)s seats are already taken; there cannot be fewer seats.",
                    taken,
                )
                % {"taken": taken},
            )
    if starts_at and ends_at:
        if ends_at <= starts_at:
            add("ends_at", _("The event must end after it starts."))
        elif ends_at - starts_at > timedelta(days=MAX_EVENT_DAYS):
            add(
                "ends_at",
                ngettext(
                    "An event can last at most %(days)s day.",
                    "An event can last at most %(days)s days.",
                    MAX_EVENT_DAYS,
                )
                % {"days": MAX_EVENT_DAYS},
            )
    started = event is not None and event.pk and event.starts_at <= now
    if starts_at and starts_at <= now and not (started and starts_at == event.starts_at):
        add("starts_at", _("The event cannot start in the past."))
    if rsvp_deadline and starts_at and rsvp_deadline > starts_at:
        add("rsvp_deadline", _("The answer deadline must not be after the event starts."))
    elif (
        rsvp_deadline
        and rsvp_deadline <= now
        and not (event is not None and event.pk and rsvp_deadline == event.rsvp_deadline)
    ):
        add("rsvp_deadline", _("The answer deadline has already passed; nobody could answer."))
    if not (venue_address or "").strip() and not (online_url or "").strip():
        add("venue_address", _("Give a venue address or an online link."))
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def event_create(*, actor: User, practices: Iterable = (), **fields) -> Event:
    """An event of the actor's region, organised by the actor."""
    region = actor.region
    if region is None or not permissions.can_organise_events(actor, region):
        raise PermissionDenied
    _check_fields(fields)
    event_validate(
        starts_at=fields.get("starts_at"),
        ends_at=fields.get("ends_at"),
        rsvp_deadline=fields.get("rsvp_deadline"),
        guest_seats=fields.get("guest_seats"),
        venue_address=fields.get("venue_address", ""),
        online_url=fields.get("online_url", ""),
    )
    event = Event.objects.create(host_region=region, organiser=actor, **fields)
    event.practices.set(practices)
    return event


def event_update(
    *, actor: User, event: Event, practices: Iterable | None = None, **fields
) -> Event:
    """Save changes; everyone still invited is told, with the updated calendar entry.
    More seats let people in from the waiting list."""
    if not permissions.can_manage_event(actor, event):
        raise PermissionDenied
    _check_fields(fields)
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        refuse_if_cancelled(event)
        merged = {name: fields.get(name, getattr(event, name)) for name in EVENT_FIELDS}
        event_validate(
            starts_at=merged["starts_at"],
            ends_at=merged["ends_at"],
            rsvp_deadline=merged["rsvp_deadline"],
            guest_seats=merged["guest_seats"],
            venue_address=merged["venue_address"],
            online_url=merged["online_url"],
            event=event,
        )
        changed = [name for name, value in fields.items() if getattr(event, name) != value]
        practices_changed = practices is not None and set(
            event.practices.values_list("pk", flat=True)
        ) != {getattr(page, "pk", page) for page in practices}
        if not changed and not practices_changed:
            return event
        for name in changed:
            setattr(event, name, fields[name])
        event.ical_sequence += 1
        event.save()
        if practices_changed:
            event.practices.set(practices)
        _notify_invitees(Change.UPDATED, event)
        waiting_list_promote(event)
    return event


def event_cancel(*, actor: User, event: Event, reason: str = "") -> Event:
    """Cancel the event; everyone still invited gets a calendar cancellation."""
    if not permissions.can_manage_event(actor, event):
        raise PermissionDenied
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        if event.is_cancelled:
            return event
        event.cancelled_at = timezone.now()
        event.cancellation_reason = (reason or "").strip()
        event.ical_sequence += 1
        event.save(update_fields=["cancelled_at", "cancellation_reason", "ical_sequence"])
        _notify_invitees(Change.CANCELLED, event)
    return event


def _check_fields(fields: dict) -> None:
    unexpected = set(fields) - set(EVENT_FIELDS)
    if unexpected:
        raise ValueError(f"Unexpected fields {sorted(unexpected)!r}")


def _notify_invitees(change: notifications.Change, event: Event) -> None:
    """Everyone still invited hears about the change to their invitation: one notice."""
    invitations = list(selectors.concerned_invitations(event))
    if len(invitations) == 1:
        # One invitation: everybody hears of it, whoever they are (see notifications.notify).
        recipients = selectors.invitation_recipients(invitations[0])
    else:
        recipients = [
            *(invitation.user for invitation in invitations if invitation.user_id),
            *selectors.coordinators_of_regions(
                invitation.region for invitation in invitations if invitation.region_id
            ),
        ]
    notifications.notify(change=change, event=event, invitations=invitations, recipients=recipients)


# --- Organisers ------------------------------------------------------------------------------


def organiser_set(*, actor: User, member: User, allowed: bool) -> None:
    """The coordinator allows (or stops allowing) a member of their region to organise events."""
    if not permissions.is_region_coordinator(actor, member.region_id):
        raise PermissionDenied
    if allowed:
        EventOrganiser.objects.get_or_create(
            user=member, region_id=member.region_id, defaults={"granted_by": actor}
        )
    else:
        EventOrganiser.objects.filter(user=member, region_id=member.region_id).delete()
