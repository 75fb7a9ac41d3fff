"""The WebSocket protocol of docs/chat-protocol.md, frame by frame, as a client sees it.

Transactional tests: ``transaction.on_commit`` fires for real, so every broadcast takes the
same path as in production (in-memory channel layer, or Redis when ``REDIS_URL`` is set).
"""

import asyncio
import contextlib
import json
import threading
import uuid
from contextlib import asynccontextmanager
from unittest import mock

import pytest
from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.db import OperationalError
from django.test import Client
from django.utils import timezone

from chat import consumers, events, permissions, presence, ratelimit, services
from chat.broadcast import frame_event
from chat.models import Mention, Message, ReadMarker, Room, Topic
from chat.ratelimit import BURST, TokenBuckets
from config.asgi import application
from network.services import network_member_remove
from tests.factories import MembershipFactory
from tests.notices import written

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.asyncio,
    pytest.mark.usefixtures("fresh_layer_and_presence", "close_worker_connections"),
]

# Expected frames are awaited up to WAIT (returned as soon as they come); QUIET is how long
# "nothing more arrives" is watched for.
WAIT = 5
QUIET = 1


@pytest.fixture(autouse=True)
def fresh_send_limits(monkeypatch):
    """The token buckets live for the whole process; each test starts with full ones."""
    buckets = TokenBuckets()
    monkeypatch.setattr(ratelimit, "_limits", buckets)
    return buckets


@pytest.fixture
def key(network):
    return Room.key_for_network(network)


@pytest.fixture
def moderator(network):
    return MembershipFactory(network=network, is_moderator=True).user


@pytest.fixture
def outsider(db):
    """A member of another network only."""
    return MembershipFactory(user__email="obcy@example.org").user


