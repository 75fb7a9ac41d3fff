"""Writes for visits: events, invitations, answers with seats and a waiting list, organisers.

Permission first, then work. Seats are counted under a row lock on the event, so concurrent
answers are decided one after another: the sum of accepted people never exceeds the seats."""

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from network.models import Region, User
from visits import notifications, permissions, selectors
from visits.choices import InvitationStatus
from visits.models import Event, EventOrganiser, Invitation

MAX_GUEST_SEATS = 5000
MAX_PEOPLE_PER_ANSWER = 100
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

Status = InvitationStatus


# --- Events ----------------------------------------------------------------------------------


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
        _refuse_if_cancelled(event)
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
        _notify_invitees(notifications.UPDATED, event)
        _waiting_list_promote(event)
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
        _notify_invitees(notifications.CANCELLED, event)
    return event


def _check_fields(fields: dict) -> None:
    unexpected = set(fields) - set(EVENT_FIELDS)
    if unexpected:
        raise ValueError(f"Unexpected fields {sorted(unexpected)!r}")


def _notify_invitees(change: str, event: Event) -> None:
    for invitation in selectors.concerned_invitations(event):
        notifications.notify(
            change=change,
            event=event,
            invitation=invitation,
            recipients=selectors.invitation_recipients(invitation),
        )


def _refuse_if_cancelled(event: Event) -> None:
    if event.is_cancelled:
        raise ValidationError(_("This event has been cancelled."))


def _refuse_if_closed(event: Event, now: datetime) -> None:
    _refuse_if_cancelled(event)
    if event.answers_closed(now):
        raise ValidationError(
            _("The deadline for answers passed on %(deadline)s.")
            % {
                "deadline": formats.date_format(
                    timezone.localtime(event.rsvp_deadline), "DATETIME_FORMAT"
                )
            }
        )


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


# --- Invitations -----------------------------------------------------------------------------


def invitations_send(
    *,
    actor: User,
    event: Event,
    regions: Iterable[Region] = (),
    users: Iterable[User] = (),
    message: str = "",
) -> list[Invitation]:
    """Invite whole regions (their coordinators answer or pass it on) and named members of
    other regions. Nothing is sent unless every invitee is acceptable."""
    if not permissions.can_manage_event(actor, event):
        raise PermissionDenied
    regions, users = list(regions), list(users)
    if not regions and not users:
        raise ValidationError(_("Choose at least one region or member to invite."))
    _refuse_if_closed(event, timezone.now())
    errors = []
    if any(region.pk == event.host_region_id for region in regions):
        errors.append(_("You cannot invite your own region."))
    for user in users:
        if user.region_id == event.host_region_id:
            errors.append(
                _("%(name)s is a member of your own region; invite members of other regions.")
                % {"name": user}
            )
        elif not user.is_active or user.region_id is None:
            errors.append(_("%(name)s cannot be invited.") % {"name": user})
    already = event.invitations.filter(
        user__in=[user.pk for user in users]
    ) | event.invitations.filter(region__in=[region.pk for region in regions])
    for invitation in already.select_related("user", "region"):
        errors.append(
            _("%(name)s has already been invited.") % {"name": invitation.user or invitation.region}
        )
    if errors:
        raise ValidationError(errors)
    message = (message or "").strip()
    with transaction.atomic():
        created = [
            Invitation.objects.create(event=event, region=region, invited_by=actor, message=message)
            for region in regions
        ] + [
            Invitation.objects.create(event=event, user=user, invited_by=actor, message=message)
            for user in users
        ]
        for invitation in created:
            notifications.notify(
                change=notifications.INVITED,
                event=event,
                invitation=invitation,
                recipients=selectors.invitation_recipients(invitation),
            )
    return created


