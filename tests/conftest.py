"""Shared test setup.

PostgreSQL and Redis: tests that need them are marked ``postgres`` / ``redis``. Without the
service they are skipped with the reason; with ``REQUIRE_SERVICES=1`` a missing or unreachable
service stops the run instead, so CI can never pass by skipping.
"""

import os
import socket
from urllib.parse import urlparse

import pytest
from django.db import connection
from hypothesis import HealthCheck, settings

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"

# Generated inputs (hypothesis, schemathesis) are the same on every run: a failure seen in CI is
# seen again on a laptop, and the suite's time is bounded. HYPOTHESIS_PROFILE=explore draws
# new examples on every run (and keeps the failing ones in .hypothesis/).
settings.register_profile(
    "ci",
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.register_profile(
    "explore",
    parent=settings.get_profile("ci"),
    derandomize=False,
    database=settings.default.database,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def _reachable(url: str) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port), timeout=2):
            return True
    except OSError:
        return False


def pytest_sessionstart(session):
    if not REQUIRE_SERVICES:
        return
    problems = []
    for name in ("TEST_DATABASE_URL", "REDIS_URL"):
        url = os.environ.get(name)
        if not url:
            problems.append(f"{name} is not set")
        elif not _reachable(url):
            problems.append(f"{name}={url} does not answer")
    if problems:
        pytest.exit("REQUIRE_SERVICES=1 but " + "; ".join(problems), returncode=3)


def pytest_collection_modifyitems(config, items):
    # Browser tests last: they are the slowest and hold Playwright's event loop while running.
    items.sort(key=lambda item: "browser" in item.keywords)
    on_postgres = connection.vendor == "postgresql"
    for item in items:
        if "postgres" in item.keywords and not on_postgres:
            if os.environ.get("TEST_DATABASE_URL"):
                reason = "runs in the PostgreSQL pass (DATABASE_URL=$TEST_DATABASE_URL)"
            else:
                reason = "needs PostgreSQL: set TEST_DATABASE_URL"
            item.add_marker(pytest.mark.skip(reason=reason))
        if "redis" in item.keywords and not os.environ.get("REDIS_URL"):
            item.add_marker(pytest.mark.skip(reason="needs Redis: set REDIS_URL"))


@pytest.fixture(autouse=True)
def _polish_by_default(settings):
    settings.LANGUAGE_CODE = "pl"


@pytest.fixture(autouse=True)
def _full_send_limits(monkeypatch):
    """Every chat send, by socket or over HTTP, takes from the member's bucket, which outlives
    a test (in Redis or in the process) while member ids repeat: each test starts with full
    buckets of this process. tests/chat/test_ratelimit.py tests the shared ones."""
    from chat import ratelimit

    monkeypatch.setattr(ratelimit, "_limits", ratelimit.TokenBuckets())


@pytest.fixture
def english(client, settings):
    """The visitor has chosen English with the language switch."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client
