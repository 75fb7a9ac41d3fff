"""A visitor's first steps, in a real browser, with accessibility checked by axe-core."""

import re

import pytest
from playwright.sync_api import expect

from demo.accounts import ANNA
from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser


def test_visitor_switches_to_english_logs_in_and_sees_their_region(page, assert_accessible):
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "pl")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Platforma współpracy")
    expect(page.get_by_role("contentinfo")).to_contain_text(
        "Sfinansowane przez Unię Europejską NextGenerationEU"
    )
    assert_accessible(page)

    page.get_by_role("button", name=re.compile("^English")).click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("contentinfo")).to_contain_text(
        "Funded by the European Union NextGenerationEU"
    )
    assert_accessible(page)

    # The choice is remembered on the next page.
    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Regions").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Regions and their WZK")
    assert_accessible(page)

    page.get_by_role("button", name=re.compile("^Polski")).click()
    expect(page.locator("html")).to_have_attribute("lang", "pl")
    log_in(page, ANNA)
    expect(page).to_have_url(re.compile("/pulpit/$"))
    assert_accessible(page)

    page.goto("/konto/profil/")
    page.get_by_role("main").get_by_role("link", name="łódzkie").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("WZK – łódzkie")
    # Members see contact details.
    expect(page.get_by_role("main")).to_contain_text(ANNA)
    assert_accessible(page)


def test_keyboard_user_reaches_main_content_with_the_skip_link(page):
    page.goto("/regiony/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Przejdź do treści głównej")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("#main$"))


def test_wrong_password_message_and_accessible_login_form(page, assert_accessible):
    log_in(page, ANNA, "nie-to-haslo")
    expect(page.get_by_role("alert")).to_contain_text("Nieprawidłowy adres e-mail lub hasło.")
    assert_accessible(page)


def test_directory_and_network_pages_are_accessible(page, assert_accessible):
    page.goto("/czlonkowie/?region=opolskie")
    expect(page.get_by_role("main")).to_contain_text("opolskie")
    assert_accessible(page)
    page.goto("/sieci/doradztwo-zawodowe/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Doradztwo zawodowe")
    assert_accessible(page)
    page.goto("/deklaracja-dostepnosci/")
    assert_accessible(page)
