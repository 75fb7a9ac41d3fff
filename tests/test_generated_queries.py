"""Generated query strings for the public GET pages and the Wagtail API (hypothesis).

Every parameter the pages read, and some they do not, with hostile values: NUL, quotes, lone
brackets, numbers past 64 bits, dates that are not dates, 50,000 characters, characters from
every Unicode plane. No answer may be a 5xx (the test client re-raises what would be one); the
Wagtail API answers a refusal as a 400 with a JSON ``message`` in Polish.
"""

import collections
import json

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from chat.models import Room
from tests.factories import MembershipFactory, NetworkFactory, practice
from tests.visits.factories import EventFactory

pytestmark = pytest.mark.django_db

PAGE_EXAMPLES = 300
API_EXAMPLES = 300
COUNTS: collections.Counter = collections.Counter()

HOSTILE = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        [
            "",
            "\x00",
            "a\x00b",
            "'",
            '"',
            '"abc',
            "(",
            ")",
            "*",
            "-",
            "AND",
            "OR NOT",
            "%",
            "_",
            "\\",
            "9" * 25,
            "-" + "9" * 25,
            "9223372036854775808",
            "-9223372036854775809",
            "1e400",
            "NaN",
            "0",
            "-1",
            "2026-13-45",
            "0000-00-00",
            "9999-12",
            "2026-02-30",
            "true",
            "maybe",
            "😀",
            "ż" * 300,
            "a" * 50_000,
            "<script>",
            "../../etc/passwd",
        ]
    ),
    st.integers(-(2**70), 2**70).map(str),
    st.dates().map(str),
)


def queries(names: list[str]):
    """A query string: some of ``names`` (and an unknown one) with hostile values; a name
    may come twice."""
    return st.lists(
        st.tuples(st.sampled_from([*names, "nieznany"]), HOSTILE), min_size=1, max_size=4
    )


@pytest.fixture(scope="module", autouse=True)
def _print_counts():
    yield
    print(f"\ngenerated GET requests by first path segment: {dict(COUNTS)}")


@pytest.fixture
def site(db):
    """One of everything a public page can show."""
    network = NetworkFactory(slug="doradztwo")
    member = MembershipFactory(network=network).user
    practice("lodzkie", title="Edubus – mobilny punkt", tags=["edukacja"])
    practice("opolskie", title="Festiwal „Kręci Mnie Mój Zawód”")
    event = EventFactory(title="Posiedzenie WZK")
    return {"network": network, "member": member, "event": event}


def public_pages(site) -> dict[str, list[str]]:
    """Each public page and the query parameters it reads."""
    return {
        "/": [],
        "/dobre-praktyki/": [
            *("q", "region", "type", "audience", "tag", "year", "order", "page", "per_page"),
        ],
        "/dobre-praktyki/lodzkie/": ["q", "type", "page", "order"],
        "/dobre-praktyki/kanal/": [],
        "/dobre-praktyki/opolskie/kanal/": [],
        "/regiony/": [],
        "/regiony/lodzkie/": [],
        "/sieci/": [],
        f"/sieci/{site['network'].slug}/": [],
        "/czlonkowie/": ["region", "institution_type", "network", "page"],
        f"/czlonkowie/{site['member'].pk}/": [],
        "/kalendarz/": ["widok", "miesiac", "rodzaj", "region"],
        "/kalendarz/lodzkie/": ["widok", "miesiac", "rodzaj"],
        f"/wydarzenia/{site['event'].pk}/": [],
        f"/wydarzenia/{site['event'].pk}/kalendarz.ics": [],
        "/deklaracja-dostepnosci/": [],
        "/konto/logowanie/": ["next"],
    }


def member_pages(site) -> dict[str, list[str]]:
    """Pages a logged-in member reads parameters on."""
    key = Room.key_for_network(site["network"])
    return {
        f"/sieci/{site['network'].slug}/rozmowa/": ["temat", "przed"],
        "/rozmowy/": [],
        "/zaproszenia/": ["box", "status", "page"],
        f"/chat/api/rooms/{key}/messages/": ["before", "after", "limit"],
    }


