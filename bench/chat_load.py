"""Load benchmark of the live chat: real WebSocket clients against daphne (one process by
default) with Redis and PostgreSQL on this machine, and the same load against
``bench/ws_floor.py`` (the floor), figures printed side by side with their ratios.

Run from the repository root (takes 10-20 minutes with the defaults; ``--duration`` and
``--only`` shorten it):

    .venv/bin/python bench/chat_load.py [--duration 60] [--fresh] [--workers 1] [--no-pin]

It creates (once) and migrates the database ``wzk_chat_bench``, starts a private
``redis-server`` and ``--processes`` daphne processes (``tests/chat/livestack.py``), creates
the members and mints their sessions in bulk, then drives asyncio + ``websockets`` clients
from ``--workers`` separate processes. With ``--pin`` (default, if there are two cores or
more) the servers (ours and the floor) run on CPU 0 and everything else on the other cores.

1. fanout / floor: ``--clients`` sockets in one room, ``--senders`` members sending
   ``--rate`` messages a second in all for ``--duration`` s; the send time travels in the
   body, so each client measures delivery latency; every acked message must reach every
   client once; server CPU per delivery is printed for both;
2. sizes / floor-sizes: the same load in rooms of ``--sizes`` sockets; the largest room in
   which 95 % of deliveries take at most 500 ms (and none is lost), for both;
3. idle: ``--idle`` sockets, connected and subscribed (rooms of 100), held idle: daphne
   RSS (``/proc/<pid>/status`` VmRSS) after minus before, per socket.

Servers are restarted (and Redis emptied) before each run. Client, server, Redis and
machine CPU are sampled during each load so a saturated client shows. ``--variant`` serves
``bench.chat_load:application`` instead, with experimental changes made at start-up without
touching ``chat/``, comma-separated: ``nopresence`` (no presence broadcasts), ``core``
(channels_redis' core RedisChannelLayer instead of the pub/sub one), ``profile`` (cProfile of
each server's event-loop thread, written to ``var/bench/chat/profile/`` when it stops). The
earlier ``fastframe`` and ``pubsub`` experiments are now how ``chat/`` works.
``--env`` passes settings to the servers, e.g. ``DATABASE_CONN_MAX_AGE=60``.

Prints a results table and writes ``bench/results/chat.json``. The exit code is 0 whatever
the figures: it is a report, not a test. See ``bench/README.md``.
"""

import argparse
import asyncio
import contextlib
import json
import multiprocessing
import os
import platform
import resource
import signal
import statistics
import subprocess
import sys
import time
import uuid
from array import array
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

RESULTS = ROOT / "bench" / "results" / "chat.json"
WORKDIR = ROOT / "var" / "bench" / "chat"
DEFAULT_DATABASE_URL = "postgres://postgres:postgres@127.0.0.1:5432/wzk_chat_bench"

# The targets are ratios to the floor measured in the same run (issue: fan-out near the floor).
TARGET_P99_RATIO = 2.0  # our p99 at most twice the floor's
TARGET_ROOM_RATIO = 0.75  # our largest room at least three quarters of the floor's
ROOM_WITHIN_MS = 500
ROOM_SHARE = 0.95
TARGET_KB_PER_SOCKET = 50
SERVER_CPU = 0  # with --pin: the server(s) on this core, everything else on the others

FANOUT_ROOM = "bench-fanout"
IDLE_ROOM_SIZE = 100
TOPIC = "Pomiar"
SETTLE_QUIET = 1.5  # seconds without a frame anywhere: joins have settled
SETTLE_TIMEOUT = 300
DRAIN_TIMEOUT = 20  # after the last send, how long deliveries may still trickle in


# --- Variant application (daphne imports bench.chat_load:application) -----------------------


def __getattr__(name):
    if name == "application":
        return _variant_application()
    raise AttributeError(name)


