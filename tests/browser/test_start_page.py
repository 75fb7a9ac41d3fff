"""The start page and one-step answers in real browsers. Jan keeps /pulpit/ open while Anna
creates an event and picks him with the keyboard in the member picker: the invitation appears
on his page without a reload, with a notification; he accepts it there; Anna's open status
table and Jan's upcoming events follow live. The pages pass axe-core at desktop (1366) and
phone (390) widths. Last, "answer an invitation" timed both ways: the e-mail's link to the
invitation (log in, then answer) against the e-mail's one-step link (confirm)."""

import re
import time
import uuid
from functools import partial

import pytest
from playwright.sync_api import expect

from demo.accounts import ANNA, JAN
from tests.browser import conftest
from tests.browser.conftest import LiveServer, running
from tests.browser.test_visits import create_event

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
MAIL_WAIT_SECONDS = 15

signed_in = partial(conftest.signed_in, viewport=DESKTOP)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with running(
        LiveServer, tmp_path_factory.mktemp("start-server"), "--without-practices"
    ) as server:
        yield server


def accessible_at_both_widths(page, assert_accessible):
    for size in (DESKTOP, PHONE):
        page.set_viewport_size(size)
        assert_accessible(page)
    page.set_viewport_size(DESKTOP)


def invite_by_keyboard(anna, name_fragment: str, expected_name: str) -> None:
    picker = anna.get_by_role("combobox", name="Wybrani członkowie innych regionów")
    picker.focus()
    anna.keyboard.type(name_fragment)
    listbox = anna.get_by_role("listbox")
    expect(listbox).to_be_visible()
    expect(picker).to_have_attribute("aria-expanded", "true")
    option = listbox.get_by_role("option", name=re.compile(expected_name))
    expect(option).to_be_visible()
    # Move down to the member with the arrow keys, choose with Enter.
    for _ in range(10):
        active = picker.get_attribute("aria-activedescendant")
        if active and anna.locator(f"#{active}").inner_text().startswith(expected_name):
            break
        anna.keyboard.press("ArrowDown")
    anna.keyboard.press("Enter")
    expect(option).to_have_attribute("aria-selected", "true")
    chosen = anna.locator(".member-picker-chosen")
    expect(chosen).to_contain_text(expected_name)
    anna.keyboard.press("Escape")
    expect(picker).to_have_attribute("aria-expanded", "false")


def test_the_start_page_follows_live_and_answers_inline(browser, server, assert_accessible):
    title = f"Forum doradców {uuid.uuid4().hex[:6]}"

    jan = signed_in(browser, server, JAN)
    # Watching from now on: what Anna does below must reach this page without a reload.
    conftest.live(jan, jan.reload)
    expect(jan.get_by_role("heading", level=1)).to_have_text("Pulpit")
    invitations = jan.locator("#blok-zaproszenia")
    expect(invitations.get_by_role("heading", name="Zaproszenia czekające na Twoją odpowiedź"))
    accessible_at_both_widths(jan, assert_accessible)

    anna = signed_in(browser, server, ANNA)
    anna.get_by_role("link", name="Nowe wydarzenie").click()  # from the start page
    expect(anna).to_have_url(re.compile("/wydarzenia/nowe/$"))
    event_path = create_event(anna, title)
    invite_by_keyboard(anna, "kowal", "Jan Kowalski")
    accessible_at_both_widths(anna, assert_accessible)
    anna.get_by_role("button", name="Wyślij zaproszenia").click()
    expect(anna.get_by_text("Wysłane zaproszenia: 1.")).to_be_visible()

    # Jan's page, never reloaded: the invitation arrives, with a notification.
    item = invitations.locator(".dashboard-invitation").filter(has_text=title)
    expect(item).to_be_visible()
    toast = jan.locator("#chat-notifications .chat-toast").filter(has_text=title)
    expect(toast.get_by_role("link")).to_have_attribute("href", re.compile(r"/zaproszenia/\d+/"))
    expect(jan.locator("#chat-notifications-announcer")).to_contain_text(title)
    accessible_at_both_widths(jan, assert_accessible)

    # Three different actions; the reason belongs to "decline".
    accept = item.get_by_role("button", name=re.compile("^Przyjmij"))
    decline = item.locator("summary", has_text="Nie mogę…")
    assert accept.evaluate("b => getComputedStyle(b).backgroundColor") != decline.evaluate(
        "b => getComputedStyle(b).backgroundColor"
    )
    expect(item.get_by_label("Powód (nieobowiązkowo)")).to_be_hidden()
    decline.click()
    expect(item.get_by_label("Powód (nieobowiązkowo)")).to_be_visible()
    decline.click()

    # Anna watches the invitation's status table while Jan accepts on his start page.
    conftest.live(anna, lambda: anna.goto(f"{event_path}zaproszenia/"))
    expect(anna.get_by_role("heading", name="Oczekuje na odpowiedź (1)")).to_be_visible()
    accept.click()
    expect(jan.locator("#blok-zaproszenia [data-dashboard-message]")).to_have_text(
        "Dziękujemy: Twoje miejsce jest potwierdzone."
    )
    expect(
        jan.locator("#blok-zaproszenia .dashboard-invitation").filter(has_text=title)
    ).to_have_count(0)
    expect(jan).to_have_url(re.compile("/pulpit/$"))  # he never left the page
    expect(jan.locator("#blok-wydarzenia")).to_contain_text(title)
    expect(anna.get_by_role("heading", name="Przyjęte (1)")).to_be_visible()  # no reload
    expect(anna.locator("#chat-notifications")).to_contain_text("przyjmuje zaproszenie")
    accessible_at_both_widths(jan, assert_accessible)


