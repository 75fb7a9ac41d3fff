"""Generated WebSocket frames through the chat consumer (hypothesis).

Any JSON value, nested thousands deep, with lone UTF-16 surrogates, huge integers, floats, NaN,
duplicate keys, sizes around the 64 KiB limit, text that is not JSON, binary frames: every frame
gets one of the answers docs/chat-protocol.md documents (an ``error`` with a documented code, or
the frame's ordinary answer), and the socket keeps working: the frame after each one is
answered. The consumer raising (a 1011 and a traceback in production) fails the test.

One socket serves every example (opening one per frame would cost most of the time); the
bad-frame limit, which would close it, is raised here and tested in test_consumer.py.
"""

import asyncio
import collections
import json
import re
import uuid

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.layers import DEFAULT_CHANNEL_LAYER, channel_layers
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.db import connections
from django.test import Client
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from chat import consumers, events, presence, ratelimit
from config.asgi import application

pytestmark = pytest.mark.django_db(transaction=True)

WAIT = 10
EXAMPLES = 1500  # each a frame and a ping: a few milliseconds apiece in process
ERROR_CODES = {events.BAD_REQUEST, events.NOT_FOUND, events.TOO_LARGE, events.RATE_LIMITED}
# Answers to a valid frame of the protocol (or a broadcast it causes on this socket).
ANSWERS = {
    "pong",
    "subscribed",
    "ack",
    "message",
    "message_updated",
    "message_deleted",
    "typing",
    "presence",
    "unread",
    "revoked",
}
SURROGATES = st.integers(0xD800, 0xDFFF).map(chr)
TEXT = st.text(
    alphabet=st.one_of(st.characters(), SURROGATES, st.sampled_from("\"\\\x00'[]{}")),
    max_size=80,
)
INTEGERS = st.one_of(
    st.integers(-5, 5),
    st.integers(-(2**63) - 2, 2**63 + 2),
    st.integers(-(10**400), 10**400),
    st.sampled_from([2**63 - 1, 2**63, -(2**63), -(2**63) - 1, 2**64]),
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    INTEGERS,
    st.floats(allow_nan=True, allow_infinity=True),
    TEXT,
)
JSON = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(TEXT, children, max_size=4)
    ),
    max_leaves=12,
)
LONE_SURROGATE = re.compile("[\ud800-\udfff]")
# How a frame is made, each as likely as it appears here.
SHAPES = [
    *("protocol", "protocol", "protocol", "valid", "valid"),
    *("any json", "nested", "duplicate", "size", "raw", "huge number"),
]
FIELDS = ["room", "topic", "body", "client_id", "after", "up_to", "message_id", "presence"]


def dumps(value) -> str:
    """JSON as an attacker writes it: NaN and Infinity allowed, surrogates as ``\\ud800``."""
    return json.dumps(value, ensure_ascii=True, allow_nan=True)


