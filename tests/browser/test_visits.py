"""Cross-region visits in real browsers: łódzkie's coordinator creates an event with two seats and
invites opolskie and mazowieckie; opolskie's coordinator passes the invitation on to Jan, who
accepts and gets the e-mail with the calendar file; the seat count on the coordinator's open
event page follows live; Jan finds the event's room in his conversations and a mention there
reaches him live; the event and invitation pages pass axe-core. A guest invited by
e-mail signs in with the link from the e-mail, once, and answers."""

import re
import time
import uuid
from datetime import timedelta

import pytest
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import expect

from demo.accounts import ANNA, JAN, coordinator_email
from tests.browser.conftest import LiveServer, live, running, signed_in

pytestmark = pytest.mark.browser

OPOLE_COORDINATOR = coordinator_email("opolskie")
MAIL_WAIT_SECONDS = 15


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with running(
        LiveServer, tmp_path_factory.mktemp("visits-server"), "--without-practices"
    ) as server:
        yield server


def _local(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")


def create_event(page, title: str) -> str:
    """Fill the new-event form with two seats; returns the event page's path."""
    starts = (timezone.now() + timedelta(days=20)).replace(hour=10, minute=0)
    page.goto("/wydarzenia/nowe/")
    form = page.get_by_role("main")
    form.locator("[name=kind]").select_option("wzk_session")
    form.locator("[name=title]").fill(title)
    form.locator("[name=description]").fill("Posiedzenie z gośćmi z innych regionów.")
    form.locator("[name=starts_at]").fill(_local(starts))
    form.locator("[name=ends_at]").fill(_local(starts + timedelta(hours=4)))
    form.locator("[name=rsvp_deadline]").fill(_local(starts - timedelta(days=5)))
    form.locator("[name=venue_address]").fill("al. Piłsudskiego 8, 90-051 Łódź")
    form.locator("[name=guest_seats]").fill("2")
    form.get_by_role("button", name="Utwórz wydarzenie").click()
    expect(page).to_have_url(re.compile(r"/wydarzenia/\d+/zaproszenia/$"))
    return re.search(r"/wydarzenia/\d+/", page.url).group(0)


def test_a_guest_accepts_and_the_seat_count_follows_live(browser, server, assert_accessible):
    title = f"Posiedzenie WZK z gośćmi {uuid.uuid4().hex[:6]}"

    anna = signed_in(browser, server, ANNA)
    event_path = create_event(anna, title)
    invite = anna.get_by_role("main")
    invite.get_by_role("checkbox", name="opolskie", exact=True).check()
    invite.get_by_role("checkbox", name="mazowieckie", exact=True).check()
    invite.get_by_role("button", name="Wyślij zaproszenia").click()
    expect(anna.get_by_text("Wysłane zaproszenia: 2.")).to_be_visible()

    # Opolskie's coordinator passes the region's invitation on to Jan.
    coordinator = signed_in(browser, server, OPOLE_COORDINATOR)
    coordinator.goto("/zaproszenia/")
    coordinator.get_by_role("link", name=title, exact=True).click()
    coordinator.get_by_role("checkbox", name=re.compile("Jan Kowalski")).check()
    coordinator.get_by_role("button", name="Przekaż dalej").click()
    expect(coordinator.get_by_text(re.compile("Zaproszenie przekazano"))).to_be_visible()

    # Łódzkie's coordinator watches the event page while Jan answers.
    live(anna, lambda: anna.goto(event_path))
    seats = anna.locator("[data-seats-left]").first
    expect(seats).to_have_text("2 wolne miejsca")
    assert_accessible(anna)

    jan = signed_in(browser, server, JAN)
    jan.goto("/zaproszenia/")
    jan.get_by_role("link", name=title, exact=True).click()
    expect(jan).to_have_url(re.compile(r"/zaproszenia/\d+/$"))
    assert_accessible(jan)
    jan.get_by_label("Ile osób przyjedzie").fill("1")
    jan.get_by_role("button", name="Przyjmij").click()
    expect(jan.get_by_text("Dziękujemy: Twoje miejsce jest potwierdzone.")).to_be_visible()
    assert_accessible(jan)

    expect(seats).to_have_text("1 wolne miejsce")  # without reloading Anna's page

    deadline = time.monotonic() + MAIL_WAIT_SECONDS
    while not (placed := [m for m in server.mails_to(JAN) if "Masz miejsce" in m["Subject"]]):
        assert time.monotonic() < deadline, "no e-mail confirming Jan's place"
        time.sleep(0.3)
    [message] = placed
    assert title in message["Subject"]
    [part] = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    calendar = Calendar.from_ical(part.get_payload(decode=True))
    assert str(calendar["METHOD"]) == "REQUEST"
    [vevent] = calendar.walk("VEVENT")
    assert str(vevent["SUMMARY"]) == title
    assert vevent["DTSTART"].params["TZID"] == "Europe/Warsaw"

    # Jan's conversations now list the event's room; a mention there reaches him live.
    live(jan, jan.get_by_role("link", name="Rozmowy").click)
    row = jan.get_by_role("row").filter(
        has=jan.get_by_role("rowheader", name=re.compile(re.escape(title)))
    )
    mentions = row.get_by_role("cell").nth(1)
    expect(mentions).to_have_text("0")
    assert_accessible(jan)

    anna.goto(event_path + "rozmowa/")
    expect(anna.get_by_role("heading", level=1)).to_have_text(f"Rozmowa: {title}")
    mention = f"@jan.kowalski dojazd z dworca Łódź Fabryczna {uuid.uuid4().hex[:6]}"
    main = anna.get_by_role("main")
    main.get_by_label(re.compile(r"^Temat:?$")).fill("Dojazd")
    main.get_by_label(re.compile(r"^Wiadomość:?$")).fill(mention)
    main.get_by_role("button", name="Wyślij", exact=True).click()

    notification = jan.locator(".chat-toast").filter(has_text=mention)
    expect(notification).to_contain_text(title)
    expect(mentions).to_have_text("1")
    notification.get_by_role("link", name="Otwórz rozmowę").click()
    expect(jan).to_have_url(re.compile(re.escape(event_path) + r"rozmowa/#wiadomosc-\d+$"))
    expect(jan.get_by_role("region", name="Dojazd", exact=True)).to_contain_text(mention)


def test_the_guests_page_and_the_empty_event_room_pass_axe(browser, server, assert_accessible):
    anna = signed_in(browser, server, ANNA)
    event_path = create_event(anna, f"Forum z gośćmi {uuid.uuid4().hex[:6]}")
    anna.goto(event_path + "goscie/")
    expect(anna.get_by_role("heading", level=1)).to_contain_text("Goście spoza platformy")
    assert_accessible(anna)
    anna.goto(event_path + "rozmowa/")
    expect(anna.get_by_text("Połączono: nowe wiadomości pojawiają się na bieżąco.")).to_be_visible()
    assert_accessible(anna)


def test_a_guest_invited_by_e_mail_signs_in_with_the_link_and_accepts(
    browser, server, assert_accessible
):
    address = f"gosc-{uuid.uuid4().hex[:6]}@szkola.example"
    anna = signed_in(browser, server, ANNA)
    event_path = create_event(anna, f"Forum dla gości {uuid.uuid4().hex[:6]}")
    anna.goto(event_path + "goscie/")
    form = anna.get_by_role("main")
    form.get_by_label("Adres e-mail").fill(address)
    form.get_by_label("Imię").fill("Ewa")
    form.get_by_label("Nazwisko").fill("Gość")
    form.get_by_role("button", name="Zaproś gościa").click()
    expect(anna.get_by_role("cell", name="jeszcze się nie zalogował(a)")).to_be_visible()

    deadline = time.monotonic() + MAIL_WAIT_SECONDS
    while not (mails := server.mails_to(address)):
        assert time.monotonic() < deadline, "no invitation e-mail for the guest"
        time.sleep(0.3)
    body = mails[0].get_body(preferencelist=("plain",)).get_content()
    link = re.search(r"http://\S+/goscie/\S+/", body).group(0)

    context = browser.new_context(base_url=server.url, locale="pl-PL")
    guest = context.new_page()
    guest.set_default_timeout(10_000)
    guest.goto(link)
    assert_accessible(guest)
    guest.locator("[name=new_password1]").fill("Gosc-na-forum-2026")
    guest.locator("[name=new_password2]").fill("Gosc-na-forum-2026")
    guest.get_by_role("button", name="Ustaw hasło").click()
    expect(guest).to_have_url(re.compile(r"/zaproszenia/\d+/$"))
    guest.get_by_role("button", name="Przyjmij").click()
    expect(guest.get_by_text("Dziękujemy: Twoje miejsce jest potwierdzone.")).to_be_visible()

    # Only the event is in the guest's menu; the link cannot be used a second time.
    menu = guest.get_by_role("navigation", name="Menu główne")
    expect(menu.get_by_role("link")).to_have_count(1)
    assert guest.goto("/czlonkowie/").status == 404
    context.close()
    replay_context = browser.new_context(base_url=server.url, locale="pl-PL")
    replay = replay_context.new_page()
    assert replay.goto(link).status == 400
    expect(replay.get_by_role("alert")).to_have_text(
        "Ten link został już użyty. Zaloguj się hasłem, które ustawiono."
    )
    replay_context.close()
