"""Two real daphne processes sharing a private Redis and a fresh PostgreSQL database.

The clients are real WebSocket clients doing what docs/chat-protocol.md asks of one: on a
closed socket, reconnect (backoff with jitter, scaled down here) to any process; hold the
room without holes up to ``through`` ("Noticing a gap": fed by ``prev_id`` and the catch-up
windows, never by acks or pongs) and subscribe with ``after`` = ``through`` whenever anything
known to exist is not held, again until it is; re-send every unacknowledged ``send`` with its
``client_id``. Faults (Redis restarted, a daphne process killed) happen mid-conversation;
afterwards every client must hold exactly the stored messages, each once, and every send
must be stored exactly once. No socket may ever close with 1011 (a server error).

Sends are serialized (the next one after the previous ack), so broadcast order equals commit
order and each wait below is on a condition, bounded, never a sleep-and-hope.
"""

import asyncio
import contextlib
import itertools
import json
import os
import random
import signal
import time

import pytest
import pytest_asyncio
import websockets
from websockets.asyncio.client import connect

from chat.ratelimit import BURST, RATE_PER_SECOND
from tests.chat.livestack import LiveStack, stack_for_tests

# django_db: so that pytest-django creates the (migrated) test database, copied below.
pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.asyncio, pytest.mark.django_db]

WAIT = 20  # seconds: upper bound for any one condition (reconnects included)
PING_INTERVAL = 0.25
BACKOFF_BASE, BACKOFF_CAP = 0.1, 1.0  # the documented 1 s … 30 s, scaled down for a test
GAP_GRACE = 0.3  # the documented second before asking about a hole, scaled down
SERVER_ERROR = 1011
CLOSED_ABNORMALLY = 1006
TOPIC = "Wymiana"
ROOMS = {"czat-a": 2, "czat-b": 4, "czat-c": 4}


async def until(condition, *, what: str, timeout: float = WAIT) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        await asyncio.sleep(0.02)


