"""Monitoring in a real browser: łódzkie's coordinator fills the report's grid and submits it;
FRSE returns one value with a reason; the coordinator sees the reason on that value, corrects
it and resubmits; FRSE approves; the national dashboard's table, map and flows show it; axe
finds nothing on every monitoring page."""

import re

import pytest
from playwright.sync_api import expect

from demo.accounts import ANNA, MODERATOR
from tests.browser.conftest import LiveServer, running, signed_in

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with running(LiveServer, tmp_path_factory.mktemp("monitoring-server")) as server:
        yield server


def open_current_report(page) -> str:
    """łódzkie's report for the open period, from the reports page; returns its path."""
    page.goto("/sprawozdania/")
    # Newest period first: the open one.
    link = page.locator("tbody tr").first.get_by_role("link")
    link.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sprawozdanie: łódzkie")
    return re.search(r"/sprawozdania/\d+/lodzkie/", page.url).group(0)


def test_a_report_goes_round_the_states_and_reaches_the_dashboard(
    browser, server, assert_accessible
):
    anna = signed_in(browser, server, ANNA)
    anna.goto("/sprawozdania/")
    assert_accessible(anna)
    path = open_current_report(anna)
    assert_accessible(anna)

    # A percentage over 100 is refused on its field; nothing is lost.
    anna.get_by_label("Wartość osiągnięta: Uczestnicy działań regionu").fill("12500")
    anna.get_by_label(re.compile("Wartość osiągnięta: Odsetek szkół")).fill("120")
    anna.get_by_label("Wartość osiągnięta: Najważniejsze rezultaty okresu").fill(
        "Konkurs „Kręci Mnie Mój Zawód” i nowe umowy szkół z pracodawcami."
    )
    anna.get_by_role("button", name="Złóż", exact=True).click()
    expect(anna.locator("#row-W8")).to_contain_text("Odsetek wynosi od 0 do 100.")
    assert_accessible(anna)
    anna.get_by_label(re.compile("Wartość osiągnięta: Odsetek szkół")).fill("62,5")
    anna.get_by_role("button", name="Złóż", exact=True).click()
    expect(anna.get_by_text("Sprawozdanie zostało złożone do FRSE.")).to_be_visible()
    expect(anna.locator("[data-report-state]")).to_have_attribute("data-report-state", "submitted")

    frse = signed_in(browser, server, MODERATOR)
    frse.goto("/sprawozdania/")
    assert_accessible(frse)
    frse.goto(path)
    frse.get_by_label("Powód zwrotu „W7”").fill("Liczba nie zgadza się z listami obecności.")
    frse.get_by_role("button", name="Zwróć do poprawy").click()
    expect(frse.get_by_text("Sprawozdanie zostało zwrócone do poprawy.")).to_be_visible()

    anna.goto(path)
    expect(anna.locator("#row-W7")).to_contain_text("Liczba nie zgadza się z listami obecności.")
    expect(anna.locator("#row-W8")).not_to_contain_text("nie zgadza")
    assert_accessible(anna)
    anna.get_by_label("Wartość osiągnięta: Uczestnicy działań regionu").fill("12 400")
    anna.get_by_role("button", name="Złóż", exact=True).click()
    expect(anna.get_by_text("Sprawozdanie zostało złożone do FRSE.")).to_be_visible()

    frse.goto(path)
    frse.get_by_role("button", name="Zatwierdź").click()
    expect(frse.get_by_text("Sprawozdanie zostało zatwierdzone.")).to_be_visible()
    history = frse.get_by_role("table", name="Historia zmian")
    expect(history).to_contain_text("12500")
    expect(history).to_contain_text("Zwrócone do poprawy")

    # The dashboard: the approved figure in the table, on the map and in the bars.
    period = re.search(r"/sprawozdania/(\d+)/", path).group(1)
    frse.goto(f"/monitoring/?okres={period}&wskaznik=W7")
    row = frse.locator("#bars-table tr", has_text="łódzkie")
    expect(row).to_contain_text("12\xa0400")
    expect(frse.locator("#chart-map svg")).to_be_visible()
    expect(frse.locator("#chart-map svg text", has_text="12\xa0400").first).to_be_visible()
    expect(frse.locator("#chart-bars svg")).to_be_visible()
    expect(frse.locator("#chart-flows svg")).to_be_visible()
    cell = frse.locator("table.state-grid tr", has_text="łódzkie").locator("td.state-approved")
    expect(cell.first).to_be_visible()
    # Keyboard: focus the map, choose a region with the arrows, Enter opens its page.
    frse.locator("#chart-map").focus()
    frse.keyboard.press("ArrowRight")
    frse.keyboard.press("Enter")
    expect(frse).to_have_url(re.compile("/regiony/dolnoslaskie/$"))
    frse.go_back()
    assert_accessible(frse)
    frse.get_by_text("Przepływy w tabeli").click()
    assert_accessible(frse)

    public = browser.new_context(base_url=server.url, locale="pl-PL").new_page()
    public.goto(f"/monitoring/?okres={period}&wskaznik=W7")
    expect(public.locator("#bars-table tr", has_text="łódzkie")).to_contain_text("12\xa0400")
    expect(public.locator("table.state-grid")).to_have_count(0)
    assert_accessible(public)


