"""The event's discussion room ``event:<id>``: the host region's members and the accepted
guests (members of other regions with an accepted invitation, e-mail guests with a valid pass
and an accepted invitation). Whoever loses their place loses the room at once."""

from datetime import datetime
from functools import partial

from django.db import transaction
from django.db.models import Q, QuerySet
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone

from chat import broadcast
from chat.errors import NotFound
from chat.models import Room
from network.choices import Role
from network.models import User
from visits import permissions
from visits.choices import InvitationStatus
from visits.models import Event, GuestPass, Invitation

ROOM_PREFIX = "event:"


def room_key(event_id: int) -> str:
    return f"{ROOM_PREFIX}{event_id}"


def _event_of(key: str) -> Event | None:
    suffix = key.removeprefix(ROOM_PREFIX)
    return Event.objects.filter(pk=int(suffix)).first() if suffix.isdecimal() else None


def can_enter(user, event: Event) -> bool:
    if not (user and user.is_authenticated and user.is_active):
        return False
    if user.is_guest:
        guest_pass = getattr(user, "guest_pass", None)
        if guest_pass is None or guest_pass.event_id != event.pk or not guest_pass.is_valid():
            return False
        return event.invitations.filter(user=user, status=InvitationStatus.ACCEPTED).exists()
    return permissions.is_participant(user, event)


def access_event_room(user, key: str) -> Room:
    """The room of the event named by ``key``, or ``NotFound`` (also for a room one may not
    enter, so its existence is not revealed)."""
    event = _event_of(key)
    if event is None or not can_enter(user, event):
        raise NotFound(ref=key)
    room, _created = Room.objects.get_or_create(key=room_key(event.pk))
    return room


def entrants(event: Event) -> QuerySet[User]:
    """Everyone ``can_enter`` lets in, as one query: the host region's members, members with
    an accepted invitation (their own or their region's), e-mail guests with a valid pass for
    this event and an accepted invitation."""
    accepted = Invitation.objects.filter(event=event, status=InvitationStatus.ACCEPTED)
    member = ~Q(role=Role.GUEST) & (
        Q(region_id=event.host_region_id)
        | Q(region_id__in=accepted.filter(region__isnull=False).values("region_id"))
        | Q(pk__in=accepted.filter(user__isnull=False).values("user_id"))
    )
    guest = Q(
        role=Role.GUEST,
        guest_pass__event=event,
        guest_pass__expires_at__gt=timezone.now(),
        pk__in=accepted.filter(user__isnull=False).values("user_id"),
    )
    return User.objects.filter(member | guest, is_active=True)


def member_ids(key: str) -> set[int]:
    """Who may enter the room ``key`` (and so may be mentioned in it)."""
    event = _event_of(key)
    return set(entrants(event).values_list("pk", flat=True)) if event is not None else set()


def events_entered_by(user, *, ended_since: datetime) -> QuerySet[Event]:
    """The events whose room ``user`` may enter, not cancelled, not ended before
    ``ended_since``; one query (the same rule as ``can_enter``)."""
    if not (user and user.is_authenticated and user.is_active):
        return Event.objects.none()
    events = Event.objects.filter(cancelled_at__isnull=True, ends_at__gte=ended_since)
    accepted = Invitation.objects.filter(status=InvitationStatus.ACCEPTED)
    if user.is_guest:
        valid_pass = GuestPass.objects.filter(user=user, expires_at__gt=timezone.now())
        return events.filter(
            pk__in=valid_pass.values("event_id"),
            invitations__in=accepted.filter(user=user),
        ).order_by("starts_at", "pk")
    mine = Q(user=user)
    if user.region_id is not None:
        mine |= Q(region_id=user.region_id)
    return events.filter(
        Q(host_region_id=user.region_id) | Q(pk__in=accepted.filter(mine).values("event_id"))
    ).order_by("starts_at", "pk")


def title(key: str) -> str:
    event = _event_of(key)
    return event.title if event is not None else key


def page_url(key: str) -> str:
    """The room's page (``/wydarzenia/<id>/rozmowa/``), whether or not the event still exists;
    the page answers 404 for those who may not enter."""
    return reverse("visits:event_room", args=[int(key.removeprefix(ROOM_PREFIX))])


def can_moderate(user, key: str) -> bool:
    """Those who manage the event may delete anyone's message in its room."""
    event = _event_of(key)
    return event is not None and permissions.can_manage_event(user, event)


# --- Losing access --------------------------------------------------------------------------


def _people_of(invitation: Invitation) -> list[User]:
    if invitation.user_id is not None:
        return [invitation.user]
    return list(User.objects.filter(region_id=invitation.region_id, is_active=True))


def _revoke_if_out(invitation_id: int) -> None:
    invitation = Invitation.objects.select_related("event", "user").filter(pk=invitation_id).first()
    if invitation is None:
        return
    for person in _people_of(invitation):
        if not can_enter(person, invitation.event):
            broadcast.revoke(person.pk, room_key(invitation.event_id))


@receiver(post_save, sender=Invitation, dispatch_uid="visits_room_revoke_on_leaving")
def revoke_on_leaving(sender, instance: Invitation, created=False, **kwargs):
    """An invitation withdrawn, declined after accepting, or moved to the waiting list: its
    people leave the room at once, unless another way in remains (e.g. their region's
    accepted invitation). Checked after commit, against what was committed."""
    if not created and instance.status != InvitationStatus.ACCEPTED:
        transaction.on_commit(partial(_revoke_if_out, instance.pk), robust=True)
