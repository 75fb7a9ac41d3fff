"""Calendars, the region's visits and the feed page in a real browser: axe-core finds no
WCAG 2.1 A/AA violations, and the month grid works from the keyboard."""

import re

import pytest
from playwright.sync_api import expect

from demo.accounts import ANNA
from demo.loaders.visits import FESTIVAL, SESSION, STUDY_VISIT
from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser


def _month_of(page, title: str) -> str:
    """The month a demo event starts in, as the agenda shows it. The demo's dates count from
    the day the shared server was seeded, which is yesterday once midnight has passed since:
    today's date plus the demo's days may be a month too far."""
    page.goto("/kalendarz/")
    item = page.locator(".calendar-event").filter(
        has=page.get_by_role("link", name=title, exact=True)
    )
    return item.locator("time").first.get_attribute("datetime")[:7]


def test_a_visitor_browses_the_calendar_by_month_and_opens_an_event_with_the_keyboard(
    page, assert_accessible
):
    festival_month = _month_of(page, FESTIVAL)
    page.goto(f"/kalendarz/?miesiac={festival_month}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kalendarz wydarzeń")
    expect(page.get_by_role("main")).to_contain_text(FESTIVAL)
    assert_accessible(page)

    page.get_by_role("link", name="Siatka miesiąca").click()
    grid = page.get_by_role("table")
    expect(grid.get_by_role("columnheader")).to_have_count(7)
    expect(grid).to_contain_text(FESTIVAL)
    # The members-only session is not shown to visitors.
    expect(page.get_by_role("main")).not_to_contain_text(SESSION)
    assert_accessible(page)

    page.get_by_role("combobox", name="Rodzaj").select_option(label="Festiwal zawodów")
    page.get_by_role("button", name="Pokaż").click()
    expect(page).to_have_url(re.compile(r"rodzaj=professions_festival"))
    expect(page).to_have_url(re.compile(r"widok=miesiac"))

    link = page.get_by_role("table").get_by_role("link", name=FESTIVAL)
    link.focus()
    expect(link).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/wydarzenia/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(FESTIVAL)


def test_the_region_page_shows_visits_and_a_member_makes_a_feed(page, assert_accessible):
    page.goto("/regiony/opolskie/")
    hosted = page.locator("[data-visits=hosted]")
    expect(hosted).to_contain_text(STUDY_VISIT)
    expect(hosted).to_contain_text("łódzkie")
    expect(hosted).to_contain_text("mazowieckie")
    assert_accessible(page)

    log_in(page, ANNA)
    page.goto(f"/kalendarz/?miesiac={_month_of(page, SESSION)}&widok=miesiac")
    expect(page.get_by_role("table")).to_contain_text(SESSION)
    assert_accessible(page)

    page.get_by_role("link", name="Subskrybuj swoje wydarzenia w aplikacji kalendarza").click()
    assert_accessible(page)
    page.get_by_role("button", name="Utwórz adres kalendarza").click()
    expect(page.get_by_role("status")).to_contain_text("Utworzono adres Twojego kalendarza.")
    url = page.get_by_label("Twój adres kalendarza").input_value()
    assert_accessible(page)
    feed = page.context.request.get(url.replace(re.match(r"https?://[^/]+", url)[0], ""))
    assert feed.ok
    assert SESSION.encode() in feed.body().replace(b"\r\n ", b"")
