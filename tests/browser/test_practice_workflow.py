"""A good practice's way from an author's draft to the public listing, in a real browser.

A łódzkie member writes it in the Wagtail admin, łódzkie's coordinator and then a national
moderator approve it, and visitors find it. The admin follows each user's language: Polish here.
"""

import re
from contextlib import contextmanager

import pytest
from playwright.sync_api import expect

from demo.accounts import ANNA, MODERATOR
from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser

AUTHOR = "beata.olszewska@lodzkie.example"  # a łódzkie member in the demo data, not a coordinator
COORDINATOR = ANNA  # łódzkie's coordinator
NATIONAL_MODERATOR = MODERATOR
TITLE = "Warsztaty robotyki w Zgierzu"
SLUG = "warsztaty-robotyki-w-zgierzu"
PUBLIC_URL = f"/dobre-praktyki/lodzkie/{SLUG}/"


@contextmanager
def signed_in(browser, live_server_url, email):
    """A fresh browser context (no shared cookies) with ``email`` logged in."""
    context = browser.new_context(base_url=live_server_url, locale="pl-PL")
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        log_in(page, email)
        expect(page).to_have_url(re.compile("/pulpit/$"))
        yield page
    finally:
        context.close()


def textbox(page, label: str):
    # Wagtail marks required fields with "*" in the label.
    return page.get_by_role("textbox", name=re.compile(rf"^{re.escape(label)}\*?$"))


def messages(page):
    # The admin's flash messages: a role="status" region (one of several on admin pages).
    return page.locator(".messages")


def footer_action(page, name: str) -> None:
    """Open the footer's "more actions" menu and choose ``name``."""
    page.get_by_role("button", name="Więcej akcji").click()
    page.get_by_role("button", name=name, exact=True).click()


def approve_from_dashboard(page, button: str) -> None:
    page.goto("/admin/")
    page.get_by_role("link", name=TITLE).click()
    # Wait for the editor's scripts: the action menu is a script-driven dropdown.
    page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/$"), wait_until="load")
    footer_action(page, button)
    expect(messages(page)).to_contain_text(f"Strona '{TITLE}' została zaktualizowana.")


def test_member_writes_a_practice_and_two_moderators_publish_it(
    browser, live_server_url, page, assert_accessible
):
    with signed_in(browser, live_server_url, AUTHOR) as author:
        # A member's page explorer opens on their region's section.
        author.goto("/admin/pages/")
        expect(author.get_by_role("heading", level=1)).to_contain_text("łódzkie")
        author.get_by_role("link", name="Dodaj stronę podrzędną").click()
        author.wait_for_url(re.compile(r"/admin/pages/add/cms/goodpracticepage/\d+/$"))

        textbox(author, "Tytuł").fill(TITLE)
        textbox(author, "Streszczenie").fill(
            "Uczniowie szkół zawodowych budują roboty z inżynierami z lokalnych firm."
        )
        author.get_by_role("combobox", name=re.compile("^Rodzaj działania")).select_option(
            label="Inne"
        )
        author.get_by_role("checkbox", name="Uczniowie", exact=True).check()
        start_date = textbox(author, "Data rozpoczęcia")
        start_date.fill("2025-10-06")  # WAGTAIL_DATE_FORMAT's default, %Y-%m-%d
        # The date picker opens 100 ms after focus and closes on blur. Leaving the field
        # before it has opened would leave it open over the footer, so wait for it first.
        date_picker = author.locator(".xdsoft_datetimepicker:visible")
        expect(date_picker).to_be_visible()
        textbox(author, "Instytucja wiodąca").fill("Zespół Szkół Ponadpodstawowych nr 1 w Zgierzu")
        expect(date_picker).to_be_hidden()
        expect(start_date).to_have_value("2025-10-06")
        # The slug (on the "Promocja SEO" tab) follows the title after a short debounce.
        expect(
            author.get_by_role("textbox", name=re.compile("^Slug"), include_hidden=True)
        ).to_have_value(SLUG)

        footer_action(author, "Wyślij do Moderacja dobrych praktyk – łódzkie")
        expect(messages(author)).to_contain_text(
            f"Strona '{TITLE}' utworzona i przekazana do moderacji."
        )
        expect(author.get_by_role("row", name=re.compile(TITLE))).to_contain_text(
            "W MODERACJI", ignore_case=True
        )

    with signed_in(browser, live_server_url, COORDINATOR) as coordinator:
        approve_from_dashboard(coordinator, "Akceptuj")
        # Approved by the region, not yet by the national moderator: still not public.
        assert coordinator.goto(PUBLIC_URL).status == 404

    with signed_in(browser, live_server_url, NATIONAL_MODERATOR) as moderator:
        approve_from_dashboard(moderator, "Akceptuj i Opublikuj")

    # A visitor (the fixture's page: never logged in) finds it.
    page.goto("/dobre-praktyki/")
    expect(page.get_by_role("main").get_by_role("link", name=TITLE)).to_be_visible()
    assert_accessible(page)

    page.goto("/dobre-praktyki/?q=zgierz")
    results = page.get_by_role("main").get_by_role("link", name=TITLE)
    expect(results).to_be_visible()
    assert_accessible(page)

    results.click()
    expect(page).to_have_url(re.compile(f"{PUBLIC_URL}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_role("main")).to_contain_text(
        "Zespół Szkół Ponadpodstawowych nr 1 w Zgierzu"
    )
    assert_accessible(page)