def test_answering_by_the_emails_one_step_link_against_logging_in(
    browser, server, assert_accessible
):
    """Both ways start from the invitation e-mail Jan received; each is timed."""
    title_before = f"Targi zawodów {uuid.uuid4().hex[:6]}"
    title_after = f"Gala konkursu {uuid.uuid4().hex[:6]}"
    anna = signed_in(browser, server, ANNA)
    for title in (title_before, title_after):
        create_event(anna, title)
        invite_by_keyboard(anna, "kowal", "Jan Kowalski")
        anna.get_by_role("button", name="Wyślij zaproszenia").click()
        expect(anna.get_by_text("Wysłane zaproszenia: 1.")).to_be_visible()

    def mail_for(title):
        deadline = time.monotonic() + MAIL_WAIT_SECONDS
        while not (found := [m for m in server.mails_to(JAN) if title in m["Subject"]]):
            assert time.monotonic() < deadline, f"no invitation e-mail for {title}"
            time.sleep(0.3)
        return found[0].get_body(("plain",)).get_content()

    context = browser.new_context(base_url=server.url, locale="pl-PL", viewport=DESKTOP)
    page = context.new_page()
    page.set_default_timeout(10_000)
    # Every page the person waits for, redirects included: the round trips each way costs.
    pages = []
    page.on("request", lambda request: request.resource_type == "document" and pages.append(1))

    # Before: the e-mail's link to the invitation, log in, answer on the invitation's page.
    body = mail_for(title_before)
    link = re.search(r"po zalogowaniu\):\s*(\S+)", body).group(1)
    clicks, started, loaded = 0, time.monotonic(), len(pages)
    page.goto(link)
    clicks += 1
    page.get_by_label("Adres e-mail").fill(JAN)
    page.get_by_label("Hasło").fill("wzk-demo-2026")
    page.get_by_role("button", name="Zaloguj się").click()
    clicks += 1
    page.get_by_role("button", name="Przyjmij", exact=True).click()
    clicks += 1
    expect(page.get_by_text("Dziękujemy: Twoje miejsce jest potwierdzone.")).to_be_visible()
    before = (clicks, time.monotonic() - started, len(pages) - loaded)
    page.locator(".account-toggle").click()  # the account's links sit in its menu
    page.get_by_role("button", name="Wyloguj się").click()

    # After: the e-mail's "Przyjmuję" link, one confirmation, no login.
    body = mail_for(title_after)
    # The first one-step link is "Przyjmuję", the second "Nie mogę" (the file backend's copy
    # of the message is matched on ASCII only).
    links = re.findall(r"(http\S+/zaproszenia/odpowiedz/\S+/)", body)
    assert len(links) == 2, body
    link = links[0]
    clicks, started, loaded = 0, time.monotonic(), len(pages)
    page.goto(link)
    clicks += 1
    expect(page.get_by_role("heading", level=1)).to_have_text("Przyjmij zaproszenie")
    checking = time.monotonic()
    accessible_at_both_widths(page, assert_accessible)
    started += time.monotonic() - checking  # axe's time is the test's, not the person's
    page.get_by_role("button", name="Potwierdzam: przyjmuję").click()
    clicks += 1
    expect(page.get_by_text("Dziękujemy: Twoje miejsce jest potwierdzone.")).to_be_visible()
    after = (clicks, time.monotonic() - started, len(pages) - loaded)
    accessible_at_both_widths(page, assert_accessible)
    context.close()

    print(
        f"\nanswer an invitation from the e-mail: before {before[0]} clicks + 2 typed fields, "
        f"{before[2]} pages, {before[1]:.2f} s; after {after[0]} clicks, no typing, "
        f"{after[2]} pages, {after[1]:.2f} s"
    )
    assert after[0] < before[0]
    # Fewer round trips to wait for (and no password to check): the time it saves. The seconds
    # themselves are printed, not compared: on a loaded machine one slow page can swap them.
    assert after[2] < before[2]


def test_the_calendar_opens_on_the_agenda_and_passes_axe(browser, server, assert_accessible):
    anna = signed_in(browser, server, ANNA)
    anna.goto("/kalendarz/")
    expect(anna.get_by_role("heading", name=re.compile("Nadchodzące wydarzenia"))).to_be_visible()
    expect(
        anna.get_by_role("link", name="Subskrybuj wszystkie wydarzenia publiczne (.ics)")
    ).to_be_visible()
    expect(anna.get_by_role("link", name="Nowe wydarzenie")).to_be_visible()
    accessible_at_both_widths(anna, assert_accessible)
    anna.goto("/regiony/lodzkie/")
    expect(anna.get_by_role("link", name="Nowe wydarzenie")).to_be_visible()
    accessible_at_both_widths(anna, assert_accessible)
    anna.goto("/zaproszenia/")
    accessible_at_both_widths(anna, assert_accessible)
