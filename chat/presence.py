"""Who is online, shared by every daphne process.

With ``REDIS_URL`` the state lives in Redis hashes (one field per member or socket, so
concurrent updates from several processes never overwrite each other); without it, in this
process. Entries carry a timestamp and count only while fresh: a socket refreshes itself on
every ping, so the sockets of a killed process drop out by themselves.

``join`` and ``leave`` say whether the member's first socket came or last socket went: only
then has the room's list changed, and ``announcer`` sends it, coalesced.
"""

import asyncio
import json
import logging
import time

from channels.layers import get_channel_layer
from django.conf import settings

from chat import events
from chat.broadcast import frame_event
from chat.outages import OUTAGE_ERRORS

logger = logging.getLogger(__name__)

FRESH_SECONDS = 75
ONLINE_LIMIT = 100  # members listed in a frame; `online_count` tells how many there are
ANNOUNCE_DELAY = 1.0  # seconds: joins and leaves within this window make one presence frame
_EXPIRE = 24 * 3600
# Under the cache's key prefix, so test runs never mix with a platform on the same Redis.
_ROOM_KEY = "{prefix}:presence:room:{room}"  # user id → [user, seen]: who is in the room
_SOCKETS_KEY = "{prefix}:presence:room:{room}:user:{user_id}"  # channel → seen: their sockets
_USER_KEY = "{prefix}:presence:user:{user_id}"

# Forget one socket of a member; if none of theirs is left fresh, the member leaves the room.
_LEAVE = """
redis.call('HDEL', KEYS[1], ARGV[1])
local cutoff = tonumber(ARGV[2])
for _, seen in ipairs(redis.call('HVALS', KEYS[1])) do
  if tonumber(seen) >= cutoff then return 0 end
end
redis.call('HDEL', KEYS[2], ARGV[3])
return 1
"""


def _sorted(users) -> list[dict]:
    return sorted(users, key=lambda user: (user["name"], user["id"]))


def summary(online: list[dict]) -> dict:
    """The ``online`` fields of a frame: at most ONLINE_LIMIT members, and how many in all
    (a room of thousands would otherwise make frames of hundreds of kilobytes)."""
    return {"online": online[:ONLINE_LIMIT], "online_count": len(online)}


class LocalPresence:
    def __init__(self):
        # room → user id → channel → seen; the member's payload beside it.
        self._rooms: dict[str, dict[int, dict[str, float]]] = {}
        self._payloads: dict[int, dict] = {}
        self._users: dict[int, dict[str, float]] = {}

    async def join(self, room: str, channel: str, user: dict) -> bool:
        """Record a socket in a room; True if its member was not in the room before."""
        now = time.time()
        sockets = self._rooms.setdefault(room, {}).setdefault(user["id"], {})
        first = not any(seen >= now - FRESH_SECONDS for seen in sockets.values())
        sockets[channel] = now
        self._payloads[user["id"]] = user
        return first

    async def leave(self, room: str, channel: str, user_id: int) -> bool:
        """Forget a socket; True if that was its member's last one in the room."""
        members = self._rooms.get(room, {})
        sockets = members.get(user_id, {})
        sockets.pop(channel, None)
        cutoff = time.time() - FRESH_SECONDS
        if any(seen >= cutoff for seen in sockets.values()):
            return False
        members.pop(user_id, None)
        return True

    async def online(self, room: str) -> list[dict]:
        cutoff = time.time() - FRESH_SECONDS
        return _sorted(
            self._payloads[user_id]
            for user_id, sockets in self._rooms.get(room, {}).items()
            if any(seen >= cutoff for seen in sockets.values())
        )

    async def connected(self, user_id: int, channel: str) -> None:
        self._users.setdefault(user_id, {})[channel] = time.time()

    async def disconnected(self, user_id: int, channel: str) -> None:
        self._users.get(user_id, {}).pop(channel, None)

    def is_online(self, user_id: int) -> bool:
        cutoff = time.time() - FRESH_SECONDS
        return any(seen >= cutoff for seen in self._users.get(user_id, {}).values())


