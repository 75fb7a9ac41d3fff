"""Browser tests: Debian's Chromium driven by Playwright against a live daphne server.

The server runs in its own process on its own database, set up like production would be:
migrated, demo data loaded, static files collected, DEBUG off. In the PostgreSQL pass
(``DATABASE_URL`` set) it gets a fresh PostgreSQL database and, with ``REDIS_URL``, the Redis
channel layer; otherwise a SQLite file and the in-memory layer.
"""

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from email import message_from_string, policy
from email.message import EmailMessage
from pathlib import Path

import pytest

from demo.accounts import DEMO_PASSWORD
from tests.chat.livestack import PostgresDatabase, free_port
from tests.processes import stop_process

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Chromium's own background traffic is refused by this machine's closed network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# As in production (Makefile, Dockerfile): daphne passes frames up to 1 MiB, so the server's
# frames for big rooms go through; the consumer itself refuses browser frames over 64 KiB.
DAPHNE_LIMITS = (
    "--websocket-max-message-size",
    "1048576",
    "--websocket-max-frame-size",
    "1048576",
)
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def require_chromium() -> None:
    if not Path(CHROMIUM).exists():
        if os.environ.get("REQUIRE_SERVICES") == "1":
            pytest.fail(f"Chromium not found at {CHROMIUM}")
        pytest.skip("needs Debian's chromium (apt-get install chromium)")


def server_env(var_dir: Path, port: int) -> dict[str, str]:
    """A live server's environment: production-like settings, its own files under ``var_dir``."""
    env = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.base",
            "DEBUG": "0",
            "VAR_DIR": str(var_dir),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SITE_URL": f"http://127.0.0.1:{port}",
            # Four slashes: django-environ reads "filemail:///tmp/x" as the relative "tmp/x".
            "EMAIL_URL": f"filemail:///{var_dir / 'mail'}",
        }
    )
    return env


def create_server_database(env: dict[str, str]) -> PostgresDatabase | None:
    """In the PostgreSQL pass, point ``env`` at a fresh database and return it."""
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        return None
    database = PostgresDatabase(os.environ["DATABASE_URL"], f"wzk_browser_{uuid.uuid4().hex[:12]}")
    database.create()
    env["DATABASE_URL"] = database.url
    return database


def drop_server_database(database: PostgresDatabase | None) -> None:
    if database:
        database.drop()


def manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True
    )


def prepare_server(env: dict[str, str], *seed_args: str) -> None:
    """Migrate, collect static files and load the demo data."""
    for command in (
        ["migrate", "--noinput", "-v0"],
        ["collectstatic", "--noinput", "-v0"],
        ["seed_demo", "--force", *seed_args],
    ):
        manage(env, *command)


def start_daphne(
    env: dict[str, str], port: int, log_path: Path, extra_args: tuple[str, ...] = DAPHNE_LIMITS
) -> subprocess.Popen:
    """Start daphne and wait until it accepts connections."""
    with open(log_path, "a") as log:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "daphne",
                "-b",
                "127.0.0.1",
                "-p",
                str(port),
                *extra_args,
                "config.asgi:application",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    pytest.fail("daphne did not start: " + log_path.read_text())


def stop_daphne(server: subprocess.Popen) -> None:
    stop_process(server)