class ChatClient:
    """One member's tab: a reconnecting socket subscribed to one room."""

    def __init__(self, name: str, stack: LiveStack, user: dict, room: str, *, server: int):
        self.name = name
        self.stack = stack
        self.user = user
        self.room = room
        self.server = server  # index of the process it prefers; fails over to the others
        self.timeline: list[int] = []  # message ids, in the order this client took them in
        self.bodies: dict[int, str] = {}
        self.live: set[int] = set()  # ids that came as a `message` broadcast (not catch-up)
        self.frames: list[dict] = []  # everything else, for presence/typing checks
        self.pending: dict[str, dict] = {}  # client_id → send frame, until acked
        self.acked: dict[str, int] = {}  # client_id → message id
        self.errors: list[dict] = []
        self.live_duplicates = 0  # a `message` for the same id twice on one socket
        self.out_of_order = 0  # a new id below one already held
        self.sockets = 0  # sockets that got as far as `subscribed`
        self.catch_ups = 0  # subscribes for a hole (a lost or late broadcast)
        # Held without a hole up to `through`; held above it, with their `prev_id` if known;
        # the highest id known to exist (docs/chat-protocol.md, "Noticing a gap").
        self.through = 0  # the room is new: nothing before it
        self.held: dict[int, int | None] = {}
        self.newest = 0
        self._checking: asyncio.TimerHandle | None = None
        self.close_codes: list[int | None] = []  # of every socket the server closed
        self.subscribed = asyncio.Event()
        self._ws = None
        self._live_ids: set[int] = set()
        self._resends: set[asyncio.Task] = set()
        self._counter = itertools.count(1)
        self._task: asyncio.Task | None = None
        self._closing = False

    @property
    def last_id(self) -> int:
        return max(self.timeline, default=0)

    def servers_in_order(self) -> list[int]:
        count = len(self.stack.ports)
        return [(self.server + offset) % count for offset in range(count)]

    async def start(self) -> "ChatClient":
        self._task = asyncio.create_task(self._run(), name=self.name)
        await asyncio.wait_for(self.subscribed.wait(), WAIT)
        return self

    async def close(self) -> None:
        self._closing = True
        if self._checking is not None:
            self._checking.cancel()
        if self._ws is not None:
            with contextlib.suppress(Exception):
                await self._ws.close()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    # --- What the member does ---------------------------------------------------------------

    async def send(self, body: str) -> str:
        client_id = f"{self.name}-{next(self._counter)}-{random.getrandbits(32):08x}"
        frame = {"type": "send", "room": self.room, "topic": TOPIC, "body": body}
        self.pending[client_id] = {**frame, "client_id": client_id}
        if self.subscribed.is_set():
            await self._send_frame(self.pending[client_id])
        return client_id

    async def typing(self) -> None:
        await self._send_frame({"type": "typing", "room": self.room, "topic": TOPIC})

    async def wait_acked(self, client_id: str) -> int:
        await until(lambda: client_id in self.acked, what=f"{self.name}: ack of {client_id}")
        return self.acked[client_id]

    async def wait_frame(self, predicate, *, what: str) -> dict:
        await until(lambda: any(predicate(f) for f in self.frames), what=f"{self.name}: {what}")
        return next(f for f in reversed(self.frames) if predicate(f))

    # --- The protocol -----------------------------------------------------------------------

    async def _run(self) -> None:
        failures = 0
        while not self._closing:
            for index in self.servers_in_order():
                try:
                    await self._session(index)
                    failures = 0
                except (TimeoutError, OSError, websockets.exceptions.WebSocketException):
                    pass
                finally:
                    self._ws = None
                    self.subscribed.clear()
                if self._closing:
                    return
            failures += 1
            delay = min(BACKOFF_CAP, BACKOFF_BASE * 2 ** (failures - 1))
            await asyncio.sleep(delay * random.uniform(0.5, 1.5))

    async def _session(self, index: int) -> None:
        async with connect(
            self.stack.ws_url(index),
            origin=self.stack.origin(index),
            additional_headers={"Cookie": f"sessionid={self.user['session']}"},
            open_timeout=5,
        ) as ws:
            self._ws = ws
            self._live_ids = set()
            await self._subscribe()
            pinger = asyncio.create_task(self._ping_every(PING_INTERVAL))
            try:
                async for text in ws:
                    await self._on_frame(json.loads(text))
            finally:
                pinger.cancel()
                if not self._closing:
                    self.close_codes.append(ws.close_code)

    async def _subscribe(self) -> None:
        await self._send_frame({"type": "subscribe", "room": self.room, "after": self.through})

    async def _ping_every(self, seconds: float) -> None:
        while True:
            await asyncio.sleep(seconds)
            await self._send_frame({"type": "ping"})

    async def _send_frame(self, frame: dict) -> None:
        if self._ws is not None:
            with contextlib.suppress(websockets.exceptions.ConnectionClosed):
                await self._ws.send(json.dumps(frame))

    def _take(self, message: dict) -> None:
        if message["id"] in self.bodies:
            return
        if self.timeline and message["id"] < self.last_id:
            self.out_of_order += 1
        self.timeline.append(message["id"])
        self.bodies[message["id"]] = message["body"]

    async def _on_frame(self, frame: dict) -> None:
        kind = frame["type"]
        if kind == "subscribed":
            for message in frame["messages"]:
                self._take(message)
            # Asked with `after` ≤ `through`: everything up to the frame's `through` is held.
            self.through = max(self.through, frame["through"])
            self._advance()
            if frame["has_more"]:
                await self._subscribe()
                return
            if not self.subscribed.is_set():
                self.sockets += 1
                self.subscribed.set()
                for pending in list(self.pending.values()):
                    await self._send_frame(pending)
        elif kind == "message":
            message_id = frame["message"]["id"]
            if message_id in self._live_ids:
                self.live_duplicates += 1
            self._live_ids.add(message_id)
            self.live.add(message_id)
            self._take(frame["message"])
            self._hold(message_id, frame["prev_id"])
        elif kind == "ack":
            self.pending.pop(frame["client_id"], None)
            self.acked[frame["client_id"]] = frame["message"]["id"]
            # Where it stands is unknown: others may have written before it, unheard.
            self._hold(frame["message"]["id"], None)
        elif kind == "pong":
            self.newest = max(self.newest, frame["latest"].get(self.room, 0))
            self._advance()
        elif kind == "error" and frame["code"] in {"unavailable", "rate_limited"}:
            # Send again, same client_id, once the layer is back / a token has refilled.
            delay = 0.2 if frame["code"] == "unavailable" else 1.1
            asyncio.get_running_loop().call_later(delay, self._resend_soon, frame["ref"])
        elif kind == "error":
            self.errors.append(frame)
        else:
            self.frames.append(frame)

    def _hold(self, message_id: int, prev_id: int | None) -> None:
        if message_id > self.through and (prev_id is not None or message_id not in self.held):
            self.held[message_id] = prev_id
        self.newest = max(self.newest, message_id, prev_id or 0)
        self._advance()

    def _advance(self) -> None:
        """Everything held whose previous message is within `through` joins it; a hole left
        is looked at after the grace (its broadcast may only be late)."""
        moved = True
        while moved:
            moved = False
            for message_id, prev_id in list(self.held.items()):
                if message_id <= self.through:
                    del self.held[message_id]
                elif prev_id is not None and prev_id <= self.through:
                    self.through = message_id
                    del self.held[message_id]
                    moved = True
        if self.newest > self.through and self._checking is None:
            self._checking = asyncio.get_running_loop().call_later(GAP_GRACE, self._check)

    def _check(self) -> None:
        """Still a hole after the grace: ask for everything after `through`, and look again
        (the answer may be lost with the socket, or come back `unavailable`)."""
        self._checking = None
        if self.newest <= self.through:
            return
        if self.subscribed.is_set():
            self.catch_ups += 1
            task = asyncio.create_task(self._subscribe())
            self._resends.add(task)
            task.add_done_callback(self._resends.discard)
        self._checking = asyncio.get_running_loop().call_later(4 * GAP_GRACE, self._check)

    def _resend_soon(self, client_id) -> None:
        if client_id in self.pending and self.subscribed.is_set():
            task = asyncio.create_task(self._send_frame(self.pending[client_id]))
            self._resends.add(task)
            task.add_done_callback(self._resends.discard)


