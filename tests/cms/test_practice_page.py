"""A practice page, the feeds and the read-only API."""

import re
from datetime import date
from xml.etree import ElementTree

import pytest
from django.core.exceptions import ValidationError

from cms.models import GoodPracticePage, PracticeIndexPage
from tests.factories import UserFactory, practice

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def edubus():
    return practice(
        "opolskie",
        title="Edubus",
        summary="Mobilny punkt edukacyjny dociera tam, gdzie dostęp jest trudny.",
        tags=["edukacja mobilna"],
        contact_name="Maria Kontaktowa",
        contact_email="edubus@opolskie.example",
        contact_phone="+48 77 000 00 00",
        budget="120000.00",
        start_date=date(2024, 5, 1),
    )


def test_practice_page_hides_the_contact_from_visitors_and_its_address_from_everyone(
    client, edubus
):
    visitor = client.get(edubus.url)
    assert visitor.status_code == 200
    assert "Edubus" in visitor.text
    assert "edubus@opolskie.example" not in visitor.text
    assert "Maria Kontaktowa" not in visitor.text
    assert "Zapytaj autora" not in visitor.text
    client.force_login(UserFactory())
    member = client.get(edubus.url)
    # Members see who to ask and write through the site: the address itself is not shown.
    assert "edubus@opolskie.example" not in member.text
    assert "Maria Kontaktowa" in member.text
    assert "+48 77 000 00 00" in member.text
    assert "Zapytaj autora" in member.text


def test_inspired_by_links_show_in_both_directions(client, edubus):
    bus = practice("podkarpackie", title="Autobus wiedzy", inspired_by=[edubus])
    assert "Edubus" in client.get(bus.url).text
    edubus_page = client.get(edubus.url).text
    assert "Zainspirowane tą praktyką" in edubus_page
    assert "Autobus wiedzy" in edubus_page


def test_related_practices_share_tags_or_region(client, edubus):
    practice("lubelskie", title="Mobilne laboratorium", tags=["Edukacja mobilna"])
    practice("opolskie", title="Opolskie targi pracy")
    practice("pomorskie", title="Zupełnie inne działanie", tags=["morze"])
    page = client.get(edubus.url).content.decode()
    section = page.split('id="related-title"', 1)[1].split("</section>", 1)[0]
    related = re.findall(r'<a href="[^"]+">([^<]+)</a>', section)
    assert related[0] == "Mobilne laboratorium"
    assert "Opolskie targi pracy" in related
    assert "Zupełnie inne działanie" not in related


def test_draft_practice_is_not_public(client):
    draft = practice("opolskie", title="Szkic praktyki", publish=False)
    assert client.get(f"/dobre-praktyki/opolskie/{draft.slug}/").status_code == 404


def test_title_longer_than_100_characters_is_refused():
    with pytest.raises(ValidationError) as error:
        practice("opolskie", title="T" * 101)
    assert "title" in error.value.message_dict


def test_end_before_start_is_refused():
    with pytest.raises(ValidationError) as error:
        practice("opolskie", start_date=date(2025, 5, 1), end_date=date(2025, 4, 1))
    assert "end_date" in error.value.message_dict


def test_practice_outside_a_region_section_is_refused():
    index = PracticeIndexPage.objects.get()
    with pytest.raises(ValidationError):
        index.add_child(
            instance=GoodPracticePage(
                title="Zagubiona",
                slug="zagubiona",
                kind="other",
                start_date=date(2025, 1, 1),
                lead_institution="X",
                summary="Y",
            )
        )


class TestFeeds:
    def test_national_feed_lists_new_practices(self, client, edubus):
        practice("lodzkie", title="Kręci Mnie Mój Zawód")
        response = client.get("/dobre-praktyki/kanal/")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/atom+xml")
        feed = ElementTree.fromstring(response.content)
        titles = [entry.find(f"{ATOM}title").text for entry in feed.iter(f"{ATOM}entry")]
        assert titles == ["Kręci Mnie Mój Zawód", "Edubus"]
        assert feed.find(f"{ATOM}title").text == "Dobre praktyki WZK"

    def test_region_feed_has_only_that_region(self, client, edubus):
        practice("lodzkie", title="Kręci Mnie Mój Zawód")
        feed = ElementTree.fromstring(client.get("/dobre-praktyki/opolskie/kanal/").content)
        titles = [entry.find(f"{ATOM}title").text for entry in feed.iter(f"{ATOM}entry")]
        assert titles == ["Edubus"]

    def test_unknown_region_feed_is_404(self, client):
        assert client.get("/dobre-praktyki/atlantyda/kanal/").status_code == 404


