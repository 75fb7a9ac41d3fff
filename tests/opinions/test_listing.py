"""``/opinie/``: adopted documents of every region, faceted, searched ignoring diacritics,
in a constant number of queries; the Atom feed."""

import pytest
from django.urls import reverse

from tests.factories import CoordinatorFactory, region
from tests.opinions.factories import adopted, draft

pytestmark = pytest.mark.django_db


def _titles(response) -> list[str]:
    return [document.title for document in response.context["results"].object_list]


def test_only_adopted_documents_are_listed_and_search_ignores_diacritics(client, coordinator):
    adopted(coordinator, title="Łódzka rekomendacja o doradztwie")
    adopted(coordinator, title="Opinia o kształceniu dorosłych", kind="opinion")
    draft(coordinator, title="Łódzki projekt w pracy")
    assert sorted(_titles(client.get(reverse("opinions:document_list")))) == [
        "Opinia o kształceniu dorosłych",
        "Łódzka rekomendacja o doradztwie",
    ]
    assert _titles(client.get(reverse("opinions:document_list"), {"q": "lodzka"})) == [
        "Łódzka rekomendacja o doradztwie"
    ]
    assert _titles(client.get(reverse("opinions:document_list"), {"q": "KSZTALCENIU"})) == [
        "Opinia o kształceniu dorosłych"
    ]
    # A word's beginning, not its middle.
    assert _titles(client.get(reverse("opinions:document_list"), {"q": "ztalc"})) == []


def test_facets_count_with_the_other_filters_and_bad_filters_are_named(client, coordinator):
    adopted(coordinator, title="Rekomendacja A")
    adopted(coordinator, title="Opinia B", kind="opinion")
    other = CoordinatorFactory(region=region("malopolskie"))
    adopted(other, title="Opinia małopolska", kind="opinion")
    response = client.get(reverse("opinions:document_list"), {"kind": "opinion", "region": "xyz"})
    facets = response.context["facets"]
    by_region = {option.value: option.count for option in facets.region}
    assert by_region["lodzkie"] == 1 and by_region["malopolskie"] == 1
    by_kind = {option.value: option.count for option in facets.kind}
    assert by_kind == {"opinion": 2, "recommendation": 1, "position": 0}
    assert "Niektóre filtry nie zostały rozpoznane i zostały pominięte: Województwo." in (
        response.content.decode()
    )


def test_the_listing_costs_the_same_queries_for_3_or_30_documents(
    client, coordinator, django_assert_max_num_queries
):
    for number in range(3):
        adopted(coordinator, title=f"Dokument {number}")
    with django_assert_max_num_queries(9):
        client.get(reverse("opinions:document_list"))
    for number in range(3, 30):
        adopted(coordinator, title=f"Dokument {number}")
    with django_assert_max_num_queries(9):
        response = client.get(reverse("opinions:document_list"))
    assert len(response.context["results"].object_list) == 20


def test_the_feed_lists_adopted_documents(client, coordinator):
    document = adopted(coordinator)
    draft(coordinator, title="Projekt niewidoczny")
    feed = client.get(reverse("opinions:feed")).content.decode()
    assert document.resolution_label in feed
    assert "Projekt niewidoczny" not in feed


def test_the_wzks_own_list_costs_the_same_queries_for_3_or_30_documents(
    client, coordinator, django_assert_max_num_queries
):
    client.force_login(coordinator)
    for number in range(3):
        draft(coordinator, title=f"Projekt {number}")
    with django_assert_max_num_queries(12):
        client.get(reverse("opinions:team_documents"))
    for number in range(3, 30):
        draft(coordinator, title=f"Projekt {number}")
    with django_assert_max_num_queries(12):
        response = client.get(reverse("opinions:team_documents"))
    assert response.content.decode().count("Projekt ") >= 30
