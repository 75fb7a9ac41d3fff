"""Soak of the live chat under faults: the platform's own browser client (socket.js and
discussion.js in Chromium pages) through many Redis restarts and daphne kills.

Run from the repository root (about 6 minutes with the defaults):

    nice .venv/bin/python bench/chat_faults.py [--restarts 50] [--kills 20] [--members 8]

It creates (once) and migrates the database ``wzk_chat_faults``, collects static files, starts
a private ``redis-server``, two daphne processes (``tests/chat/livestack.py``) and a balancer
in front of them (nginx's part), opens one Chromium page per member on a fresh network's
discussion page, and lets ``--senders`` of them type a message about every 1.5 s
(``tests/chat/faults.py``) while faults follow each other every ``--every`` seconds: Redis
stopped for 1–4 s and started again empty, ``--restarts`` times; ``--kills`` of those outages
also see a daphne process (each in turn) killed with SIGKILL near them, before, during or
after, and started again 1–3 s later. The conversation ends inside the last outage (so the
last broadcasts are lost for good and readers learn of them from a ``pong``, every 25 s); then
every page has up to ``--settle`` seconds to hold every stored message.

Prints, per client: messages shown, lost (stored, not shown), duplicated (shown twice, or
still pending after being stored), not stored yet shown, out of order, and how its sockets
closed; then the totals and whether every typed message is stored exactly once. Writes
``bench/results/chat_faults.json``. The exit code is 0 whatever the figures: a report, not a
test (``tests/browser/test_chat_faults.py`` is the test). See ``bench/README.md``.
"""

import argparse
import contextlib
import json
import os
import random
import signal
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.browser.conftest import chromium  # noqa: E402
from tests.chat.faults import (  # noqa: E402
    Fault,
    Member,
    converse,
    daphne_kill,
    redis_restart,
    report,
    settle,
    stored_messages,
)
from tests.chat.livestack import Balancer, LiveStack  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "chat_faults.json"
WORKDIR = ROOT / "var" / "bench" / "chat_faults"
DEFAULT_DATABASE_URL = "postgres://postgres:postgres@127.0.0.1:5432/wzk_chat_faults"