class TestApi:
    def test_lists_published_practices_without_contacts(self, client, edubus):
        practice("lodzkie", title="Niepublikowana", publish=False)
        data = client.get("/api/v2/practices/").json()
        assert data["meta"]["total_count"] == 1
        item = data["items"][0]
        assert (item["title"], item["region_slug"], item["kind"]) == (
            "Edubus",
            "opolskie",
            "festival",
        )
        assert "edubus@opolskie.example" not in str(data)

    def test_detail_has_the_practice_fields(self, client, edubus):
        detail = client.get(f"/api/v2/practices/{edubus.pk}/").json()
        assert detail["summary"].startswith("Mobilny punkt")
        assert detail["tag_names"] == ["edukacja mobilna"]
        assert detail["region_name"] == "opolskie"
        for private in ("contact_email", "contact_name", "contact_phone"):
            assert private not in detail

    def test_filters_and_unknown_ids(self, client, edubus):
        assert client.get("/api/v2/practices/", {"kind": "festival"}).status_code == 200
        assert client.get("/api/v2/practices/999999/").status_code == 404
        draft = practice("lodzkie", title="Szkic", publish=False)
        assert client.get(f"/api/v2/practices/{draft.pk}/").status_code == 404


def test_the_interreg_questions_show_on_the_page_in_the_api_and_in_search(client):
    """Results with evidence, resources needed, difficulties and the potential for transfer:
    what reviewers of practice databases look for."""
    page = practice(
        "lubelskie",
        title="Akademia Seniora",
        evidence="Ankieta: 8 na 10 seniorów umawia wizyty przez internet.",
        resources_needed="Sala z Wi-Fi i dwóch wolontariuszy.",
        difficulties="Wstyd przed pytaniami – pomogły osobne grupy.",
        transferability="Każda gmina z biblioteką.",
    )
    html = client.get(page.url).text
    for heading, text in (
        ("Rezultaty i dowody", "Ankieta: 8 na 10 seniorów"),
        ("Potrzebne zasoby", "Sala z Wi-Fi"),
        ("Napotkane trudności i sposób ich rozwiązania", "pomogły osobne grupy"),
        ("Potencjał przeniesienia", "Każda gmina z biblioteką."),
    ):
        assert heading in html
        assert text in html
    detail = client.get(f"/api/v2/practices/{page.pk}/").json()
    assert detail["evidence"].startswith("Ankieta")
    assert detail["resources_needed"] == "Sala z Wi-Fi i dwóch wolontariuszy."
    assert detail["difficulties"].startswith("Wstyd")
    assert detail["transferability"] == "Każda gmina z biblioteką."
    listing = client.get("/dobre-praktyki/", {"q": "wolontariuszy"}).text
    assert "Akademia Seniora" in listing
    assert "Akademia Seniora" in client.get("/dobre-praktyki/", {"q": "wstyd"}).text


def test_in_english_the_polish_content_is_marked_polish(client):
    page = practice("lubelskie", title="Akademia Seniora", evidence="Ankieta seniorów.")
    client.cookies["wzk_language"] = "en"
    html = client.get(page.url).text
    assert '<html lang="en">' in html
    assert '<h1 lang="pl">Akademia Seniora</h1>' in html
    assert '<div class="prose" lang="pl"><p>Ankieta seniorów.</p></div>' in html
    client.cookies["wzk_language"] = "pl"
    assert 'lang="pl"' not in client.get(page.url).text.split("<body>", 1)[1]


def test_in_english_listings_and_network_pages_mark_polish_content(client):
    from tests.factories import NetworkFactory

    practice("opolskie", title="Edubus", summary="Mobilny punkt edukacyjny.")
    network = NetworkFactory(name="Doradztwo zawodowe", description="Wymiana doświadczeń.")
    client.cookies["wzk_language"] = "en"
    listing = client.get("/dobre-praktyki/").text
    assert 'lang="pl">Edubus</a>' in listing
    assert '<p lang="pl">Mobilny punkt edukacyjny.</p>' in listing
    detail = client.get(network.get_absolute_url()).text
    assert '<h1 lang="pl">Doradztwo zawodowe</h1>' in detail
    assert 'lang="pl">Doradztwo zawodowe</a>' in client.get("/sieci/").text


def test_the_dates_are_written_once_for_a_single_day_in_either_language(client):
    one_day = practice(
        "lubelskie", title="Dzień otwarty", start_date=date(2025, 3, 19), end_date=date(2025, 3, 19)
    )
    two_days = practice(
        "lubelskie", title="Targi", start_date=date(2026, 3, 10), end_date=date(2026, 3, 11)
    )
    assert "<dd>19 marca 2025</dd>" in client.get(one_day.url).text
    assert "<dd>10 marca 2026 – 11 marca 2026</dd>" in client.get(two_days.url).text
    client.cookies["wzk_language"] = "en"
    assert "<dd>19 March 2025</dd>" in client.get(one_day.url).text
    assert "<dd>10 March 2026 – 11 March 2026</dd>" in client.get(two_days.url).text
