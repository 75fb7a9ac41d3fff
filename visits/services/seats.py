"""Answers, seats and the waiting list: one rule set.

Seats are counted under a row lock on the event, so concurrent answers are decided one after
another: the sum of accepted people never exceeds the seats. When seats run out, answers queue
on the waiting list with a ticket and are promoted strictly in order as seats free up."""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from network.models import User
from visits import notifications, permissions, selectors
from visits.choices import InvitationStatus
from visits.models import Event, Invitation
from visits.notifications import Change

MAX_PEOPLE_PER_ANSWER = 100

Status = InvitationStatus


def refuse_if_cancelled(event: Event) -> None:
    if event.is_cancelled:
        raise ValidationError(_("This event has been cancelled."))


def refuse_if_closed(event: Event, now: datetime) -> None:
    refuse_if_cancelled(event)
    if event.answers_closed(now):
        raise ValidationError(
            _("The deadline for answers passed on %(deadline)s.")
            % {
                "deadline": formats.date_format(
                    timezone.localtime(event.rsvp_deadline), "DATETIME_FORMAT"
                )
            }
        )


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
        invitation = lock_for_answer(invitation, now)
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
            change, host_change = (
                Change.ACCEPTED,
                Change.ANSWER_ACCEPTED,
            )
        else:
            if invitation.status != Status.WAITLISTED:
                invitation.waitlist_position = next_ticket(event)
                invitation.waitlisted_at = now
            invitation.status = Status.WAITLISTED
            change, host_change = (
                Change.WAITLISTED,
                Change.ANSWER_WAITLISTED,
            )
        invitation.save()
        notify_answer(invitation, change, host_change)
        waiting_list_promote(event)  # fewer people on an accepted answer free seats
    return invitation, True


def invitation_decline(
    *, actor: User, invitation: Invitation, reason: str = "", now: datetime | None = None
) -> tuple[Invitation, bool]:
    """Decline (optionally saying why). A seat given back goes to the waiting list."""
    if not permissions.can_answer_invitation(actor, invitation):
        raise PermissionDenied
    now = now or timezone.now()
    with transaction.atomic():
        invitation = lock_for_answer(invitation, now)
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
            change=Change.ANSWER_DECLINED,
            event=event,
            invitations=[invitation],
            recipients=selectors.event_organisers(event),
        )
        waiting_list_promote(event)
    return invitation, True


def lock_for_answer(invitation: Invitation, now: datetime) -> Invitation:
    """The invitation, fresh, with its event locked: concurrent answers to one event wait for
    each other here, so each sees the seats the previous one left. Refuses closed answers."""
    event = Event.objects.select_for_update().get(pk=invitation.event_id)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    invitation.event = event
    if invitation.status == Status.CANCELLED:
        raise ValidationError(_("This invitation has been withdrawn."))
    refuse_if_closed(event, now)
    return invitation


def next_ticket(event: Event) -> int:
    """The next waiting-list ticket; called under the event's lock, so tickets never repeat."""
    last = event.invitations.aggregate(last=Max("waitlist_position"))["last"]
    return (last or 0) + 1


def waiting_list_promote(event: Event) -> list[Invitation]:
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
        notify_answer(invitation, Change.PROMOTED, Change.ANSWER_ACCEPTED)
        promoted.append(invitation)
    return promoted


def notify_answer(invitation: Invitation, change: str, host_change: str) -> None:
    event = invitation.event
    notifications.notify(
        change=change,
        event=event,
        invitations=[invitation],
        recipients=selectors.invitation_recipients(invitation),
    )
    notifications.notify(
        change=host_change,
        event=event,
        invitations=[invitation],
        recipients=selectors.event_organisers(event),
    )
