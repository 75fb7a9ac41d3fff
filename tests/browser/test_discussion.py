"""A network's live discussion in real browsers: two members talk, counts and mentions follow
live, the page works without JavaScript, and nothing is lost when the server restarts."""

import re
import uuid
from contextlib import contextmanager

import pytest
from playwright.sync_api import expect

from demo.accounts import ANNA, JAN
from tests.browser.conftest import LiveServer, log_in, manage, running

pytestmark = pytest.mark.browser

DISCUSSION = "/sieci/doradztwo-zawodowe/rozmowa/"
FAIRS = "Targi szkół i pracodawców"  # a topic of the demo history
CONNECTED = "Połączono: nowe wiadomości pojawiają się na bieżąco."
RECONNECTING = "Połączenie przerwane. Łączę ponownie…"
# The client backs off up to 30 s (±50 %) between attempts; the server is down for seconds.
RECONNECT_TIMEOUT_MS = 40_000


@contextmanager
def member_page(browser, base_url: str, email: str, **context_options):
    """A fresh browser context (no shared cookies) with ``email`` logged in."""
    context = browser.new_context(base_url=base_url, locale="pl-PL", **context_options)
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        log_in(page, email)
        expect(page).to_have_url(re.compile("/pulpit/$"))
        yield page
    finally:
        context.close()


def unique(text: str) -> str:
    # The live server is shared by the session: make every message findable on its own.
    return f"{text} [{uuid.uuid4().hex[:6]}]"


def open_discussion(page) -> None:
    page.goto(DISCUSSION)
    expect(page.get_by_text(CONNECTED)).to_be_visible()


def write(page, topic: str, body: str) -> None:
    main = page.get_by_role("main")
    main.get_by_label(re.compile(r"^Temat:?$")).fill(topic)
    main.get_by_label(re.compile(r"^Wiadomość:?$")).fill(body)
    main.get_by_role("button", name="Wyślij", exact=True).click()


def topic_section(page, topic: str):
    return page.get_by_role("region", name=topic, exact=True)


def message(page, text: str):
    return page.locator(".chat-message").filter(has_text=text)


def rooms_row(page, network: str):
    return page.get_by_role("row").filter(has=page.get_by_role("rowheader", name=network))


def test_members_see_each_others_messages_counts_and_mentions_live(
    browser, live_server_url, assert_accessible
):
    with (
        member_page(browser, live_server_url, ANNA) as anna,
        member_page(browser, live_server_url, JAN) as jan,
    ):
        # Jan watches his conversations while Anna writes.
        jan.get_by_role("link", name="Rozmowy").click()
        expect(jan.get_by_role("heading", level=1)).to_have_text("Rozmowy")
        row = rooms_row(jan, "Doradztwo zawodowe")
        unread, mentions = row.get_by_role("cell").nth(0), row.get_by_role("cell").nth(1)
        unread_before = int(unread.inner_text())
        expect(mentions).to_have_text("0")
        assert_accessible(jan)

        open_discussion(anna)
        first = unique("Harmonogram targów wyślę w piątek.")
        write(anna, FAIRS, first)
        expect(message(anna, first)).to_be_visible()
        expect(message(anna, first)).not_to_contain_text("Wysyłanie…")
        expect(unread).to_have_text(str(unread_before + 1))

        # A mention reaches Jan on any page, with a link to the message.
        mention = unique("@jan.kowalski czy Opole dołączy do targów?")
        write(anna, FAIRS, mention)
        notification = jan.locator(".chat-toast").filter(has_text=mention)
        expect(notification).to_contain_text("Anna Nowak")
        expect(mentions).to_have_text("1")
        expect(unread).to_have_text(str(unread_before + 2))
        badge = jan.get_by_role("navigation", name="Twoje konto").locator(
            "[data-chat-unread-badge]"
        )
        expect(badge).to_have_text(
            re.compile(r"Nieprzeczytane wiadomości:\s*\d+, wzmianki o Tobie: @1")
        )
        assert_accessible(jan)

        notification.get_by_role("link", name="Otwórz rozmowę").click()
        expect(jan).to_have_url(re.compile(r"/sieci/doradztwo-zawodowe/rozmowa/#wiadomosc-\d+$"))
        expect(topic_section(jan, FAIRS)).to_contain_text(mention)
        # Reading the room clears the mention everywhere.
        expect(badge.locator("[data-mentions]")).to_be_hidden()
        expect(jan.locator("#chat-unread-total")).to_have_text("0")
        expect(jan.get_by_role("region", name="Teraz online")).to_contain_text("Anna Nowak")

        # Both in the room: a new topic appears for Jan and is announced to screen readers.
        topic = unique("Wizyta studyjna")
        text = "Proponuję wizytę w BCU w Opolu, szczegóły: https://example.org/bcu."
        write(anna, topic, text)
        section = topic_section(jan, topic)
        expect(section).to_contain_text(text)
        expect(section.get_by_role("link", name="https://example.org/bcu")).to_have_attribute(
            "href", "https://example.org/bcu"
        )
        expect(jan.locator("#chat-announcer")).to_contain_text(
            f"Anna Nowak w temacie „{topic}”: {text}"
        )

        # Jan starts typing an answer; Anna sees it.
        jan.get_by_role("main").get_by_label(re.compile(r"^Temat:?$")).fill(topic)
        jan.get_by_role("main").get_by_label(re.compile(r"^Wiadomość:?$")).press_sequentially(
            "Chętnie"
        )
        expect(anna.get_by_text(f"Jan Kowalski pisze w temacie „{topic}”…")).to_be_visible()

        # Anna corrects her message, then deletes it; Jan's page follows.
        anna_message = message(anna, text)
        anna_message.get_by_role("button", name="Czynności").click()
        anna_message.get_by_role("button", name="Edytuj").click()
        anna.get_by_role("textbox", name="Edytuj wiadomość").fill(f"{text} Termin: maj.")
        anna.get_by_role("button", name="Zapisz").click()
        expect(message(jan, "Termin: maj.")).to_contain_text("(edytowano)")
        anna.once("dialog", lambda dialog: dialog.accept())
        message(anna, "Termin: maj.").get_by_role("button", name="Czynności").click()
        message(anna, "Termin: maj.").get_by_role("button", name="Usuń").click()
        expect(message(jan, "Termin: maj.")).to_have_count(0)
        expect(section).to_have_count(0)
        assert_accessible(jan)
        assert_accessible(anna)


