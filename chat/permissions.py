"""Who may enter which room. A room one may not enter is answered exactly like a room that
does not exist (``NotFound``), so its existence is not revealed."""

from chat import events
from chat.errors import NotFound
from chat.models import Message, Room
from network.models import Network, NetworkMembership
from visits import room as event_room


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def access_room(user, key: str) -> Room:
    """The room named by ``key`` if ``user`` may read and write in it."""
    if not _active(user) or not isinstance(key, str):
        raise NotFound(ref=key if isinstance(key, str) else None)
    if key.startswith(event_room.ROOM_PREFIX):
        return event_room.access_event_room(user, key)
    if not key.startswith(events.ROOM_NETWORK_PREFIX):
        raise NotFound(ref=key)
    slug = key.removeprefix(events.ROOM_NETWORK_PREFIX)
    network = Network.objects.filter(slug=slug).first()
    if network is None or not NetworkMembership.objects.filter(network=network, user=user).exists():
        raise NotFound(ref=key)
    room, _created = Room.objects.get_or_create(
        network=network, defaults={"key": Room.key_for_network(network)}
    )
    return room


def can_moderate_room(user, room: Room) -> bool:
    if _active(user) and room.key.startswith(event_room.ROOM_PREFIX):
        return event_room.can_moderate(user, room.key)
    if not _active(user) or room.network_id is None:
        return False
    return NetworkMembership.objects.filter(
        network_id=room.network_id, user=user, is_moderator=True
    ).exists()


def access_message(user, message_id) -> Message:
    """A message in a room the user may enter, or ``NotFound``."""
    if not isinstance(message_id, int) or isinstance(message_id, bool):
        raise NotFound(ref=None)
    message = (
        Message.objects.select_related("room", "room__network", "author", "author__region", "topic")
        .filter(pk=message_id, deleted_at__isnull=True)
        .first()
    )
    if message is None:
        raise NotFound(ref=message_id)
    access_room(user, message.room.key)
    return message


def mentionable_ids(room: Room) -> set[int]:
    """Who may be mentioned in ``room``: exactly those who may enter it, by room kind."""
    if room.key.startswith(event_room.ROOM_PREFIX):
        return event_room.member_ids(room.key)
    if room.network_id is None:
        return set()
    return set(
        NetworkMembership.objects.filter(
            network_id=room.network_id, user__is_active=True
        ).values_list("user_id", flat=True)
    )
