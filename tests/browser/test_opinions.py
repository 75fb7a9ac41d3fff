"""A WZK document in real browsers, from draft to resolution: łódzkie's coordinator drafts a
recommendation and opens the consultation; a member comments on a paragraph and discusses it
in the document's room; the coordinator puts it to the vote; both vote; the coordinator closes
the vote and the document is adopted; its PDF downloads and reads back with its Polish
letters. Every page passes axe-core, the reviews of initiatives too."""

import io
import re
import uuid
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from demo.accounts import ANNA
from demo.loaders.people import REGIONS, ascii_fold, person
from tests.browser.conftest import LiveServer, running, signed_in

pytestmark = pytest.mark.browser


def member_email(slug: str, slot: int) -> str:
    """A demo member's e-mail, as demo.loaders.people makes it."""
    first_name, last_name, _gender = person(list(REGIONS).index(slug), slot)
    return f"{ascii_fold(first_name)}.{ascii_fold(last_name)}@{slug}.example"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with running(
        LiveServer, tmp_path_factory.mktemp("opinions-server"), "--without-practices"
    ) as server:
        yield server


def _noon_in(days: int) -> str:
    """Noon ``days`` from today, as a datetime-local field takes it: a time that names one
    moment on every date (this moment ``days`` on may fall in the hour the clocks repeat)."""
    return f"{timezone.localdate() + timedelta(days=days)}T12:00"


def test_a_recommendation_from_draft_to_an_adopted_resolution(browser, server, assert_accessible):
    title = f"Rekomendacja o doradztwie zawodowym – żółta ścieżka {uuid.uuid4().hex[:6]}"
    anna = signed_in(browser, server, ANNA)

    anna.goto("/opinie/")
    assert_accessible(anna)
    anna.get_by_role("link", name="Rozpocznij nowy dokument").click()
    assert_accessible(anna)
    form = anna.get_by_role("main")
    form.locator("[name=kind]").select_option("recommendation")
    form.locator("[name=title]").fill(title)
    form.locator("[name=subject]").fill("Doradztwo zawodowe w szkołach branżowych")
    form.locator("[name=addressee]").fill("Zarząd Województwa Łódzkiego")
    form.locator("[name=text]").fill(
        "## Rekomendacje\n\nZespół rekomenduje więcej godzin doradztwa w szkołach.\n\n"
        "Zespół zaleca współpracę z pracodawcami z regionu."
    )
    form.get_by_role("button", name="Zapisz projekt").click()
    expect(anna.get_by_text("Projekt zapisano jako wersję 1.")).to_be_visible()
    document_path = re.search(r"/opinie/\d+/", anna.url).group(0)
    assert_accessible(anna)

    anna.get_by_role("link", name="Otwórz konsultacje").click()
    assert_accessible(anna)
    anna.locator("[name=closes_at]").fill(_noon_in(7))
    anna.get_by_role("main").get_by_role("button", name="Otwórz konsultacje").click()
    expect(anna.get_by_text("Konsultacje są otwarte.")).to_be_visible()

    member = signed_in(browser, server, member_email("lodzkie", 1))
    member.goto(document_path)
    main = member.get_by_role("main")
    main.get_by_label("Dotyczy").select_option(label="Akapit 2")
    main.get_by_label("Twój komentarz").fill("Dodajmy szkoły podstawowe – tam zapadają decyzje.")
    main.get_by_role("button", name="Dodaj komentarz").click()
    expect(member.get_by_text("Dziękujemy: komentarz został dodany.")).to_be_visible()
    expect(member.get_by_text("1 komentarz do akapitu 2")).to_be_visible()
    assert_accessible(member)

    member.get_by_role("link", name="Rozmawiaj w pokoju dokumentu").click()
    expect(member.get_by_role("heading", level=1)).to_have_text(f"Rozmowa: {title}")
    room = member.get_by_role("main")
    room.get_by_label(re.compile(r"^Temat:?$")).fill("Akapit 2")
    room.get_by_label(re.compile(r"^Wiadomość:?$")).fill("Czy dopisać poradnie? Łódź czeka.")
    room.get_by_role("button", name="Wyślij", exact=True).click()
    expect(room.get_by_text("Czy dopisać poradnie? Łódź czeka.")).to_be_visible()
    assert_accessible(member)

    anna.goto(document_path)
    anna.get_by_role("link", name="Poddaj pod głosowanie").click()
    assert_accessible(anna)
    anna.locator("[name=closes_at]").fill(_noon_in(2))
    anna.get_by_role("main").get_by_role("button", name="Poddaj pod głosowanie").click()
    expect(anna.get_by_text("Głosowanie jest otwarte.")).to_be_visible()
    for voter in (anna, member):
        voter.goto(document_path)
        voter.get_by_role("radio", name="Za", exact=True).check()
        voter.get_by_role("button", name="Oddaj głos", exact=True).click()
        expect(voter.get_by_text("Twój głos „Za” został zapisany.")).to_be_visible()
        expect(
            voter.get_by_text("Wynik będzie widoczny po zakończeniu głosowania.")
        ).to_be_visible()
    assert_accessible(member)

    anna.get_by_role("button", name="Zakończ głosowanie teraz i zapisz wynik").click()
    adopted = anna.get_by_text(
        re.compile(r"dokument przyjęto \(Uchwała nr \d+/\d{4} WZK Województwa Łódzkiego\)")
    )
    expect(adopted).to_be_visible()
    expect(anna.get_by_role("table", name="Wynik głosowania")).to_contain_text("2")
    assert_accessible(anna)

    with anna.expect_download() as download_info:
        anna.get_by_role("link", name="Pobierz uchwałę (PDF)").click()
    content = open(download_info.value.path(), "rb").read()  # noqa: SIM115
    text = " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages
    )
    assert title in text
    assert "Zespół rekomenduje więcej godzin doradztwa w szkołach." in text
    assert "Sfinansowano ze środków Unii Europejskiej – NextGenerationEU" in text

    # The adopted document is public now, in the national listing too.
    visitor = browser.new_context(base_url=server.url, locale="pl-PL").new_page()
    visitor.goto("/opinie/?q=zolta")
    expect(visitor.get_by_role("link", name=title)).to_be_visible()
    visitor.get_by_role("link", name=title).click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(title)
    assert_accessible(visitor)


