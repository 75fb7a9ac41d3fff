"""A discussion as people use it every day, in Chromium: nothing arrives unseen (the "new
messages" marker), the header counts unread messages live, "@" suggests people by name from
the keyboard, files go with messages and only the room's members read them, and a phone shows
the first message without scrolling past the composer."""

import io
import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from chat.text import fold
from demo.accounts import ANNA, EWA, JAN
from tests.browser.conftest import in_english
from tests.browser.test_discussion import (
    DISCUSSION,
    FAIRS,
    member_page,
    message,
    open_discussion,
    topic_section,
    unique,
    write,
)

pytestmark = pytest.mark.browser

ROOM = "network:doradztwo-zawodowe"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 768}


def png(color="red") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), color).save(buffer, "PNG")
    return buffer.getvalue()


def jan_id(page) -> str:
    return page.locator("#chat").get_attribute("data-user-id")


def test_a_message_below_the_visible_part_shows_a_marker_that_leads_to_it(
    browser, live_server_url, assert_accessible
):
    with (
        member_page(
            browser, live_server_url, ANNA, viewport={"width": 1366, "height": 500}
        ) as anna,
        member_page(browser, live_server_url, JAN) as jan,
    ):
        open_discussion(anna)
        open_discussion(jan)
        # The topic lowest on Anna's page (the one with the oldest activity).
        lowest = anna.locator("#chat-threads > .chat-topic").last
        topic = lowest.locator(".chat-topic-title [data-topic-name]").inner_text()
        anna.evaluate("window.scrollTo(0, 0)")
        marker = anna.locator("#chat-new-marker")
        expect(marker).to_be_hidden()

        text = unique("Kto jedzie na targi w Opolu?")
        write(jan, topic, text)
        expect(message(jan, text)).not_to_contain_text("Wysyłanie…")

        expect(marker).to_be_visible()
        expect(marker).to_contain_text("Nowe wiadomości poniżej: 1")
        expect(marker).to_contain_text(f"w temacie „{topic}”: 1")
        assert_accessible(anna)

        marker.click()
        arrived = message(anna, text)
        expect(arrived).to_be_focused()
        expect(arrived).to_be_in_viewport()
        expect(marker).to_be_hidden()


def test_the_header_counts_unread_messages_live_and_highlights_mentions(
    browser, live_server_url, assert_accessible
):
    with (
        member_page(browser, live_server_url, ANNA) as anna,
        member_page(browser, live_server_url, JAN, viewport=DESKTOP) as jan,
    ):
        # Jan is on his profile page: the badge has its counts from the server.
        badge = jan.get_by_role("navigation", name="Twoje konto").locator(
            "[data-chat-unread-badge]"
        )
        count = badge.locator("[data-count]")
        jan.locator("[data-chat-unread-badge][data-ready]").wait_for(state="attached")
        before = int(count.text_content())

        open_discussion(anna)
        write(anna, FAIRS, unique("Stoisko mamy przy wejściu."))
        expect(count).to_have_text(str(before + 1))
        expect(badge).to_be_visible()
        expect(badge).not_to_have_class(re.compile("chat-badge-mention"))

        write(anna, FAIRS, unique("@Jan Kowalski potwierdzisz?"))
        expect(count).to_have_text(str(before + 2))
        expect(badge).to_have_class(re.compile("chat-badge-mention"))
        expect(badge).to_contain_text("wzmianki o Tobie: @1")
        assert_accessible(jan)


def test_at_suggests_the_rooms_people_by_name_from_the_keyboard(
    browser, live_server_url, assert_accessible
):
    with member_page(browser, live_server_url, ANNA, viewport=DESKTOP) as anna:
        open_discussion(anna)
        people = anna.request.get(f"/chat/api/rooms/{ROOM}/people/").json()["people"]
        # Someone whose surname has a Polish letter, typed without it.
        person = next(
            p for p in people if p["name"] != fold(p["name"]) and p["name"] != "Anna Nowak"
        )
        surname = person["name"].split()[-1]
        typed = fold(surname)[:5]
        body = anna.get_by_role("combobox", name=re.compile("^Wiadomość"))
        body.fill("")
        body.press_sequentially(f"Dzień dobry @{typed}")
        listbox = anna.get_by_role("listbox", name="Osoby, o których można wspomnieć")
        expect(listbox).to_be_visible()
        expect(body).to_have_attribute("aria-expanded", "true")
        option = listbox.get_by_role("option", name=re.compile(re.escape(person["name"])))
        expect(option).to_be_visible()
        assert_accessible(anna)

        # Arrows move the choice (wrapping), Enter takes it.
        options = listbox.get_by_role("option")
        total = options.count()
        body.press("ArrowDown")
        body.press("ArrowUp")
        expect(options.nth(0)).to_have_attribute("aria-selected", "true")
        expect(body).to_have_attribute("aria-activedescendant", options.nth(0).get_attribute("id"))
        if total > 1:
            body.press("ArrowDown")
            expect(options.nth(1)).to_have_attribute("aria-selected", "true")
            body.press("ArrowUp")
        position = [options.nth(i).inner_text() for i in range(total)].index(option.inner_text())
        for _ in range(position):
            body.press("ArrowDown")
        body.press("Enter")
        expect(listbox).to_be_hidden()
        expect(body).to_have_value(f"Dzień dobry @{person['name']} ")

        # Escape closes the list and keeps what was typed; an e-mail prefix is not a name.
        body.press_sequentially("i @kowal")
        expect(listbox.get_by_role("option", name=re.compile("Jan Kowalski"))).to_be_visible()
        body.press("Escape")
        expect(listbox).to_be_hidden()
        expect(body).to_have_value(f"Dzień dobry @{person['name']} i @kowal")
        body.fill("@anna.nowak")
        expect(listbox).to_be_hidden()