def test_a_resolved_topic_and_the_rooms_list_follow_live_without_faking_presence(
    browser, live_server_url, assert_accessible
):
    with (
        member_page(browser, live_server_url, ANNA) as anna,
        member_page(browser, live_server_url, JAN) as jan,
    ):
        # Jan only lists his conversations: that does not put him online in the room.
        jan.goto("/rozmowy/")
        unread = rooms_row(jan, "Doradztwo zawodowe").get_by_role("cell").nth(0)
        unread_before = int(unread.inner_text())
        open_discussion(anna)
        online = anna.get_by_role("region", name="Teraz online")
        expect(online).to_contain_text("Anna Nowak")
        expect(online).not_to_contain_text("Jan Kowalski")

        topic = unique("Rozliczenie wizyty")
        text = unique("Rachunki proszę przesłać do końca miesiąca.")
        write(anna, topic, text)
        expect(message(anna, text)).not_to_contain_text("Wysyłanie…")
        expect(unread).to_have_text(str(unread_before + 1))

        # Jan reads the room in another tab: the list of rooms follows.
        discussion = jan.context.new_page()
        discussion.goto(DISCUSSION)
        expect(discussion.get_by_text(CONNECTED)).to_be_visible()
        # The tab in front reads the room by itself; "mark all as read" goes with the count.
        expect(unread).to_have_text("0")
        expect(
            discussion.get_by_role("button", name="Oznacz wszystkie jako przeczytane")
        ).to_be_hidden()
        expect(online).to_contain_text("Jan Kowalski")

        # Anna marks the topic resolved; Jan sees and hears it without reloading.
        section = discussion.locator(".chat-topic").filter(has_text=text)
        # Each section's button names its topic too (visually hidden), hence a part of the name.
        resolve = "Oznacz temat jako rozwiązany"
        anna.locator(".chat-topic").filter(has_text=text).get_by_role(
            "button", name=resolve
        ).click()
        expect(anna.get_by_text(f"Temat „{topic}” oznaczono jako rozwiązany.")).to_be_visible()
        heading = section.get_by_role("heading", level=3)
        expect(heading).to_have_text(f"{topic} rozwiązany")
        listed = discussion.get_by_role("navigation", name="Tematy").get_by_role(
            "link", name=re.compile(re.escape(topic))
        )
        expect(listed).to_contain_text("rozwiązany")
        expect(discussion.locator("#chat-announcer")).to_contain_text(
            f"Temat „{topic}” oznaczono jako rozwiązany (Anna Nowak)."
        )
        reopen = section.get_by_role("button", name="Otwórz temat ponownie")
        expect(reopen).to_be_visible()
        assert_accessible(discussion)

        # Jan opens it again with the updated button; Anna's page follows.
        reopen.click()
        expect(discussion.get_by_text(f"Temat „{topic}” jest znów otwarty.")).to_be_visible()
        anna_section = anna.locator(".chat-topic").filter(has_text=text)
        expect(anna_section.get_by_role("heading", level=3)).to_have_text(topic)
        expect(anna.locator("#chat-announcer")).to_contain_text(
            f"Temat „{topic}” jest znów otwarty (Jan Kowalski)."
        )
        expect(anna_section.get_by_role("button", name=resolve)).to_be_visible()
        assert_accessible(anna)