# --- Fixtures --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def stack(django_db_setup, tmp_path_factory):
    """Redis on a free port, a copy of the migrated test database, two daphne processes."""
    with stack_for_tests(
        workdir=tmp_path_factory.mktemp("multiprocess"), rooms=ROOMS, prefix="mp"
    ) as live:
        yield live


@pytest_asyncio.fixture
async def clients(stack):
    stack.ensure_running()
    made: list[ChatClient] = []

    async def make(name: str, room: str, user_index: int, *, server: int) -> ChatClient:
        info = stack.rooms[room]
        client = ChatClient(name, stack, info["users"][user_index], info["room"], server=server)
        made.append(client)
        return await client.start()

    yield make
    await asyncio.gather(*(client.close() for client in made))


# --- Checks ----------------------------------------------------------------------------------


async def converse(senders: list[ChatClient], count: int, *, fault_after: int, fault) -> list[str]:
    """``count`` messages, taking turns between ``senders``, each sent after the previous one
    is acknowledged; after message ``fault_after``, ``fault()`` (which may send more)."""
    client_ids = []
    for number in range(1, count + 1):
        sender = senders[number % len(senders)]
        client_id = await sender.send(f"Wiadomość {number} od {sender.name}")
        client_ids.append(client_id)
        await sender.wait_acked(client_id)
        if number == fault_after:
            client_ids.extend(await fault())
    return client_ids


async def assert_every_client_has_every_message_once(stack, room: str, clients, client_ids):
    room_id = stack.rooms[room]["room_id"]
    rows = await asyncio.to_thread(stack.room_message_rows, room_id)
    stored_ids = [row[0] for row in rows]
    # Every send stored exactly once, whatever was re-sent.
    assert sorted(row[2] for row in rows) == sorted(client_ids)
    for client in clients:
        await until(
            lambda c=client: set(c.timeline) >= set(stored_ids),
            what=f"{client.name} to catch up ({len(client.timeline)}/{len(stored_ids)})",
        )
    for client in clients:
        # Each once; a message fetched after a gap comes after newer ones (the page places
        # messages by id), so the order taken in is not asserted.
        assert sorted(client.timeline) == stored_ids, client.name
        assert len(client.timeline) == len(set(client.timeline)), client.name
        assert client.live_duplicates == 0, client.name
        assert client.errors == [], client.name
        assert client.pending == {}, client.name
        assert SERVER_ERROR not in client.close_codes, (client.name, client.close_codes)


