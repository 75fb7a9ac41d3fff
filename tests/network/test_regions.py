"""/regiony/ and a region's page: what each region has (practices, upcoming events, members),
links to its practices, actions, events and networks, in a fixed number of queries."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import UserFactory, practice, region

pytestmark = pytest.mark.django_db


def _card(html: str, name: str) -> str:
    return html.split(f">{name}</a></h2>", 1)[1].split("</li>\n  \n  <li", 1)[0]


def test_the_cards_count_practices_events_and_members(client):
    practice("opolskie")
    practice("opolskie")
    practice("opolskie", publish=False)  # a draft does not count
    UserFactory(region=region("opolskie"))
    html = client.get("/regiony/").text
    card = _card(html, "opolskie")
    assert "2 dobre praktyki" in card
    assert re.search(r"<li>1 \w+</li>", card)  # the member
    assert "0 nadchodzących wydarzeń" in card
    assert "TERYT" not in html
    assert "0 dobrych praktyk" in _card(html, "lubuskie")


def test_upcoming_events_count_on_the_card(client):
    from tests.visits.factories import EventFactory

    EventFactory(host_region=region("lubuskie"), is_public=True)
    html = client.get("/regiony/").text
    assert "1 nadchodzące wydarzenie" in _card(html, "lubuskie")


def test_the_regions_page_has_a_fixed_number_of_queries(client):
    client.get("/regiony/")

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            client.get("/regiony/")
        return len(captured)

    before = count()
    for slug in ("opolskie", "lubuskie", "pomorskie", "lodzkie"):
        practice(slug)
        UserFactory(region=region(slug))
    assert count() == before


def test_a_region_page_links_to_its_practices_actions_events_and_networks(client):
    practice("opolskie", title="Edubus")
    html = client.get("/regiony/opolskie/").text
    nav = html.split('aria-label="W tym województwie"', 1)[1].split("</nav>", 1)[0]
    assert 'href="/dobre-praktyki/opolskie/"' in nav
    assert 'href="/dzialania/?region=opolskie"' in nav
    assert 'href="/kalendarz/opolskie/"' in nav
    assert 'href="#networks-heading"' in nav
    assert "Edubus" in html.split('id="practices-heading"', 1)[1]
    assert "TERYT" not in html