def _variant_application():
    """``config.asgi.application`` with the changes named in CHAT_BENCH_VARIANT applied."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    import django

    django.setup()
    from django.conf import settings

    variant = set(filter(None, os.environ.get("CHAT_BENCH_VARIANT", "").split(",")))
    if "core" in variant:
        settings.CHANNEL_LAYERS = {
            "default": {
                "BACKEND": "channels_redis.core.RedisChannelLayer",
                "CONFIG": {"hosts": [settings.REDIS_URL], "prefix": "wzk:channels"},
            }
        }
    if "nopresence" in variant:
        from chat import presence

        presence.Announcer.changed = lambda self, room: None
    if "profile" in variant:
        _profile_event_loop_thread(Path(os.environ.get("CHAT_BENCH_PROFILE", WORKDIR / "profile")))
    from config.asgi import application

    return application


def _profile_event_loop_thread(directory: Path) -> None:
    """cProfile the thread running the event loop (where fan-out happens) until exit."""
    import atexit
    import cProfile

    profiler = cProfile.Profile()
    profiler.enable()
    directory.mkdir(parents=True, exist_ok=True)

    def dump():
        profiler.disable()
        profiler.dump_stats(directory / f"daphne-{os.getpid()}.prof")

    atexit.register(dump)


# --- Clients (in worker processes) ----------------------------------------------------------


def _raise_fd_limit() -> int:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = hard if hard != resource.RLIM_INFINITY else 65536
    if soft < target:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


class BenchClient:
    """One socket. Frames are looked at by prefix (our server and the floor encode the same
    way, ``type`` first); only ``message``, ``ack`` and ``error`` frames are parsed."""

    def __init__(self, *, user: dict, url: str, origin: str, room: str):
        self.user = user
        self.url = url
        self.origin = origin
        self.room = room
        self.ws = None
        self.subscribed = asyncio.Event()
        self.pending: dict[str, str] = {}
        self.acked: dict[str, int] = {}
        self.closed = False
        self.reset()

    def reset(self) -> None:
        self.seen: set[int] = set()
        self.ids = array("q")
        self.latencies = array("d")
        self.ack_latencies = array("d")
        self.duplicates = 0
        self.out_of_order = 0
        self.max_id = 0
        self.frames = 0
        self.bytes = 0
        self.presence_frames = 0
        self.presence_bytes = 0
        self.errors: Counter = Counter()
        self.last_frame_at = 0.0

    async def open(self) -> None:
        from websockets.asyncio.client import connect

        self.ws = await connect(
            self.url,
            origin=self.origin,
            additional_headers={"Cookie": f"sessionid={self.user['session']}"},
            open_timeout=60,
            close_timeout=2,
            compression=None,  # daphne does not offer it; the floor must not either
            ping_interval=None,
            max_size=2**24,
        )
        self.reader = asyncio.create_task(self.read())

    async def subscribe(self) -> None:
        await self.ws.send(json.dumps({"type": "subscribe", "room": self.room}))
        waiting = asyncio.ensure_future(self.subscribed.wait())
        await asyncio.wait({waiting, self.reader}, return_when=asyncio.FIRST_COMPLETED)
        waiting.cancel()
        if not self.subscribed.is_set():
            raise ConnectionError(f"closed before `subscribed`: code {self.ws.close_code}")

    async def read(self) -> None:
        from websockets.exceptions import ConnectionClosed

        try:
            while True:
                raw = await self.ws.recv(decode=False)
                now = time.time()
                self.frames += 1
                self.bytes += len(raw)
                self.last_frame_at = now
                if raw.startswith(b'{"type":"message"'):
                    self._on_message(json.loads(raw)["message"], now)
                elif raw.startswith(b'{"type":"presence"'):
                    self.presence_frames += 1
                    self.presence_bytes += len(raw)
                elif raw.startswith(b'{"type":"subscribed"'):
                    self.subscribed.set()
                elif raw.startswith(b'{"type":"ack"'):
                    frame = json.loads(raw)
                    self.pending.pop(frame["client_id"], None)
                    self.acked[frame["client_id"]] = frame["message"]["id"]
                    sent_at = float(frame["message"]["body"].rsplit(" ", 1)[1])
                    self.ack_latencies.append(now - sent_at)
                elif raw.startswith(b'{"type":"error"'):
                    frame = json.loads(raw)
                    self.errors[frame["code"]] += 1
                    if frame["code"] in {"rate_limited", "unavailable"} and frame["ref"]:
                        asyncio.get_running_loop().call_later(1.05, self._resend, frame["ref"])
        except ConnectionClosed:
            self.closed = True

    def _on_message(self, message: dict, now: float) -> None:
        message_id = message["id"]
        if message_id in self.seen:
            self.duplicates += 1
            return
        self.seen.add(message_id)
        if message_id < self.max_id:
            self.out_of_order += 1
        else:
            self.max_id = message_id
        body = message["body"]
        if body.startswith("bench "):
            self.ids.append(message_id)
            self.latencies.append(now - float(body.rsplit(" ", 1)[1]))

    def _resend(self, client_id: str) -> None:
        if client_id in self.pending and not self.closed:
            self._task = asyncio.ensure_future(self.ws.send(self.pending[client_id]))

    async def send_at_rate(self, *, tag: str, number: int, every: float, start: float, end: float):
        at, count = start, 0
        while at < end:
            await asyncio.sleep(max(0.0, at - time.time()))
            client_id = f"{tag}-{number}-{count}"
            body = f"bench {number} {count} {time.time():.6f}"
            frame = {"type": "send", "room": self.room, "topic": TOPIC, "body": body}
            self.pending[client_id] = text = json.dumps({**frame, "client_id": client_id})
            with contextlib.suppress(Exception):
                await self.ws.send(text)
            count += 1
            at += every
        return count

    async def close(self) -> None:
        with contextlib.suppress(Exception):
            await self.ws.close()
        if getattr(self, "reader", None):
            self.reader.cancel()


async def _gather_limited(coroutines, limit: int):
    semaphore = asyncio.Semaphore(limit)

    async def one(coroutine):
        async with semaphore:
            try:
                await coroutine
                return None
            except Exception as error:  # counted and reported
                return f"{type(error).__name__}: {error}"

    return await asyncio.gather(*(one(c) for c in coroutines))


async def _worker_loop(conn) -> None:
    loop = asyncio.get_running_loop()
    clients: list[BenchClient] = []
    while True:
        command, arg = await loop.run_in_executor(None, conn.recv)
        started = time.monotonic()
        if command == "open":
            clients = [BenchClient(**spec) for spec in arg["clients"]]
            errors = await _gather_limited([c.open() for c in clients], arg["concurrency"])
            failed = [e for e in errors if e]
            clients = [c for c, e in zip(clients, errors, strict=True) if not e and c.ws]
            conn.send({"opened": len(clients), "failed": len(failed), "errors": failed[:3]})
        elif command == "subscribe":
            coroutines = [asyncio.wait_for(c.subscribe(), arg["timeout"]) for c in clients]
            errors = await _gather_limited(coroutines, arg["concurrency"])
            failed = [e for e in errors if e]
            conn.send({"subscribed": len(clients) - len(failed), "errors": failed[:3]})
        elif command == "last_frame":
            conn.send(max((c.last_frame_at for c in clients), default=0.0))
        elif command == "reset":
            for client in clients:
                client.reset()
            conn.send(True)
        elif command == "load":
            senders = [
                clients[index].send_at_rate(
                    tag=arg["tag"],
                    number=number,
                    every=arg["every"],
                    # Evenly spread: sender n sends at start + n/rate, then every `every` s.
                    start=arg["start"] + number * arg["spacing"],
                    end=arg["end"],
                )
                for index, number in arg["senders"]
            ]
            sent = sum(await asyncio.gather(*senders))
            # Re-sends (rate limit) may still be on their way: wait for the acks, bounded.
            deadline = time.time() + DRAIN_TIMEOUT
            while any(c.pending for c in clients) and time.time() < deadline:
                await asyncio.sleep(0.05)
            acked = {cid: mid for c in clients for cid, mid in c.acked.items()}
            unacked = sum(len(c.pending) for c in clients)
            conn.send({"sent": sent, "acked": acked, "unacked": unacked})
        elif command == "count":
            expected = set(arg)
            conn.send(sum(len(expected & c.seen) for c in clients))
        elif command == "collect":
            usage = resource.getrusage(resource.RUSAGE_SELF)
            conn.send(
                {
                    "cpu": usage.ru_utime + usage.ru_stime,
                    "clients": [
                        {
                            "ids": c.ids.tobytes(),
                            "latencies": c.latencies.tobytes(),
                            "ack_latencies": c.ack_latencies.tolist(),
                            "seen": sorted(c.seen),
                            "duplicates": c.duplicates,
                            "out_of_order": c.out_of_order,
                            "frames": c.frames,
                            "bytes": c.bytes,
                            "presence_frames": c.presence_frames,
                            "presence_bytes": c.presence_bytes,
                            "errors": dict(c.errors),
                            "closed": c.closed,
                        }
                        for c in clients
                    ],
                }
            )
        elif command == "cpu":
            usage = resource.getrusage(resource.RUSAGE_SELF)
            conn.send(usage.ru_utime + usage.ru_stime)
        elif command == "close":
            await _gather_limited([c.close() for c in clients], 200)
            clients = []
            conn.send(time.monotonic() - started)
        elif command == "exit":
            return


def _worker_main(conn) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the driver decides when to stop
    _raise_fd_limit()
    asyncio.run(_worker_loop(conn))


class Workers:
    """``count`` client processes, each holding a share of the sockets."""

    def __init__(self, count: int):
        context = multiprocessing.get_context("spawn")
        self.pipes = []
        self.processes = []
        for _ in range(count):
            parent, child = context.Pipe()
            process = context.Process(target=_worker_main, args=(child,), daemon=True)
            process.start()
            self.pipes.append(parent)
            self.processes.append(process)

    def ask(self, command: str, args: list | None = None) -> list:
        for index, pipe in enumerate(self.pipes):
            pipe.send((command, args[index] if args is not None else None))
        return [pipe.recv() for pipe in self.pipes]

    def ask_all(self, command: str, arg=None) -> list:
        return self.ask(command, [arg] * len(self.pipes))

    def cpu_seconds(self) -> float:
        return sum(self.ask_all("cpu"))

    def pids(self) -> list[int]:
        return [process.pid for process in self.processes]

    def stop(self) -> None:
        for pipe in self.pipes:
            with contextlib.suppress(Exception):
                pipe.send(("exit", None))
        for process in self.processes:
            process.join(timeout=5)
            if process.is_alive():
                process.kill()


# --- Measuring the machine ------------------------------------------------------------------


def _machine_ticks() -> tuple[int, int]:
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]
    return sum(fields), idle


def _postgres_cpu() -> dict[int, float]:
    """CPU seconds of every PostgreSQL process (backends come and go: compare per pid)."""
    from tests.chat.livestack import cpu_seconds

    seconds = {}
    for comm in Path("/proc").glob("[0-9]*/comm"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            if comm.read_text().strip() == "postgres":
                seconds[int(comm.parent.name)] = cpu_seconds(int(comm.parent.name))
    return seconds


class CpuSampler:
    """CPU used by each part between ``start`` and ``stop``, in cores (1.0 = one core busy)."""

    def __init__(self, *, servers: dict[str, int], workers: Workers):
        self.servers = servers
        self.workers = workers

    def _snapshot(self) -> dict:
        from tests.chat.livestack import cpu_seconds

        snap = {name: cpu_seconds(pid) for name, pid in self.servers.items()}
        snap["clients"] = self.workers.cpu_seconds()
        snap["postgres"] = _postgres_cpu()
        snap["_machine"] = _machine_ticks()
        snap["_time"] = time.monotonic()
        return snap

    def start(self) -> None:
        self.before = self._snapshot()

    def stop(self) -> dict:
        after = self._snapshot()
        seconds = after["_time"] - self.before["_time"]
        result = {
            name: round((after[name] - self.before[name]) / seconds, 2)
            for name in after
            if not name.startswith("_") and name != "postgres"
        }
        # Backends that ended meanwhile are missed: a lower bound.
        used = sum(
            v - self.before["postgres"].get(pid, 0.0) for pid, v in after["postgres"].items()
        )
        result["postgres"] = round(used / seconds, 2)
        total = after["_machine"][0] - self.before["_machine"][0]
        idle = after["_machine"][1] - self.before["_machine"][1]
        result["machine_busy"] = round((1 - idle / total) * (os.cpu_count() or 1), 2)
        return result


# --- One fan-out run ------------------------------------------------------------------------


def _percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    index = min(len(values) - 1, max(0, round(share * len(values)) - 1))
    return values[index]


def _cpu_per_delivery(cores: dict | None, duration: float, deliveries: int) -> float | None:
    """Server CPU (every daphne, or the floor) per delivered frame, in µs: CPU cores busy
    over the load times its length, over the frames delivered."""
    if not cores or not deliveries:
        return None
    busy = sum(v for k, v in cores.items() if k.startswith(("daphne", "floor")))
    return round(busy * duration * 1e6 / deliveries, 1)


def _pin(pid: int, cpus: set[int]) -> None:
    with contextlib.suppress(OSError):  # the process may have gone
        os.sched_setaffinity(pid, cpus)


def _wait_quiet(workers: Workers, *, quiet: float, timeout: float) -> float:
    """Until no socket has had a frame for ``quiet`` seconds; returns the time waited."""
    started = time.time()
    while True:
        last = max(workers.ask_all("last_frame"))
        now = time.time()
        if now - max(last, started) >= quiet:
            return now - started
        if now - started > timeout:
            raise TimeoutError(f"frames still arriving after {timeout} s")
        time.sleep(0.25)


def fanout_run(
    *,
    name: str,
    workers: Workers,
    targets: list[tuple[str, str]],
    users: list[dict],
    room: str,
    senders: int,
    rate: float,
    duration: float,
    cpu: CpuSampler | None,
) -> dict:
    """``len(users)`` sockets in ``room`` spread over ``targets`` (url, origin) and workers;
    ``senders`` of them send ``rate`` messages a second in all for ``duration`` seconds."""
    count = len(workers.pipes)
    plan = [[] for _ in range(count)]
    sender_slots = [[] for _ in range(count)]
    for index, user in enumerate(users):
        url, origin = targets[index % len(targets)]
        worker = index % count
        if index < senders:
            sender_slots[worker].append((len(plan[worker]), index))
        plan[worker].append({"user": user, "url": url, "origin": origin, "room": room})
    result: dict = {"name": name, "clients": len(users), "senders": senders, "rate": rate}
    started = time.monotonic()
    opened = workers.ask("open", [{"clients": p, "concurrency": 50} for p in plan])
    result["opened"] = sum(o["opened"] for o in opened)
    result["open_errors"] = [e for o in opened for e in o["errors"]][:3]
    result["open_seconds"] = round(time.monotonic() - started, 1)
    started = time.monotonic()
    subscribed = workers.ask_all("subscribe", {"concurrency": 50, "timeout": SETTLE_TIMEOUT})
    result["subscribed"] = sum(s["subscribed"] for s in subscribed)
    try:
        _wait_quiet(workers, quiet=SETTLE_QUIET, timeout=SETTLE_TIMEOUT)
        result["settle_seconds"] = round(time.monotonic() - started - SETTLE_QUIET, 1)
    except TimeoutError as error:
        result["settle_seconds"] = None
        result["failure"] = f"joining did not settle: {error}"
    joins = workers.ask_all("collect")
    per_client = [c for w in joins for c in w["clients"]]
    if per_client:
        result["join_presence_mb_per_client"] = round(
            statistics.mean(c["presence_bytes"] for c in per_client) / 1e6, 2
        )
        result["join_presence_frames_per_client"] = round(
            statistics.mean(c["presence_frames"] for c in per_client)
        )
    if result["subscribed"] < len(users) or result.get("failure"):
        result.setdefault("failure", f"only {result['subscribed']}/{len(users)} subscribed")
        workers.ask_all("close")
        return result

    workers.ask_all("reset")
    tag = uuid.uuid4().hex[:8]
    start = time.time() + 1.0
    end = start + duration
    every = senders / rate
    if cpu:
        cpu.start()
    loads = workers.ask(
        "load",
        [
            {
                "tag": tag,
                "senders": slots,
                "every": every,
                "spacing": 1 / rate,
                "start": start,
                "end": end,
            }
            for slots in sender_slots
        ],
    )
    if cpu:
        result["cpu_cores"] = cpu.stop()
    expected = {mid for load in loads for mid in load["acked"].values()}
    result["sent"] = sum(load["sent"] for load in loads)
    result["acked"] = len(expected)
    result["unacked"] = sum(load["unacked"] for load in loads)
    # Deliveries may trail the last send a little: wait until all are in (bounded).
    wanted = len(expected) * result["subscribed"]
    deadline = time.monotonic() + DRAIN_TIMEOUT
    while sum(workers.ask_all("count", sorted(expected))) < wanted:
        if time.monotonic() > deadline:
            break
        time.sleep(0.25)
    collected = workers.ask_all("collect")
    clients = [c for w in collected for c in w["clients"]]
    latencies: list[float] = []
    acks = sorted(v for client in clients for v in client["ack_latencies"])
    lost = duplicated = out_of_order = 0
    errors: Counter = Counter()
    for client in clients:
        ids = array("q")
        ids.frombytes(client["ids"])
        lat = array("d")
        lat.frombytes(client["latencies"])
        latencies.extend(v for i, v in zip(ids, lat, strict=True) if i in expected)
        lost += len(expected - set(client["seen"]))
        duplicated += client["duplicates"]
        out_of_order += client["out_of_order"]
        errors.update(client["errors"])
    latencies.sort()
    delivered = len(latencies)
    result.update(
        {
            "deliveries": delivered,
            "deliveries_per_s": round(delivered / duration, 1),
            "p50_ms": round(_percentile(latencies, 0.50) * 1000, 1),
            "p95_ms": round(_percentile(latencies, 0.95) * 1000, 1),
            "p99_ms": round(_percentile(latencies, 0.99) * 1000, 1),
            "max_ms": round(latencies[-1] * 1000, 1) if latencies else None,
            # send → ack at the sender: the server's work before the broadcast starts.
            "ack_p50_ms": round(_percentile(acks, 0.50) * 1000, 1),
            "ack_p99_ms": round(_percentile(acks, 0.99) * 1000, 1),
            "within_500ms": round(
                sum(1 for v in latencies if v <= ROOM_WITHIN_MS / 1000) / max(1, wanted), 4
            ),
            "cpu_us_per_delivery": _cpu_per_delivery(result.get("cpu_cores"), duration, delivered),
            "lost": lost,
            "duplicated": duplicated,
            "out_of_order": out_of_order,
            "errors": dict(errors),
            "sockets_closed": sum(1 for c in clients if c["closed"]),
        }
    )
    workers.ask_all("close")
    return result


# --- The stack ------------------------------------------------------------------------------


def _handshakes(url: str) -> bool:
    from websockets.sync.client import connect

    try:
        with connect(url, open_timeout=2):
            return True
    except OSError:
        return False


class Bench:
    def __init__(self, args):
        from tests.chat.livestack import DAPHNE_FLAGS, LiveStack

        self.args = args
        extra = dict(item.split("=", 1) for item in args.env)
        if args.variant:
            extra["CHAT_BENCH_VARIANT"] = args.variant
        flags = list(DAPHNE_FLAGS)
        if args.max_message_size:
            flags[flags.index("--websocket-max-message-size") + 1] = str(args.max_message_size)
        self.stack = LiveStack(
            daphne_flags=flags,
            base_database_url=args.database_url,
            workdir=WORKDIR,
            processes=args.processes,
            database_name=args.database_url.rsplit("/", 1)[1],
            keep_database=True,
            extra_env=extra,
        )
        if args.variant:
            for server in self.stack.servers:
                server.application = "bench.chat_load:application"
        self.workers: Workers | None = None
        self.floor: subprocess.Popen | None = None
        self.cpus = os.sched_getaffinity(0)  # before this driver pins itself

    def start(self) -> None:
        print("Starting Redis, the database and the servers …", flush=True)
        self.stack.start(reuse_database=not self.args.fresh)
        largest = max([self.args.clients, *self.args.sizes])
        idle_rooms = {
            f"bench-idle-{n:02d}": IDLE_ROOM_SIZE
            for n in range(-(-self.args.idle // IDLE_ROOM_SIZE))
        }
        self.rooms = self.stack.provision({FANOUT_ROOM: largest, **idle_rooms}, prefix="bench")
        self.stack.wait_ready()
        self.workers = Workers(self.args.workers)
        self.pin_others()

    @property
    def pinned(self) -> bool:
        return self.args.pin and len(self.cpus) > 1

    def pin_others(self) -> None:
        """Clients, Redis and this driver off the server's core (``--pin``)."""
        if not self.pinned:
            return
        others = self.cpus - {SERVER_CPU}
        for pid in [os.getpid(), self.stack.redis.process.pid, *self.workers.pids()]:
            _pin(pid, others)

    def pin_server(self, pid: int) -> None:
        if self.pinned:
            _pin(pid, {SERVER_CPU})

    def restart_servers(self) -> None:
        """Fresh daphne processes and an empty Redis: each run starts from the same state."""
        for server in self.stack.servers:
            server.stop()
        self.stack.redis.restart()
        for server in self.stack.servers:
            server.start()
        self.stack.wait_ready()
        self.pin_others()  # Redis is a new process
        for server in self.stack.servers:
            self.pin_server(server.pid)

    def targets(self) -> list[tuple[str, str]]:
        return [(self.stack.ws_url(i), self.stack.origin(i)) for i in range(len(self.stack.ports))]

    def cpu(self) -> CpuSampler:
        servers = {f"daphne{i}": s.pid for i, s in enumerate(self.stack.servers)}
        servers["redis"] = self.stack.redis.process.pid
        return CpuSampler(servers=servers, workers=self.workers)

    def fanout(self, *, name: str, clients: int, duration: float) -> dict:
        self.restart_servers()
        users = self.rooms[FANOUT_ROOM]["users"][:clients]
        return fanout_run(
            name=name,
            workers=self.workers,
            targets=self.targets(),
            users=users,
            room=self.rooms[FANOUT_ROOM]["room"],
            senders=self.args.senders,
            rate=self.args.rate,
            duration=duration,
            cpu=self.cpu(),
        )

    def floor_fanout(self, *, clients: int, duration: float, name: str = "floor") -> dict:
        from tests.chat.livestack import cpu_seconds, free_port, wait_until

        port = free_port()
        self.floor = subprocess.Popen(
            [sys.executable, str(ROOT / "bench" / "ws_floor.py"), "--port", str(port)],
            start_new_session=True,
        )
        self.pin_server(self.floor.pid)
        try:
            url, origin = f"ws://127.0.0.1:{port}/", f"http://127.0.0.1:{port}"
            wait_until(lambda: _handshakes(url), timeout=20, what="ws_floor", interval=0.2)
            sampler = CpuSampler(servers={"floor": self.floor.pid}, workers=self.workers)
            result = fanout_run(
                name=name,
                workers=self.workers,
                targets=[(url, origin)],
                users=self.rooms[FANOUT_ROOM]["users"][:clients],
                room=self.rooms[FANOUT_ROOM]["room"],
                senders=self.args.senders,
                rate=self.args.rate,
                duration=duration,
                cpu=sampler,
            )
            result["floor_cpu_seconds"] = round(cpu_seconds(self.floor.pid), 1)
            return result
        finally:
            self.floor.terminate()
            self.floor.wait(timeout=10)
            self.floor = None

    def idle_memory(self, sockets: int) -> dict:
        self.restart_servers()
        targets = self.targets()
        rooms = sorted(k for k in self.rooms if k.startswith("bench-idle-"))
        count = len(self.workers.pipes)

        def plan(users_and_rooms):
            plans = [[] for _ in range(count)]
            for index, (user, room) in enumerate(users_and_rooms):
                url, origin = targets[index % len(targets)]
                plans[index % count].append(
                    {"user": user, "url": url, "origin": origin, "room": room}
                )
            return [{"clients": p, "concurrency": 50} for p in plans]

        # Warm up: every code path loaded once, so "before" holds the code, not the sockets.
        warm = [(self.rooms[rooms[0]]["users"][i], self.rooms[rooms[0]]["room"]) for i in range(20)]
        self.workers.ask("open", plan(warm))
        self.workers.ask_all("subscribe", {"concurrency": 20, "timeout": 60})
        self.workers.ask_all("close")
        time.sleep(2)
        before = {s.pid: s.rss_kb() for s in self.stack.servers}
        everyone = [
            (user, self.rooms[room]["room"]) for room in rooms for user in self.rooms[room]["users"]
        ][:sockets]
        opened = self.workers.ask("open", plan(everyone))
        connected = sum(o["opened"] for o in opened)
        time.sleep(2)
        after_connect = {s.pid: s.rss_kb() for s in self.stack.servers}
        subscribed = self.workers.ask_all("subscribe", {"concurrency": 50, "timeout": 300})
        _wait_quiet(self.workers, quiet=SETTLE_QUIET, timeout=SETTLE_TIMEOUT)
        time.sleep(2)
        after = {s.pid: s.rss_kb() for s in self.stack.servers}
        self.workers.ask_all("close")
        grown = sum(after.values()) - sum(before.values())
        grown_connect = sum(after_connect.values()) - sum(before.values())
        return {
            "sockets": connected,
            "subscribed": sum(s["subscribed"] for s in subscribed),
            "rooms": len(rooms),
            "rss_before_kb": before,
            "rss_connected_kb": after_connect,
            "rss_subscribed_kb": after,
            "kb_per_socket_connected": round(grown_connect / max(1, connected), 1),
            "kb_per_socket": round(grown / max(1, connected), 1),
        }

    def stop(self) -> None:
        if self.workers:
            self.workers.stop()
        if self.floor is not None and self.floor.poll() is None:
            self.floor.kill()
        self.stack.stop()


