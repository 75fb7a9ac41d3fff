"""Who is online, shared by every daphne process.

With ``REDIS_URL`` the state lives in Redis hashes (one field per socket, so concurrent
updates from several processes never overwrite each other); without it, in this process.
Entries carry a timestamp and count only while fresh: a socket refreshes itself on every
ping, so the sockets of a killed process drop out by themselves.
"""

import json
import time

from django.conf import settings

FRESH_SECONDS = 75
# Under the cache's key prefix, so test runs never mix with a platform on the same Redis.
_ROOM_KEY = "{prefix}:presence:room:{room}"
_USER_KEY = "{prefix}:presence:user:{user_id}"


class LocalPresence:
    def __init__(self):
        self._rooms: dict[str, dict[str, tuple[dict, float]]] = {}
        self._users: dict[int, dict[str, float]] = {}

    async def join(self, room: str, channel: str, user: dict) -> None:
        self._rooms.setdefault(room, {})[channel] = (user, time.time())

    async def leave(self, room: str, channel: str) -> None:
        self._rooms.get(room, {}).pop(channel, None)

    async def online(self, room: str) -> list[dict]:
        cutoff = time.time() - FRESH_SECONDS
        users = {
            user["id"]: user for user, seen in self._rooms.get(room, {}).values() if seen >= cutoff
        }
        return sorted(users.values(), key=lambda user: user["name"])

    async def connected(self, user_id: int, channel: str) -> None:
        self._users.setdefault(user_id, {})[channel] = time.time()

    async def disconnected(self, user_id: int, channel: str) -> None:
        self._users.get(user_id, {}).pop(channel, None)

    def is_online(self, user_id: int) -> bool:
        cutoff = time.time() - FRESH_SECONDS
        return any(seen >= cutoff for seen in self._users.get(user_id, {}).values())


class RedisPresence:
    def __init__(self, url: str, prefix: str):
        import redis
        import redis.asyncio

        self.prefix = prefix
        self._async = redis.asyncio.Redis.from_url(url)
        self._sync = redis.Redis.from_url(url)

    async def join(self, room: str, channel: str, user: dict) -> None:
        key = _ROOM_KEY.format(prefix=self.prefix, room=room)
        await self._async.hset(key, channel, json.dumps([user, time.time()]))
        await self._async.expire(key, 24 * 3600)

    async def leave(self, room: str, channel: str) -> None:
        await self._async.hdel(_ROOM_KEY.format(prefix=self.prefix, room=room), channel)

    async def online(self, room: str) -> list[dict]:
        cutoff = time.time() - FRESH_SECONDS
        entries = await self._async.hgetall(_ROOM_KEY.format(prefix=self.prefix, room=room))
        users = {}
        for value in entries.values():
            user, seen = json.loads(value)
            if seen >= cutoff:
                users[user["id"]] = user
        return sorted(users.values(), key=lambda user: user["name"])

    async def connected(self, user_id: int, channel: str) -> None:
        key = _USER_KEY.format(prefix=self.prefix, user_id=user_id)
        await self._async.hset(key, channel, time.time())
        await self._async.expire(key, 24 * 3600)

    async def disconnected(self, user_id: int, channel: str) -> None:
        await self._async.hdel(_USER_KEY.format(prefix=self.prefix, user_id=user_id), channel)

    def is_online(self, user_id: int) -> bool:
        cutoff = time.time() - FRESH_SECONDS
        values = self._sync.hvals(_USER_KEY.format(prefix=self.prefix, user_id=user_id))
        return any(float(seen) >= cutoff for seen in values)


_store = None


def store():
    global _store  # one store per process, made on first use
    if _store is None:
        if settings.REDIS_URL:
            prefix = settings.CACHES["default"].get("KEY_PREFIX") or "wzk"
            _store = RedisPresence(settings.REDIS_URL, prefix)
        else:
            _store = LocalPresence()
    return _store
