"""A live chat stack for multi-process tests and the chat benchmark.

N daphne processes serve ``config.asgi:application`` (with the production daphne flags) on
one fresh PostgreSQL database and a private ``redis-server`` started on a free port, so
restarting or killing any piece disturbs nothing else on the machine. Members of one
network are created in bulk and logged in by minting sessions directly in the database.

``Balancer`` puts one address in front of the processes, as nginx does in production, so a
browser page fails over to another process when one is killed.

Used by ``tests/chat/test_multiprocess.py``, ``tests/browser/test_chat_faults.py``,
``bench/chat_load.py`` and ``bench/chat_faults.py``; it needs no Django setup in the calling
process (Django runs in the subprocesses only).
"""

import asyncio
import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse, urlunparse

from tests.processes import stop_process

ROOT = Path(__file__).resolve().parents[2]
REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"
DAPHNE_FLAGS = [
    # As in the Dockerfile, minus --proxy-headers (no nginx in front here).
    "--websocket_connect_timeout",
    "10",
    "--ping-interval",
    "20",
    "--ping-timeout",
    "30",
    "--websocket-max-message-size",
    "1048576",
    "--websocket-max-frame-size",
    "1048576",
]
_RESULT_MARK = "LIVESTACK-RESULT:"

# Run inside ``manage.py shell`` (script on stdin, spec in the environment): for each room, a
# network with its room and members, and one fresh session per member, all in bulk.
_PROVISION = r"""
import json, os
from datetime import timedelta
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import get_random_string
from chat.models import Room
from network.models import Network, NetworkMembership, Region, User
from network.text import folded_name

spec = json.loads(os.environ["LIVESTACK_SPEC"])
store = SessionStore()
expires = timezone.now() + timedelta(days=1)
rooms = {}
with transaction.atomic():
    regions = list(Region.objects.order_by("teryt"))
    if not regions:  # a database cloned after a test flushed the migrations' rows
        regions = [Region.objects.create(teryt="99", name="Region testowy", slug="region-testowy")]
    for slug, count in spec["rooms"].items():
        network, _ = Network.objects.get_or_create(slug=slug, defaults={"name": "Czat " + slug})
        room, _ = Room.objects.get_or_create(
            network=network, defaults={"key": Room.key_for_network(network)}
        )
        emails = [f"{spec['prefix']}-{slug}-{i:05d}@czat.example" for i in range(count)]
        known = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
        User.objects.bulk_create(
            [
                User(
                    email=email,
                    first_name="Osoba",
                    last_name=email.split("@")[0],
                    # bulk_create does not call save(), which keeps the folded name.
                    search_name=folded_name("Osoba", email.split("@")[0]),
                    region=regions[i % len(regions)],
                    password="!" + get_random_string(40),
                )
                for i, email in enumerate(emails)
                if email not in known
            ],
            batch_size=1000,
        )
        users = sorted(User.objects.filter(email__in=emails), key=lambda user: user.email)
        NetworkMembership.objects.bulk_create(
            [NetworkMembership(network=network, user=user) for user in users],
            ignore_conflicts=True,
            batch_size=1000,
        )
        sessions, result = [], []
        for user in users:
            key = get_random_string(32, "abcdefghijklmnopqrstuvwxyz0123456789")
            data = {
                SESSION_KEY: str(user.pk),
                BACKEND_SESSION_KEY: "network.backends.EmailBackend",
                HASH_SESSION_KEY: user.get_session_auth_hash(),
            }
            sessions.append(
                Session(session_key=key, session_data=store.encode(data), expire_date=expires)
            )
            result.append(
                {"id": user.pk, "email": user.email, "name": user.get_full_name(), "session": key}
            )
        Session.objects.bulk_create(sessions, batch_size=1000)
        rooms[slug] = {"room": room.key, "room_id": room.pk, "users": result}
print("LIVESTACK-RESULT:" + json.dumps(rooms))
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_open(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
        return True
    except OSError:
        return False


def wait_until(condition, *, timeout: float, what: str, interval: float = 0.05) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(interval)


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class RedisServer:
    """A private, non-persistent redis-server (like production's: nothing kept on restart)."""

    def __init__(self, workdir: Path, port: int | None = None):
        self.workdir = Path(workdir)
        self.port = port or free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def ping(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def start(self) -> None:
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            [
                REDIS_SERVER,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.workdir),
                "--maxclients",
                "10000",
                "--loglevel",
                "warning",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_until(self.ping, timeout=10, what=f"redis-server on port {self.port}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            stop_process(self.process)
        self.process = None

    def restart(self) -> None:
        """Stop and start again on the same port: every key (groups, presence) is gone."""
        self.stop()
        self.start()


class PostgresDatabase:
    """Database ``name`` on the server of ``base_url``, created for a run and dropped after."""

    def __init__(self, base_url: str, name: str):
        parsed = urlparse(base_url)
        # Created and dropped from the maintenance database, whatever ``base_url`` names.
        self._admin = urlunparse(parsed._replace(scheme="postgresql", path="/postgres"))
        self.name = name
        self.url = urlunparse(parsed._replace(path=f"/{name}"))
        self.dsn = urlunparse(parsed._replace(scheme="postgresql", path=f"/{name}"))

    def _admin_execute(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self._admin, autocommit=True) as conn:
            conn.execute(sql)

    def create(self, *, template: str | None = None) -> None:
        """An empty database, or a copy of ``template`` (which nobody may be connected to)."""
        import psycopg

        self.drop()
        if template is None:
            self._admin_execute(f'CREATE DATABASE "{self.name}"')
            return
        deadline = time.monotonic() + 5
        while True:
            try:
                self._admin_execute(f'CREATE DATABASE "{self.name}" TEMPLATE "{template}"')
                return
            except psycopg.errors.ObjectInUse:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)

    def drop(self) -> None:
        self._admin_execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def exists(self) -> bool:
        import psycopg

        with psycopg.connect(self._admin, autocommit=True) as conn:
            row = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [self.name])
            return row.fetchone() is not None

    def query(self, sql: str, params=()) -> list[tuple]:
        import psycopg

        with psycopg.connect(self.dsn, autocommit=True) as conn:
            return conn.execute(sql, params).fetchall()


class Daphne:
    def __init__(
        self,
        *,
        port: int,
        env: dict,
        log_path: Path,
        application: str = "config.asgi:application",
        flags: list[str] = DAPHNE_FLAGS,
    ):
        self.port = port
        self.application = application
        self.flags = flags
        self.env = env
        self.log_path = log_path
        self.process: subprocess.Popen | None = None

    @property
    def pid(self) -> int:
        return self.process.pid

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self) -> None:
        with open(self.log_path, "a") as log:
            self.process = subprocess.Popen(
                [
                    *(sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(self.port)),
                    *("-v", "0", *self.flags, self.application),
                ],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # Ctrl-C in the terminal reaches only the driver
            )

    def wait_ready(self, timeout: float = 60) -> None:
        def ready():
            if not self.alive:
                raise RuntimeError(f"daphne on {self.port} exited:\n{self.log()}")
            return port_open(self.port)

        wait_until(ready, timeout=timeout, what=f"daphne on port {self.port}", interval=0.1)

    def kill(self) -> None:
        """SIGKILL: the process gets no chance to close its sockets or leave its groups."""
        if self.alive:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()

    def stop(self) -> None:
        if self.alive:
            stop_process(self.process)

    def rss_kb(self) -> int:
        return rss_kb(self.pid)

    def cpu_seconds(self) -> float:
        return cpu_seconds(self.pid)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