def invitation_pass_on(
    *, actor: User, invitation: Invitation, users: Iterable[User], message: str = ""
) -> list[Invitation]:
    """The invited region's coordinator passes the invitation on to chosen members."""
    if not permissions.can_pass_on_invitation(actor, invitation):
        raise PermissionDenied
    users = list(users)
    if not users:
        raise ValidationError(_("Choose at least one member."))
    event = invitation.event
    if invitation.status == Status.CANCELLED:
        raise ValidationError(_("This invitation has been withdrawn."))
    _refuse_if_closed(event, timezone.now())
    errors = [
        _("%(name)s is not an active member of your region.") % {"name": user}
        for user in users
        if user.region_id != invitation.region_id or not user.is_active
    ]
    for existing in event.invitations.filter(user__in=users).select_related("user"):
        errors.append(_("%(name)s has already been invited.") % {"name": existing.user})
    if errors:
        raise ValidationError(errors)
    message = (message or "").strip()
    with transaction.atomic():
        created = [
            Invitation.objects.create(
                event=event,
                user=user,
                invited_by=actor,
                passed_on_from=invitation,
                message=message,
            )
            for user in users
        ]
        for passed in created:
            notifications.notify(
                change=notifications.INVITED,
                event=event,
                invitation=passed,
                recipients=[passed.user],
            )
    return created


def invitation_cancel(*, actor: User, invitation: Invitation) -> Invitation:
    """The host withdraws an invitation (and the ones passed on from it); freed seats go to
    the waiting list."""
    if not permissions.can_manage_event(actor, invitation.event):
        raise PermissionDenied
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=invitation.event_id)
        withdrawn = Invitation.objects.select_for_update().filter(
            pk__in=[invitation.pk, *invitation.passed_on.values_list("pk", flat=True)]
        )
        now = timezone.now()
        for row in withdrawn:
            if row.status == Status.CANCELLED:
                continue
            concerned = row.status != Status.DECLINED
            row.status = Status.CANCELLED
            row.cancelled_at = now
            row.waitlist_position = None
            row.waitlisted_at = None
            row.save()
            if concerned and not event.is_cancelled:
                notifications.notify(
                    change=notifications.INVITATION_CANCELLED,
                    event=event,
                    invitation=row,
                    recipients=selectors.invitation_recipients(row),
                )
        _waiting_list_promote(event)
    invitation.refresh_from_db()
    return invitation


# --- Answers ---------------------------------------------------------------------------------


def invitation_accept(
    *,
    actor: User,
    invitation: Invitation,
    people_count: int = 1,
    agree_to_be_listed: bool = False,
    now: datetime | None = None,
) -> tuple[Invitation, bool]:
    """Accept for ``people_count`` people: a seat if there is one, else the waiting list.
    Returns the invitation and whether anything changed (accepting twice changes nothing)."""
    if not permissions.can_answer_invitation(actor, invitation):
        raise PermissionDenied
    if not isinstance(people_count, int) or people_count < 1:
        raise ValidationError({"people_count": _("At least one person must come.")})
    if people_count > MAX_PEOPLE_PER_ANSWER:
        raise ValidationError(
            {
                "people_count": _("At most %(max)s people per answer; please check the number.")
                % {"max": MAX_PEOPLE_PER_ANSWER}
            }
        )
    now = now or timezone.now()
    with transaction.atomic():
        invitation = _lock_for_answer(invitation, now)
        event = invitation.event
        if people_count > event.guest_seats:
            raise ValidationError(
                {
                    "people_count": ngettext(
                        "The event has only %(seats)s seat for guests.",
                        "The event has only %(seats)s seats for guests.",
                        event.guest_seats,
                    )
                    % {"seats": event.guest_seats}
                }
            )
        listed_changed = invitation.agree_to_be_listed != agree_to_be_listed
        same_count = invitation.people_count == people_count
        if invitation.status in (Status.ACCEPTED, Status.WAITLISTED) and same_count:
            if listed_changed:
                invitation.agree_to_be_listed = agree_to_be_listed
                invitation.save(update_fields=["agree_to_be_listed", "updated_at"])
            return invitation, listed_changed
        free = event.guest_seats - selectors.seats_taken(event, exclude=invitation)
        first_in_line = not selectors.waiting_list(event).exclude(pk=invitation.pk).exists()
        was_accepted = invitation.status == Status.ACCEPTED
        if was_accepted and people_count > free:
            raise ValidationError(
                {
                    "people_count": ngettext(
                        "Only %(free)s seat is free for you; your answer stays as it was.",
                        "Only %(free)s seats are free for you; your answer stays as it was.",
                        free,
                    )
                    % {"free": free}
                }
            )
        invitation.people_count = people_count
        invitation.agree_to_be_listed = agree_to_be_listed
        invitation.answered_at = now
        invitation.decline_reason = ""
        if people_count <= free and (was_accepted or first_in_line):
            invitation.status = Status.ACCEPTED
            invitation.waitlist_position = None
            invitation.waitlisted_at = None
            change, host_change = notifications.ACCEPTED, notifications.ANSWER_ACCEPTED
        else:
            if invitation.status != Status.WAITLISTED:
                invitation.waitlist_position = _next_ticket(event)
                invitation.waitlisted_at = now
            invitation.status = Status.WAITLISTED
            change, host_change = notifications.WAITLISTED, notifications.ANSWER_WAITLISTED
        invitation.save()
        _notify_answer(invitation, change, host_change)
        _waiting_list_promote(event)  # fewer people on an accepted answer free seats
    return invitation, True


