import asyncio
import contextlib
import json
import logging
import time
import uuid
from collections import deque

from autobahn.exception import Disconnected
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from channels.layers import get_channel_layer
from django.db import DatabaseError
from django.utils import translation
from django.utils.translation import gettext as _
from redis.exceptions import RedisError

from chat import events, fanout, permissions, presence, ratelimit, selectors, services
from chat.broadcast import encode, frame_event
from chat.errors import (
    BadRequest,
    ChatError,
    FrameTooLarge,
    NotFound,
    Unavailable,
)
from chat.models import CLIENT_ID_MAX_LENGTH
from chat.outages import OUTAGE_ERRORS
from network.ids import ID_RANGE
from network.permissions import is_active_member

logger = logging.getLogger(__name__)

BAD_FRAME_LIMIT = 20
BAD_FRAME_WINDOW = 60.0
CLOSE_TOO_MANY_BAD_FRAMES = 4008
CLOSE_UNAUTHENTICATED = 4001
CLOSE_SESSION_ENDED = 4003
CLOSE_TRY_AGAIN_LATER = 1013  # Redis was unreachable while the socket opened: reconnect
# Redis or the database briefly gone: answered `unavailable`, the socket stays open.
OUTAGES = (*OUTAGE_ERRORS, DatabaseError)
TYPING_INTERVAL = 3.0
# Frames from the browser: a body is at most 4,000 characters, so a frame never needs more.
# daphne's own limit is higher (it also caps what the server sends, see the Dockerfile).
FRAME_MAX_BYTES = 64 * 1024
# Messages in one `subscribed` frame, encoded. With at most 100 members listed (presence),
# every frame the server sends stays under daphne's 1 MiB --websocket-max-message-size.
SNAPSHOT_MAX_BYTES = 640 * 1024
# A refusal names what it refuses (a client_id, a room key) only if it could be one.
REF_MAX_LENGTH = 200


_FIELD_TYPES = {
    "room": str,
    "topic": str,
    "body": str,
    "client_id": str,
    "after": int,
    "up_to": int,
    "message_id": int,
    "presence": bool,
}


def _is(value, kind) -> bool:
    if kind is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, kind)


class _DuplicateKey(ValueError):
    pass


def _unique_keys(pairs: list[tuple[str, object]]) -> dict:
    """A JSON object whose keys are all different: ``{"type":"ping","type":"send"}`` means
    one thing to one parser and another to the next, so it is refused."""
    frame = dict(pairs)
    if len(frame) != len(pairs):
        raise _DuplicateKey
    return frame


def _is_text(value) -> bool:
    """Whether everything in ``value`` can be written as UTF-8 (JSON's ``\\ud800`` escapes
    decode to lone surrogates, which no database, log or socket accepts)."""
    try:
        json.dumps(value, ensure_ascii=False).encode()
    except (UnicodeEncodeError, RecursionError):
        return False
    return True


def _client_ref(text_data):
    """The client_id of a frame refused before it was parsed, if it has a usable one."""
    try:
        client_id = json.loads(text_data).get("client_id")
    except (TypeError, ValueError, AttributeError, RecursionError):
        return None
    usable = isinstance(client_id, str) and len(client_id) <= CLIENT_ID_MAX_LENGTH
    return client_id if usable and _is_text(client_id) else None


def _size_bound(payload: dict) -> int:
    """Bytes ``payload`` takes in a frame, at most: any character is at most 6 bytes in JSON
    (``\\u001f``), and ids, dates and keys take under 300."""
    author = payload["author"]
    texts = (payload["body"], payload["topic"], payload["client_id"], payload["room"])
    texts += (author["name"], author["region"] or "")
    return 6 * sum(map(len, texts)) + 300


def _fit(payloads: list[dict], *, keep_newest: bool) -> list[dict]:
    """As many messages as fit in SNAPSHOT_MAX_BYTES (at least one): a `subscribed` frame
    must stay under daphne's message size limit, which caps what the server sends."""
    if sum(map(_size_bound, payloads)) <= SNAPSHOT_MAX_BYTES:
        return payloads
    ordered = list(reversed(payloads)) if keep_newest else payloads
    kept, size = [], 0
    for payload in ordered:
        size += len(encode(payload).encode())
        if kept and size > SNAPSHOT_MAX_BYTES:
            break
        kept.append(payload)
    return list(reversed(kept)) if keep_newest else kept