def test_files_go_with_messages_and_only_the_rooms_members_read_them(
    browser, live_server_url, assert_accessible, tmp_path
):
    image = tmp_path / "plan-stoiska.png"
    image.write_bytes(png())
    fake = tmp_path / "program.pdf"
    fake.write_text("To nie jest PDF, tylko tekst.")
    with (
        member_page(browser, live_server_url, ANNA) as anna,
        member_page(browser, live_server_url, JAN, viewport=DESKTOP) as jan,
        member_page(browser, live_server_url, EWA) as ewa,
    ):
        open_discussion(anna)
        open_discussion(jan)
        main = anna.get_by_role("main")

        # A file that only claims to be a PDF is refused; what was typed stays.
        typed = unique("Program targów w załączniku.")
        main.get_by_label(re.compile(r"^Temat:?$")).fill(FAIRS)
        main.get_by_label(re.compile(r"^Wiadomość:?$")).fill(typed)
        main.get_by_label("Załącznik (nieobowiązkowy)").set_input_files(str(fake))
        main.get_by_role("button", name="Wyślij", exact=True).click()
        expect(anna.locator("#chat-error")).to_contain_text(
            "„program.pdf” nie może być załącznikiem"
        )
        expect(main.get_by_label(re.compile(r"^Wiadomość:?$"))).to_have_value(typed)

        # An image needs its description; then it is shown inline with it, to both.
        main.get_by_label("Załącznik (nieobowiązkowy)").set_input_files(str(image))
        alt = main.get_by_label("Opis obrazu (tekst alternatywny)")
        expect(alt).to_be_visible()
        alt.fill("Plan stoiska: stół i dwa roll-upy")
        main.get_by_role("button", name="Wyślij", exact=True).click()
        for page in (anna, jan):
            shown = message(page, typed).get_by_role(
                "img", name="Plan stoiska: stół i dwa roll-upy"
            )
            expect(shown).to_be_visible()
            page.wait_for_function(
                "(alt) => [...document.images].some(i => i.alt === alt && i.naturalWidth === 40)",
                arg="Plan stoiska: stół i dwa roll-upy",
            )
        expect(main.get_by_label(re.compile(r"^Wiadomość:?$"))).to_have_value("")
        assert_accessible(jan)

        url = message(jan, typed).locator("img").get_attribute("src")
        assert url.startswith("/rozmowy/zalaczniki/")
        download = jan.request.get(url)
        assert download.status == 200
        assert download.headers["content-type"] == "image/png"
        assert download.body() == png()
        # Ewa is not in the network: for her the file does not exist.
        assert ewa.request.get(url).status == 404


def test_a_phone_shows_the_first_message_without_scrolling_past_the_composer(
    browser, live_server_url, assert_accessible
):
    with member_page(browser, live_server_url, JAN, viewport=PHONE) as page:
        open_discussion(page)
        first = page.locator(".chat-message").first
        expect(first).to_be_in_viewport()
        box, compose = first.bounding_box(), page.locator(".chat-compose").bounding_box()
        assert box["y"] + box["height"] / 2 < PHONE["height"]
        assert compose["y"] > box["y"]
        assert_accessible(page)

        # A reply is written at the end of its topic.
        section = topic_section(page, "Narzędzia diagnozy predyspozycji")
        section.get_by_role("link", name=re.compile("^Odpowiedz w tym temacie")).click()
        expect(section.locator(".chat-compose")).to_be_visible()
        expect(
            page.get_by_role(
                "heading", name="Odpowiedź w temacie „Narzędzia diagnozy predyspozycji”"
            )
        ).to_be_visible()
        expect(page.get_by_role("combobox", name=re.compile("^Wiadomość"))).to_be_focused()
        assert_accessible(page)

        # Jan's own message has one "Actions" button; its menu holds edit and delete.
        own = page.locator(f'.chat-message[data-author-id="{jan_id(page)}"]').first
        own.get_by_role("button", name=re.compile("^Czynności")).click()
        expect(own.get_by_role("button", name=re.compile("^Edytuj"))).to_be_visible()
        expect(own.get_by_role("button", name=re.compile("^Usuń"))).to_be_visible()
        assert_accessible(page)
        page.keyboard.press("Escape")
        expect(own.get_by_role("button", name=re.compile("^Edytuj"))).to_be_hidden()


