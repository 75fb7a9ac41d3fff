"""Members talking in real Chromium pages while Redis restarts and daphne processes are killed.

Each member is a browser context (their own session cookie) with the network's discussion page
open through a ``Balancer`` in front of a ``LiveStack``: the platform's own
``chat/static/chat/socket.js`` and ``discussion.js`` do all the work, untouched. Senders type
into the page's form and press "Wyślij", as a person would; readers only read. Faults are
scheduled on the conversation's clock. At the end every page must hold every stored message
exactly once, in order, and every message typed must be stored exactly once.

Used by ``tests/browser/test_chat_faults.py`` (bounded, in ``make test``) and
``bench/chat_faults.py`` (the soak); Playwright's sync API, one thread.
"""

import random
import re
import time
from collections import Counter
from dataclasses import dataclass, field

from tests.chat.livestack import LiveStack

TOPIC = "Awaria"
SENDER_EVERY = 1.5  # seconds between one member's messages: under the 1 a second rate limit
CONNECTED_STATE = '#chat-connection[data-state="open"]'
# Added before the platform's scripts run: remembers how each socket of the page closed, so the
# test can tell a killed process (1006) from a server error (1011). Nothing else is changed.
RECORD_CLOSES = """
(() => {
  const Native = window.WebSocket;
  window.__chatCloses = [];
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener("close", (event) => window.__chatCloses.push(event.code));
    }
  };
})();
"""
# What the page shows: every message in the (one) topic, in the order it is on the page.
PAGE_MESSAGES = """() => Array.from(document.querySelectorAll("#chat-threads .chat-message"),
  (item) => ({id: item.dataset.id ? Number(item.dataset.id) : null,
              pending: item.classList.contains("chat-pending"),
              body: item.querySelector(".chat-body").innerText}))"""


class Member:
    """One member's tab on the discussion page."""

    def __init__(self, browser, base_url: str, user: dict, slug: str, *, name: str, sends: bool):
        self.name = name
        self.sends = sends
        self.typed: list[str] = []
        self.errors: list[str] = []  # uncaught errors of the page's scripts
        self.context = browser.new_context(base_url=base_url, locale="pl-PL")
        self.context.add_cookies([{"name": "sessionid", "value": user["session"], "url": base_url}])
        self.context.add_init_script(RECORD_CLOSES)
        self.page = self.context.new_page()
        self.page.set_default_timeout(20_000)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.path = f"/sieci/{slug}/rozmowa/"

    def open(self) -> None:
        self.page.goto(self.path)
        self.page.wait_for_selector(CONNECTED_STATE)
        main = self.page.get_by_role("main")
        self.body = main.get_by_label(re.compile(r"^Wiadomość:?$"))
        self.button = main.get_by_role("button", name="Wyślij", exact=True)
        main.get_by_label(re.compile(r"^Temat:?$")).fill(TOPIC)

    def send(self, text: str) -> None:
        self.body.fill(text)
        self.button.click()
        self.typed.append(text)

    def shown(self) -> list[dict]:
        return self.page.evaluate(PAGE_MESSAGES)

    def close_codes(self) -> list[int]:
        return self.page.evaluate("() => window.__chatCloses")

    def close(self) -> None:
        self.context.close()


@dataclass(order=True)
class Fault:
    at: float  # seconds into the conversation
    name: str = field(compare=False)
    action: object = field(compare=False)


def redis_restart(stack: LiveStack, *, at: float, down: float) -> list[Fault]:
    """Redis stopped at ``at`` and started ``down`` seconds later, empty (as in production:
    no persistence), so every group and presence entry is gone."""
    return [
        Fault(at, "Redis stopped", stack.redis.stop),
        Fault(at + down, "Redis started", stack.redis.start),
    ]


def daphne_kill(stack: LiveStack, index: int, *, at: float, down: float) -> list[Fault]:
    """Process ``index`` killed with SIGKILL at ``at``, started again ``down`` seconds later
    (its sockets fail over to the other process through the balancer meanwhile)."""
    server = stack.servers[index]
    return [
        Fault(at, f"daphne {index} killed", server.kill),
        Fault(at + down, f"daphne {index} started", server.start),
    ]