# --- Report ---------------------------------------------------------------------------------


def _row(metric: str, value, target: str, ok: bool | None) -> tuple:
    verdict = "" if ok is None else ("PASS" if ok else "FAIL")
    return metric, "-" if value is None else str(value), target, verdict


def report(results: dict) -> list[tuple]:
    rows = []
    fan, floor = results.get("fanout"), results.get("floor")
    for label, run in (("platform", fan), ("floor", floor)):
        if run and "p99_ms" in run:
            rows += [
                _row(
                    f"{label}: {run['clients']} clients, p50 / p99 (ms)",
                    f"{run['p50_ms']} / {run['p99_ms']}",
                    "",
                    None,
                ),
                _row(f"{label}: within {ROOM_WITHIN_MS} ms", run["within_500ms"], "", None),
                _row(
                    f"{label}: server CPU per delivery (µs)", run["cpu_us_per_delivery"], "", None
                ),
                _row(
                    f"{label}: lost / duplicated",
                    f"{run['lost']} / {run['duplicated']}",
                    "0 / 0",
                    run["lost"] == 0 and run["duplicated"] == 0,
                ),
            ]
        elif run:
            rows.append(_row(f"{label}: fan-out", run.get("failure"), "", False))
    if "ratio_p99" in results:
        rows += [
            _row(
                "platform / floor p99",
                results["ratio_p99"],
                f"≤ {TARGET_P99_RATIO}",
                results["ratio_p99"] <= TARGET_P99_RATIO,
            ),
            _row("platform / floor CPU per delivery", results.get("ratio_cpu"), "", None),
        ]
    for label, key in (("platform", "largest_room"), ("floor", "floor_largest_room")):
        if key in results:
            rows.append(
                _row(
                    f"{label}: largest room, 95 % within {ROOM_WITHIN_MS} ms",
                    results[key],
                    "",
                    None,
                )
            )
    if "ratio_room" in results:
        rows.append(
            _row(
                "platform / floor largest room",
                results["ratio_room"],
                f"≥ {TARGET_ROOM_RATIO}",
                results["ratio_room"] >= TARGET_ROOM_RATIO,
            )
        )
    idle = results.get("idle")
    if idle:
        rows.append(
            _row(
                f"memory per idle subscribed socket ({idle['sockets']}), KB",
                idle["kb_per_socket"],
                f"≤ {TARGET_KB_PER_SOCKET}",
                idle["kb_per_socket"] <= TARGET_KB_PER_SOCKET,
            )
        )
    return rows