class ChatConsumer(AsyncWebsocketConsumer):
    """One socket per browser tab, speaking the protocol in docs/chat-protocol.md.

    Thin on purpose: authenticate, parse, check access, call a service, answer. Broadcasts
    reach it through the process's relay (chat/fanout.py), not through a channel of its own.
    """

    # No channel per socket: the relay joins groups for the process and calls ``take``.
    channel_layer_alias = None

    async def __call__(self, scope, receive, send):
        self.layer = get_channel_layer()
        self.relay = fanout.relay(self.layer)
        # The socket's name in presence lists and logs (it has no channel of its own).
        self.channel_name = f"socket.{uuid.uuid4().hex}"
        self.socket = fanout.socket_of(send)
        # While a handler runs, broadcasts for this socket wait here, then go out in order.
        self._holds = 0
        self._held: deque[tuple[dict, fanout.Frame | None]] = deque()
        self._event_tasks: set[asyncio.Task] = set()
        # Redis unreachable while a socket opens (its channel or groups cannot be subscribed):
        # close rather than die with a 1011 and a traceback. Before accept, daphne turns the
        # close into a refused handshake (HTTP 403); after it, the browser gets 1013.
        # The client reconnects with backoff; everything else answers `unavailable` instead.
        try:
            await super().__call__(scope, receive, send)
        except RedisError as error:
            logger.warning("Socket closed, Redis unreachable: %s", error)
            with contextlib.suppress(Exception):
                await send({"type": "websocket.close", "code": CLOSE_TRY_AGAIN_LATER})
        finally:
            self.relay.unregister(self)

    async def connect(self):
        self.user = self.scope.get("user")
        if not is_active_member(self.user):
            await self.close(code=CLOSE_UNAUTHENTICATED)
            return
        self.relay.register(self)
        self.rooms: dict[str, int] = {}  # room key → room id
        self.quiet: set[str] = set()  # rooms subscribed without presence (a list of rooms)
        self.bad_frames: deque[float] = deque()
        self.last_typing: dict[str, float] = {}
        self.language, self.user_payload = await database_sync_to_async(self._who)()
        # Redis unreachable: the socket opens all the same (history needs only the database);
        # `subscribed` and `pong` say `live: false` until a ping gets through again.
        await self._join_layer()
        await self.accept()

    def _who(self) -> tuple[str, dict]:
        return self.user.language, selectors.user_payload(self.user)

    async def dispatch(self, message):
        # Connect, each frame from the browser, disconnect: one at a time (as Channels runs
        # them), with this socket's broadcasts held until the handler is done.
        self._holds += 1
        try:
            await super().dispatch(message)
        finally:
            await self._unhold()

    # --- Events from the relay ---------------------------------------------------------------

    def take(self, event: dict, frame: fanout.Frame | None):
        """An event of one of this socket's groups, from the relay: written at once if it is
        a frame and no handler holds the socket; an awaitable if it must go through ASGI."""
        if self._holds or self._held:
            self._held.append((event, frame))
            return None
        if frame is not None:
            return self._write(event, frame)
        self._holds += 1  # frames arriving while the event is handled come after it
        task = asyncio.ensure_future(self._handle_event(event))
        self._event_tasks.add(task)
        task.add_done_callback(self._event_tasks.discard)
        return None

    def _write(self, event: dict, frame: fanout.Frame):
        room = event.get("room")
        if room is not None and room not in self.rooms:
            return None  # broadcast on its way when this socket left the room
        if self.socket is not None:
            fanout.write(self.socket, frame)
            return None
        return self.send(text_data=frame.text)

    async def _handle_event(self, event: dict) -> None:
        try:
            if event["type"] == events.LAYER_REVOKE:
                await self.chat_revoke(event)
            elif event["type"] == events.LAYER_SESSION_CLOSED:
                await self.close(code=CLOSE_SESSION_ENDED)
        except Exception:
            logger.warning(
                "Socket %s could not handle %s", self.channel_name, event["type"], exc_info=True
            )
        finally:
            await self._unhold()

    async def _unhold(self) -> None:
        self._holds -= 1
        while not self._holds and self._held:
            event, frame = self._held.popleft()
            if frame is None:
                self._holds += 1
                await self._handle_event(event)  # it unholds
                continue
            self._holds += 1  # the relay's next frame waits while this one is written
            try:
                pending = self._write(event, frame)
                if pending is not None:
                    await pending
            except Exception:
                logger.warning(
                    "Socket %s: a held frame was not sent", self.channel_name, exc_info=True
                )
            finally:
                self._holds -= 1

    async def disconnect(self, code):
        self._held.clear()  # nobody is left to read them
        if not hasattr(self, "rooms"):
            return
        for key in list(self.rooms):
            await self._leave(key)
        try:
            await self.relay.leave(events.user_group(self.user.pk), self)
            await presence.store().disconnected(self.user.pk, self.channel_name)
        except OUTAGE_ERRORS as error:
            # Presence fades by itself; one line, not a traceback per socket.
            logger.warning(
                "Redis unreachable (%s): socket %s left as it was", error, self.channel_name
            )
        except Exception:
            logger.warning("Could not clean up after socket %s", self.channel_name, exc_info=True)

    async def send(self, text_data=None, bytes_data=None, close=False):
        # The client closed (or its socket failed) while an answer was on its way: nobody is
        # left to read it, and that is no error of the server's.
        try:
            await super().send(text_data=text_data, bytes_data=bytes_data, close=close)
        except Disconnected:
            logger.debug("Socket %s closed before a frame could be sent", self.channel_name)

    # --- Frames from the browser -------------------------------------------------------------

    async def receive(self, text_data=None, bytes_data=None):
        with translation.override(self.language):
            try:
                frame = self._parse(text_data)
                handler = getattr(self, f"on_{frame['type']}")
                await handler(frame)
            except ChatError as error:
                await self._error(error)
            except OUTAGES:
                # Redis or the database is briefly gone: the client keeps the message and
                # sends it again (same client_id), so nothing is lost or doubled.
                await self._error(Unavailable(ref=_client_ref(text_data)))

    def _parse(self, text_data) -> dict:
        if text_data is None:
            raise BadRequest(_("Only JSON text frames are accepted."))
        # Characters: at most 4 bytes each in UTF-8, so most frames need no encoding to check.
        if len(text_data) * 4 > FRAME_MAX_BYTES and len(text_data.encode()) > FRAME_MAX_BYTES:
            raise FrameTooLarge(ref=_client_ref(text_data))
        try:
            frame = json.loads(text_data, object_pairs_hook=_unique_keys)
        except _DuplicateKey:
            raise BadRequest(_("The frame names a field twice.")) from None
        except (ValueError, RecursionError):
            # RecursionError: nested thousands deep, which no frame of the protocol is.
            raise BadRequest(_("The frame is not valid JSON.")) from None
        kind = frame.get("type") if isinstance(frame, dict) else None
        if not isinstance(kind, str) or kind not in events.CLIENT_FRAME_TYPES:
            raise BadRequest(_("Unknown frame type."))
        client_id = frame.get("client_id")
        ref = client_id if isinstance(client_id, str) and _is_text(client_id) else None
        if not _is_text(frame):
            raise BadRequest(_("The frame holds text that is not valid Unicode."), ref=ref)
        for field, kind in _FIELD_TYPES.items():
            if field in frame and not _is(frame[field], kind):
                raise BadRequest(
                    _("The field “%(field)s” has the wrong type.") % {"field": field}, ref=ref
                )
            if kind is int and field in frame and frame[field] not in ID_RANGE:
                raise BadRequest(
                    _("The field “%(field)s” is out of range.") % {"field": field}, ref=ref
                )
        return frame

    async def on_ping(self, frame):
        # Refresh what a Redis restart may have wiped, then tell the client the newest id of
        # each room (read after joining, so anything newer reaches it as a broadcast) so it
        # can notice a gap and catch up. Without Redis the answer still comes, `live: false`.
        live = await self._join_layer()
        for key in list(self.rooms) if live else ():
            changed = await self._join_room(key, quiet=key in self.quiet)
            if changed is None:
                live = False
                break
            if changed:
                presence.announcer.changed(key)  # the list had lost us (Redis restarted)
        latest = await database_sync_to_async(selectors.latest_message_ids)(self.rooms)
        await self._send(events.PongFrame(latest=latest, live=live))

    async def on_subscribe(self, frame):
        key = frame.get("room")
        try:
            room = await database_sync_to_async(permissions.access_room)(self.user, key)
            # `presence: false` receives the room without being listed in it (the rooms
            # page); a re-subscribe that does not say keeps the socket as it was.
            quiet = not frame["presence"] if "presence" in frame else room.key in self.quiet
            was_listed = room.key in self.rooms and room.key not in self.quiet
            self.rooms[room.key] = room.pk
            if quiet:
                self.quiet.add(room.key)
            else:
                self.quiet.discard(room.key)
            # Joined before the history is read, so nothing falls between the two; without
            # Redis the history comes all the same, and the client is told it is not live.
            changed = await self._join_room(room.key, quiet=quiet, was_listed=was_listed)
            snapshot = await database_sync_to_async(self._snapshot)(room, frame.get("after"))
        except DatabaseError:
            raise Unavailable(
                _("Discussions are briefly unavailable. Missed messages will load in a moment."),
                ref=key if isinstance(key, str) else None,
            ) from None
        online = await self._online(room.key) if changed is not None else None
        await self._send(
            events.SubscribedFrame(
                room=room.key,
                **snapshot,
                live=online is not None,
                **presence.summary(online or []),
            )
        )
        # Only a member's first socket joining or last one leaving changes the list: not a
        # re-subscribe, a second tab, or a quiet subscription.
        if changed:
            presence.announcer.changed(room.key)

    async def _join_layer(self) -> bool:
        """Join this member's group and mark them online; False if Redis is unreachable."""
        try:
            await self.relay.join(events.user_group(self.user.pk), self)
            await presence.store().connected(self.user.pk, self.channel_name)
        except OUTAGE_ERRORS as error:
            logger.debug("Socket %s not live, Redis unreachable: %s", self.channel_name, error)
            return False
        return True

    async def _join_room(self, key: str, *, quiet: bool, was_listed: bool = False) -> bool | None:
        """Receive the room's broadcasts and enter (or, quiet, leave) its presence list.

        Whether the list changed, or None if Redis is unreachable (the group is joined again
        on the next ping: ``group_add`` is idempotent)."""
        try:
            await self.relay.join(events.room_group(key), self)
            if quiet:
                return was_listed and await presence.store().leave(
                    key, self.channel_name, self.user.pk
                )
            return await presence.store().join(key, self.channel_name, self.user_payload)
        except OUTAGE_ERRORS as error:
            logger.debug(
                "Socket %s not live in %s: Redis unreachable (%s)", self.channel_name, key, error
            )
            return None

    async def _online(self, key: str) -> list[dict] | None:
        try:
            return await presence.store().online(key)
        except OUTAGE_ERRORS:
            return None

    def _snapshot(self, room, after) -> dict:
        # Read before the window: a message committing in between has a higher id (ids
        # ascend in commit order), so it is in the window or beyond `through`.
        newest = selectors.latest_message_id(room)
        if after is None:
            messages, has_more = selectors.room_messages(room)
        else:
            messages, has_more = selectors.room_messages(
                room, after=after, limit=selectors.MAX_LIMIT
            )
        payloads = [selectors.message_payload(message) for message in messages]
        # Catching up keeps the oldest (the client asks again from the last one it got); the
        # latest window keeps the newest (older ones are scrolled back to over HTTP).
        fitting = _fit(payloads, keep_newest=after is None)
        cut = after is not None and (has_more or len(fitting) < len(payloads))
        last = fitting[-1]["id"] if fitting else 0
        unread, _mentions = selectors.unread_counts(self.user, room)
        return {
            "messages": fitting,
            "has_more": has_more or len(fitting) < len(payloads),
            # A cut catch-up holds everything up to its last message; a whole one (or the
            # latest window) everything up to the room's newest id, deleted or not.
            "through": last if cut else max(newest, last),
            "unread": unread,
        }

    async def on_unsubscribe(self, frame):
        key = frame.get("room")
        if key not in self.rooms:
            raise NotFound(ref=key if isinstance(key, str) else None)
        await self._leave(key)

    async def on_send(self, frame):
        client_id = frame.get("client_id")
        ref = client_id if isinstance(client_id, str) else None
        await ratelimit.send_check(self.user.pk, ref=ref)
        payload = await database_sync_to_async(self._store_message)(frame, ref)
        await self._send(events.AckFrame(client_id=payload["client_id"], message=payload))

    def _store_message(self, frame: dict, ref: str | None) -> dict:
        """Access check, write and payload in one trip to the database thread."""
        try:
            # Checked on every send, not only on subscribe: access may have ended since.
            room = permissions.access_room(self.user, frame.get("room"))
        except NotFound as error:
            error.ref = ref or frame.get("room")
            raise
        try:
            message, _created = services.message_send(
                user=self.user,
                room=room,
                topic=frame.get("topic"),
                body=frame.get("body"),
                client_id=frame.get("client_id"),
            )
        except ChatError as error:
            # The client matches a refusal to its pending message by client_id.
            error.ref = ref
            raise
        return selectors.message_payload(message)

    async def on_edit(self, frame):
        await database_sync_to_async(services.message_edit)(
            user=self.user, message_id=frame.get("message_id"), body=frame.get("body")
        )

    async def on_delete(self, frame):
        await database_sync_to_async(services.message_delete)(
            user=self.user, message_id=frame.get("message_id")
        )

    async def on_typing(self, frame):
        key, topic = frame.get("room"), frame.get("topic")
        if key not in self.rooms:
            raise NotFound(ref=key if isinstance(key, str) else None)
        if not isinstance(topic, str) or not topic.strip() or len(topic) > 60:
            raise BadRequest(_("“topic” must be text of at most 60 characters."), ref=key)
        now = time.monotonic()
        if now - self.last_typing.get(key, 0.0) < TYPING_INTERVAL:
            return
        self.last_typing[key] = now
        await self._room_frame(
            key, events.TypingFrame(room=key, topic=topic.strip(), user=self.user_payload)
        )

    async def on_read(self, frame):
        key = frame.get("room")
        room = await database_sync_to_async(permissions.access_room)(self.user, key)
        await database_sync_to_async(services.read_mark)(
            user=self.user, room=room, up_to=frame.get("up_to")
        )

    async def chat_revoke(self, event):
        key = event["room"]
        if key in self.rooms:
            await self._leave(key)
            await self._send(events.RevokedFrame(room=key))

    # --- Helpers ---------------------------------------------------------------------------------

    async def _leave(self, key: str) -> None:
        self.rooms.pop(key, None)
        listed = key not in self.quiet
        self.quiet.discard(key)
        try:
            await self.relay.leave(events.room_group(key), self)
            if listed and await presence.store().leave(key, self.channel_name, self.user.pk):
                presence.announcer.changed(key)  # their last socket in the room went
        except OUTAGE_ERRORS as error:
            # Leaving must not fail on a layer outage; presence fades by itself.
            logger.warning("Redis unreachable (%s): room %s left without a word", error, key)
        except Exception:
            logger.warning("Could not leave room %s cleanly", key, exc_info=True)

    async def _room_frame(self, key: str, frame: events.Frame) -> None:
        group = events.room_group(key)
        await self.layer.group_send(group, frame_event(frame.dump(), group=group, room=key))

    async def _send(self, frame: events.Frame) -> None:
        await self.send(text_data=encode(frame.dump()))

    async def _error(self, error: ChatError) -> None:
        ref = error.ref if isinstance(error.ref, str) and len(error.ref) <= REF_MAX_LENGTH else None
        await self._send(events.ErrorFrame(code=error.code, message=str(error.message), ref=ref))
        if error.code == events.BAD_REQUEST or isinstance(error, FrameTooLarge):
            now = time.monotonic()
            self.bad_frames.append(now)
            while self.bad_frames and now - self.bad_frames[0] > BAD_FRAME_WINDOW:
                self.bad_frames.popleft()
            if len(self.bad_frames) >= BAD_FRAME_LIMIT:
                await self.close(code=CLOSE_TOO_MANY_BAD_FRAMES)