class RedisPresence:
    """Per room, a hash of members (for the list) and, per member, a hash of their sockets
    (so "first socket in" and "last socket out" are known without reading the whole room)."""

    def __init__(self, url: str, prefix: str):
        import redis
        import redis.asyncio

        self.prefix = prefix
        self._async = redis.asyncio.Redis.from_url(url)
        self._sync = redis.Redis.from_url(url)
        self._leave = self._async.register_script(_LEAVE)

    def _keys(self, room: str, user_id: int) -> tuple[str, str]:
        return (
            _SOCKETS_KEY.format(prefix=self.prefix, room=room, user_id=user_id),
            _ROOM_KEY.format(prefix=self.prefix, room=room),
        )

    async def join(self, room: str, channel: str, user: dict) -> bool:
        now = time.time()
        sockets_key, room_key = self._keys(room, user["id"])
        async with self._async.pipeline(transaction=True) as pipe:
            pipe.hvals(sockets_key)
            pipe.hset(sockets_key, channel, now)
            pipe.expire(sockets_key, _EXPIRE)
            pipe.hset(room_key, user["id"], json.dumps([user, now]))
            pipe.expire(room_key, _EXPIRE)
            before, *_rest = await pipe.execute()
        return not any(float(seen) >= now - FRESH_SECONDS for seen in before)

    async def leave(self, room: str, channel: str, user_id: int) -> bool:
        cutoff = time.time() - FRESH_SECONDS
        left = await self._leave(keys=self._keys(room, user_id), args=[channel, cutoff, user_id])
        return bool(left)

    async def online(self, room: str) -> list[dict]:
        cutoff = time.time() - FRESH_SECONDS
        entries = await self._async.hvals(_ROOM_KEY.format(prefix=self.prefix, room=room))
        users = (user for user, seen in map(json.loads, entries) if seen >= cutoff)
        return _sorted(users)

    async def connected(self, user_id: int, channel: str) -> None:
        key = _USER_KEY.format(prefix=self.prefix, user_id=user_id)
        # One round trip: this runs on every socket's every ping.
        async with self._async.pipeline(transaction=False) as pipe:
            pipe.hset(key, channel, time.time())
            pipe.expire(key, _EXPIRE)
            await pipe.execute()

    async def disconnected(self, user_id: int, channel: str) -> None:
        await self._async.hdel(_USER_KEY.format(prefix=self.prefix, user_id=user_id), channel)

    def is_online(self, user_id: int) -> bool:
        from redis.exceptions import RedisError

        cutoff = time.time() - FRESH_SECONDS
        try:
            values = self._sync.hvals(_USER_KEY.format(prefix=self.prefix, user_id=user_id))
        except RedisError:
            return False  # unknown: then the mention e-mail goes out, rather than none
        return any(float(seen) >= cutoff for seen in values)


class Announcer:
    """Presence frames, coalesced: a member's first socket joining or last socket leaving a
    room marks it changed; one frame per room per ANNOUNCE_DELAY follows, from each process.
    A room of N members joining thus costs a few frames per second, not N frames to N sockets.
    """

    def __init__(self):
        self._due: dict[str, asyncio.Task] = {}

    def changed(self, room: str) -> None:
        task = self._due.get(room)
        loop = asyncio.get_running_loop()
        if task is not None and not task.done() and task.get_loop() is loop:
            return  # already due: this change goes out with it
        self._due[room] = loop.create_task(self._announce_later(room))

    async def _announce_later(self, room: str) -> None:
        await asyncio.sleep(ANNOUNCE_DELAY)
        self._due.pop(room, None)
        try:
            online = await store().online(room)
            frame = events.PresenceFrame(room=room, **summary(online))
            group = events.room_group(room)
            await get_channel_layer().group_send(
                group, frame_event(frame.dump(), group=group, room=room)
            )
        except OUTAGE_ERRORS as error:
            # Redis is briefly gone: the list is sent again at the next change or subscribe.
            logger.warning("Could not announce who is in room %s: %s", room, error)
        except Exception:
            logger.warning("Could not announce who is in room %s", room, exc_info=True)


announcer = Announcer()

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
