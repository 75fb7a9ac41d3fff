"""Capacity of the two shared parts behind the chat, for docs/scaling.md: how many messages a
second PostgreSQL stores the way the platform stores them, and how many broadcasts a second
one Redis carries to several daphne processes.

    .venv/bin/python bench/chat_capacity.py [--duration 10] [--processes 1,2,4] [--subscribers 4]

1. stores: ``--processes`` processes, each with 8 members sending as fast as they are
   answered, storing as the consumer does (in the process' one database thread: access
   check, ``message_send`` with its read marker and its broadcast after commit, the payload)
   for ``--duration`` s, on a fresh database ``wzk_chat_capacity``; messages stored a second.
2. broadcasts: ``--subscribers`` processes, each reading one relay channel joined to a room
   group (as each daphne process does), and one process publishing a message-sized frame
   with channels_redis' ``group_send`` from ``--concurrency`` coroutines; broadcasts a
   second, deliveries a second, Redis' CPU.

Prints a table and writes ``bench/results/chat_capacity.json``; a report, not a test.
"""

import argparse
import asyncio
import json
import multiprocessing
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

RESULTS = ROOT / "bench" / "results" / "chat_capacity.json"
WORKDIR = ROOT / "var" / "bench" / "capacity"
DEFAULT_DATABASE_URL = "postgres://postgres:postgres@127.0.0.1:5432/wzk_chat_capacity"
GROUP = "room.network.bench-capacity"
BODY = "Dzień dobry, przesyłam notatki z posiedzenia WZK i propozycję terminu wizyty. " * 2