def test_search_finds_words_without_their_diacritics_and_leads_to_the_message(
    browser, live_server_url, assert_accessible
):
    with (
        member_page(browser, live_server_url, ANNA, viewport=DESKTOP) as anna,
        member_page(browser, live_server_url, ANNA, viewport=PHONE) as phone,
    ):
        open_discussion(anna)
        text = unique("Spotkanie w Łodzi przy ulicy Piotrkowskiej")
        write(anna, FAIRS, text)
        expect(message(anna, text)).not_to_contain_text("Wysyłanie…")
        marker = text.rsplit("[", 1)[1].rstrip("]")

        anna.get_by_role("searchbox", name="Szukaj w tej rozmowie").fill(f"lodzi {marker}")
        anna.get_by_role("button", name="Szukaj", exact=True).click()
        expect(anna.get_by_role("heading", level=2)).to_have_text("Znaleziono 1 wiadomość")
        assert_accessible(anna)
        anna.get_by_role("link", name=re.compile("Doradztwo zawodowe › Targi")).click()
        expect(anna).to_have_url(re.compile(r"\?przed=\d+#wiadomosc-\d+$"))
        expect(message(anna, text)).to_be_in_viewport()

        phone.goto(f"/rozmowy/szukaj/?q=piotrkowsk+{marker}")
        expect(phone.get_by_role("heading", level=2)).to_have_text("Znaleziono 1 wiadomość")
        assert_accessible(phone)
        phone.goto(DISCUSSION)
        assert_accessible(phone)


def test_in_english_live_sentences_mark_the_topic_and_the_words_members_wrote(
    browser, live_server_url
):
    with (
        member_page(browser, live_server_url, ANNA) as polish_anna,
        in_english(polish_anna) as anna,
        member_page(browser, live_server_url, JAN) as jan,
    ):
        anna.goto(DISCUSSION)
        expect(anna.locator("html")).to_have_attribute("lang", "en")
        expect(anna.get_by_text("Connected: new messages appear as they arrive.")).to_be_visible()
        open_discussion(jan)

        text = unique("Kto jedzie na targi?")
        write(jan, FAIRS, text)
        expect(message(anna, text).locator(".chat-body")).to_have_attribute("lang", "pl")
        # Read to a screen reader as "<name> in “<topic>”: <text>", the English in English.
        announced = anna.locator("#chat-announcer p").filter(has_text=text)
        expect(announced.locator('span[lang="pl"]')).to_have_text([FAIRS, text])
        expect(announced).to_contain_text(" in “")

        topic_section(anna, FAIRS).get_by_role(
            "link", name=re.compile("^Reply in this topic")
        ).click()
        title = anna.locator("#nowa-wiadomosc-tytul")
        expect(title).to_have_text(f"Reply in “{FAIRS}”")
        expect(title.locator('span[lang="pl"]')).to_have_text(FAIRS)

        # Away from the room, a mention's notification names the room in Polish, marked so,
        # in the English sentence; the screen reader hears it the same way.
        anna.goto("/pulpit/")
        expect(anna.get_by_role("heading", level=1)).to_have_text("Start page")
        mention = unique("@anna.nowak czy Łódź wystawi stoisko?")
        write(jan, FAIRS, mention)
        toast = anna.locator("#chat-notifications .chat-toast").filter(has_text=mention)
        expect(toast.locator(".chat-toast-text")).to_have_text(
            "Jan Kowalski mentioned you in Doradztwo zawodowe"
        )
        expect(toast.locator('.chat-toast-text span[lang="pl"]')).to_have_text("Doradztwo zawodowe")
        announcer = anna.locator("#chat-notifications-announcer")
        expect(announcer.locator('span[lang="pl"]')).to_have_text(
            ["Doradztwo zawodowe", re.compile("Łódź wystawi stoisko")]
        )