def room_sizes(args, run) -> tuple[int | None, list[dict]]:
    """The largest of ``--sizes`` in which 95 % of deliveries take at most 500 ms and none is
    lost, and every step's result."""
    steps, largest = [], None
    for size in args.sizes:
        print(f"Room of {size} …", flush=True)
        step = run(size)
        ok = "within_500ms" in step and step["within_500ms"] >= ROOM_SHARE and step["lost"] == 0
        step["pass"] = ok
        steps.append(step)
        print(json.dumps(step), flush=True)
        if ok:
            largest = size
        elif not args.keep_going:
            break
    return largest, steps


def ratios(results: dict) -> None:
    """Ours over the floor's, measured in the same run."""
    fan, floor = results.get("fanout", {}), results.get("floor", {})
    if "p99_ms" in fan and "p99_ms" in floor:
        results["ratio_p50"] = round(fan["p50_ms"] / floor["p50_ms"], 2)
        results["ratio_p99"] = round(fan["p99_ms"] / floor["p99_ms"], 2)
        if fan.get("cpu_us_per_delivery") and floor.get("cpu_us_per_delivery"):
            results["ratio_cpu"] = round(
                fan["cpu_us_per_delivery"] / floor["cpu_us_per_delivery"], 2
            )
    if results.get("floor_largest_room") and "largest_room" in results:
        results["ratio_room"] = round(
            (results["largest_room"] or 0) / results["floor_largest_room"], 2
        )


