"""Send frames through the channel layer: encoded to JSON once, whatever the audience.

Room frames go out after the change that makes them commits (``to_room_on_commit``): stored
before broadcast, never announced if rolled back. Notices to people go through
``chat.notices.notify``."""

import json
import logging
from functools import partial

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

from chat import events
from chat.outages import OUTAGE_ERRORS

logger = logging.getLogger(__name__)


def encode(frame: dict) -> str:
    return json.dumps(frame, ensure_ascii=False, separators=(",", ":"))


def frame_event(frame: dict, *, room: str | None = None) -> dict:
    """The channel-layer event that carries ``frame``, encoded once for every recipient.
    With ``room`` it reaches only sockets still in that room: a broadcast already on its way
    when a socket leaves the room is not delivered."""
    event = {"type": events.LAYER_FRAME, "text": encode(frame)}
    if room is not None:
        event["room"] = room
    return event


def to_room(key: str, frame: events.Frame) -> None:
    to_group(events.room_group(key), frame.dump(), room=key)


def to_room_on_commit(key: str, frame: events.Frame) -> None:
    transaction.on_commit(partial(to_room, key, frame), robust=True)


def to_user(user_id: int, frame: events.Frame) -> None:
    to_group(events.user_group(user_id), frame.dump())


def to_group(group: str, frame: dict, *, room: str | None = None) -> None:
    """Best effort: the message is already stored, so a layer outage only delays delivery
    (clients catch up from the database when they reconnect or notice a gap)."""
    try:
        async_to_sync(get_channel_layer().group_send)(group, frame_event(frame, room=room))
    except OUTAGE_ERRORS as error:
        # Clients notice the gap (the next message's `prev_id`, or `pong`) and fetch it.
        logger.warning("Redis unreachable (%s): %s not sent to %s", error, frame["type"], group)
    except Exception:
        logger.exception("Channel layer failed; %s not broadcast to %s", frame["type"], group)


def revoke(user_id: int, room_key: str) -> None:
    try:
        async_to_sync(get_channel_layer().group_send)(
            events.user_group(user_id), {"type": events.LAYER_REVOKE, "room": room_key}
        )
    except OUTAGE_ERRORS as error:
        # The next send is refused anyway: access is checked on every send.
        logger.warning("Redis unreachable (%s): revocation of %s not sent", error, room_key)
    except Exception:
        logger.exception("Channel layer failed; revocation of %s not sent", room_key)


def revoke_on_commit(user_id: int, room_key: str) -> None:
    transaction.on_commit(partial(revoke, user_id, room_key), robust=True)
