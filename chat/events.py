"""Every WebSocket frame type, error code, channel-layer event type and group name, once.

Channel-layer event types are fixed here; nothing a client sends is ever used as one.
"""

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
NOTIFICATION = "notification"
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
