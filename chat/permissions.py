"""Who may enter which room, and who may moderate it: each kind of room answers for its own
(``chat.rooms``). A room one may not enter is answered exactly like a room that does not
exist (``NotFound``), so its existence is not revealed."""

from chat import rooms
from chat.errors import NotFound
from chat.models import Message, Room


def access_room(user, key) -> Room:
    """The room named by ``key`` if ``user`` may read and write in it."""
    return rooms.access(user, key)


def can_moderate_room(user, room: Room) -> bool:
    return rooms.may_moderate(user, room)


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
    """Who may be mentioned in ``room``: exactly those who may enter it."""
    return rooms.entrant_ids(room)
