"""The members' directory: search by name, and names in Polish alphabetical order on both
databases (PostgreSQL's ICU collation, SQLite's registered one)."""

import re

import pytest
from django.db import connection

from network.collation import POLISH_COLLATION, polish_sort_key
from network.selectors import members_directory
from tests.factories import UserFactory, region

pytestmark = pytest.mark.django_db

# In Polish alphabetical order.
SURNAMES = [
    "Dąbrowska",
    "Dudek",
    "Lis",
    "Łukasik",
    "Nowak",
    "Ośka",
    "Owczarek",
    "Wójcik",
    "Wróbel",
    "Zając",
    "Źrebiec",
    "Żak",
]


def _rows(html: str) -> str:
    return html.split("<tbody>")[1].split("</tbody>")[0]


@pytest.fixture
def members():
    # Created in reverse, so that the order of insertion cannot pass for the right one.
    return [
        UserFactory(first_name="Anna", last_name=surname, region=region("mazowieckie"))
        for surname in reversed(SURNAMES)
    ]


def test_the_sort_key_follows_the_polish_alphabet():
    assert sorted(SURNAMES[::-1], key=polish_sort_key) == SURNAMES  # noqa: C415
    assert sorted(["ąb", "Ala", "ala", "Ab"], key=polish_sort_key) == ["Ab", "ala", "Ala", "ąb"]
    assert sorted(["Zoë", "Zoe", "Zof"], key=polish_sort_key) == ["Zoe", "Zoë", "Zof"]


def test_the_database_orders_names_the_polish_way(members):
    """Whichever database runs the tests (make test runs both)."""
    names = [member.last_name for member in members_directory(region=region("mazowieckie"))]
    assert names == SURNAMES
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_collation WHERE collname = %s", [POLISH_COLLATION])
            assert cursor.fetchone() == (1,)


def test_the_directory_page_lists_them_in_that_order(client, members):
    html = client.get("/czlonkowie/", {"region": "mazowieckie"}).text
    shown = re.findall(r">Anna (\w+)</a>", html)
    assert shown == SURNAMES


def test_search_by_first_or_last_name_every_word(client, members):
    UserFactory(first_name="Łucja", last_name="Dudek", region=region("opolskie"))
    html = client.get("/czlonkowie/", {"q": "dudek"}).text
    assert re.findall(r">(\w+ \w+)</a>", _rows(html)) == ["Anna Dudek", "Łucja Dudek"]
    html = client.get("/czlonkowie/", {"q": " Łucja  dud "}).text
    assert re.findall(r">(\w+ \w+)</a>", _rows(html)) == ["Łucja Dudek"]
    assert "Znaleziono 1 osobę" in html
    html = client.get("/czlonkowie/", {"q": "Kowalczykowska"}).text
    assert "Znaleziono 0 osób" in html
    # Labels as on the other listings.
    assert "Szukaj po nazwisku lub imieniu" in html
    assert re.search(r'<label for="id_region">Województwo:?</label>', html)


def test_a_long_or_odd_search_is_handled(client, members):
    assert client.get("/czlonkowie/", {"q": "a" * 500}).status_code == 200
    assert client.get("/czlonkowie/", {"q": "%_\\'\""}).status_code == 200


def test_directory_queries_do_not_grow_with_the_rows(client, django_assert_max_num_queries):
    for number in range(3):
        UserFactory(last_name=f"Ąbc{number}")
    client.get("/czlonkowie/", {"q": "ąbc"})
    with django_assert_max_num_queries(8) as first:
        client.get("/czlonkowie/", {"q": "ąbc"})
    for number in range(10):
        UserFactory(last_name=f"Ąbc{number + 3}")
    from django.db import connection as db
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(db) as second:
        client.get("/czlonkowie/", {"q": "ąbc"})
    assert len(second) == len(first)


@pytest.fixture
def polish_names():
    return [
        UserFactory(first_name="Łukasz", last_name="Żółtowski", region=region("lubuskie")),
        UserFactory(first_name="Zofia", last_name="Żółtowska", region=region("slaskie")),
        UserFactory(first_name="Ewa", last_name="Dąbrowska", region=region("opolskie")),
        UserFactory(first_name="Lukas", last_name="Schmidt", region=region("opolskie")),
    ]


def _found(q: str) -> list[str]:
    return [member.get_full_name() for member in members_directory(q=q)]


def test_search_ignores_case_and_diacritics(polish_names):
    """Plain-ASCII and upper-case queries find Polish names, on both databases."""
    assert _found("lukasz") == ["Łukasz Żółtowski"]
    assert _found("ŁUKASZ") == ["Łukasz Żółtowski"]
    assert _found("ZOLTOWSKA") == ["Zofia Żółtowska"]
    assert _found("żółtowsk") == ["Zofia Żółtowska", "Łukasz Żółtowski"]
    assert _found("dabrowska") == ["Ewa Dąbrowska"]
    assert _found("DĄBROWSKA") == ["Ewa Dąbrowska"]
    assert _found("luka") == ["Lukas Schmidt", "Łukasz Żółtowski"]
    # Every word must match, in either name.
    assert _found("zoltowsk LUKASZ") == ["Łukasz Żółtowski"]
    assert _found("ewa zoltowska") == []


def test_the_directory_page_finds_them_without_diacritics(client, polish_names):
    html = client.get("/czlonkowie/", {"q": "ZOLTOWSKA"}).text
    assert re.findall(r">(\w+ \w+)</a>", _rows(html)) == ["Zofia Żółtowska"]
    assert "Znaleziono 1 osobę" in html


def test_the_folded_name_follows_every_way_names_are_written(polish_names):
    from network import services
    from network.models import User

    lukasz = polish_names[0]
    assert lukasz.search_name == "lukasz zoltowski"
    services.profile_update(member=lukasz, first_name="Łucja", last_name="Wójcik")
    assert _found("wojcik") == ["Łucja Wójcik"]
    lukasz.last_name = "Źrebiec"
    lukasz.save(update_fields=["last_name"])
    assert _found("zrebiec") == ["Łucja Źrebiec"]
    # The demo loaders' path: update_or_create saves only the fields it was given.
    User.objects.update_or_create(email=lukasz.email, defaults={"last_name": "Ślęzak"})
    assert _found("slezak") == ["Łucja Ślęzak"]
    assert _found("zrebiec") == []


def test_the_migration_folds_the_names_already_there(polish_names):
    import importlib

    from django.apps import apps

    from network.models import User

    User.objects.update(search_name="")
    migration = importlib.import_module("network.migrations.0006_member_search_name")
    migration.fill_search_name(apps, None)
    assert _found("dabrowska") == ["Ewa Dąbrowska"]
    assert User.objects.get(pk=polish_names[1].pk).search_name == "zofia zoltowska"
