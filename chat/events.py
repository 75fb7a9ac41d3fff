"""Names of WebSocket frame types and channel-layer groups, defined once."""

# Client → server frame types.
PING = "ping"

# Server → client frame types.
PONG = "pong"
ERROR = "error"

# Error codes carried by an ``error`` frame.
BAD_REQUEST = "bad_request"


def user_group(user_id: int) -> str:
    """Every socket of one user, so logging out can close them all."""
    return f"user.{user_id}"