def print_table(rows: list[tuple]) -> None:
    header = ("metric", "value", "target", "")
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(4)]
    line = "  ".join(f"{{:<{w}}}" for w in widths)
    print()
    print(line.format("metric", "value", "target", ""))
    print(line.format(*("-" * w for w in widths)))
    for row in rows:
        print(line.format(*row))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--fresh", action="store_true", help="drop and migrate the database")
    parser.add_argument("--duration", type=float, default=60, help="seconds of load per run")
    parser.add_argument(
        "--step-duration",
        type=float,
        default=None,
        help="seconds per room size (default: duration / 3, at least 10)",
    )
    parser.add_argument("--clients", type=int, default=500)
    # 5 senders × 2/s would exceed the per-member limit (burst 5, then 1/s): 10 × 1/s.
    parser.add_argument("--senders", type=int, default=10)
    parser.add_argument("--rate", type=float, default=10, help="messages per second in all")
    parser.add_argument(
        "--sizes",
        type=lambda s: [int(x) for x in s.split(",")],
        default=[250, 500, 1000, 1500, 2000],
    )
    parser.add_argument("--idle", type=int, default=2000)
    parser.add_argument("--processes", type=int, default=1, help="daphne processes")
    parser.add_argument(
        "--pin",
        action=argparse.BooleanOptionalAction,
        default=True,
        help=f"server(s) on CPU {SERVER_CPU}, clients and Redis on the others (if there are)",
    )
    parser.add_argument("--workers", type=int, default=1, help="client processes")
    parser.add_argument(
        "--only",
        default="fanout,floor,sizes,floor-sizes,idle",
        help="comma-separated: fanout, floor, sizes, floor-sizes, idle",
    )
    parser.add_argument(
        "--keep-going",
        action="store_true",
        help="try every room size, not only up to the first failure",
    )
    parser.add_argument("--variant", default="", help="e.g. core,nopresence (see above)")
    parser.add_argument("--env", action="append", default=[], help="NAME=value for daphne")
    parser.add_argument(
        "--max-message-size",
        type=int,
        default=None,
        help="daphne --websocket-max-message-size (production: 1048576; it caps sent frames too)",
    )
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args()
    only = set(args.only.split(","))
    step_duration = args.step_duration or max(10.0, args.duration / 3)

    fd_limit = _raise_fd_limit()
    bench = Bench(args)
    results: dict = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "fd_limit": fd_limit,
            "load_average_before": os.getloadavg(),
        },
        "settings": {k: v for k, v in vars(args).items() if k not in {"output", "database_url"}}
        | {"step_duration": step_duration},
    }

    def _interrupted(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, _interrupted)
    try:
        bench.start()
        if "fanout" in only:
            print(f"Fan-out: {args.clients} clients, {args.duration:.0f} s …", flush=True)
            results["fanout"] = bench.fanout(
                name="fanout", clients=args.clients, duration=args.duration
            )
            print(json.dumps(results["fanout"]), flush=True)
        if "floor" in only:
            print(f"Floor: {args.clients} clients on ws_floor.py …", flush=True)
            results["floor"] = bench.floor_fanout(clients=args.clients, duration=args.duration)
            print(json.dumps(results["floor"]), flush=True)
        if "sizes" in only:
            results["largest_room"], results["room_sizes"] = room_sizes(
                args,
                lambda size: bench.fanout(
                    name=f"room-{size}", clients=size, duration=step_duration
                ),
            )
        if "floor-sizes" in only:
            results["floor_largest_room"], results["floor_room_sizes"] = room_sizes(
                args,
                lambda size: bench.floor_fanout(
                    name=f"floor-room-{size}", clients=size, duration=step_duration
                ),
            )
        if "idle" in only:
            print(f"Idle: {args.idle} sockets …", flush=True)
            results["idle"] = bench.idle_memory(args.idle)
            print(json.dumps(results["idle"]), flush=True)
    except KeyboardInterrupt:
        print("\nInterrupted: stopping the servers.", flush=True)
        results["interrupted"] = True
    finally:
        bench.stop()
    results["machine"]["load_average_after"] = os.getloadavg()
    results["machine"]["pinned"] = (
        f"server(s) on CPU {SERVER_CPU}, clients and Redis on the others"
        if bench.pinned
        else "not pinned"
    )
    ratios(results)
    rows = report(results)
    results["table"] = [
        dict(zip(("metric", "value", "target", "verdict"), r, strict=True)) for r in rows
    ]
    print(
        f"\nCPU: {results['machine']['pinned']}; load average before "
        f"{results['machine']['load_average_before'][0]:.1f}."
    )
    print_table(rows)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(f"\nWritten to {args.output}")


if __name__ == "__main__":
    main()