def converse(
    members: list[Member],
    *,
    seconds: float,
    faults: list[Fault],
    every: float = SENDER_EVERY,
    log=None,
) -> int:
    """The senders write for ``seconds`` (each about every ``every`` s, spread out) while
    ``faults`` happen on the same clock. Returns how many messages were typed."""
    senders = [member for member in members if member.sends]
    start = time.monotonic()
    due = {member.name: start + every * i / len(senders) for i, member in enumerate(senders)}
    pending = sorted(faults)
    typed = 0
    while True:
        now = time.monotonic()
        while pending and pending[0].at <= now - start:
            fault = pending.pop(0)
            fault.action()
            if log:
                log(f"{time.monotonic() - start:6.1f} s  {fault.name}")
        if now - start >= seconds and not pending:
            return typed
        for member in senders:
            if now - start < seconds and now >= due[member.name]:
                typed += 1
                member.send(f"{member.name}: wiadomość {len(member.typed) + 1}")
                due[member.name] += every * random.uniform(0.8, 1.2)
        members[0].page.wait_for_timeout(20)


@dataclass
class PageReport:
    name: str
    shown: int  # messages with an id on the page
    lost: int  # stored messages the page does not show
    duplicated: int  # the same message shown more than once (or as sent, and still pending)
    extra: int  # shown but not stored (never expected)
    out_of_order: bool
    closes: Counter


def report(stack: LiveStack, room_id: int, members: list[Member]) -> list[PageReport]:
    stored = [row[0] for row in stored_messages(stack, room_id)]
    reports = []
    for member in members:
        shown = member.shown()
        ids = [item["id"] for item in shown if item["id"] is not None]
        counts = Counter(ids)
        pending = sum(1 for item in shown if item["pending"])
        reports.append(
            PageReport(
                name=member.name,
                shown=len(ids),
                lost=len(set(stored) - set(ids)),
                duplicated=sum(n - 1 for n in counts.values()) + pending,
                extra=len(set(ids) - set(stored)),
                out_of_order=ids != sorted(ids),
                closes=Counter(member.close_codes()),
            )
        )
    return reports


def stored_messages(stack: LiveStack, room_id: int) -> list[tuple[int, str]]:
    """``(id, body)`` of every visible message in the room, by id."""
    return stack.database.query(
        "SELECT id, body FROM chat_message WHERE room_id = %s AND deleted_at IS NULL ORDER BY id",
        [room_id],
    )


def wait_for(condition, *, timeout: float, what, members: list[Member]) -> None:
    """Poll ``condition`` (letting the pages run) until it holds; fail after ``timeout`` s,
    saying ``what()`` was awaited and how things stood."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what()}")
        members[0].page.wait_for_timeout(250)


def settle(
    stack: LiveStack, room_id: int, members: list[Member], *, timeout: float
) -> dict[str, float]:
    """Wait until every typed message is stored and every page shows exactly what is stored;
    return how long each page took (seconds, from when everything was stored).

    A page that missed the last messages of a burst learns of them from its next ``pong``
    (every 25 s), so ``timeout`` must exceed that."""
    typed = Counter(text for member in members for text in member.typed)

    def unstored() -> Counter:
        return typed - Counter(body for _id, body in stored_messages(stack, room_id))

    wait_for(
        lambda: not unstored(),
        timeout=timeout,
        what=lambda: f"every typed message to be stored; not stored: {sorted(unstored())}",
        members=members,
    )
    stored = [message_id for message_id, _body in stored_messages(stack, room_id)]
    started = time.monotonic()
    complete: dict[str, float] = {}

    def differences() -> dict[str, str]:
        found = {}
        for member in members:
            if member.name in complete:
                continue  # a page never loses what it shows
            shown = [item["id"] for item in member.shown()]
            if shown == stored:
                complete[member.name] = round(time.monotonic() - started, 1)
            else:
                missing = sorted(set(stored) - set(shown))
                found[member.name] = f"missing {missing}, shown {shown[-12:]} (last 12)"
        return found

    wait_for(
        lambda: not differences(),
        timeout=timeout,
        what=lambda: f"every page to hold every one of {len(stored)} messages: {differences()}",
        members=members,
    )
    return complete