def invitation_decline(
    *, actor: User, invitation: Invitation, reason: str = "", now: datetime | None = None
) -> tuple[Invitation, bool]:
    """Decline (optionally saying why). A seat given back goes to the waiting list."""
    if not permissions.can_answer_invitation(actor, invitation):
        raise PermissionDenied
    now = now or timezone.now()
    with transaction.atomic():
        invitation = _lock_for_answer(invitation, now)
        event = invitation.event
        reason = (reason or "").strip()
        if invitation.status == Status.DECLINED and invitation.decline_reason == reason:
            return invitation, False
        invitation.status = Status.DECLINED
        invitation.decline_reason = reason
        invitation.answered_at = now
        invitation.waitlist_position = None
        invitation.waitlisted_at = None
        invitation.save()
        notifications.notify(
            change=notifications.ANSWER_DECLINED,
            event=event,
            invitation=invitation,
            recipients=selectors.event_organisers(event),
        )
        _waiting_list_promote(event)
    return invitation, True


def _lock_for_answer(invitation: Invitation, now: datetime) -> Invitation:
    """The invitation, fresh, with its event locked: concurrent answers to one event wait for
    each other here, so each sees the seats the previous one left. Refuses closed answers."""
    event = Event.objects.select_for_update().get(pk=invitation.event_id)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    invitation.event = event
    if invitation.status == Status.CANCELLED:
        raise ValidationError(_("This invitation has been withdrawn."))
    _refuse_if_closed(event, now)
    return invitation


def _next_ticket(event: Event) -> int:
    """The next waiting-list ticket; called under the event's lock, so tickets never repeat."""
    last = event.invitations.aggregate(last=Max("waitlist_position"))["last"]
    return (last or 0) + 1


def _waiting_list_promote(event: Event) -> list[Invitation]:
    """Give free seats to the waiting list in order, under the event's lock (held by the
    caller). The first in line who does not fit stops the line: nobody jumps the queue."""
    if event.is_cancelled:
        return []
    free = event.guest_seats - selectors.seats_taken(event)
    promoted = []
    for invitation in selectors.waiting_list(event).select_for_update():
        if invitation.people_count > free:
            break
        invitation.status = Status.ACCEPTED
        invitation.waitlist_position = None
        invitation.waitlisted_at = None
        invitation.save(
            update_fields=["status", "waitlist_position", "waitlisted_at", "updated_at"]
        )
        free -= invitation.people_count
        invitation.event = event
        _notify_answer(invitation, notifications.PROMOTED, notifications.ANSWER_ACCEPTED)
        promoted.append(invitation)
    return promoted


def _notify_answer(invitation: Invitation, change: str, host_change: str) -> None:
    event = invitation.event
    notifications.notify(
        change=change,
        event=event,
        invitation=invitation,
        recipients=selectors.invitation_recipients(invitation),
    )
    notifications.notify(
        change=host_change,
        event=event,
        invitation=invitation,
        recipients=selectors.event_organisers(event),
    )
