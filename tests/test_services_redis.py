"""The Redis-backed channel layer and cache, against a real Redis (``REDIS_URL``)."""

import os
import uuid

import pytest
from django.conf import settings
from django.core.cache.backends.redis import RedisCache

from chat.layers import PubSubChannelLayer

pytestmark = pytest.mark.redis


@pytest.mark.asyncio
async def test_a_group_message_crosses_two_channel_layer_instances():
    """Two layers of the kind production configures stand for two daphne processes sharing
    one Redis."""
    assert settings.CHANNEL_LAYERS["default"]["BACKEND"] == "chat.layers.PubSubChannelLayer"
    prefix = f"wzk-test-{uuid.uuid4().hex}"
    sender = PubSubChannelLayer(hosts=[os.environ["REDIS_URL"]], prefix=prefix)
    receiver = PubSubChannelLayer(hosts=[os.environ["REDIS_URL"]], prefix=prefix)
    channel = await receiver.new_channel()
    await receiver.group_add("network.test", channel)
    await sender.group_send("network.test", {"type": "chat.message", "body": "Dzień dobry"})
    message = await receiver.receive(channel)
    assert message == {"type": "chat.message", "body": "Dzień dobry"}
    await receiver.group_discard("network.test", channel)
    await sender.flush()
    await receiver.flush()


@pytest.mark.asyncio
async def test_the_channel_layer_shards_groups_over_several_redis_servers(tmp_path):
    """CHANNEL_REDIS_URLS (docs/scaling.md): each group lives on one of the servers, and a
    broadcast reaches the other process whichever server its group landed on."""
    import redis

    from tests.chat.livestack import RedisServer

    second = RedisServer(tmp_path / "second")
    second.start()
    try:
        hosts = [os.environ["REDIS_URL"], second.url]
        prefix = f"wzk-test-{uuid.uuid4().hex}"
        sender = PubSubChannelLayer(hosts=hosts, prefix=prefix)
        receiver = PubSubChannelLayer(hosts=hosts, prefix=prefix)
        channel = await receiver.new_channel()
        groups = [f"room.network.siec-{number}" for number in range(12)]
        for group in groups:
            await receiver.group_add(group, channel)
        for group in groups:
            await sender.group_send(group, {"type": "chat.frame", "group": group})
        received = {(await receiver.receive(channel))["group"] for _ in groups}
        assert received == set(groups)
        # Both servers carry some of the rooms.
        for url in hosts:
            client = redis.Redis.from_url(url)
            try:
                assert client.pubsub_channels(f"{prefix}__group__*"), url
            finally:
                client.close()
        await sender.flush()
        await receiver.flush()
    finally:
        second.stop()


def test_cache_round_trip_through_redis():
    cache = RedisCache(os.environ["REDIS_URL"], {"KEY_PREFIX": f"wzk-test-{uuid.uuid4().hex}"})
    cache.set("region", "łódzkie", timeout=30)
    assert cache.get("region") == "łódzkie"
    cache.delete("region")
    assert cache.get("region") is None