# --- Tests -----------------------------------------------------------------------------------


async def test_messages_presence_and_typing_cross_processes(stack, clients):
    anna = await clients("anna", "czat-a", 0, server=0)
    jan = await clients("jan", "czat-a", 1, server=1)
    jan_id = stack.rooms["czat-a"]["users"][1]["id"]

    presence = await anna.wait_frame(
        lambda f: f["type"] == "presence" and jan_id in {u["id"] for u in f["online"]},
        what="Jan (process B) online",
    )
    assert presence["room"] == anna.room

    await jan.typing()
    typing = await anna.wait_frame(lambda f: f["type"] == "typing", what="Jan typing")
    assert (typing["user"]["id"], typing["topic"]) == (jan_id, TOPIC)

    from_a = await anna.wait_acked(await anna.send("Dzień dobry z procesu A"))
    from_b = await jan.wait_acked(await jan.send("Dzień dobry z procesu B"))
    await until(lambda: jan.timeline == [from_a, from_b], what="Jan to get both")
    await until(lambda: anna.timeline == [from_a, from_b], what="Anna to get both")
    assert jan.bodies[from_a] == "Dzień dobry z procesu A"
    # Broadcast across processes, not fetched by catching up.
    assert {from_a, from_b} <= jan.live and {from_a, from_b} <= anna.live

    await jan.close()
    await anna.wait_frame(
        lambda f: f["type"] == "presence" and jan_id not in {u["id"] for u in f["online"]},
        what="Jan gone from the room",
    )


async def test_a_redis_restart_loses_and_doubles_nothing(stack, clients):
    members = [await clients(f"b{index}", "czat-b", index, server=index % 2) for index in range(4)]

    async def restart_redis() -> list[str]:
        await asyncio.to_thread(stack.redis.stop)
        # Sockets stay open (the layer reconnects by itself). A message written meanwhile is
        # stored and acknowledged, but its broadcast is lost: the others learn of it from the
        # next message's `prev_id` (or a pong) and fetch it.
        during = await members[1].send("Napisana, gdy Redis nie działa")
        await members[1].wait_acked(during)
        await asyncio.sleep(2 * PING_INTERVAL)  # pings meet the outage too
        await asyncio.to_thread(stack.redis.start)
        return [during]

    client_ids = await converse(members, 12, fault_after=5, fault=restart_redis)
    await assert_every_client_has_every_message_once(stack, "czat-b", members, client_ids)
    assert [client.close_codes for client in members] == [[]] * 4  # not one socket closed
    assert sum(client.catch_ups for client in members) >= 3
    for server in stack.servers:
        assert "Traceback" not in server.log()
        assert "Exception inside application" not in server.log()


async def test_a_killed_process_loses_and_doubles_nothing(stack, clients):
    members = [await clients(f"c{index}", "czat-c", index, server=index % 2) for index in range(4)]
    on_a, on_b = members[0], members[1]
    doomed = stack.servers[1]

    async def kill_b() -> list[str]:
        # Quiet first, then freeze B, so the send below is surely in flight and unprocessed
        # when B dies (a SIGKILL between commit and broadcast: tests/browser/
        # test_chat_faults.py). A's broadcast meanwhile reaches none of B's sockets.
        acked = {i for c in members for i in c.acked.values()}
        await until(lambda: all(set(c.timeline) >= acked for c in members), what="quiet")
        os.kill(doomed.pid, signal.SIGSTOP)
        in_flight = await on_b.send("Wysłana do zamrożonego procesu B")
        to_a = await on_a.send("Wysłana do A, gdy B stoi")
        await on_a.wait_acked(to_a)
        await asyncio.to_thread(doomed.kill)
        await on_b.wait_acked(in_flight)  # re-sent to A after reconnecting there
        return [in_flight, to_a]

    client_ids = await converse(members, 12, fault_after=5, fault=kill_b)
    await assert_every_client_has_every_message_once(stack, "czat-c", members, client_ids)
    assert not doomed.alive
    assert [client.sockets for client in members] == [1, 2, 1, 2]


