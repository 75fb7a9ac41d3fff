"""Nothing lost, for real: the platform's own browser client (socket.js and discussion.js in
Chromium) through Redis restarts and a killed daphne process, as production meets them.

Two daphne processes on one Redis and one PostgreSQL database behind a balancer (nginx's part);
six members on the discussion page, three of them typing. Redis restarts twice, once while a
daphne process is killed (its pages move to the other process and open their sockets there
while Redis is still down) and once at the very end, so the last messages' broadcasts are lost
and the pages that only read learn of them from a ``pong``. Afterwards every page holds every
stored message exactly once, in order, every typed message is stored exactly once, sockets
closed only with 1006 (the killed process) or 1013, and no server log holds a traceback.

Two processes need PostgreSQL (SQLite would serialise them on one file): like the other
multi-process chat tests, this one runs in the PostgreSQL pass. About 70 s.
"""

from collections import Counter

import pytest

from tests.browser.conftest import chromium, require_chromium
from tests.chat.faults import (
    Member,
    converse,
    daphne_kill,
    redis_restart,
    report,
    settle,
    stored_messages,
)
from tests.chat.livestack import Balancer, stack_for_tests

# django_db: so that pytest-django creates the (migrated) test database, copied below.
pytestmark = [pytest.mark.browser, pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db]

SLUG = "awaria"
MEMBERS = 6
SENDERS = 3
# A page that missed the last messages of a burst learns of them from its next pong: every
# 25 s, plus a second of grace and the fetch.
SETTLE_TIMEOUT = 45


@pytest.fixture(scope="module")
def stack(django_db_setup, tmp_path_factory):
    """Redis on a free port, a copy of the migrated test database, static files, two daphne
    processes, and one network with its members."""
    require_chromium()
    with stack_for_tests(
        workdir=tmp_path_factory.mktemp("chat-faults"),
        rooms={SLUG: MEMBERS},
        prefix="awaria",
        static=True,
    ) as live:
        yield live


@pytest.fixture
def browser(db):
    """Chromium for this test, started after pytest-django's database fixture, which must not
    run inside the event loop Playwright's sync API keeps while it runs."""
    with chromium() as browser:
        yield browser


@pytest.fixture
def members(browser, stack):
    balancer = Balancer(stack.ports).start()
    made = [
        Member(browser, balancer.url, user, SLUG, name=f"Osoba {index + 1}", sends=index < SENDERS)
        for index, user in enumerate(stack.rooms[SLUG]["users"])
    ]
    try:
        yield made
    finally:
        for member in made:
            member.close()
        balancer.stop()


def test_every_page_holds_every_message_once_in_order_through_redis_restarts_and_a_kill(
    stack, members
):
    room_id = stack.rooms[SLUG]["room_id"]
    for member in members:
        member.open()  # sockets alternate between the processes: pages 2, 4 and 6 on the second

    faults = [
        *redis_restart(stack, at=5, down=3),
        # While Redis is down: the second process's pages reopen on the first meanwhile.
        *daphne_kill(stack, 1, at=6, down=3),
        # The conversation ends inside this outage: its last broadcasts are lost for good.
        *redis_restart(stack, at=16, down=2),
    ]
    converse(members, seconds=18, faults=faults)
    settle(stack, room_id, members, timeout=SETTLE_TIMEOUT)

    pages = report(stack, room_id, members)
    for page in pages:
        assert (page.lost, page.duplicated, page.extra, page.out_of_order) == (0, 0, 0, False), page
        assert set(page.closes) <= {1006, 1013}, page
    assert any(page.closes[1006] for page in pages), "the kill closed no socket"
    typed = Counter(text for member in members for text in member.typed)
    assert Counter(body for _id, body in stored_messages(stack, room_id)) == typed
    assert sum(typed.values()) >= 20  # the conversation happened: about 36 messages
    for member in members:
        assert member.errors == [], member.name

    for server in stack.servers:
        log = server.log()
        assert "Traceback" not in log
        assert "Exception inside application" not in log
        # The outage is logged as one readable line a second, its message included.
        assert "%s" not in log