class LiveServer:
    """Its own daphne on its own database; it can be killed or stopped and started again on
    the same port, and it writes its e-mails to files the test can read."""

    def __init__(self, var_dir: Path):
        self.var_dir = var_dir
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = server_env(var_dir, self.port)
        self.database = create_server_database(self.env)
        self.process = None
        self.worker = None

    def start(self) -> None:
        self.process = start_daphne(self.env, self.port, self.var_dir / "daphne.log")
        if self.env.get("REDIS_URL") and self.worker is None:
            # As in production: with Redis, e-mail and notices go through the database queue,
            # and a worker beside daphne delivers them.
            with open(self.var_dir / "worker.log", "a") as log:
                self.worker = subprocess.Popen(
                    [
                        *(sys.executable, "manage.py", "db_worker", "--backend", "platform"),
                        *("--interval", "0.1", "--no-startup-delay", "--no-reload"),
                    ],
                    cwd=ROOT,
                    env=self.env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )

    def kill(self) -> None:
        """As if the machine failed: no goodbye to the sockets."""
        self.process.kill()
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            stop_daphne(self.process)
        if self.worker and self.worker.poll() is None:
            stop_process(self.worker)
        self.worker = None

    def mails_to(self, address: str) -> list[EmailMessage]:
        """Every e-mail the server has sent to ``address`` (the file backend's files)."""
        separator = "\n" + "-" * 79 + "\n"
        found = []
        for path in sorted((self.var_dir / "mail").glob("*.log")):
            for raw in path.read_text().split(separator):
                if raw.strip():
                    message = message_from_string(raw.strip(), policy=policy.default)
                    if address in (message["To"] or ""):
                        found.append(message)
        return found


@contextmanager
def running(server_class: type[LiveServer], var_dir: Path, *seed_args: str):
    """A prepared (migrated, static files, demo data) and started server, removed after."""
    require_chromium()
    server = server_class(var_dir)
    try:
        prepare_server(server.env, *seed_args)
        server.start()
        yield server
    finally:
        server.stop()
        drop_server_database(server.database)


@pytest.fixture(scope="session")
def live_server_url(tmp_path_factory):
    with running(LiveServer, tmp_path_factory.mktemp("live-server")) as server:
        yield server.url


@contextmanager
def chromium():
    """Debian's Chromium through Playwright's sync API, closed after."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="module")
def browser():
    # Module scope: Playwright's sync API holds an event loop on this thread while it runs,
    # which must be gone before any asyncio test runs.
    with chromium() as browser:
        yield browser


@pytest.fixture
def page(browser, live_server_url):
    context = browser.new_context(base_url=live_server_url, locale="pl-PL")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def assert_accessible():
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def check(page):
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
        assert results.violations_count == 0, f"{page.url}\n" + results.generate_report()

    return check


def signed_in(browser, server, email: str, *, viewport: dict | None = None):
    """A page in a fresh browser context (no shared cookies) of ``server`` (a LiveServer or
    its URL), with ``email`` logged in and on the start page where login lands."""
    from playwright.sync_api import expect

    options = {"viewport": viewport} if viewport else {}
    context = browser.new_context(
        base_url=getattr(server, "url", server), locale="pl-PL", accept_downloads=True, **options
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in(page, email)
    expect(page).to_have_url(re.compile("/pulpit/$"))
    return page


def live(page, navigate, timeout: float = 15) -> None:
    """Run ``navigate`` (something that loads a page), then wait until the new page's socket
    has had a frame from the server. The server joins the socket to the member's groups before
    it opens it, so from then on every notice reaches the page; one sent before (another
    member answering the moment the page shows) would be lost, there is no catching up on
    notices."""
    heard = []

    def watch(socket):
        socket.on("framereceived", lambda _payload: heard.append(socket))

    page.on("websocket", watch)
    try:
        navigate()
        deadline = time.monotonic() + timeout
        while not heard:
            assert time.monotonic() < deadline, f"{page.url}: its socket never answered"
            page.wait_for_timeout(50)
    finally:
        page.remove_listener("websocket", watch)


@contextmanager
def in_english(page):
    """The page's member works in English: chosen with the switch, so it is kept on their
    account and notices follow it. Switched back whatever happens inside, since the live
    server, and so the account, is shared by the session's other tests."""
    from playwright.sync_api import expect

    page.get_by_role("button", name=re.compile("^English")).click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    try:
        yield page
    finally:
        page.goto("/pulpit/")
        page.get_by_role("button", name=re.compile("^Polski")).click()
        expect(page.locator("html")).to_have_attribute("lang", "pl")


def log_in(page, email: str, password: str = DEMO_PASSWORD) -> None:
    page.goto("/konto/logowanie/")
    page.get_by_label("Adres e-mail").fill(email)
    page.get_by_label("Hasło").fill(password)
    page.get_by_role("button", name="Zaloguj się").click()
