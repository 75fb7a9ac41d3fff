"""Redis going away is an outage the chat rides out (messages are stored first, clients catch
up), not a bug: it is logged as one line, not a traceback a second."""

import logging

from redis.exceptions import RedisError

OUTAGE_ERRORS = (RedisError, ConnectionError, OSError)


class RedisOutageFilter(logging.Filter):
    """channels_redis' pub/sub layer logs each failed read of its connection with a traceback,
    once a second while Redis is down (it reconnects by itself when Redis is back)."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, OUTAGE_ERRORS):
            message = record.getMessage()  # before msg and args change under it
            record.msg, record.args = "%s (Redis unreachable: %s)", (message, error)
            record.exc_info = record.exc_text = None
            record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True
