"""Every WebSocket frame type, error code, channel-layer event type and group name, once; and
every frame the server sends as a typed class (``extra="forbid"``), so a payload cannot drift
from ``docs/chat-protocol.md``. The ``notification`` frames and their kinds are defined with the
notices, in ``network.notices``: every app sends them, chat's neighbour cms included.

Channel-layer event types are fixed here; nothing a client sends is ever used as one.
"""

from typing import Any, Literal

from network.notices import Frame

ROOM_NETWORK_PREFIX = "network:"

# Client → server frame types.
SUBSCRIBE = "subscribe"
UNSUBSCRIBE = "unsubscribe"
SEND = "send"
EDIT = "edit"
DELETE = "delete"
TYPING = "typing"
READ = "read"
PING = "ping"
CLIENT_FRAME_TYPES = frozenset({SUBSCRIBE, UNSUBSCRIBE, SEND, EDIT, DELETE, TYPING, READ, PING})

# Server → client frame types.
SUBSCRIBED = "subscribed"
ACK = "ack"
MESSAGE = "message"
MESSAGE_UPDATED = "message_updated"
MESSAGE_DELETED = "message_deleted"
TOPIC_UPDATED = "topic_updated"
PRESENCE = "presence"
UNREAD = "unread"
REVOKED = "revoked"
PONG = "pong"
ERROR = "error"

# Error codes carried by an ``error`` frame.
BAD_REQUEST = "bad_request"
NOT_FOUND = "not_found"
RATE_LIMITED = "rate_limited"
TOO_LARGE = "too_large"
UNAVAILABLE = "unavailable"


# Channel-layer event types (handler names on the consumer: dots become underscores).
LAYER_FRAME = "chat.frame"  # a pre-encoded frame, sent as is to every socket in the group
LAYER_REVOKE = "chat.revoke"  # the user lost access to a room
LAYER_SESSION_CLOSED = "session.closed"  # the user logged out


def room_group(room_key: str) -> str:
    """Group of every socket subscribed to a room. Keys are validated before they get here."""
    return "room." + room_key.replace(":", ".")


def user_group(user_id: int) -> str:
    """Every socket of one user: notifications, revocations, logout."""
    return f"user.{user_id}"


# --- Frames the server sends -----------------------------------------------------------------


class SubscribedFrame(Frame):
    type: Literal["subscribed"] = SUBSCRIBED
    room: str
    messages: list[dict[str, Any]]
    has_more: bool
    # Every message up to this id is in the window or was asked for before it (deleted ones
    # are never sent): the client holds the room without a hole up to here.
    through: int
    unread: int
    # False: Redis is unreachable, so this socket gets no broadcasts of the room yet and
    # `online` is unknown (empty). The client pings until a `pong` says live again.
    live: bool
    online: list[dict[str, Any]]
    online_count: int


class AckFrame(Frame):
    type: Literal["ack"] = ACK
    client_id: str
    message: dict[str, Any]


class MessageFrame(Frame):
    type: Literal["message"] = MESSAGE
    room: str
    message: dict[str, Any]
    # The room's previous message: a client that does not hold it has missed something.
    prev_id: int


class MessageUpdatedFrame(Frame):
    type: Literal["message_updated"] = MESSAGE_UPDATED
    room: str
    message: dict[str, Any]


class MessageDeletedFrame(Frame):
    type: Literal["message_deleted"] = MESSAGE_DELETED
    room: str
    message_id: int


class TopicUpdatedFrame(Frame):
    type: Literal["topic_updated"] = TOPIC_UPDATED
    room: str
    topic: str
    resolved: bool
    user: dict[str, Any]


class TypingFrame(Frame):
    type: Literal["typing"] = TYPING
    room: str
    topic: str
    user: dict[str, Any]


class PresenceFrame(Frame):
    type: Literal["presence"] = PRESENCE
    room: str
    online: list[dict[str, Any]]
    online_count: int


class UnreadFrame(Frame):
    type: Literal["unread"] = UNREAD
    room: str
    count: int
    mentions: int


class RevokedFrame(Frame):
    type: Literal["revoked"] = REVOKED
    room: str


class PongFrame(Frame):
    type: Literal["pong"] = PONG
    latest: dict[str, int]
    # False: Redis is unreachable; broadcasts do not reach this socket until a pong says true.
    live: bool


class ErrorFrame(Frame):
    type: Literal["error"] = ERROR
    code: str
    message: str
    ref: Any = None