def test_discussion_works_without_javascript(browser, live_server_url):
    with member_page(browser, live_server_url, JAN, java_script_enabled=False) as page:
        page.goto("/sieci/doradztwo-zawodowe/")
        page.get_by_role("link", name="Otwórz rozmowę").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Rozmowa: Doradztwo zawodowe")

        # The demo history, grouped by topic, with authors, regions and clickable addresses.
        tools = topic_section(page, "Narzędzia diagnozy predyspozycji")
        expect(tools).to_contain_text("Jan Kowalski")
        expect(tools).to_contain_text("opolskie")
        expect(tools.get_by_role("link", name="https://mapakarier.org")).to_have_attribute(
            "href", "https://mapakarier.org"
        )

        first_line = unique("Wysłane zwykłym formularzem.")
        write(page, "Narzędzia diagnozy predyspozycji", f"{first_line}\nDruga linia.")
        expect(page).to_have_url(re.compile(f"{DISCUSSION}$"))
        sent = message(page, first_line)
        expect(sent).to_contain_text("Druga linia.")
        expect(sent.locator(".chat-body br")).to_have_count(1)

        # Writing read the room: nothing to mark, so no button to do it.
        expect(page.get_by_role("button", name="Oznacz wszystkie jako przeczytane")).to_be_hidden()


# --- A server that can be stopped and started again ------------------------------------------


class RestartableServer(LiveServer):
    """The live server, with a way to post as another server process would."""

    def send_as(self, email: str, *, topic: str, body: str, client_id: str) -> None:
        """Post through the service in another process, as another server would."""
        code = (
            "from chat import permissions, services\n"
            "from network.models import User\n"
            f"user = User.objects.get(email={email!r})\n"
            "room = permissions.access_room(user, 'network:doradztwo-zawodowe')\n"
            f"services.message_send(user=user, room=room, topic={topic!r}, body={body!r}, "
            f"client_id={client_id!r})\n"
        )
        manage(self.env, "shell", "-c", code)


@pytest.fixture(scope="module")
def restartable_server(tmp_path_factory):
    var_dir = tmp_path_factory.mktemp("restartable-server")
    with running(RestartableServer, var_dir, "--without-practices") as server:
        yield server


def test_missed_and_queued_messages_arrive_once_after_the_server_restarts(
    browser, restartable_server
):
    server = restartable_server
    with member_page(browser, server.url, JAN) as jan:
        open_discussion(jan)
        server.kill()
        expect(jan.get_by_text(RECONNECTING)).to_be_visible()

        # Jan writes while the server is down: the message waits, marked as being sent.
        queued = unique("Napisane w czasie awarii.")
        write(jan, FAIRS, queued)
        expect(message(jan, queued)).to_contain_text("Wysyłanie…")

        # Anna writes meanwhile; Jan's page cannot hear about it.
        missed = unique("Czy ktoś widział nowy harmonogram?")
        server.send_as(ANNA, topic=FAIRS, body=missed, client_id=uuid.uuid4().hex)

        server.start()
        expect(message(jan, missed)).to_be_visible(timeout=RECONNECT_TIMEOUT_MS)
        expect(jan.get_by_text(CONNECTED)).to_be_visible()
        expect(message(jan, queued)).not_to_contain_text("Wysyłanie…")
        expect(message(jan, queued)).to_have_count(1)

        # The server stored each message once.
        jan.reload()
        expect(message(jan, queued)).to_have_count(1)
        expect(message(jan, missed)).to_have_count(1)