class Balancer:
    """One address in front of the daphne processes, as nginx is in production: each new
    connection goes to the next process in turn, or to the one after if that one refuses (it
    was killed). WebSocket handshakes take turns among themselves, so the sockets of N pages
    spread evenly whatever else the pages load. A process's death closes the connections it
    held, as nginx would.

    A TCP relay on an event loop of its own in a daemon thread: ``start()``, then (always)
    ``stop()``."""

    def __init__(self, ports: list[int]):
        self.ports = list(ports)
        self.port = free_port()
        self._turns = {False: 0, True: 0}  # plain HTTP, WebSocket handshakes
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()
        self._relays: set[asyncio.Task] = set()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> "Balancer":
        # Everything on the thread's own loop: the caller's thread may run a loop of its own
        # (Playwright's sync API does).
        self._loop = asyncio.new_event_loop()
        listening = threading.Event()

        def run() -> None:
            asyncio.set_event_loop(self._loop)
            self._server = self._loop.run_until_complete(
                asyncio.start_server(self._relay, "127.0.0.1", self.port)
            )
            listening.set()
            self._loop.run_forever()

        self._thread = threading.Thread(target=run, daemon=True, name="balancer")
        self._thread.start()
        if not listening.wait(timeout=10):
            raise RuntimeError(f"the balancer did not listen on port {self.port}")
        return self

    def stop(self) -> None:
        if self._loop is None:
            return
        asyncio.run_coroutine_threadsafe(self._close(), self._loop).result(timeout=10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._loop.close()
        self._loop = None

    async def _close(self) -> None:
        self._server.close()
        for writer in list(self._writers):
            writer.close()
        # Closed on both sides, each relay ends by itself; one that does not is cancelled.
        if self._relays:
            _done, stuck = await asyncio.wait(set(self._relays), timeout=5)
            for relay in stuck:
                relay.cancel()
            await asyncio.gather(*stuck, return_exceptions=True)
        await self._server.wait_closed()

    async def _relay(self, client_reader, client_writer) -> None:
        relay = asyncio.current_task()
        self._relays.add(relay)
        try:
            await self._connect(client_reader, client_writer)
        except asyncio.CancelledError:
            # Only stop() cancels: end quietly (a task ending cancelled makes asyncio's
            # stream callback log an error).
            client_writer.close()
        finally:
            self._relays.discard(relay)

    async def _connect(self, client_reader, client_writer) -> None:
        try:
            head = await client_reader.readuntil(b"\r\n\r\n")
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, OSError):
            client_writer.close()
            return
        websocket = b"upgrade: websocket" in head.lower()
        for _attempt in self.ports:
            port = self.ports[self._turns[websocket] % len(self.ports)]
            self._turns[websocket] += 1
            try:
                server_reader, server_writer = await asyncio.open_connection("127.0.0.1", port)
                break
            except OSError:
                continue
        else:
            client_writer.close()  # every process refused: the browser retries
            return
        self._writers |= {client_writer, server_writer}
        try:
            server_writer.write(head)
            await asyncio.gather(
                self._pipe(client_reader, server_writer), self._pipe(server_reader, client_writer)
            )
        finally:
            self._writers -= {client_writer, server_writer}

    @staticmethod
    async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        except OSError:
            pass  # the other side is gone: close this one too
        finally:
            with contextlib.suppress(OSError, RuntimeError):
                writer.close()


