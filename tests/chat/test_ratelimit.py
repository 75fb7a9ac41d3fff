"""The send limit is per member across every daphne process: one token bucket per member in
Redis (chat.ratelimit), the process's own while Redis is unreachable."""

import asyncio
import os
import uuid

import pytest
from asgiref.sync import sync_to_async

from chat import ratelimit
from chat.errors import RateLimited
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


async def test_the_http_sends_check_falls_back_to_the_process_while_redis_is_unreachable():
    limiter = RedisTokenBuckets("redis://127.0.0.1:9/0", "wzk-test", rate=0.001)
    answers = [limiter.allow_blocking(7) for _n in range(BURST + 2)]
    assert answers == [True] * BURST + [False] * 2


async def test_without_redis_a_process_keeps_its_own_buckets():
    limiter = TokenBuckets(rate=0.001)
    assert [await limiter.allow(7) for _n in range(BURST + 1)] == [True] * BURST + [False]


@pytest.mark.redis
async def test_sync_code_draws_from_the_same_redis_bucket_without_the_sockets_client(
    monkeypatch,
):
    """The HTTP send's check (``send_check_blocking``, from a thread as a sync view runs) and
    the socket's (``send_check``, on the server's loop) take from one bucket; the sync check
    has a client of its own, never the server loop's."""
    limiter = RedisTokenBuckets(os.environ["REDIS_URL"], f"wzk-test-{uuid.uuid4().hex}", rate=0.001)
    monkeypatch.setattr(ratelimit, "_limits", limiter)

    def from_http(count: int) -> list[bool]:
        answers = []
        for _n in range(count):
            try:
                ratelimit.send_check_blocking(7)
            except RateLimited:
                answers.append(False)
            else:
                answers.append(True)
        return answers

    try:
        await ratelimit.send_check(7)
        assert await sync_to_async(from_http)(BURST) == [True] * (BURST - 1) + [False]
        assert list(limiter._scripts) == [asyncio.get_running_loop()]  # the socket's only
        with pytest.raises(RateLimited):
            await ratelimit.send_check(7, ref="c-1")
    finally:
        await limiter.aclose()
