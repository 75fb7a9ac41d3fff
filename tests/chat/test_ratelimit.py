"""The send limit is per member across every daphne process: one token bucket per member in
Redis (chat.ratelimit), the process's own while Redis is unreachable."""

import os
import uuid

import pytest

from chat.ratelimit import BURST, RedisTokenBuckets, TokenBuckets

pytestmark = pytest.mark.asyncio


@pytest.mark.redis
async def test_two_processes_draw_from_one_bucket_per_member():
    prefix = f"wzk-test-{uuid.uuid4().hex}"
    # Two processes' limiters on one Redis; a slow refill, so timing cannot blur the count.
    first, second = (
        RedisTokenBuckets(os.environ["REDIS_URL"], prefix, rate=0.001) for _process in range(2)
    )
    try:
        answers = [await (first if n % 2 else second).allow(7) for n in range(3 * BURST)]
        assert answers == [True] * BURST + [False] * (2 * BURST)
        assert await second.allow(8)  # another member has a bucket of their own
    finally:
        await first.aclose()
        await second.aclose()


async def test_with_redis_unreachable_the_limit_holds_per_process():
    limiter = RedisTokenBuckets("redis://127.0.0.1:9/0", "wzk-test", rate=0.001)
    try:
        answers = [await limiter.allow(7) for _n in range(BURST + 2)]
    finally:
        await limiter.aclose()
    assert answers == [True] * BURST + [False] * 2


async def test_without_redis_a_process_keeps_its_own_buckets():
    limiter = TokenBuckets(rate=0.001)
    assert [await limiter.allow(7) for _n in range(BURST + 1)] == [True] * BURST + [False]