class LiveStack:
    """Redis + PostgreSQL database + ``processes`` daphne servers, migrated and running.

    Use as a context manager, or call ``start()`` and (always) ``stop()``.
    """

    def __init__(
        self,
        *,
        base_database_url: str,
        workdir: Path,
        processes: int = 2,
        database_name: str | None = None,
        keep_database: bool = False,
        extra_env: dict | None = None,
        daphne_flags: list[str] = DAPHNE_FLAGS,
        static: bool = False,
    ):
        """``static``: collect static files before the servers start, so they serve pages
        (the chat's own scripts included) as production does, not only sockets."""
        self.static = static
        self.workdir = Path(workdir)
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.redis = RedisServer(self.workdir / "redis")
        self.database = PostgresDatabase(
            base_database_url, database_name or f"wzk_chat_live_{uuid.uuid4().hex[:10]}"
        )
        self.keep_database = keep_database
        self.ports = [free_port() for _ in range(processes)]
        env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
        env.update(
            {
                "DJANGO_SETTINGS_MODULE": "config.settings.base",
                "DEBUG": "0",
                "VAR_DIR": str(self.workdir / "var"),
                "STATIC_ROOT": str(self.workdir / "static"),
                "SECRET_KEY": "livestack-" + uuid.uuid4().hex + uuid.uuid4().hex,
                "ALLOWED_HOSTS": "127.0.0.1,localhost",
                "SITE_URL": f"http://127.0.0.1:{self.ports[0] if self.ports else 8000}",
                "EMAIL_URL": "consolemail://",
                "LOG_LEVEL": "WARNING",
                "DATABASE_URL": self.database.url,
                "REDIS_URL": self.redis.url,
                "PYTHONUNBUFFERED": "1",
            }
        )
        env.update(extra_env or {})
        (self.workdir / "static").mkdir(exist_ok=True)
        self.env = env
        self.servers = [
            Daphne(
                port=port, env=env, log_path=self.workdir / f"daphne-{port}.log", flags=daphne_flags
            )
            for port in self.ports
        ]

    # --- Life cycle ------------------------------------------------------------------------

    def start(self, *, template: str | None = None, reuse_database: bool = False) -> "LiveStack":
        """Start Redis, make the database and launch the servers (``wait_ready`` waits for
        them, so provisioning can run meanwhile).

        ``template``: copy this already migrated database instead of migrating (seconds
        instead of a minute); if it is busy, migrate after all. ``reuse_database``: keep the
        database from an earlier run if there is one (it is migrated forward).
        """
        import psycopg

        self.redis.start()
        if reuse_database and self.database.exists():
            self.manage("migrate", "--noinput", "-v0")
        else:
            try:
                self.database.create(template=template)
            except psycopg.errors.ObjectInUse:
                template = None
                self.database.create()
            if template is None:
                self.manage("migrate", "--noinput", "-v0")
        if self.static:
            self.manage("collectstatic", "--noinput", "-v0")
        for server in self.servers:
            server.start()
        return self

    def wait_ready(self) -> None:
        for server in self.servers:
            server.wait_ready()

    def stop(self) -> None:
        for server in self.servers:
            server.stop()
        self.redis.stop()
        if not self.keep_database:
            self.database.drop()

    def __enter__(self) -> "LiveStack":
        try:
            self.start()
            self.wait_ready()
            return self
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def ensure_running(self) -> None:
        """Start again whatever a fault test stopped or killed."""
        if not self.redis.ping():
            self.redis.stop()
            self.redis.start()
        for server in self.servers:
            if not server.alive:
                server.start()
        self.wait_ready()

    # --- Django in a subprocess ------------------------------------------------------------

    def manage(self, *args: str, stdin: str | None = None, env: dict | None = None) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env={**self.env, **(env or {})},
            input=stdin,
            capture_output=True,
            text=True,
        )
        if result.returncode:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stderr[-4000:]}")
        return result.stdout

    def provision(self, rooms: dict[str, int], *, prefix: str = "czat") -> dict[str, dict]:
        """For each ``{network slug: member count}``: the network, its room and its members
        (created if missing), each member with a fresh session.

        Returns ``{slug: {"room": key, "room_id": id, "users": [{"id", "email", "session"}…]}}``.
        """
        spec = json.dumps({"rooms": rooms, "prefix": prefix})
        output = self.manage("shell", stdin=_PROVISION, env={"LIVESTACK_SPEC": spec})
        for line in reversed(output.splitlines()):
            if line.startswith(_RESULT_MARK):
                return json.loads(line.removeprefix(_RESULT_MARK))
        raise RuntimeError("provisioning printed no result:\n" + output[-2000:])

    # --- Addresses ---------------------------------------------------------------------------

    def ws_url(self, index: int) -> str:
        return f"ws://127.0.0.1:{self.ports[index]}/ws/chat/"

    def origin(self, index: int) -> str:
        return f"http://127.0.0.1:{self.ports[index]}"

    def room_message_rows(self, room_id: int) -> list[tuple[int, int, str]]:
        """``(id, author_id, client_id)`` of every message in the room, by id."""
        return self.database.query(
            "SELECT id, author_id, client_id FROM chat_message WHERE room_id = %s ORDER BY id",
            [room_id],
        )


@contextmanager
def stack_for_tests(
    *, workdir: Path, rooms: dict[str, int], prefix: str, static: bool = False, processes: int = 2
):
    """For test fixtures: a running LiveStack of ``processes`` daphnes on a copy of pytest-django's
    migrated test database (``django_db_setup`` must have run; copying takes a second where
    migrating takes most of a minute), with ``rooms`` provisioned (``live.rooms``); stopped
    after."""
    from django.db import connections

    template = connections["default"].settings_dict["NAME"]
    connections.close_all()  # nobody may be connected to a template
    live = LiveStack(
        base_database_url=os.environ["DATABASE_URL"],
        workdir=workdir,
        processes=processes,
        static=static,
    )
    try:
        # Not set up after all (no test database): migrate instead.
        live.start(template=template if template.startswith("test_") else None)
        live.rooms = live.provision(rooms, prefix=prefix)
        live.wait_ready()
        yield live
    finally:
        live.stop()