@st.composite
def frames(draw, room_key: str):
    """The text (or bytes) of one frame."""
    shape = draw(st.sampled_from(SHAPES))
    if shape == "huge number":
        # Past Python's 4,300 digits, beyond what hypothesis can show as an int.
        digits = "9" * draw(st.sampled_from([4300, 4301, 20_000]))
        field = draw(st.sampled_from(["after", "up_to", "message_id", "body"]))
        return f'{{"type":"subscribe","room":{json.dumps(room_key)},"{field}":{digits}}}'
    if shape == "raw":
        # daphne decodes text frames as UTF-8: a raw surrogate cannot arrive, an escaped one can.
        return draw(st.one_of(st.binary(max_size=64), st.text(max_size=80)))
    if shape == "nested":
        depth = draw(st.sampled_from([50, 999, 1000, 5000, 30_000]))
        opener, closer = draw(st.sampled_from([("[", "]"), ('{"a":', "}")]))
        inner = opener * depth + "1" + closer * depth
        return f'{{"type":"ping","body":{inner}}}' if draw(st.booleans()) else inner
    if shape == "valid":
        return json.dumps(draw(valid_frames(room_key)), ensure_ascii=draw(st.booleans()))
    if shape == "any json":
        return dumps(draw(JSON))
    room = st.sampled_from([room_key, "network:nie-ma", "event:1", "event:x", ":", ""])
    typed = {
        "type": draw(
            st.one_of(st.sampled_from(sorted(events.CLIENT_FRAME_TYPES)), JSON),
        )
    }
    for field in draw(st.lists(st.sampled_from(FIELDS), unique=True, max_size=5)):
        typed[field] = draw(
            st.one_of(
                JSON,
                room if field == "room" else TEXT,
                st.just(uuid.uuid4().hex) if field == "client_id" else INTEGERS,
            )
        )
    if shape == "duplicate":
        field, value = draw(st.sampled_from(FIELDS)), draw(JSON)
        return dumps(typed)[:-1] + f", {json.dumps(field)}: {dumps(value)}, " + dumps(typed)[1:]
    if shape == "size":
        target = consumers.FRAME_MAX_BYTES + draw(st.integers(-8, 8))
        filler = draw(st.sampled_from(["a", "ż", "\\u0000", "😀"]))
        typed["body"] = ""
        room_for = target - len(dumps(typed).encode())
        unit = len(json.loads(f'"{filler}"').encode()) if filler != "\\u0000" else 6
        typed["body"] = json.loads(f'"{filler}"') * max(0, room_for // unit)
        # Raw UTF-8, with any lone surrogate escaped (a text frame cannot carry one raw).
        return LONE_SURROGATE.sub(
            lambda match: f"\\u{ord(match[0]):04x}", json.dumps(typed, ensure_ascii=False)
        )
    return dumps(typed)


@st.composite
def valid_frames(draw, room_key: str) -> dict:
    """Frames a well-behaved client sends, with values at the edges of what is allowed."""
    words = st.text(st.characters(codec="utf-8"), min_size=1, max_size=70)
    ids = st.integers(0, 50)
    kind = draw(st.sampled_from(sorted(events.CLIENT_FRAME_TYPES)))
    fields = {
        events.SUBSCRIBE: {"room": st.just(room_key), "after": ids, "presence": st.booleans()},
        events.UNSUBSCRIBE: {"room": st.just(room_key)},
        events.SEND: {
            "room": st.just(room_key),
            "topic": words,
            "body": st.text(st.characters(codec="utf-8"), min_size=1, max_size=4100),
            "client_id": st.uuids().map(str),
        },
        events.EDIT: {"message_id": ids, "body": words},
        events.DELETE: {"message_id": ids},
        events.TYPING: {"room": st.just(room_key), "topic": words},
        events.READ: {"room": st.just(room_key), "up_to": ids},
        events.PING: {},
    }[kind]
    return {"type": kind, **{name: draw(values) for name, values in fields.items()}}


class Socket:
    """One member's socket, driven from synchronous hypothesis examples."""

    def __init__(self, user):
        self.user = user
        self.communicator = None
        self.counts = collections.Counter()
        self.sentinels = 0

    async def open(self):
        client = Client()
        await sync_to_async(client.force_login)(self.user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
        self.communicator = WebsocketCommunicator(
            application,
            "/ws/chat/",
            headers=[
                (b"origin", b"http://localhost"),
                (b"cookie", f"{settings.SESSION_COOKIE_NAME}={cookie}".encode()),
            ],
        )
        connected, _code = await self.communicator.connect(timeout=WAIT)
        assert connected

    async def exchange(self, frame) -> list[dict]:
        """Send ``frame``: its answers (and any broadcast meanwhile)."""
        # As daphne passes it on (the communicator's send_to refuses empty frames).
        kind = "bytes" if isinstance(frame, bytes) else "text"
        await self.communicator.send_input({"type": "websocket.receive", kind: frame})
        # Then a frame whose answer names it, so the answers to ``frame`` are all before it.
        self.sentinels += 1
        sentinel = f"sentinel:{self.sentinels}"
        await self.communicator.send_json_to({"type": "unsubscribe", "room": sentinel})
        answers = []
        while True:
            output = await self.communicator.receive_output(timeout=WAIT)
            assert output["type"] == "websocket.send", f"the socket closed: {output}"
            answer = json.loads(output["text"])
            if answer.get("ref") == sentinel:
                assert answer["code"] == events.NOT_FOUND
                return answers
            answers.append(answer)

    async def close(self):
        if self.communicator is not None and not self.communicator.future.done():
            await self.communicator.disconnect(timeout=WAIT)


@pytest.fixture
def member_socket(anna, room, monkeypatch):
    """Anna's socket, opened once for all the examples, with every layer made for its loop."""
    monkeypatch.setattr(consumers, "BAD_FRAME_LIMIT", 10**9)
    monkeypatch.setattr(presence, "_store", None)
    monkeypatch.setattr(ratelimit, "_limits", ratelimit.TokenBuckets())
    channel_layers.backends.pop(DEFAULT_CHANNEL_LAYER, None)
    loop = asyncio.new_event_loop()
    socket = Socket(anna)
    loop.run_until_complete(socket.open())
    socket.run = loop.run_until_complete
    yield socket
    loop.run_until_complete(socket.close())
    layer = channel_layers.backends.pop(DEFAULT_CHANNEL_LAYER, None)
    if hasattr(layer, "flush"):
        loop.run_until_complete(layer.flush())
    if isinstance(presence._store, presence.RedisPresence):
        loop.run_until_complete(presence._store._async.aclose())
        presence._store._sync.close()
    loop.close()
    async_to_sync(sync_to_async(connections.close_all))()
    if socket.counts["frames"] > 1:
        print(f"\ngenerated frames and their answers: {dict(socket.counts)}")


def expected_error(frame) -> str | None:
    """The error the protocol promises for frames whose answer is known in advance."""
    if isinstance(frame, bytes):
        return events.BAD_REQUEST
    if len(frame.encode()) > consumers.FRAME_MAX_BYTES:
        return events.TOO_LARGE
    try:
        json.loads(frame)
    except (ValueError, RecursionError):
        return events.BAD_REQUEST
    return None


@hypothesis_settings(max_examples=EXAMPLES)
@given(data=st.data())
def test_every_generated_frame_gets_a_documented_answer(member_socket, room, data):
    frame = data.draw(frames(room.key))
    answers = member_socket.run(member_socket.exchange(frame))
    member_socket.counts["frames"] += 1
    for answer in answers:
        member_socket.counts[answer.get("code", answer["type"])] += 1
        if answer["type"] == "error":
            assert answer["code"] in ERROR_CODES, answer
            assert set(answer) == {"type", "code", "message", "ref"}
            assert answer["message"]
            assert answer["ref"] is None or isinstance(answer["ref"], str)
        else:
            assert answer["type"] in ANSWERS, answer
    expected = expected_error(frame)
    if expected is not None:
        # Broadcasts caused by earlier frames (typing, message…) may arrive meanwhile.
        codes = [answer["code"] for answer in answers if answer["type"] == "error"]
        assert codes == [expected], (frame[:200], answers)


@pytest.mark.parametrize(
    ("frame", "code"),
    [
        ("[" * 100_000, events.TOO_LARGE),
        ("[" * 60_000 + "]" * 60_000, events.TOO_LARGE),
        ("[" * 30_000 + "]" * 30_000, events.BAD_REQUEST),
        ('{"type":["send"]}', events.BAD_REQUEST),
        ('{"type":{"a":1}}', events.BAD_REQUEST),
        ('{"type":"ping","type":"send"}', events.BAD_REQUEST),
        ('{"type":"subscribe","room":"\\ud800"}', events.BAD_REQUEST),
        ('{"type":"send","room":"network:x","topic":"a","body":"b","client_id":"\\udfff"}', None),
        ('{"type":"subscribe","room":"network:x","after":99999999999999999999}', None),
        ('{"type":"read","room":"network:x","up_to":-9223372036854775809}', None),
        ('{"type":"edit","message_id":1e400,"body":"x"}', None),
        ('{"type":"delete","message_id":NaN}', None),
    ],
)
def test_hostile_frames_are_bad_requests(member_socket, frame, code):
    answers = member_socket.run(member_socket.exchange(frame))
    assert [answer["code"] for answer in answers] == [code or events.BAD_REQUEST], answers


def test_a_lone_surrogate_in_a_client_id_is_not_echoed(member_socket, room):
    frame = {"type": "send", "room": room.key, "topic": "a", "body": "\ud800", "client_id": "x"}
    answers = member_socket.run(member_socket.exchange(dumps(frame)))
    assert [(answer["code"], answer["ref"]) for answer in answers] == [(events.BAD_REQUEST, "x")]
    frame["client_id"] = "\udc00"
    answers = member_socket.run(member_socket.exchange(dumps(frame)))
    assert [(answer["code"], answer["ref"]) for answer in answers] == [(events.BAD_REQUEST, None)]


def test_the_socket_still_sends_after_hostile_frames(member_socket, room):
    for frame in ['{"type":[]}', "[" * 20_000, '{"type":"subscribe","room":"\\ud800"}']:
        member_socket.run(member_socket.exchange(frame))
    client_id = uuid.uuid4().hex
    frame = {"type": "send", "room": room.key, "topic": "Plan", "body": "Nadal działa"}
    answers = member_socket.run(member_socket.exchange(dumps({**frame, "client_id": client_id})))
    assert answers[0]["type"] == "ack" and answers[0]["client_id"] == client_id