API_PARAMETERS = [
    *("offset", "limit", "order", "fields", "search", "search_operator", "type"),
    *("child_of", "ancestor_of", "descendant_of", "translation_of", "locale", "site"),
    *("id", "html_path", "title", "slug", "start_date", "end_date", "first_published_at"),
    *("participants_reached", "budget", "ongoing", "kind", "show_in_menus"),
]


def _get(client, path: str, query: list[tuple[str, str]]):
    response = client.get(path, {name: [v for n, v in query if n == name] for name, _v in query})
    COUNTS[path.split("/")[1] or "/"] += 1
    assert response.status_code < 500, (path, query)
    return response


@hypothesis_settings(max_examples=PAGE_EXAMPLES)
@given(data=st.data())
def test_public_pages_answer_any_query_without_a_server_error(client, site, data):
    pages = public_pages(site)
    path = data.draw(st.sampled_from(sorted(pages)), label="page")
    _get(client, path, data.draw(queries(pages[path]), label="query"))


@hypothesis_settings(max_examples=PAGE_EXAMPLES // 3)
@given(data=st.data())
def test_member_pages_answer_any_query_without_a_server_error(client, site, data):
    client.force_login(site["member"])
    pages = member_pages(site)
    path = data.draw(st.sampled_from(sorted(pages)), label="page")
    _get(client, path, data.draw(queries(pages[path]), label="query"))


@hypothesis_settings(max_examples=API_EXAMPLES)
@given(data=st.data())
def test_the_practices_api_refuses_bad_queries_in_polish(client, site, data):
    path = data.draw(
        st.sampled_from(
            [
                "/api/v2/practices/",
                "/api/v2/practices/find/",
                f"/api/v2/practices/{practice_id(site)}/",
            ]
        ),
        label="endpoint",
    )
    response = _get(client, path, data.draw(queries(API_PARAMETERS), label="query"))
    if response.status_code == 302:  # find/ redirects to the practice it found
        return
    body = json.loads(response.content)
    if response.status_code >= 400:
        assert set(body) <= {"message", "detail"} and body["message"], body
        assert body["message"] in POLISH_MESSAGES or _is_polish(body["message"]), body


def practice_id(site) -> int:
    from cms.models import GoodPracticePage

    return GoodPracticePage.objects.live().values_list("pk", flat=True).first()


POLISH_MESSAGES = {"Nie znaleziono.", "Nieprawidłowe zapytanie."}


def _is_polish(message: str) -> bool:
    words = ("musi", "nie jest", "za długie", "znak", "liczbą", "jedną z", "prawda")
    return any(word in message for word in words)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("offset=99999999999999999999", "„offset” musi być liczbą całkowitą od 0 do 1000000000."),
        ("id=18446744073709551616", "„id” musi być liczbą całkowitą od 1 do 9223372036854775807."),
        ("search=%22", None),
        ("search=a%00b", "„search” nie może zawierać znaku NUL."),
        (
            "search=edubus&search_operator=xor",
            "„search_operator” musi być jedną z wartości: and, or.",
        ),
        ("start_date=x", "„x” nie jest poprawną wartością pola „start_date”."),
        ("first_published_at=0", "„0” nie jest poprawną wartością pola „first_published_at”."),
    ],
)
def test_named_bad_queries(client, site, query, message):
    response = client.get(f"/api/v2/practices/?{query}")
    if message is None:
        assert response.status_code in (200, 400)
    else:
        assert response.status_code == 400
        assert response.json()["message"] == message


def test_a_detail_id_past_64_bits_is_a_400(client, site):
    response = client.get("/api/v2/practices/99999999999999999999/")
    assert response.status_code == 400
    assert response.json()["message"].startswith("„id” musi być")


def test_english_when_chosen(english, site):
    response = english.get("/api/v2/practices/?search_operator=xor&search=a")
    assert response.json()["message"] == "“search_operator” must be one of: and, or."
