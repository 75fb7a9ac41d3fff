"""Redis going away under the chat: history still comes from the database, the client is told
its socket is not live, and live delivery comes back with Redis.

Each test has a private ``redis-server`` of its own, stopped and started again mid-test, so
the shared Redis of the test run is never disturbed.
"""

import asyncio
import logging
import time

import pytest
import pytest_asyncio
from channels.layers import DEFAULT_CHANNEL_LAYER, channel_layers

from chat import presence, ratelimit
from chat.models import Room
from chat.outages import RedisOutageFilter
from chat.ratelimit import TokenBuckets
from tests.chat.livestack import RedisServer
from tests.chat.test_consumer import WAIT, receive, send, socket, subscribe


@pytest_asyncio.fixture
async def redis_server(tmp_path, settings, monkeypatch, close_worker_connections):
    """The channel layer and presence on a redis-server of this test's own."""
    server = RedisServer(tmp_path / "redis")
    await asyncio.to_thread(server.start)
    settings.REDIS_URL = server.url
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "chat.layers.PubSubChannelLayer",
            "CONFIG": {"hosts": [server.url], "prefix": "outage-test:"},
        }
    }
    monkeypatch.setattr(presence, "_store", None)
    # Sends go as fast as the test needs: the rate limit is not what is tested here.
    monkeypatch.setattr(ratelimit, "_limits", TokenBuckets(burst=1000))
    channel_layers.backends.pop(DEFAULT_CHANNEL_LAYER, None)
    yield server
    if not server.ping():
        await asyncio.to_thread(server.start)
    layer = channel_layers.backends.pop(DEFAULT_CHANNEL_LAYER, None)
    if layer is not None:
        await layer.flush()
    if isinstance(presence._store, presence.RedisPresence):
        await presence._store._async.aclose()
        presence._store._sync.close()
    await asyncio.to_thread(server.stop)


@pytest.fixture
def key(network):
    return Room.key_for_network(network)


async def until_live(ws) -> dict:
    """Ping until the server says the socket is live again (its layer is back)."""
    deadline = time.monotonic() + WAIT
    while True:
        await ws.send_json_to({"type": "ping"})
        pong = await receive(ws, "pong")
        if pong["live"]:
            return pong
        assert time.monotonic() < deadline, "the socket never became live again"
        await asyncio.sleep(0.2)


async def until_broadcast(sender, receiver, key: str) -> dict:
    """Send until one message reaches ``receiver`` as a broadcast: the layer subscribes again
    within about a second of Redis being back, and what it published before is lost."""
    deadline = time.monotonic() + WAIT
    while True:
        await send(sender, key, "Znów na żywo")
        acked = (await receive(sender, "ack"))["message"]["id"]
        await asyncio.sleep(0.3)
        while not await receiver.receive_nothing(timeout=0.05):
            frame = await receiver.receive_json_from()
            if frame["type"] == "message" and frame["message"]["id"] == acked:
                return frame
        assert time.monotonic() < deadline, "no broadcast came through after Redis was back"


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
@pytest.mark.asyncio
async def test_an_open_socket_catches_up_from_the_database_while_redis_is_down(
    redis_server, anna, jan, key
):
    async with socket(anna) as anna_ws, socket(jan) as jan_ws:
        before = await subscribe(anna_ws, key)
        assert before["live"] is True
        await subscribe(jan_ws, key)
        await asyncio.to_thread(redis_server.stop)

        # Stored and acknowledged; its broadcast is lost with Redis.
        await send(jan_ws, key, "Napisane, gdy Redis nie działa")
        written = (await receive(jan_ws, "ack"))["message"]["id"]
        assert await anna_ws.receive_nothing(timeout=0.5)

        # Anna's ping is answered from the database: the newest id, and "not live".
        await anna_ws.send_json_to({"type": "ping"})
        assert await receive(anna_ws, "pong") == {
            "type": "pong",
            "latest": {key: written},
            "live": False,
        }
        caught_up = await subscribe(anna_ws, key, after=before["through"])
        assert [message["id"] for message in caught_up["messages"]] == [written]
        assert caught_up["through"] == written
        assert (caught_up["live"], caught_up["online"], caught_up["online_count"]) == (
            False,
            [],
            0,
        )

        await asyncio.to_thread(redis_server.start)
        await until_live(anna_ws)
        await until_live(jan_ws)
        await until_broadcast(jan_ws, anna_ws, key)


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
@pytest.mark.asyncio
async def test_a_socket_opens_and_reads_history_while_redis_is_down(redis_server, anna, jan, key):
    await asyncio.to_thread(redis_server.stop)
    async with socket(jan) as jan_ws:
        await send(jan_ws, key, "Pierwsza")
        first = (await receive(jan_ws, "ack"))["message"]["id"]
        async with socket(anna) as anna_ws:  # not refused, not closed with 1013
            subscribed = await subscribe(anna_ws, key, after=0)
            assert [message["id"] for message in subscribed["messages"]] == [first]
            assert (subscribed["through"], subscribed["live"]) == (first, False)

            await asyncio.to_thread(redis_server.start)
            # The groups this socket could not join are joined on its ping.
            await until_live(anna_ws)
            await until_live(jan_ws)
            await subscribe(jan_ws, key)
            await until_broadcast(jan_ws, anna_ws, key)


def test_an_outage_is_logged_as_one_line_with_its_message():
    try:
        raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")
    except ConnectionError as error:
        record = logging.LogRecord(
            "channels_redis.pubsub",
            logging.ERROR,
            __file__,
            1,
            "Unexpected exception in %s task",
            ("receive",),
            (type(error), error, error.__traceback__),
        )
    assert RedisOutageFilter().filter(record)
    assert record.getMessage() == (
        "Unexpected exception in receive task (Redis unreachable: "
        "Error 111 connecting to 127.0.0.1:6379. Connection refused.)"
    )
    assert (record.levelname, record.exc_info) == ("WARNING", None)
    assert "Traceback" not in logging.Formatter().format(record)
