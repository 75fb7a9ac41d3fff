"""Per-member token bucket for chat sends: a burst of 5 messages, then one a second.

With ``REDIS_URL`` the buckets live in Redis, so the limit holds per member across every daphne
process (one Lua script: read, refill, take, write, atomically, on Redis's clock). Without it,
or while Redis is unreachable, in this process.

``send_check`` is the one decision, for every way of sending (the socket, and the HTTP form
through ``send_check_blocking``): one bucket per member, however they send.
"""

import asyncio
import logging
import threading
import time
import weakref

from django.conf import settings

from chat.errors import RateLimited

logger = logging.getLogger(__name__)

BURST = 5
# A Redis that stops answering costs a send a second at most, then the process's own buckets.
TIMEOUTS = {"socket_connect_timeout": 1.0, "socket_timeout": 1.0}
RATE_PER_SECOND = 1.0

# KEYS[1]: the member's bucket. ARGV: burst, tokens per second. Answers 1 if a token was taken.
_TAKE = """
local burst = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local clock = redis.call('TIME')
local now = tonumber(clock[1]) + tonumber(clock[2]) / 1000000
local bucket = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(bucket[1]) or burst
local at = tonumber(bucket[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - at) * rate)
local taken = 0
if tokens >= 1 then
  tokens = tokens - 1
  taken = 1
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('EXPIRE', KEYS[1], math.ceil(burst / rate) + 1)
return taken
"""


class TokenBuckets:
    """The buckets of this process."""

    def __init__(self, *, burst: int = BURST, rate: float = RATE_PER_SECOND):
        self.burst = burst
        self.rate = rate
        self._buckets: dict[int, tuple[float, float]] = {}
        # The HTTP send takes from another thread than the server loop's sockets.
        self._lock = threading.Lock()

    def take(self, key: int) -> bool:
        with self._lock:
            now = time.monotonic()
            tokens, last = self._buckets.get(key, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - last) * self.rate)
            if tokens < 1.0:
                self._buckets[key] = (tokens, now)
                return False
            self._buckets[key] = (tokens - 1.0, now)
            return True

    async def allow(self, key: int) -> bool:
        return self.take(key)

    def allow_blocking(self, key: int) -> bool:
        return self.take(key)


class RedisTokenBuckets:
    """The buckets of every process, in Redis; this process's own while Redis is out."""

    def __init__(self, url: str, prefix: str, *, burst: int = BURST, rate: float = RATE_PER_SECOND):
        self.url = url
        self.prefix = prefix
        self.burst = burst
        self.rate = rate
        self.fallback = TokenBuckets(burst=burst, rate=rate)
        # A client per event loop: daphne has one; each test has its own.
        self._scripts = weakref.WeakKeyDictionary()
        # Sync code (the HTTP send) uses one thread-safe pooled client of its own.
        self._blocking_script = None

    def _script(self):
        import redis.asyncio

        loop = asyncio.get_running_loop()
        if loop not in self._scripts:
            client = redis.asyncio.Redis.from_url(self.url, **TIMEOUTS)
            self._scripts[loop] = (client, client.register_script(_TAKE))
        return self._scripts[loop][1]

    async def allow(self, key: int) -> bool:
        from redis.exceptions import RedisError

        try:
            taken = await self._script()(**self._bucket(key))
        except (RedisError, OSError) as error:
            return self._unreachable(key, error)
        return bool(taken)

    def allow_blocking(self, key: int) -> bool:
        import redis
        from redis.exceptions import RedisError

        if self._blocking_script is None:
            client = redis.Redis.from_url(self.url, **TIMEOUTS)
            self._blocking_script = client.register_script(_TAKE)
        try:
            taken = self._blocking_script(**self._bucket(key))
        except (RedisError, OSError) as error:
            return self._unreachable(key, error)
        return bool(taken)

    def _bucket(self, key: int) -> dict:
        return {"keys": [f"{self.prefix}:chat:send-limit:{key}"], "args": [self.burst, self.rate]}

    def _unreachable(self, key: int, error: Exception) -> bool:
        # Sends are stored through a Redis restart: meanwhile, the limit is per process.
        logger.warning("Send limit kept in this process, Redis unreachable: %s", error)
        return self.fallback.take(key)

    async def aclose(self) -> None:
        client_and_script = self._scripts.pop(asyncio.get_running_loop(), None)
        if client_and_script is not None:
            await client_and_script[0].aclose()


_limits = None


def send_limits():
    """The buckets of this process (made on first use): in Redis when it is configured."""
    global _limits
    if _limits is None:
        if settings.REDIS_URL:
            prefix = settings.CACHES["default"].get("KEY_PREFIX") or "wzk"
            _limits = RedisTokenBuckets(settings.REDIS_URL, prefix)
        else:
            _limits = TokenBuckets()
    return _limits


async def send_check(member_id: int, *, ref: str | None = None) -> None:
    """Take a token from the member's bucket, or refuse the send with ``RateLimited``."""
    if not await send_limits().allow(member_id):
        raise RateLimited(ref=ref)


def send_check_blocking(member_id: int) -> None:
    """``send_check`` for sync code (the HTTP send): the same bucket, through a sync client,
    so the server loop's client, which the sockets share, is never touched from a thread."""
    if not send_limits().allow_blocking(member_id):
        raise RateLimited()