def _setup_django(database_url: str, redis_url: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.base"
    os.environ["DATABASE_URL"] = database_url
    os.environ["REDIS_URL"] = redis_url
    os.environ.setdefault("SECRET_KEY", "capacity-bench-" + "x" * 40)
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    import django

    django.setup()


def _store_process(database_url: str, redis_url: str, info: dict, index: int, duration, counts):
    """One daphne process' worth of storing: coroutines in an event loop, each store run in
    the one database thread (``database_sync_to_async``), the broadcast after commit handed
    back to the loop, as the consumer does."""
    _setup_django(database_url, redis_url)
    from channels.db import database_sync_to_async

    from chat import permissions, selectors, services
    from network.models import User

    users = list(User.objects.filter(pk__in=[u["id"] for u in info["users"]]))

    def store(user, number: int) -> None:
        room = permissions.access_room(user, info["room"])
        message, _created = services.message_send(
            user=user,
            room=room,
            topic="Pomiar",
            body=f"{BODY}{number}",
            client_id=f"cap-{index}-{user.pk}-{number}-{time.time_ns()}",
        )
        selectors.message_payload(message)

    async def main() -> int:
        end = time.monotonic() + duration
        stored = 0

        async def sender(user):
            nonlocal stored
            number = 0
            while time.monotonic() < end:
                number += 1
                await database_sync_to_async(store)(user, number)
                stored += 1

        await asyncio.gather(*(sender(user) for user in users))
        return stored

    counts[index] = asyncio.run(main())


def stores(database_url: str, redis_url: str, rooms: dict, *, processes: int, duration) -> dict:
    context = multiprocessing.get_context("spawn")
    counts = context.Array("q", processes)
    workers = [
        context.Process(
            target=_store_process,
            args=(database_url, redis_url, rooms["bench-capacity"], i, duration, counts),
        )
        for i in range(processes)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    stored = sum(counts[:])
    return {"processes": processes, "stored": stored, "per_s": round(stored / duration, 1)}


def _subscriber(redis_url: str, ready, stop, counts, index: int) -> None:
    from channels_redis.pubsub import RedisPubSubChannelLayer

    async def main():
        layer = RedisPubSubChannelLayer(hosts=[redis_url], prefix="wzk:capacity:")
        channel = await layer.new_channel("relay.")
        await layer.group_add(GROUP, channel)
        ready.release()
        received = 0
        while not stop.is_set():
            try:
                await asyncio.wait_for(layer.receive(channel), 0.5)
                received += 1
            except TimeoutError:
                continue
        counts[index] = received
        await layer.flush()

    asyncio.run(main())


def broadcasts(redis_url: str, *, subscribers: int, concurrency: int, duration: float) -> dict:
    from channels_redis.pubsub import RedisPubSubChannelLayer

    from chat.broadcast import frame_event
    from tests.chat.livestack import cpu_seconds

    context = multiprocessing.get_context("spawn")
    ready, stop = context.Semaphore(0), context.Event()
    counts = context.Array("q", subscribers)
    processes = [
        context.Process(target=_subscriber, args=(redis_url, ready, stop, counts, i))
        for i in range(subscribers)
    ]
    for process in processes:
        process.start()
    for _ in processes:
        ready.acquire()
    frame = {
        "type": "message",
        "room": "network:bench-capacity",
        "message": {"id": 1, "topic": "Pomiar", "body": BODY, "author": {"name": "Anna Nowak"}},
        "prev_id": 0,
    }
    event = frame_event(frame, group=GROUP, room="network:bench-capacity")

    async def publish() -> int:
        layer = RedisPubSubChannelLayer(hosts=[redis_url], prefix="wzk:capacity:")
        end = time.monotonic() + duration
        sent = 0

        async def one():
            nonlocal sent
            while time.monotonic() < end:
                await layer.group_send(GROUP, event)
                sent += 1

        await asyncio.gather(*(one() for _ in range(concurrency)))
        await layer.flush()
        return sent

    redis_pid = int(os.environ["CAPACITY_REDIS_PID"])
    redis_before = cpu_seconds(redis_pid)
    sent = asyncio.run(publish())
    redis_cores = (cpu_seconds(redis_pid) - redis_before) / duration
    time.sleep(1)  # the last ones still on their way
    stop.set()
    for process in processes:
        process.join(timeout=10)
    delivered = sum(counts[:])
    return {
        "subscribers": subscribers,
        "concurrency": concurrency,
        "frame_bytes": len(event["text"].encode()),
        "broadcasts_per_s": round(sent / duration, 1),
        "deliveries_per_s": round(delivered / duration, 1),
        "lost": sent * subscribers - delivered,
        "redis_cores": round(redis_cores, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--duration", type=float, default=10)
    parser.add_argument(
        "--processes", type=lambda s: [int(x) for x in s.split(",")], default=[1, 2, 4]
    )
    parser.add_argument("--subscribers", type=int, default=4)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args()

    from tests.chat.livestack import LiveStack

    stack = LiveStack(
        base_database_url=args.database_url,
        workdir=WORKDIR,
        processes=0,
        database_name=args.database_url.rsplit("/", 1)[1],
    )
    results: dict = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "cpus": os.cpu_count(),
        "load_average_before": os.getloadavg(),
    }
    try:
        print("Starting Redis and a fresh database …", flush=True)
        stack.start()
        rooms = stack.provision({"bench-capacity": 8}, prefix="cap")
        _setup_django(stack.database.url, stack.redis.url)
        os.environ["CAPACITY_REDIS_PID"] = str(stack.redis.process.pid)
        results["stores"] = []
        for processes in args.processes:
            print(f"Stores, {processes} process(es) …", flush=True)
            results["stores"].append(
                stores(
                    stack.database.url,
                    stack.redis.url,
                    rooms,
                    processes=processes,
                    duration=args.duration,
                )
            )
            print(json.dumps(results["stores"][-1]), flush=True)
        print(f"Broadcasts to {args.subscribers} processes …", flush=True)
        results["broadcasts"] = broadcasts(
            stack.redis.url,
            subscribers=args.subscribers,
            concurrency=args.concurrency,
            duration=args.duration,
        )
        print(json.dumps(results["broadcasts"]), flush=True)
    finally:
        if "django" in sys.modules and "DJANGO_SETTINGS_MODULE" in os.environ:
            from django.db import connections

            connections.close_all()  # so that the database can be dropped
        stack.stop()
    print()
    for row in results.get("stores", []):
        print(f"PostgreSQL, {row['processes']} process(es): {row['per_s']} messages stored/s")
    cast = results.get("broadcasts")
    if cast:
        print(
            f"Redis: {cast['broadcasts_per_s']} broadcasts/s to {cast['subscribers']} processes "
            f"({cast['deliveries_per_s']} deliveries/s, {cast['lost']} lost), "
            f"Redis CPU {cast['redis_cores']} cores, frames of {cast['frame_bytes']} bytes"
        )
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(f"\nWritten to {args.output}")


if __name__ == "__main__":
    main()
