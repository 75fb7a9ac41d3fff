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


def test_cache_round_trip_through_redis():
    cache = RedisCache(os.environ["REDIS_URL"], {"KEY_PREFIX": f"wzk-test-{uuid.uuid4().hex}"})
    cache.set("region", "łódzkie", timeout=30)
    assert cache.get("region") == "łódzkie"
    cache.delete("region")
    assert cache.get("region") is None
