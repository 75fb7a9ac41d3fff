"""A member submits a good practice and finds their way on a phone, in a real browser, with
axe-core at desktop (1366) and phone (390) widths on every page this touches. The region's
coordinator, start page open, sees the practice arrive there to review without a reload."""

import re

import pytest
from playwright.sync_api import expect

from demo.accounts import ANNA, JAN, MODERATOR
from tests.browser.conftest import in_english, log_in, signed_in

pytestmark = pytest.mark.browser

OPOLSKIE_COORDINATOR = "koordynator@opolskie.example"
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


def check_both_widths(page, assert_accessible):
    for size in (DESKTOP, PHONE):
        page.set_viewport_size(size)
        assert_accessible(page)
    page.set_viewport_size(DESKTOP)


def test_the_menu_button_works_by_keyboard_on_a_phone(page, assert_accessible):
    page.set_viewport_size(PHONE)
    page.goto("/regiony/")
    menu = page.get_by_role("button", name="Menu")
    main_menu = page.get_by_role("navigation", name="Menu główne")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(main_menu).to_be_hidden()
    assert_accessible(page)

    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")  # the brand
    page.keyboard.press("Tab")
    expect(menu).to_be_focused()
    page.keyboard.press("Enter")
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(main_menu).to_be_visible()
    page.keyboard.press("Tab")
    expect(main_menu.get_by_role("link", name="Dobre praktyki")).to_be_focused()
    assert_accessible(page)

    page.keyboard.press("Escape")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(menu).to_be_focused()
    expect(main_menu).to_be_hidden()

    # On a desktop the menu is always there and the button is not.
    page.set_viewport_size(DESKTOP)
    expect(menu).to_be_hidden()
    expect(main_menu).to_be_visible()
    header = page.locator(".header-inner").bounding_box()
    assert header["height"] < 70  # one row


def test_the_busiest_headers_fit_one_row_at_1366(browser, live_server_url):
    """The national moderator's header (every menu item) in English, whose words are longest,
    and a coordinator's in Polish, with the unread badge."""
    for email, switch_to, back_to in ((MODERATOR, "English", "Polski"), (ANNA, None, None)):
        page = signed_in(browser, live_server_url, email, viewport=DESKTOP)
        if switch_to:
            page.get_by_role("button", name=re.compile(f"^{switch_to}")).click()
            expect(page.locator("html")).to_have_attribute("lang", "en")
        header = page.locator(".header-inner").bounding_box()
        assert header["height"] < 70, email  # one row
        nav = page.locator(".main-nav").bounding_box()
        account = page.locator(".account-nav").bounding_box()
        assert nav["y"] < account["y"] + account["height"] and account["x"] > nav["x"]
        if back_to:  # the choice is kept on the account: leave it as the other tests expect
            page.get_by_role("button", name=re.compile(f"^{back_to}")).click()
            expect(page.locator("html")).to_have_attribute("lang", "pl")
        page.context.close()


def test_a_member_submits_a_practice_with_a_preview_and_follows_it(
    browser, live_server_url, page, assert_accessible
):
    # The coordinator works in English: the notice's Polish title is marked so.
    coordinator = signed_in(browser, live_server_url, OPOLSKIE_COORDINATOR, viewport=DESKTOP)
    with in_english(coordinator):
        submit_and_watch(coordinator, page, assert_accessible)
    coordinator.context.close()


