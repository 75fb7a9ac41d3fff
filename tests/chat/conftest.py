"""Fixtures shared by the discussion tests: in-process sockets, a network with two members."""

import pytest
import pytest_asyncio
from asgiref.sync import sync_to_async
from channels.layers import DEFAULT_CHANNEL_LAYER, channel_layers
from channels_redis.pubsub import RedisPubSubChannelLayer
from django.db import connections

from chat import presence, ratelimit
from chat.models import Room
from chat.permissions import access_room
from tests.factories import MembershipFactory, NetworkFactory


@pytest_asyncio.fixture
async def fresh_layer_and_presence(monkeypatch):
    """A channel layer, a presence store and send limits per test.

    Both are made once per process and bind their Redis connections and locks to the event
    loop that first uses them: right for daphne, whose one loop lives as long as the process,
    wrong for tests, each of which runs in a loop of its own.
    """
    monkeypatch.setattr(presence, "_store", None)
    # Full buckets of this process: a member's Redis bucket would outlive the test (ids repeat).
    # tests/chat/test_ratelimit.py tests the shared ones.
    monkeypatch.setattr(ratelimit, "_limits", ratelimit.TokenBuckets())
    channel_layers.backends.pop(DEFAULT_CHANNEL_LAYER, None)
    yield
    layer = channel_layers.backends.pop(DEFAULT_CHANNEL_LAYER, None)
    if isinstance(layer, RedisPubSubChannelLayer):
        await layer.flush()  # this loop's subscriptions and connections
    if isinstance(presence._store, presence.RedisPresence):
        await presence._store._async.aclose()
        presence._store._sync.close()


@pytest_asyncio.fixture
async def close_worker_connections():
    """The consumers and the async ORM work in a thread whose database connection outlives
    the test; PostgreSQL would refuse to drop the test database while it is open."""
    yield
    await sync_to_async(connections.close_all)()


# A network with two members and its room, for the tests here that need no more.


@pytest.fixture
def network(db):
    # A slug of its own per test: presence in a shared Redis outlives a test by a minute.
    return NetworkFactory()


@pytest.fixture
def anna(network):
    return MembershipFactory(network=network, user__email="anna.nowak@example.org").user


@pytest.fixture
def jan(network):
    return MembershipFactory(network=network, user__email="jan.kowalski@example.org").user


@pytest.fixture
def room(network, anna):
    return access_room(anna, Room.key_for_network(network))