def schedule(stack: LiveStack, *, restarts: int, kills: int, every: float, seed: int):
    """Redis outages every ``every`` s (1–4 s long); ``kills`` of them, evenly spread, with a
    kill of each daphne process in turn somewhere from 1 s before the outage to 1 s after it."""
    rng = random.Random(seed)
    faults: list[Fault] = []
    killed_at = {round(i * restarts / kills) for i in range(kills)} if kills else set()
    process = 0
    for slot in range(restarts):
        at = 5 + slot * every
        down = rng.uniform(1, 4)
        faults += redis_restart(stack, at=at, down=down)
        if slot in killed_at:
            when = at + rng.uniform(-1, down + 1)
            faults += daphne_kill(stack, process, at=when, down=rng.uniform(1, 3))
            process = 1 - process
    return faults


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--fresh", action="store_true", help="drop and migrate the database")
    parser.add_argument("--restarts", type=int, default=50, help="Redis restarts")
    parser.add_argument("--kills", type=int, default=20, help="daphne processes killed")
    parser.add_argument("--every", type=float, default=6.0, help="seconds between outages")
    parser.add_argument("--members", type=int, default=8, help="pages (one member each)")
    parser.add_argument("--senders", type=int, default=4, help="of which type messages")
    parser.add_argument("--settle", type=float, default=90, help="seconds to catch up after")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args()
    if args.kills > args.restarts:
        parser.error("--kills happen near Redis restarts: at most --restarts of them")

    def _interrupted(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, _interrupted)
    started = time.time()
    load_before = os.getloadavg()
    stack = LiveStack(
        base_database_url=args.database_url,
        workdir=WORKDIR,
        processes=2,
        database_name=args.database_url.rsplit("/", 1)[1],
        keep_database=True,
        static=True,
    )
    if args.fresh:
        stack.database.drop()
    balancer = None
    members: list[Member] = []
    try:
        print("Starting Redis, the database, two daphne processes …", flush=True)
        for server in stack.servers:
            server.log_path.unlink(missing_ok=True)
        stack.start(reuse_database=True)
        slug = f"awaria-{time.strftime('%Y%m%d-%H%M%S')}"  # a room of its own, empty
        room = stack.provision({slug: args.members}, prefix=slug)[slug]
        stack.wait_ready()
        balancer = Balancer(stack.ports).start()
        faults = schedule(
            stack, restarts=args.restarts, kills=args.kills, every=args.every, seed=args.seed
        )
        # The conversation ends half a second into the last outage: the broadcasts of its last
        # messages are lost for good, and the pages that only read learn of them by a pong.
        seconds = max(fault.at for fault in faults if fault.name == "Redis stopped") + 0.5
        with chromium() as browser:
            for index, user in enumerate(room["users"]):
                role = "sends" if index < args.senders else "reads"
                member = Member(
                    browser,
                    balancer.url,
                    user,
                    slug,
                    name=f"{index + 1:02d}-{role}",
                    sends=index < args.senders,
                )
                members.append(member)
                member.open()
            print(
                f"{len(members)} pages open; {args.restarts} Redis restarts, {args.kills} kills "
                f"over {seconds:.0f} s …",
                flush=True,
            )
            typed = converse(members, seconds=seconds, faults=faults, log=print)
            print(f"{typed} messages typed; waiting up to {args.settle:.0f} s to settle …")
            settle_started = time.monotonic()
            settled, caught_up = None, {}
            try:
                caught_up = settle(stack, room["room_id"], members, timeout=args.settle)
            except AssertionError as error:
                settled = str(error)
            settle_seconds = time.monotonic() - settle_started
            pages = report(stack, room["room_id"], members)
            errors = {member.name: member.errors for member in members if member.errors}
            for member in members:
                member.close()
        stored = stored_messages(stack, room["room_id"])
        typed_bodies = Counter(text for member in members for text in member.typed)
        stored_bodies = Counter(body for _id, body in stored)
        logs = {server.port: server.log() for server in stack.servers}
    finally:
        for member in members:
            with contextlib.suppress(Exception):  # already closed with the browser
                member.close()
        if balancer is not None:
            balancer.stop()
        stack.stop()

    results = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(started)),
        "seconds": round(time.time() - started),
        "machine": {
            "cpus": os.cpu_count(),
            "load_average_before": load_before,
            "load_average_after": os.getloadavg(),
        },
        "settings": {k: str(v) for k, v in vars(args).items() if k != "database_url"},
        "typed": sum(typed_bodies.values()),
        "stored": len(stored),
        "stored_twice": sum(n - 1 for n in stored_bodies.values() if n > 1),
        "typed_not_stored": sum((typed_bodies - stored_bodies).values()),
        "settled_in_seconds": None if settled else round(settle_seconds, 1),
        "not_settled": settled,
        "clients": [
            {
                "name": page.name,
                "shown": page.shown,
                "lost": page.lost,
                "duplicated": page.duplicated,
                "not_stored": page.extra,
                "out_of_order": page.out_of_order,
                "closes": dict(page.closes),
                "caught_up_seconds": caught_up.get(page.name),
            }
            for page in pages
        ],
        "page_errors": errors,
        "tracebacks_in_logs": sum(log.count("Traceback") for log in logs.values()),
        "server_errors_1011": sum(page.closes.get(1011, 0) for page in pages),
    }
    print()
    print(
        f"{'client':<10} {'shown':>6} {'lost':>5} {'dup':>4} {'extra':>5} {'order':>6} "
        f"{'caught up':>10}  closes"
    )
    for client in results["clients"]:
        closes = ", ".join(f"{code}×{n}" for code, n in sorted(client["closes"].items())) or "—"
        order = "bad" if client["out_of_order"] else "ok"
        seconds = client["caught_up_seconds"]
        caught = "never" if seconds is None else f"{seconds:.1f} s"
        print(
            f"{client['name']:<10} {client['shown']:>6} {client['lost']:>5} "
            f"{client['duplicated']:>4} {client['not_stored']:>5} {order:>6} {caught:>10}  "
            f"{closes}"
        )
    print()
    print(
        f"typed {results['typed']}, stored {results['stored']}, stored twice "
        f"{results['stored_twice']}, typed but not stored {results['typed_not_stored']}; "
        f"settled in {results['settled_in_seconds']} s; tracebacks in the logs "
        f"{results['tracebacks_in_logs']}; page errors {len(errors)}; "
        f"{results['seconds']} s in all, load average {load_before[0]:.1f} before, "
        f"{results['machine']['load_average_after'][0]:.1f} after"
    )
    if settled:
        print("NOT SETTLED:", settled[:2000])
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    print(f"Written to {args.output}")


if __name__ == "__main__":
    main()