# --- Hostile frames and the send limit, through real daphne processes ------------------------

HOSTILE_FRAMES = [
    "[" * 50_000,
    '{"type":["send"]}',
    '{"type":{"a":1}}',
    '{"type":"ping","type":"send"}',
    '{"type":"subscribe","room":"\\ud800"}',
    '{"type":"subscribe","room":"x","after":99999999999999999999}',
    '{"type":"delete","message_id":NaN}',
    '{"type":"send","room":"x","topic":"a","body":"' + "b" * 70_000 + '","client_id":"c"}',
    "not json",
]


async def _raw_socket(stack, user: dict, index: int):
    return await connect(
        stack.ws_url(index),
        origin=stack.origin(index),
        additional_headers={"Cookie": f"sessionid={user['session']}"},
        open_timeout=5,
        max_size=None,
    )


async def _next_frame(ws) -> dict:
    return json.loads(await asyncio.wait_for(ws.recv(), WAIT))


async def test_hostile_frames_get_answers_and_leave_no_traceback(stack):
    stack.ensure_running()
    user = stack.rooms["czat-a"]["users"][0]
    for index in range(len(stack.servers)):
        async with await _raw_socket(stack, user, index) as ws:
            for frame in HOSTILE_FRAMES:
                await ws.send(frame)
                answer = await _next_frame(ws)
                assert answer["type"] == "error", (frame[:40], answer)
                assert answer["code"] in {"bad_request", "too_large"}, (frame[:40], answer)
            await ws.send('{"type":"ping"}')
            assert (await _next_frame(ws))["type"] == "pong"  # still usable
    for server in stack.servers:
        assert "Traceback" not in server.log()
        assert "Exception inside application" not in server.log()


async def test_a_frame_over_daphnes_limit_closes_the_socket_as_documented(stack):
    stack.ensure_running()
    user = stack.rooms["czat-a"]["users"][1]
    ws = await _raw_socket(stack, user, 0)
    await ws.send('{"type":"ping","pad":"' + "x" * (1024 * 1024 + 10) + '"}')
    with pytest.raises(websockets.exceptions.ConnectionClosed):
        await asyncio.wait_for(ws.recv(), WAIT)
    # daphne drops the connection without a close frame (docs/chat-protocol.md): 1006.
    assert ws.close_code == CLOSED_ABNORMALLY
    for server in stack.servers:
        assert "Traceback" not in server.log()


async def test_the_send_limit_holds_across_processes(stack):
    """One member, one socket on each process, sending as fast as they can: the burst and the
    refill are shared, not doubled."""
    stack.ensure_running()
    info = stack.rooms["czat-a"]
    user = info["users"][0]
    sockets = [await _raw_socket(stack, user, index) for index in range(2)]
    try:
        started = time.monotonic()
        for number in range(4 * BURST):
            frame = {
                "type": "send",
                "room": info["room"],
                "topic": TOPIC,
                "body": f"Szybko {number}",
                "client_id": f"limit-{number}-{random.getrandbits(32):08x}",
            }
            await sockets[number % 2].send(json.dumps(frame))
        answers = []
        for ws in sockets:
            while len([a for a in answers if a.get("ws") is ws]) < 2 * BURST:
                frame = await _next_frame(ws)
                if frame["type"] in {"ack", "error"}:
                    answers.append({"ws": ws, **frame})
        elapsed = time.monotonic() - started
    finally:
        for ws in sockets:
            await ws.close()
    acks = sum(answer["type"] == "ack" for answer in answers)
    limited = sum(answer.get("code") == "rate_limited" for answer in answers)
    assert acks + limited == 4 * BURST
    # A burst, plus what refilled while the frames were on their way (1 a second).
    assert BURST <= acks <= BURST + 1 + int(elapsed * RATE_PER_SECOND)