def test_the_other_opinion_pages_pass_axe(browser, server, assert_accessible):
    anna = signed_in(browser, server, ANNA)
    for path in ("/opinie/wzk/", "/opinie/wzk/zasady/", "/przeglady/", "/przeglady/nowy/"):
        anna.goto(path)
        assert_accessible(anna)
    anna.goto("/przeglady/")
    anna.get_by_role("table").get_by_role("link").first.click()
    expect(anna.get_by_role("heading", level=1)).to_contain_text("Przegląd inicjatyw")
    assert_accessible(anna)
    anna.goto("/opinie/wzk/")
    anna.get_by_role("link", name=re.compile("Rekomendacja w sprawie wzmocnienia")).click()
    assert_accessible(anna)
    anna.get_by_role("link", name="Co zmieniono w wersji 2").click()
    expect(anna.get_by_role("heading", level=1)).to_have_text("Wersja 2 w porównaniu z wersją 1")
    assert_accessible(anna)
    anna.go_back()
    anna.get_by_role("link", name="Zapisz, co się z nim stało").click()
    assert_accessible(anna)
    malopolska = signed_in(browser, server, member_email("malopolskie", 1))
    malopolska.goto("/opinie/wzk/")
    malopolska.get_by_role("link", name=re.compile("Festiwal Uczelni")).click()
    expect(malopolska.get_by_text("1 komentarz do akapitu 2")).to_be_visible()
    expect(malopolska.get_by_text("Dobra opinia, popieram w całości.")).to_be_visible()
    assert_accessible(malopolska)
