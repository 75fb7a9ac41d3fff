"""Finding good practices: filters with facet counts, search, bad input, the query budget."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import NationalModeratorFactory, practice

pytestmark = pytest.mark.django_db

LISTING = "/dobre-praktyki/"


def titles(response) -> list[str]:
    return sorted(item.title for item in response.context["results"].object_list)


def facet(response, name: str) -> dict[str, int]:
    return {option.value: option.count for option in getattr(response.context["facets"], name)}


@pytest.fixture
def catalogue():
    return {
        "edubus": practice(
            "opolskie",
            title="Edubus",
            kind="outreach",
            audiences=["pupils", "seniors"],
            tags=["Edukacja mobilna", "dożynki"],
            lead_institution="Urząd Marszałkowski Województwa Opolskiego",
            start_date=date(2024, 5, 1),
        ),
        "film": practice(
            "lodzkie",
            title="Kręci Mnie Mój Zawód",
            kind="contest",
            audiences=["pupils"],
            tags=["film", "konkurs"],
            lead_institution="Centrum Rozwoju Edukacji Województwa Łódzkiego",
            partners="Politechnika Łódzka",
            start_date=date(2025, 3, 1),
        ),
        "festival": practice(
            "wielkopolskie",
            title="Wielkopolski Festiwal Zawodów",
            kind="festival",
            audiences=["pupils", "adults"],
            tags=["festiwal", "Konkurs"],
            start_date=date(2025, 9, 15),
        ),
    }


def test_listing_shows_published_practices_newest_first(client, catalogue):
    practice("lodzkie", title="Szkic", publish=False)
    response = client.get(LISTING)
    assert response.status_code == 200
    listed = [item.title for item in response.context["results"].object_list]
    assert listed == ["Wielkopolski Festiwal Zawodów", "Kręci Mnie Mój Zawód", "Edubus"]
    assert "Szkic" not in response.text
    assert "3 dobre praktyki" in response.text


def test_order_by_title(client, catalogue):
    response = client.get(LISTING, {"order": "title"})
    listed = [item.title for item in response.context["results"].object_list]
    assert listed == sorted(listed)


def test_filters_combine_and_appear_in_a_shareable_url(client, catalogue):
    assert titles(client.get(LISTING, {"region": "opolskie"})) == ["Edubus"]
    assert titles(client.get(LISTING, {"type": "contest"})) == ["Kręci Mnie Mój Zawód"]
    assert titles(client.get(LISTING, {"audience": "adults"})) == ["Wielkopolski Festiwal Zawodów"]
    assert titles(client.get(LISTING, {"tag": "film"})) == ["Kręci Mnie Mój Zawód"]
    assert titles(client.get(LISTING, {"year": "2025"})) == [
        "Kręci Mnie Mój Zawód",
        "Wielkopolski Festiwal Zawodów",
    ]
    combined = client.get(LISTING, {"audience": "pupils", "year": "2025", "type": "festival"})
    assert titles(combined) == ["Wielkopolski Festiwal Zawodów"]


def test_facet_counts_follow_the_other_filters(client, catalogue):
    response = client.get(LISTING, {"audience": "pupils"})
    assert facet(response, "region")["opolskie"] == 1
    assert facet(response, "region")["mazowieckie"] == 0
    assert facet(response, "kind") == {**facet(response, "kind"), "contest": 1, "festival": 1}
    # The audience facet ignores its own filter, so other groups stay reachable.
    assert facet(response, "audience")["adults"] == 1
    assert facet(response, "year") == {"2025": 2, "2024": 1}
    narrowed = client.get(LISTING, {"audience": "pupils", "region": "lodzkie"})
    assert facet(narrowed, "year") == {"2025": 1}
    assert "łódzkie (1)" in narrowed.text


def test_tags_are_case_insensitive(client, catalogue):
    # "konkurs" and "Konkurs" are one tag.
    assert titles(client.get(LISTING, {"tag": "konkurs"})) == [
        "Kręci Mnie Mój Zawód",
        "Wielkopolski Festiwal Zawodów",
    ]


class TestSearch:
    def test_without_diacritics_and_case(self, client, catalogue):
        assert titles(client.get(LISTING, {"q": "KRECI mnie"})) == ["Kręci Mnie Mój Zawód"]
        assert "Kręci Mnie Mój Zawód" in titles(client.get(LISTING, {"q": "lodz"}))
        assert "Kręci Mnie Mój Zawód" in titles(client.get(LISTING, {"q": "Łódź"}))

    def test_by_tag_and_institution(self, client, catalogue):
        assert titles(client.get(LISTING, {"q": "dozynki"})) == ["Edubus"]
        assert titles(client.get(LISTING, {"q": "Politechnika"})) == ["Kręci Mnie Mój Zawód"]
        assert titles(client.get(LISTING, {"q": "marszałkowski opolskiego"})) == ["Edubus"]

    def test_with_filters(self, client, catalogue):
        assert titles(client.get(LISTING, {"q": "konkurs", "region": "wielkopolskie"})) == [
            "Wielkopolski Festiwal Zawodów"
        ]

    @pytest.mark.parametrize(
        "text",
        [
            '"Edubus',
            "Edubus' OR 1=1; DROP TABLE cms_goodpracticepage; --",
            "🚌 Edubus 🎓",
            "%_\\",
            "x" * 5000,
            "słowo " * 1000,
        ],
    )
    def test_any_text_gives_results_or_none_never_an_error(self, client, catalogue, text):
        response = client.get(LISTING, {"q": text})
        assert response.status_code == 200


class TestBadInput:
    def test_unknown_filter_values_are_ignored_with_a_notice(self, client, catalogue):
        response = client.get(LISTING, {"region": "atlantyda", "type": "x", "year": "dwa"})
        assert response.status_code == 200
        assert "Niektóre filtry nie zostały rozpoznane i zostały pominięte" in response.text
        assert len(titles(response)) == 3

    def test_a_search_longer_than_the_box_allows_is_ignored_with_a_notice(self, client, catalogue):
        response = client.get(LISTING, {"q": "zawód " * 40})
        assert response.status_code == 200
        assert "Niektóre filtry nie zostały rozpoznane i zostały pominięte" in response.text
        assert len(titles(response)) == 3
        assert 'maxlength="200"' in response.text

    def test_page_past_the_end_shows_the_last_page(self, client, catalogue):
        response = client.get(LISTING, {"page": "999", "per_page": "10"})
        assert response.status_code == 200
        assert response.context["results"].number == 1
        assert len(titles(response)) == 3

    def test_nonsense_page_shows_the_first(self, client, catalogue):
        assert client.get(LISTING, {"page": "abc"}).status_code == 200


def test_region_section_lists_only_its_region(client, catalogue):
    response = client.get("/dobre-praktyki/opolskie/")
    assert response.status_code == 200
    assert titles(response) == ["Edubus"]
    assert "Dobre praktyki – województwo opolskie" in response.text


@pytest.mark.parametrize("per_page", ["10", "20", "50"])
def test_listing_query_count_is_constant_and_at_most_12(client, per_page):
    def count_queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(LISTING, {"per_page": per_page, "audience": "pupils"})
        assert response.status_code == 200
        return len(captured)

    for number in range(3):
        practice("lodzkie", tags=[f"tag{number}", "wspólny"], audiences=["pupils", "adults"])
    count_queries()  # fills the caches (regions, site root paths) both measurements then share
    few = count_queries()
    for number in range(3, 25):
        practice(
            ["opolskie", "lodzkie", "podlaskie"][number % 3],
            tags=[f"tag{number}", "wspólny"],
            audiences=["pupils", "adults"],
        )
    many = count_queries()
    assert many == few
    assert many <= 12


def test_an_unpublished_practice_leaves_the_listing_and_its_counts(client, catalogue):
    catalogue["edubus"].unpublish()
    response = client.get(LISTING)
    assert titles(response) == ["Kręci Mnie Mój Zawód", "Wielkopolski Festiwal Zawodów"]
    assert facet(response, "region")["opolskie"] == 0


def test_unpublishing_a_region_section_takes_its_practices_off_the_listing(client, catalogue):
    from wagtail.actions.unpublish_page import UnpublishPageAction

    section = catalogue["edubus"].get_parent().specific
    admin = NationalModeratorFactory(is_superuser=True)
    UnpublishPageAction(section, user=admin, include_descendants=True).execute()
    response = client.get(LISTING)
    assert "Edubus" not in titles(response)
    assert facet(response, "region")["opolskie"] == 0


def test_a_practice_moved_to_another_region_section_is_listed_under_that_region(client, catalogue):
    lodzkie_section = catalogue["film"].get_parent()
    catalogue["edubus"].move(lodzkie_section, pos="last-child")
    response = client.get(LISTING, {"region": "lodzkie"})
    assert titles(response) == ["Edubus", "Kręci Mnie Mój Zawód"]
    assert facet(response, "region")["opolskie"] == 0
