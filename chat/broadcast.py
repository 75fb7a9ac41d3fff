"""Send frames through the channel layer: encoded to JSON once, whatever the audience.

Room frames go out after the change that makes them commits (``to_room_on_commit``): stored
before broadcast, never announced if rolled back. Notices to people go through
``network.notices.notify``."""

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


def layer_event(kind: str, group: str, **fields) -> dict:
    """A channel-layer event for ``group``. It names its group: each process reads one
    channel for all its sockets (chat/fanout.py) and hands the event to that group's."""
    return {"type": kind, "group": group, **fields}


def frame_event(frame: dict, *, group: str, room: str | None = None) -> dict:
    """The channel-layer event that carries ``frame``, encoded once for every recipient.
    With ``room`` it reaches only sockets still in that room: a broadcast already on its way
    when a socket leaves the room is not delivered."""
    if room is not None:
        return layer_event(events.LAYER_FRAME, group, text=encode(frame), room=room)
    return layer_event(events.LAYER_FRAME, group, text=encode(frame))


def to_room(key: str, frame: events.Frame) -> None:
    to_group(events.room_group(key), frame.dump(), room=key)


def to_room_on_commit(key: str, frame: events.Frame) -> None:
    transaction.on_commit(partial(to_room, key, frame), robust=True)


def to_user(user_id: int, frame: events.Frame) -> None:
    to_group(events.user_group(user_id), frame.dump())


def to_group(group: str, frame: dict, *, room: str | None = None) -> None:
    _send(group, frame_event(frame, group=group, room=room), frame["type"])


def _send(group: str, event: dict, what: str) -> None:
    """Best effort: the message is already stored, so a layer outage only delays delivery
    (clients catch up from the database when they reconnect or notice a gap)."""
    try:
        async_to_sync(get_channel_layer().group_send)(group, event)
    except OUTAGE_ERRORS as error:
        # Clients notice the gap (the next message's `prev_id`, or `pong`) and fetch it; a
        # lost revocation is harmless too: access is checked again on every send.
        logger.warning("Redis unreachable (%s): %s not sent to %s", error, what, group)
    except Exception:
        logger.exception("Channel layer failed; %s not sent to %s", what, group)


def revoke(user_id: int, room_key: str) -> None:
    group = events.user_group(user_id)
    _send(group, layer_event(events.LAYER_REVOKE, group, room=room_key), "revocation")


def close_sockets(user_id: int) -> None:
    """Close every socket of the member (logged out, deactivated)."""
    group = events.user_group(user_id)
    _send(group, layer_event(events.LAYER_SESSION_CLOSED, group), "logout")


def revoke_on_commit(user_id: int, room_key: str) -> None:
    transaction.on_commit(partial(revoke, user_id, room_key), robust=True)