def test_every_monitoring_page_passes_axe(browser, server, assert_accessible):
    anna = signed_in(browser, server, ANNA)
    anna.goto("/dzialania/")
    expect(anna.get_by_role("link", name="Konkurs „Kręci Mnie Mój Zawód”")).to_be_visible()
    assert_accessible(anna)
    anna.goto("/dzialania/?q=kreci")
    assert_accessible(anna)
    anna.get_by_role("link", name="Konkurs „Kręci Mnie Mój Zawód”").click()
    expect(anna.get_by_role("heading", level=1)).to_have_text("Konkurs „Kręci Mnie Mój Zawód”")
    assert_accessible(anna)
    anna.get_by_role("link", name="Edytuj działanie").click()
    assert_accessible(anna)
    anna.goto("/dzialania/nowe/")
    assert_accessible(anna)
    anna.goto("/dzialania/uprawnieni/")
    assert_accessible(anna)
    anna.goto("/dzialania/import/")
    assert_accessible(anna)
    anna.goto("/regiony/lodzkie/")
    expect(anna.get_by_role("heading", name="Uczymy się od siebie")).to_be_visible()
    assert_accessible(anna)

    # An export, prepared by the queue, listed with its download link.
    anna.goto("/dzialania/?region=lodzkie")
    anna.get_by_label("Eksportuj te działania jako").select_option("xlsx")
    anna.get_by_role("button", name="Eksportuj").click()
    expect(anna).to_have_url(re.compile("/eksporty/$"))
    download_link = anna.get_by_role("link", name=re.compile("^Pobierz"))
    # The queue builds it (at once without Redis; the worker with it): reload until it is
    # listed, for at most 20 seconds.
    for _attempt in range(40):
        if download_link.count():
            break
        anna.wait_for_timeout(500)
        anna.reload()
    expect(download_link.first).to_be_visible()
    assert_accessible(anna)
    with anna.expect_download() as download:
        download_link.first.click()
    assert download.value.suggested_filename.endswith(".xlsx")

    anna.goto("/sprawozdania/")
    anna.locator("tbody tr").last.get_by_role("link").click()
    anna.get_by_role("link", name=re.compile("zapisy, z których wynika")).first.click()
    expect(anna.get_by_role("heading", level=1)).to_contain_text("łódzkie")
    assert_accessible(anna)


PHONE = {"width": 390, "height": 844}


def test_on_a_phone_every_table_scrolls_by_keyboard_and_axe_finds_nothing(
    browser, server, assert_accessible
):
    phone = signed_in(browser, server, ANNA, viewport=PHONE)
    phone.goto("/monitoring/")
    assert_accessible(phone)
    figures = phone.get_by_role("region", name=re.compile("^Wartości krajowe, "))
    expect(figures).to_be_visible()

    # The grid of report states is wider than the phone: Tab reaches it after the year's
    # form, the arrow keys scroll it, and the focus is shown.
    grid = phone.get_by_role("region", name=re.compile("^Stan sprawozdań"))
    phone.get_by_role("button", name="Pokaż").first.focus()
    phone.keyboard.press("Tab")
    expect(grid).to_be_focused()
    assert grid.evaluate("wrap => wrap.scrollWidth > wrap.clientWidth")
    for _press in range(5):
        phone.keyboard.press("ArrowRight")
    phone.wait_for_function(
        "() => document.activeElement.scrollLeft > 0", polling=100, timeout=5_000
    )
    assert grid.evaluate("wrap => getComputedStyle(wrap).outlineStyle") == "solid"

    phone.goto("/sprawozdania/")
    phone.locator("tbody tr").last.get_by_role("link").click()
    expect(phone.get_by_role("heading", level=1)).to_contain_text("łódzkie")
    history = phone.get_by_role("region", name="Historia zmian")
    expect(history.get_by_role("table")).to_be_visible()
    expect(phone.get_by_role("region", name="Wskaźniki")).to_be_visible()
    assert_accessible(phone)
    history.focus()
    for _press in range(5):
        phone.keyboard.press("ArrowRight")
    phone.wait_for_function(
        "() => document.activeElement.scrollLeft > 0", polling=100, timeout=5_000
    )
