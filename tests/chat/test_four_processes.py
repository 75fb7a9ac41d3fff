"""Four daphne processes on one Redis and one PostgreSQL, as production scales out behind nginx
(docs/scaling.md): a message sent on any process reaches the sockets on all four, in order,
each once; and each process subscribes to a room in Redis once, however many of its sockets
are in it (chat/fanout.py)."""

import asyncio

import pytest
import pytest_asyncio
import redis

from tests.chat.livestack import stack_for_tests
from tests.chat.test_multiprocess import ChatClient, until

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.asyncio, pytest.mark.django_db]

PROCESSES = 4
SOCKETS_PER_PROCESS = 3
ROOM = "czworo"


@pytest.fixture(scope="module")
def stack(django_db_setup, tmp_path_factory):
    with stack_for_tests(
        workdir=tmp_path_factory.mktemp("four"),
        rooms={ROOM: PROCESSES * SOCKETS_PER_PROCESS},
        prefix="four",
        processes=PROCESSES,
    ) as live:
        yield live


@pytest_asyncio.fixture
async def members(stack):
    info = stack.rooms[ROOM]
    clients = [
        ChatClient(f"m{index}", stack, user, info["room"], server=index % PROCESSES)
        for index, user in enumerate(info["users"])
    ]
    await asyncio.gather(*(client.start() for client in clients))
    yield clients
    await asyncio.gather(*(client.close() for client in clients))


def _own_channels(stack) -> list[str]:
    """Channels subscribed in Redis that are not groups: what a process or socket reads."""
    client = redis.Redis.from_url(stack.redis.url)
    try:
        return [
            name.decode()
            for name in client.pubsub_channels("*")
            if b"__group__" not in name and not name.startswith(b"__")
        ]
    finally:
        client.close()


def _room_subscribers(stack) -> dict[str, int]:
    """Redis' own count of subscribers of each room group channel (PUBSUB NUMSUB)."""
    client = redis.Redis.from_url(stack.redis.url)
    try:
        channels = [name.decode() for name in client.pubsub_channels("*__group__room.*")]
        return dict(client.pubsub_numsub(*channels)) if channels else {}
    finally:
        client.close()


async def test_a_message_reaches_every_process_in_order_once(stack, members):
    # Every socket on its own process, which it stays on (no faults here).
    assert {client.server for client in members} == set(range(PROCESSES))
    sent = []
    for number in range(1, 41):
        sender = members[number % len(members)]
        sent.append(await sender.wait_acked(await sender.send(f"Wiadomość {number}")))
    for client in members:
        await until(lambda c=client: len(c.timeline) >= len(sent), what=f"{client.name} to get all")
    for client in members:
        # In the order sent (broadcast order is commit order), each once, all broadcast live.
        assert client.timeline == sent, client.name
        assert client.live_duplicates == 0 and client.out_of_order == 0, client.name
        assert set(sent) <= client.live, client.name
        assert client.errors == [], client.name


async def test_each_process_subscribes_to_a_room_once(stack, members):
    # One channel per process in Redis, not one per socket: 12 sockets, 4 relay channels.
    own = await asyncio.to_thread(_own_channels, stack)
    assert len(own) == PROCESSES and all(":relay." in name for name in own), own
    subscribers = await asyncio.to_thread(_room_subscribers, stack)
    # 12 sockets in the room, 3 per process: Redis sees 4 subscribers, one per process.
    assert list(subscribers.values()) == [PROCESSES], subscribers
    for client in [client for client in members if client.server == 0]:
        await client.close()
    # A process whose sockets all left the room unsubscribes; the others stay.
    await until(
        lambda: list(_room_subscribers(stack).values()) == [PROCESSES - 1],
        what="the emptied process to unsubscribe",
    )