def submit_and_watch(coordinator, page, assert_accessible):
    to_review = coordinator.locator("#blok-praktyki")
    expect(to_review.get_by_role("heading")).to_have_text("Good practices awaiting your review")
    expect(to_review).not_to_contain_text("Opolskie warsztaty robotyki")

    page.set_viewport_size(DESKTOP)
    log_in(page, JAN)
    page.goto("/dobre-praktyki/")
    page.get_by_role("main").get_by_role("link", name="Zgłoś dobrą praktykę").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Zgłoś dobrą praktykę")
    check_both_widths(page, assert_accessible)

    # Sent half-filled: the errors are said, in Polish, and nothing is created.
    page.get_by_role("textbox", name="Tytuł").fill("Opolskie warsztaty robotyki")
    page.get_by_role("button", name="Wyślij do zatwierdzenia").click()
    expect(page.get_by_role("alert")).to_contain_text("Popraw błędy wskazane poniżej.")
    check_both_widths(page, assert_accessible)

    page.get_by_role("textbox", name="Streszczenie").fill(
        "Uczniowie budują roboty z pracodawcami branży automatyki."
    )
    page.get_by_label("Rodzaj działania").select_option("contest")
    page.get_by_role("checkbox", name="Uczniowie").check()
    page.get_by_role("textbox", name="Opis").fill(
        "Sześć szkół i trzech pracodawców.\n\nFinał w Opolu."
    )
    page.get_by_role("textbox", name="Tagi").fill("robotyka, współpraca z pracodawcami")
    page.get_by_label("Data rozpoczęcia").fill("2025-03-01")
    page.get_by_role("textbox", name="Instytucja wiodąca").fill("Politechnika Opolska")
    page.get_by_role("textbox", name="Rezultaty i dowody").fill(
        "120 uczniów; 9 na 10 poleca warsztaty koledze."
    )
    page.get_by_role("textbox", name="Potrzebne zasoby").fill("Zestawy robotów i sala.")
    page.get_by_role("button", name="Podgląd").click()

    preview = page.get_by_role("region", name="Podgląd")
    expect(preview).to_contain_text("Opolskie warsztaty robotyki")
    expect(preview).to_contain_text("Finał w Opolu.")
    expect(preview).to_contain_text("9 na 10 poleca")
    check_both_widths(page, assert_accessible)

    page.get_by_role("button", name="Wyślij do zatwierdzenia").click()
    expect(page).to_have_url(re.compile("/dobre-praktyki/moje/$"))
    expect(page.get_by_role("status")).to_contain_text("została wysłana do zatwierdzenia")
    item = page.get_by_role("listitem").filter(has_text="Opolskie warsztaty robotyki")
    expect(item).to_contain_text("Czeka na zatwierdzenie")
    expect(item).to_contain_text("Zatwierdzenie przez koordynatora WZK – opolskie")
    check_both_widths(page, assert_accessible)

    # The coordinator's start page, never reloaded: the practice is there to review, with a
    # notification linking to it in the admin.
    link = to_review.get_by_role("link", name="Opolskie warsztaty robotyki")
    expect(link).to_have_attribute("href", re.compile(r"^/admin/pages/\d+/edit/$"))
    toast = coordinator.locator("#chat-notifications .chat-toast")
    expect(toast).to_contain_text("A good practice awaits your review: “Opolskie warsztaty")
    expect(toast.locator('span[lang="pl"]')).to_have_text("Opolskie warsztaty robotyki")
    expect(coordinator.locator('#chat-notifications-announcer span[lang="pl"]')).to_have_text(
        "Opolskie warsztaty robotyki"
    )
    check_both_widths(coordinator, assert_accessible)


def test_ask_the_author_and_the_regions_pages_are_accessible(page, assert_accessible):
    log_in(page, JAN)
    page.goto("/dobre-praktyki/lodzkie/kreci-mnie-moj-zawod/")
    expect(page.get_by_role("heading", name="Zapytaj autora")).to_be_visible()
    check_both_widths(page, assert_accessible)
    page.get_by_role("textbox", name="Twoje pytanie").fill("Ile szkół wzięło udział w finale?")
    page.get_by_role("button", name=re.compile("^Wyślij do")).click()
    expect(page.get_by_role("status")).to_contain_text("Pytanie zostało wysłane")

    page.goto("/regiony/")
    expect(page.get_by_role("main")).to_contain_text("dobre praktyki")
    check_both_widths(page, assert_accessible)
    page.goto("/regiony/opolskie/")
    links = page.get_by_role("navigation", name="W tym województwie")
    expect(links.get_by_role("link", name="Dobre praktyki")).to_be_visible()
    check_both_widths(page, assert_accessible)
    page.goto("/czlonkowie/?q=kowal")
    expect(page.get_by_role("main")).to_contain_text("Jan Kowalski")
    check_both_widths(page, assert_accessible)

    # The account menu opens, and the English interface marks Polish content.
    page.get_by_role("button", name="Jan Kowalski").click()
    page.get_by_role("link", name="Moje praktyki").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Moje praktyki")
    page.get_by_role("button", name=re.compile("^English")).click()
    page.goto("/dobre-praktyki/lodzkie/kreci-mnie-moj-zawod/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_attribute("lang", "pl")
    check_both_widths(page, assert_accessible)
    page.get_by_role("button", name=re.compile("^Polski")).click()