def _session_cookie(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


@asynccontextmanager
async def socket(user):
    cookie = await sync_to_async(_session_cookie)(user)
    communicator = WebsocketCommunicator(
        application,
        "/ws/chat/",
        headers=[
            (b"origin", b"http://localhost"),
            (b"cookie", f"{settings.SESSION_COOKIE_NAME}={cookie}".encode()),
        ],
    )
    connected, _code = await communicator.connect(timeout=WAIT)
    assert connected
    try:
        yield communicator
    finally:
        if not communicator.future.done():
            # Leaving takes a few Redis round trips; cut short, it would strand a receive.
            await communicator.disconnect(timeout=WAIT)


async def receive(communicator, kind: str | None = None) -> dict:
    """The next frame, skipping presence updates (they follow anyone joining or leaving)."""
    while True:
        frame = await communicator.receive_json_from(timeout=WAIT)
        if frame["type"] != "presence" or kind == "presence":
            break
    if kind is not None:
        assert frame["type"] == kind, frame
    return frame


async def frames_within(communicator, seconds: float = QUIET) -> list[dict]:
    """Every frame that arrives within ``seconds``."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    frames = []
    while (remaining := deadline - loop.time()) > 0:
        if await communicator.receive_nothing(timeout=remaining):
            break
        frames.append(await communicator.receive_json_from())
    return frames


async def kinds_within(communicator, seconds: float = QUIET) -> list[str]:
    return [frame["type"] for frame in await frames_within(communicator, seconds)]


async def subscribe(communicator, key: str, **extra) -> dict:
    await communicator.send_json_to({"type": "subscribe", "room": key, **extra})
    return await receive(communicator, "subscribed")


async def send(communicator, key: str, body: str = "Dzień dobry", **extra) -> str:
    client_id = extra.pop("client_id", uuid.uuid4().hex)
    frame = {"type": "send", "room": key, "topic": "Plan", "body": body, "client_id": client_id}
    await communicator.send_json_to({**frame, **extra})
    return client_id


async def error(communicator) -> dict:
    frame = await receive(communicator, "error")
    assert set(frame) == {"type", "code", "message", "ref"}
    assert frame["message"]
    return frame


@sync_to_async
def stored_messages(author, network, count: int, *, topic: str = "Plan") -> list[int]:
    """``count`` messages written straight to the database; the room's ids, ascending."""
    room = permissions.access_room(author, Room.key_for_network(network))
    topic_row, _created = Topic.objects.get_or_create(room=room, name=topic)
    Message.objects.bulk_create(
        Message(
            room=room,
            topic=topic_row,
            author=author,
            body=f"Wiadomość {n}",
            client_id=uuid.uuid4().hex,
        )
        for n in range(count)
    )
    return list(Message.objects.filter(room=room).values_list("id", flat=True).order_by("id"))


# --- subscribe / unsubscribe ---------------------------------------------------------------------


async def test_subscribe_gives_the_latest_fifty_oldest_first(anna, network, key):
    ids = await stored_messages(anna, network, 60)
    async with socket(anna) as ws:
        subscribed = await subscribe(ws, key)
    assert subscribed["room"] == key
    assert [message["id"] for message in subscribed["messages"]] == ids[-50:]
    assert subscribed["has_more"] is True
    # Older messages exist, but nothing newer: the client holds the room up to the newest.
    assert subscribed["through"] == ids[-1]
    assert subscribed["live"] is True


async def test_subscribe_without_older_messages_has_no_more(anna, network, key):
    ids = await stored_messages(anna, network, 3)
    async with socket(anna) as ws:
        subscribed = await subscribe(ws, key)
    assert [message["id"] for message in subscribed["messages"]] == ids
    assert subscribed["has_more"] is False


async def test_subscribe_after_gives_exactly_the_gap_in_order(anna, network, key):
    ids = await stored_messages(anna, network, 8)
    async with socket(anna) as ws:
        subscribed = await subscribe(ws, key, after=ids[2])
    assert [message["id"] for message in subscribed["messages"]] == ids[3:]
    assert subscribed["has_more"] is False
    assert subscribed["through"] == ids[-1]


async def test_subscribe_after_gives_at_most_200_and_says_more_follow(anna, network, key):
    ids = await stored_messages(anna, network, 205)
    async with socket(anna) as ws:
        first = await subscribe(ws, key, after=0)
        rest = await subscribe(ws, key, after=first["messages"][-1]["id"])
    assert [message["id"] for message in first["messages"]] == ids[:200]
    assert (first["has_more"], first["through"]) == (True, ids[199])
    assert [message["id"] for message in rest["messages"]] == ids[200:]
    assert (rest["has_more"], rest["through"]) == (False, ids[-1])


async def test_a_catch_up_holds_the_room_through_deleted_messages(anna, network, key):
    """A deleted message is never sent, yet it is no hole: `through` passes it, so a client
    holding the room up to `through` does not ask for it again and again."""
    ids = await stored_messages(anna, network, 5)
    await Message.objects.filter(pk__in=[ids[2], ids[4]]).aupdate(deleted_at=timezone.now())
    async with socket(anna) as ws:
        subscribed = await subscribe(ws, key, after=ids[1])
        latest = await subscribe(ws, key)
    assert [message["id"] for message in subscribed["messages"]] == [ids[3]]
    assert (subscribed["has_more"], subscribed["through"]) == (False, ids[4])
    assert [message["id"] for message in latest["messages"]] == [ids[0], ids[1], ids[3]]
    assert latest["through"] == ids[4]


async def test_a_database_outage_on_subscribe_answers_unavailable_for_the_room(anna, key):
    gone = OperationalError("server closed the connection unexpectedly")
    async with socket(anna) as ws:
        with mock.patch.object(permissions, "access_room", side_effect=gone):
            await ws.send_json_to({"type": "subscribe", "room": key, "after": 0})
            refusal = await error(ws)
        # The client knows which room to ask again for, and is not told a message was lost.
        assert (refusal["code"], refusal["ref"]) == ("unavailable", key)
        assert refusal["message"] == (
            "Rozmowy są chwilowo niedostępne. Pominięte wiadomości wczytają się za chwilę."
        )
        assert (await subscribe(ws, key, after=0))["live"] is True


async def test_a_catch_up_of_long_messages_comes_in_frames_under_a_mebibyte(anna, network, key):
    ids = await stored_messages(anna, network, 200)
    await Message.objects.filter(pk__in=ids).aupdate(body="ż" * 4_000)  # 8,000 bytes each
    async with socket(anna) as ws:
        await ws.send_json_to({"type": "subscribe", "room": key, "after": 0})
        frame = await ws.receive_from(timeout=WAIT)
        first = json.loads(frame)
        assert len(frame.encode()) < 1024 * 1024  # daphne's --websocket-max-message-size
        assert first["has_more"] is True
        got = [message["id"] for message in first["messages"]]
        assert got == ids[: len(got)]
        # Cut short by size: held up to the last message sent, and no further.
        assert first["through"] == got[-1]
        through = first["through"]
        while True:
            rest = await subscribe(ws, key, after=through)
            got += [message["id"] for message in rest["messages"]]
            through = rest["through"]
            if not rest["has_more"]:
                break
        assert got == ids
        assert through == ids[-1]


async def test_subscribe_tells_unread_count_and_who_is_online(anna, jan, network, key):
    await stored_messages(jan, network, 3)
    async with socket(anna) as anna_ws, socket(jan) as jan_ws:
        anna_subscribed = await subscribe(anna_ws, key)
        assert anna_subscribed["unread"] == 3
        assert anna.pk in [user["id"] for user in anna_subscribed["online"]]

        jan_subscribed = await subscribe(jan_ws, key)
        # Jan's own messages are not unread for him.
        assert jan_subscribed["unread"] == 0
        assert {anna.pk, jan.pk} <= {user["id"] for user in jan_subscribed["online"]}
        # Anna first hears of herself joining, then of Jan.
        presence = await receive(anna_ws, "presence")
        while jan.pk not in [user["id"] for user in presence["online"]]:
            presence = await receive(anna_ws, "presence")
        assert presence["room"] == key
        online_jan = next(user for user in presence["online"] if user["id"] == jan.pk)
        assert online_jan == {
            "id": jan.pk,
            "name": jan.get_full_name(),
            "region": "łódzkie",
            "guest": False,
        }


async def presence_frames(communicator) -> list[dict]:
    """The presence frames of the next announcement window (and a quiet second after it)."""
    frames = await frames_within(communicator, presence.ANNOUNCE_DELAY + QUIET)
    return [frame for frame in frames if frame["type"] == "presence"]


def online_ids(frame: dict) -> set[int]:
    return {user["id"] for user in frame["online"]}


async def test_presence_is_announced_when_a_members_first_socket_joins_or_last_leaves(
    anna, jan, network, key
):
    async with socket(jan) as jan_ws:
        await subscribe(jan_ws, key)
        await presence_frames(jan_ws)  # Jan's own arrival
        async with socket(anna) as first_tab:
            await subscribe(first_tab, key)
            [joined] = await presence_frames(jan_ws)
            assert online_ids(joined) == {anna.pk, jan.pk}
            assert joined["online_count"] == 2

            # A second tab, and a re-subscribe (as after a gap): the list is the same.
            async with socket(anna) as second_tab:
                await subscribe(second_tab, key)
                await subscribe(first_tab, key)
                assert await presence_frames(jan_ws) == []
            # One of Anna's tabs closed: she is still here.
            assert await presence_frames(jan_ws) == []
        [left] = await presence_frames(jan_ws)
        assert online_ids(left) == {jan.pk}


async def test_many_members_joining_at_once_make_one_presence_frame(jan, network, key):
    others = await sync_to_async(
        lambda: [MembershipFactory(network=network).user for _n in range(6)]
    )()
    async with socket(jan) as jan_ws:
        await subscribe(jan_ws, key)
        await presence_frames(jan_ws)
        async with contextlib.AsyncExitStack() as stack:
            for user in others:
                await subscribe(await stack.enter_async_context(socket(user)), key)
            frames = await presence_frames(jan_ws)
    assert len(frames) == 1
    assert online_ids(frames[0]) == {jan.pk, *(user.pk for user in others)}


async def test_a_crowded_room_lists_at_most_a_hundred_online_and_counts_them_all(anna, key):
    for number in range(150):  # members on other sockets and processes
        user = {
            "id": 10_000 + number,
            "name": f"Osoba {number:03d}",
            "region": "łódzkie",
            "guest": False,
        }
        await presence.store().join(key, f"elsewhere-{number}", user)
    async with socket(anna) as ws:
        subscribed = await subscribe(ws, key)
        assert len(subscribed["online"]) == presence.ONLINE_LIMIT == 100
        assert subscribed["online_count"] == 151
        [announced] = await presence_frames(ws)
        assert len(announced["online"]) == 100
        assert announced["online_count"] == 151
        # Sorted by name, so every client shows the same hundred.
        names = [user["name"] for user in announced["online"]]
        assert names == sorted(names)


async def test_after_unsubscribing_no_more_messages_arrive(anna, jan, key):
    async with socket(anna) as anna_ws, socket(jan) as jan_ws:
        await subscribe(anna_ws, key)
        await subscribe(jan_ws, key)
        await anna_ws.send_json_to({"type": "unsubscribe", "room": key})
        await send(jan_ws, key)
        await receive(jan_ws, "ack")
        await receive(jan_ws, "message")
        later = await frames_within(anna_ws)
        assert "message" not in [frame["type"] for frame in later], later


async def test_unsubscribing_a_room_one_is_not_in_is_not_found(anna, key):
    async with socket(anna) as ws:
        await ws.send_json_to({"type": "unsubscribe", "room": key})
        assert (await error(ws))["code"] == "not_found"


async def test_a_quiet_subscriber_receives_the_room_but_is_not_online_in_it(anna, jan, key):
    async with socket(anna) as anna_ws:
        await subscribe(anna_ws, key)
        await presence_frames(anna_ws)  # Anna's own arrival
        async with socket(jan) as rooms_page:
            subscribed = await subscribe(rooms_page, key, presence=False)
            assert online_ids(subscribed) == {anna.pk}
            assert subscribed["online_count"] == 1
            # Pinging keeps a socket's presence fresh: not for a quiet subscription.
            await rooms_page.send_json_to({"type": "ping"})
            assert (await receive(rooms_page))["type"] == "pong"
            assert await presence_frames(anna_ws) == []
            assert [user["id"] for user in await presence.store().online(key)] == [anna.pk]

            await send(anna_ws, key, "Widać to z listy rozmów?")
            message = await receive(rooms_page, "message")
            assert message["message"]["body"] == "Widać to z listy rozmów?"
        # Closing the list of rooms is not someone leaving the room.
        assert await presence_frames(anna_ws) == []


async def test_a_subscription_turns_quiet_or_ordinary_only_when_told(anna, jan, key):
    async with socket(anna) as anna_ws, socket(jan) as jan_ws:
        await subscribe(anna_ws, key)
        await presence_frames(anna_ws)
        await subscribe(jan_ws, key, presence=False)
        await subscribe(jan_ws, key, after=0)  # a catch-up that does not say stays quiet
        assert await presence_frames(anna_ws) == []

        await subscribe(jan_ws, key, presence=True)
        [joined] = await presence_frames(anna_ws)
        assert online_ids(joined) == {anna.pk, jan.pk}
        await subscribe(jan_ws, key, presence=False)
        [left] = await presence_frames(anna_ws)
        assert online_ids(left) == {anna.pk}


async def test_the_quiet_list_of_rooms_hears_of_reading_elsewhere(anna, jan, network, key):
    ids = await stored_messages(anna, network, 2)
    async with socket(jan) as rooms_page, socket(jan) as discussion:
        assert (await subscribe(rooms_page, key, presence=False))["unread"] == 2
        await subscribe(discussion, key)
        await discussion.send_json_to({"type": "read", "room": key, "up_to": ids[-1]})
        assert await receive(rooms_page, "unread") == {
            "type": "unread",
            "room": key,
            "count": 0,
            "mentions": 0,
        }


# --- send --------------------------------------------------------------------------------------


async def test_send_acks_the_sender_first_then_reaches_every_subscriber(anna, jan, key):
    async with socket(anna) as anna_ws, socket(jan) as jan_ws:
        await subscribe(anna_ws, key)
        await subscribe(jan_ws, key)
        client_id = await send(anna_ws, key, "Spotkanie we wtorek?")

        ack = await receive(anna_ws)
        assert ack["type"] == "ack"
        assert ack["client_id"] == client_id
        message = ack["message"]
        assert message["body"] == "Spotkanie we wtorek?"
        assert message["topic"] == "Plan"
        assert message["room"] == key
        assert message["client_id"] == client_id
        assert message["author"] == {
            "id": anna.pk,
            "name": anna.get_full_name(),
            "region": "łódzkie",
            "guest": False,
        }
        assert message["created_at"][-6] in "+-"  # ISO 8601 with an offset
        assert message["edited_at"] is None

        # prev_id: the room's previous message (none yet: 0).
        expected = {"type": "message", "room": key, "message": message, "prev_id": 0}
        assert await receive(anna_ws, "message") == expected
        assert await receive(jan_ws, "message") == expected
    assert await Message.objects.filter(pk=message["id"]).aexists()


async def test_every_message_names_the_rooms_previous_one_so_gaps_show(anna, jan, network, key):
    async with socket(anna) as anna_ws, socket(jan) as jan_ws:
        await subscribe(anna_ws, key)
        await subscribe(jan_ws, key)
        await send(anna_ws, key, "Pierwsza")
        first = (await receive(jan_ws, "message"))["message"]["id"]
        # Stored but never broadcast to Jan (as when Redis was down at that moment) …
        [missed] = (await stored_messages(anna, network, 1))[-1:]
        await send(anna_ws, key, "Trzecia")
        third = await receive(jan_ws, "message")
        # … the next one names it: Jan has `first`, not `missed`, and fetches exactly that.
        assert first < missed < third["message"]["id"]
        assert third["prev_id"] == missed
        caught_up = await subscribe(jan_ws, key, after=first)
        assert [m["id"] for m in caught_up["messages"]] == [missed, third["message"]["id"]]

        # A deleted message still counts as the previous one (a client that never saw it
        # finds nothing to fetch, and knows it is not missing anything newer).
        await anna_ws.send_json_to({"type": "delete", "message_id": third["message"]["id"]})
        await receive(jan_ws, "message_deleted")
        await send(anna_ws, key, "Czwarta")
        assert (await receive(jan_ws, "message"))["prev_id"] == third["message"]["id"]


async def test_a_resend_with_the_same_client_id_is_one_message(anna, jan, key):
    async with socket(anna) as anna_ws, socket(jan) as jan_ws:
        await subscribe(anna_ws, key)
        await subscribe(jan_ws, key)
        client_id = await send(anna_ws, key)
        first = await receive(anna_ws, "ack")
        await receive(anna_ws, "message")
        await send(anna_ws, key, client_id=client_id)
        again = await receive(anna_ws, "ack")

        assert again == first
        assert (await receive(jan_ws, "message"))["message"]["id"] == first["message"]["id"]
        assert "message" not in await kinds_within(jan_ws)
    assert await Message.objects.filter(author=anna, client_id=client_id).acount() == 1


async def test_broadcasts_reach_sockets_while_the_database_thread_is_busy(anna, jan, key):
    """A delivery needs no database: it must not wait for the thread that runs every query
    (a slow send or subscribe elsewhere would otherwise hold up every socket's messages)."""
    async with socket(anna) as anna_ws, socket(jan) as jan_ws:
        await subscribe(anna_ws, key)
        await subscribe(jan_ws, key)
        client_id = await send(anna_ws, key, "Przed blokadą")
        await receive(anna_ws, "ack")
        message = (await receive(jan_ws, "message"))["message"]

        release = threading.Event()
        busy = asyncio.ensure_future(sync_to_async(release.wait, thread_sensitive=True)(WAIT))
        try:
            frame = {"type": "message", "room": key, "message": {**message, "body": "W trakcie"}}
            await get_channel_layer().group_send(
                events.room_group(key), frame_event(frame, group=events.room_group(key), room=key)
            )
            assert (await receive(jan_ws, "message"))["message"]["body"] == "W trakcie"
            assert not busy.done()  # delivered while the database thread was still busy
        finally:
            release.set()
            await busy
        assert client_id == message["client_id"]


# --- edit / delete -------------------------------------------------------------------------------


async def test_editing_ones_own_message_reaches_every_subscriber(anna, jan, key):
    async with socket(anna) as anna_ws, socket(jan) as jan_ws:
        await subscribe(anna_ws, key)
        await subscribe(jan_ws, key)
        await send(anna_ws, key, "Spotknie")
        message_id = (await receive(anna_ws, "ack"))["message"]["id"]
        await receive(anna_ws, "message")
        await receive(jan_ws, "message")

        await anna_ws.send_json_to({"type": "edit", "message_id": message_id, "body": "Spotkanie"})
        for ws in (anna_ws, jan_ws):
            updated = await receive(ws, "message_updated")
            assert updated["room"] == key
            assert updated["message"]["id"] == message_id
            assert updated["message"]["body"] == "Spotkanie"
            assert updated["message"]["edited_at"] is not None
    assert (await Message.objects.aget(pk=message_id)).body == "Spotkanie"


async def test_editing_someone_elses_message_is_not_found(anna, jan, network, key):
    [message_id] = await stored_messages(anna, network, 1)
    async with socket(anna) as anna_ws, socket(jan) as jan_ws:
        await subscribe(anna_ws, key)
        await subscribe(jan_ws, key)
        await jan_ws.send_json_to({"type": "edit", "message_id": message_id, "body": "Podmiana"})
        assert (await error(jan_ws))["code"] == "not_found"
        assert "message_updated" not in await kinds_within(anna_ws)
    assert (await Message.objects.aget(pk=message_id)).body == "Wiadomość 0"


async def test_deleting_ones_own_message_reaches_every_subscriber(anna, jan, network, key):
    [message_id] = await stored_messages(anna, network, 1)
    async with socket(anna) as anna_ws, socket(jan) as jan_ws:
        await subscribe(anna_ws, key)
        await subscribe(jan_ws, key)
        await anna_ws.send_json_to({"type": "delete", "message_id": message_id})
        for ws in (anna_ws, jan_ws):
            deleted = await receive(ws, "message_deleted")
            assert deleted == {"type": "message_deleted", "room": key, "message_id": message_id}
    assert (await Message.objects.aget(pk=message_id)).deleted_at is not None


async def test_a_network_moderator_deletes_anyones_message(anna, moderator, network, key):
    [message_id] = await stored_messages(anna, network, 1)
    async with socket(anna) as anna_ws, socket(moderator) as moderator_ws:
        await subscribe(anna_ws, key)
        await subscribe(moderator_ws, key)
        await moderator_ws.send_json_to({"type": "delete", "message_id": message_id})
        assert (await receive(anna_ws, "message_deleted"))["message_id"] == message_id
    assert (await Message.objects.aget(pk=message_id)).deleted_at is not None


async def test_a_plain_member_cannot_delete_someone_elses_message(anna, jan, network, key):
    [message_id] = await stored_messages(anna, network, 1)
    async with socket(anna) as anna_ws, socket(jan) as jan_ws:
        await subscribe(anna_ws, key)
        await subscribe(jan_ws, key)
        await jan_ws.send_json_to({"type": "delete", "message_id": message_id})
        assert (await error(jan_ws))["code"] == "not_found"
        assert "message_deleted" not in await kinds_within(anna_ws)
    assert (await Message.objects.aget(pk=message_id)).deleted_at is None


# --- resolving a topic ---------------------------------------------------------------------------


def _post_resolve(user, network, topic: str, resolved: str) -> int:
    """The form under each topic, as a browser sends it; the response's status."""
    client = Client()
    client.force_login(user)
    url = f"/sieci/{network.slug}/rozmowa/temat/"
    return client.post(url, {"topic": topic, "resolved": resolved}).status_code


async def test_resolving_a_topic_reaches_every_subscriber_live(anna, jan, outsider, network, key):
    await stored_messages(anna, network, 1, topic="Plan")
    async with socket(anna) as anna_ws, socket(jan) as jan_ws, socket(outsider) as outsider_ws:
        await subscribe(anna_ws, key)
        await subscribe(jan_ws, key)
        # Someone outside the network cannot, and nobody hears of the attempt.
        assert await sync_to_async(_post_resolve)(outsider, network, "Plan", "1") == 404
        assert "topic_updated" not in await kinds_within(jan_ws)

        assert await sync_to_async(_post_resolve)(jan, network, "plan", "1") == 302
        for ws in (anna_ws, jan_ws):
            assert await receive(ws, "topic_updated") == {
                "type": "topic_updated",
                "room": key,
                "topic": "Plan",
                "resolved": True,
                "user": {
                    "id": jan.pk,
                    "name": jan.get_full_name(),
                    "region": "łódzkie",
                    "guest": False,
                },
            }
        assert await sync_to_async(_post_resolve)(anna, network, "Plan", "0") == 302
        reopened = await receive(jan_ws, "topic_updated")
        assert (reopened["resolved"], reopened["user"]["id"]) == (False, anna.pk)
        # Nothing reaches a socket outside the room.
        assert "topic_updated" not in await kinds_within(outsider_ws)
    assert not await Topic.objects.filter(resolved=True).aexists()


# --- typing, read, ping, mentions --------------------------------------------------------------


async def test_typing_reaches_others_at_most_once_every_three_seconds(anna, jan, key):
    async with socket(anna) as anna_ws, socket(jan) as jan_ws:
        await subscribe(anna_ws, key)
        await subscribe(jan_ws, key)
        await anna_ws.send_json_to({"type": "typing", "room": key, "topic": "Plan"})
        await anna_ws.send_json_to({"type": "typing", "room": key, "topic": "Plan"})
        typing = [frame for frame in await frames_within(jan_ws) if frame["type"] == "typing"]
    assert len(typing) == 1
    assert typing[0]["room"] == key
    assert typing[0]["topic"] == "Plan"
    assert typing[0]["user"]["id"] == anna.pk


async def test_typing_in_a_room_one_has_not_subscribed_is_not_found(anna, key):
    async with socket(anna) as ws:
        await ws.send_json_to({"type": "typing", "room": key, "topic": "Plan"})
        assert (await error(ws))["code"] == "not_found"


async def test_read_sends_new_counts_to_every_socket_of_that_member(anna, jan, network, key):
    ids = await stored_messages(jan, network, 3)
    async with socket(anna) as phone, socket(anna) as laptop:
        await subscribe(phone, key)
        await phone.send_json_to({"type": "read", "room": key, "up_to": ids[1]})
        # The laptop has not even subscribed: the counts are the member's, not the socket's.
        for ws in (phone, laptop):
            assert await receive(ws, "unread") == {
                "type": "unread",
                "room": key,
                "count": 1,
                "mentions": 0,
            }

        await laptop.send_json_to({"type": "read", "room": key, "up_to": ids[0]})
        for ws in (phone, laptop):
            assert (await receive(ws, "unread"))["count"] == 1
    marker = await ReadMarker.objects.aget(user=anna)
    assert marker.last_read_id == ids[1]


async def test_ping_answers_with_the_newest_id_of_every_subscribed_room(anna, network, key):
    other = await sync_to_async(MembershipFactory)(user=anna)
    other_key = Room.key_for_network(other.network)
    other_ids = await stored_messages(anna, other.network, 2)
    async with socket(anna) as ws:
        await ws.send_json_to({"type": "ping"})
        assert await receive(ws) == {"type": "pong", "latest": {}, "live": True}
        await subscribe(ws, key)
        ids = await stored_messages(anna, network, 4)
        await ws.send_json_to({"type": "ping"})
        assert await receive(ws) == {"type": "pong", "latest": {key: ids[-1]}, "live": True}
        await subscribe(ws, other_key)
        await ws.send_json_to({"type": "ping"})
        assert await receive(ws) == {
            "type": "pong",
            "latest": {key: ids[-1], other_key: other_ids[-1]},
            "live": True,
        }


async def test_a_mention_notifies_the_member_on_every_socket_even_unsubscribed(
    anna, jan, key, network
):
    async with socket(anna) as anna_ws, socket(jan) as jan_ws:
        await subscribe(anna_ws, key)
        await send(anna_ws, key, "@jan.kowalski czy możesz to sprawdzić?")
        message = (await receive(anna_ws, "ack"))["message"]

        notification = await receive(jan_ws, "notification")
        assert notification["kind"] == "mention"
        assert notification["room"] == key
        assert notification["message"] == message
        assert anna.get_full_name() in notification["text"]
        assert written(notification) == [network.name]  # the room's title, marked Polish
        assert await receive(jan_ws, "unread") == {
            "type": "unread",
            "room": key,
            "count": 1,
            "mentions": 1,
        }
        # Not subscribed: the mention comes, the room's traffic does not.
        assert "message" not in await kinds_within(jan_ws)
    mention = await Mention.objects.aget(message_id=message["id"])
    assert mention.user_id == jan.pk
    assert mention.was_online is True


# --- errors ------------------------------------------------------------------------------------

BAD_FRAMES = [
    ("malformed JSON", {"text_data": '{"type": "ping"'}),
    ("binary frame", {"bytes_data": b'{"type": "ping"}'}),
    ("unknown type", {"text_data": '{"type": "shout"}'}),
    ("no type", {"text_data": '{"room": "network:x"}'}),
    ("a list", {"text_data": '[{"type": "ping"}]'}),
    ("a string", {"text_data": '"ping"'}),
    ("a number", {"text_data": "42"}),
    ("null", {"text_data": "null"}),
    ("room as a number", {"text_data": '{"type": "subscribe", "room": 7}'}),
    (
        "after as a string",
        {"text_data": '{"type": "subscribe", "room": "network:x", "after": "5"}'},
    ),
    ("message_id as a string", {"text_data": '{"type": "edit", "message_id": "5", "body": "x"}'}),
    ("up_to as a boolean", {"text_data": '{"type": "read", "room": "network:x", "up_to": true}'}),
    ("body as a list", {"text_data": '{"type": "edit", "message_id": 5, "body": ["x"]}'}),
    (
        "presence as a string",
        {"text_data": '{"type": "subscribe", "room": "network:x", "presence": "false"}'},
    ),
]


async def test_bad_frames_get_bad_request_and_the_socket_stays_open(anna):
    async with socket(anna) as ws:
        for name, frame in BAD_FRAMES:
            await ws.send_to(**frame)
            answer = await error(ws)
            assert answer["code"] == "bad_request", name
        await ws.send_json_to({"type": "ping"})
        assert (await receive(ws))["type"] == "pong"


async def test_a_frame_over_64_kib_is_too_large_and_the_socket_stays_open(anna, key):
    async with socket(anna) as ws:
        await subscribe(ws, key)
        frame = {"type": "send", "room": key, "topic": "Plan", "client_id": "duzy"}
        await ws.send_json_to({**frame, "body": "ż" * 33_000})  # 66,000 bytes in UTF-8
        refusal = await error(ws)
        assert (refusal["code"], refusal["ref"]) == ("too_large", "duzy")
        await ws.send_json_to({"type": "ping"})
        assert (await receive(ws))["type"] == "pong"
    assert not await Message.objects.filter(client_id="duzy").aexists()


async def test_twenty_bad_frames_within_a_minute_close_the_socket(anna):
    async with socket(anna) as ws:
        for _n in range(consumers.BAD_FRAME_LIMIT - 1):
            await ws.send_to(text_data="{oops")
            assert (await error(ws))["code"] == "bad_request"
        await ws.send_json_to({"type": "ping"})
        assert (await receive(ws))["type"] == "pong"
        await ws.send_to(text_data="{oops")
        assert (await error(ws))["code"] == "bad_request"
        assert await ws.receive_output(timeout=WAIT) == {"type": "websocket.close", "code": 4008}


async def test_a_body_over_4000_characters_is_too_large(anna, key):
    async with socket(anna) as ws:
        client_id = await send(ws, key, "x" * 4001)
        refusal = await error(ws)
        assert (refusal["code"], refusal["ref"]) == ("too_large", client_id)
        await send(ws, key, "x" * 4000)
        assert len((await receive(ws, "ack"))["message"]["body"]) == 4000


@pytest.mark.parametrize(
    "fields",
    [
        {"topic": ""},
        {"topic": "   "},
        {"body": ""},
        {"body": " \n "},
        {"topic": "t" * 61},
        {"client_id": ""},
        {"client_id": "c" * 65},
    ],
    ids=[
        "empty topic",
        "blank topic",
        "empty body",
        "blank body",
        "topic of 61",
        "no client_id",
        "client_id of 65",
    ],
)
async def test_empty_or_overlong_fields_are_refused(anna, key, fields):
    async with socket(anna) as ws:
        await subscribe(ws, key)
        client_id = await send(ws, key, **fields)
        refusal = await error(ws)
        assert (refusal["code"], refusal["ref"]) == ("bad_request", client_id)
    assert not await Message.objects.aexists()


async def test_the_sixth_quick_send_is_rate_limited_for_that_member_only(
    anna, jan, key, monkeypatch
):
    # The real burst; the refill slowed down so a slow machine cannot earn a token mid-burst.
    monkeypatch.setattr(ratelimit, "_limits", TokenBuckets(burst=BURST, rate=0.001))
    async with socket(anna) as anna_ws, socket(jan) as jan_ws:
        for _n in range(BURST):
            await send(anna_ws, key)
            await receive(anna_ws, "ack")
        client_id = await send(anna_ws, key)
        refusal = await error(anna_ws)
        assert (refusal["code"], refusal["ref"]) == ("rate_limited", client_id)

        await send(jan_ws, key)
        await receive(jan_ws, "ack")
    assert await Message.objects.filter(author=anna).acount() == BURST


@sync_to_async
def _post_over_http(user, network, n) -> int:
    client = Client()
    client.force_login(user)
    form = {"topic": "Plan", "body": f"Bez skryptów {n}", "client_id": uuid.uuid4().hex}
    return client.post(f"/sieci/{network.slug}/rozmowa/wyslij/", form).status_code


async def test_sends_over_the_socket_and_over_http_share_one_budget(
    anna, network, key, monkeypatch
):
    monkeypatch.setattr(ratelimit, "_limits", TokenBuckets(burst=BURST, rate=0.001))
    async with socket(anna) as ws:
        for _n in range(BURST - 2):
            await send(ws, key)
            await receive(ws, "ack")
        assert [await _post_over_http(anna, network, n) for n in range(3)] == [302, 302, 429]
        client_id = await send(ws, key)
        refusal = await error(ws)
        assert (refusal["code"], refusal["ref"]) == ("rate_limited", client_id)
    assert await Message.objects.filter(author=anna).acount() == BURST


async def test_an_unknown_room_and_a_foreign_room_are_answered_alike(anna, outsider, key):
    async with socket(outsider) as ws:
        refusals = []
        for room in (key, "network:nie-ma-takiej-sieci", "gdzies:indziej"):
            await ws.send_json_to({"type": "subscribe", "room": room})
            refusals.append(await error(ws))
            await send(ws, room, client_id="same")
            refusals.append(await error(ws))
    assert {(refusal["code"], refusal["message"]) for refusal in refusals} == {
        ("not_found", refusals[0]["message"])
    }
    assert refusals[0]["code"] == "not_found"


async def test_a_member_removed_from_the_network_is_cut_off_at_once(
    anna, jan, moderator, network, key
):
    async with socket(anna) as anna_ws, socket(jan) as jan_ws:
        await subscribe(anna_ws, key)
        await subscribe(jan_ws, key)
        await sync_to_async(network_member_remove)(actor=moderator, network=network, member=anna)
        assert await receive(anna_ws, "revoked") == {"type": "revoked", "room": key}

        await send(jan_ws, key, "Już bez Anny")
        await receive(jan_ws, "ack")
        assert (await receive(jan_ws, "message"))["message"]["body"] == "Już bez Anny"
        assert "message" not in await kinds_within(anna_ws)

        # Access is checked on every send and subscribe, not only remembered from before.
        client_id = await send(anna_ws, key)
        refusal = await error(anna_ws)
        assert (refusal["code"], refusal["ref"]) == ("not_found", client_id)
        await anna_ws.send_json_to({"type": "subscribe", "room": key})
        assert (await error(anna_ws))["code"] == "not_found"
        assert "message" not in await kinds_within(jan_ws)
    assert not await Message.objects.filter(author=anna).aexists()


async def test_a_database_outage_answers_unavailable_and_the_socket_stays_open(anna, key):
    gone = OperationalError("server closed the connection unexpectedly")
    async with socket(anna) as ws:
        await subscribe(ws, key)
        with mock.patch.object(services, "message_send", side_effect=gone):
            client_id = await send(ws, key)
            refusal = await error(ws)
        assert (refusal["code"], refusal["ref"]) == ("unavailable", client_id)

        # The client sends again with the same client_id once the database is back.
        await send(ws, key, client_id=client_id)
        assert (await receive(ws, "ack"))["client_id"] == client_id
