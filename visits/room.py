"""The event's discussion room ``event:<id>``, registered with chat's room kinds in
``VisitsConfig.ready``. Who may enter is ``permissions.can_enter_event_room``; whoever loses
their place loses the room at once."""

from datetime import timedelta
from functools import partial

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chat import broadcast
from chat.errors import NotFound
from chat.models import Room
from chat.rooms import ListedRoom, RoomKind
from network.models import User
from visits import permissions
from visits.choices import InvitationStatus
from visits.models import EVENT_ROOM_PREFIX, Event, Invitation, event_room_key

# The rooms page keeps an event's room this long after the event ends.
LISTED_FOR = timedelta(days=30)


def _event_of(key: str) -> Event | None:
    suffix = key.removeprefix(EVENT_ROOM_PREFIX)
    if not suffix.isdecimal() or len(suffix) > 18:
        return None
    return Event.objects.filter(pk=int(suffix)).first()


class EventRoom(RoomKind):
    prefix = EVENT_ROOM_PREFIX
    order = 10

    def access(self, user, key: str) -> Room:
        event = _event_of(key)
        if event is None or not permissions.can_enter_event_room(user, event):
            raise NotFound(ref=key)
        room, _created = Room.objects.get_or_create(key=event_room_key(event.pk))
        return room

    def entrant_ids(self, room: Room) -> set[int]:
        event = _event_of(room.key)
        if event is None:
            return set()
        return set(permissions.event_room_entrants(event).values_list("pk", flat=True))

    def title(self, room: Room) -> str:
        event = _event_of(room.key)
        return event.title if event is not None else room.key

    def url(self, key: str) -> str:
        """``/wydarzenia/<id>/rozmowa/``, whether or not the event still exists."""
        return reverse("visits:event_room", args=[int(key.removeprefix(self.prefix))])

    def may_moderate(self, user, room: Room) -> bool:
        """Those who manage the event may delete anyone's message in its room."""
        event = _event_of(room.key)
        return event is not None and permissions.can_manage_event(user, event)

    def listed_for(self, user, *, past: bool = False) -> list[ListedRoom]:
        """Upcoming events, and those ended in the last 30 days (with ``past``, all)."""
        ended_since = None if past else timezone.now() - LISTED_FOR
        events = permissions.events_with_room_for(user, ended_since=ended_since)
        return [
            ListedRoom(
                key=event_room_key(event.pk),
                title=event.title,
                url=self.url(event_room_key(event.pk)),
                kind_label=_("event"),
                when=event.starts_at,
            )
            for event in events
        ]


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
        if not permissions.can_enter_event_room(person, invitation.event):
            broadcast.revoke(person.pk, event_room_key(invitation.event_id))


@receiver(post_save, sender=Invitation, dispatch_uid="visits_room_revoke_on_leaving")
def revoke_on_leaving(sender, instance: Invitation, created=False, **kwargs):
    """An invitation withdrawn, declined after accepting, or moved to the waiting list: its
    people leave the room at once, unless another way in remains (e.g. their region's
    accepted invitation). Checked after commit, against what was committed."""
    if not created and instance.status != InvitationStatus.ACCEPTED:
        transaction.on_commit(partial(_revoke_if_out, instance.pk), robust=True)
