"""The login lock-out counts the e-mail as login reads it: any spelling that logs in as a
member (case, surrounding spaces, Unicode compatibility forms) counts against the same lock."""

import unicodedata

import pytest
from axes.models import AccessAttempt
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/konto/logowanie/"
EMAIL = "koordynator@podlaskie.example"
# A domain with letters that have a decomposed (NFD) form: ó, ź.
IDN_EMAIL = "anna@łódź.example"
LOCKED = 429


def login(client, email, password, ip="10.0.0.7"):
    return client.post(LOGIN, {"username": email, "password": password}, REMOTE_ADDR=ip)


def _full_width(char: str) -> str:
    """The full-width form of an ASCII letter, digit or sign (NFKC folds it back)."""
    return chr(ord(char) + 0xFEE0) if "!" <= char <= "~" else char


@st.composite
def spellings(draw, email: str):
    """The same address as a person (or an attacker) might type it."""
    chars = []
    for char in email:
        form = draw(st.sampled_from(["as is", "upper", "full width"]))
        chars.append(
            char.upper() if form == "upper" else _full_width(char) if form == "full width" else char
        )
    spelt = "".join(chars)
    spelt = unicodedata.normalize(draw(st.sampled_from(["NFC", "NFD", "NFKC", "NFKD"])), spelt)
    spaces = st.text(alphabet=" \t\u00a0\u3000", max_size=3)
    return draw(spaces) + spelt + draw(spaces)


@pytest.fixture
def coordinator(db):
    return UserFactory(email=EMAIL)


@pytest.mark.parametrize(
    "spelling",
    [
        "KOORDYNATOR@PODLASKIE.EXAMPLE",
        " koordynator@podlaskie.example",
        "koordynator@podlaskie.example\t",
        "ｋｏｏｒｄｙｎａｔｏｒ＠ｐｏｄｌａｓｋｉｅ．ｅｘａｍｐｌｅ",
    ],
)
def test_every_spelling_logs_in(client, coordinator, spelling):
    response = login(client, spelling, PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(coordinator.pk)


def test_a_decomposed_domain_logs_in_as_the_composed_one(client):
    member = UserFactory(email=IDN_EMAIL)
    response = login(client, unicodedata.normalize("NFD", IDN_EMAIL.upper()), PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(member.pk)


@hypothesis_settings(max_examples=25)
@given(data=st.data())
def test_failures_under_any_spelling_lock_every_spelling(client, coordinator, data):
    AccessAttempt.objects.all().delete()
    client.logout()
    guesses = [data.draw(spellings(EMAIL), label=f"guess {n}") for n in range(5)]
    # The fifth failure locks (its own answer says so).
    answers = [login(client, guess, "zgadywane-haslo").status_code for guess in guesses]
    assert answers == [200, 200, 200, 200, LOCKED]
    # The lock holds for the right password, whichever way the address is spelt now …
    right = data.draw(spellings(EMAIL), label="with the right password")
    response = login(client, right, PASSWORD)
    assert response.status_code == LOCKED
    assert "Zbyt wiele nieudanych prób logowania" in response.text
    assert "_auth_user_id" not in client.session
    # … and it is one lock, for one address.
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == [EMAIL]


def test_guesses_spread_over_spellings_are_not_checked_past_the_limit(client, coordinator):
    variants = [
        EMAIL,
        EMAIL.upper(),
        f" {EMAIL} ",
        EMAIL.title(),
        _full_width(EMAIL[0]) + EMAIL[1:],
    ]
    answers = [login(client, variants[n % 5], f"zgadywane-{n}").status_code for n in range(25)]
    assert answers[:4] == [200] * 4
    assert set(answers[4:]) == {LOCKED}
    # The 26th try has the right password: still refused, it is not even checked.
    assert login(client, variants[0], PASSWORD).status_code == LOCKED
    assert "_auth_user_id" not in client.session
    assert AccessAttempt.objects.get().username == EMAIL


def test_the_lock_is_still_per_address(client, coordinator):
    for _attempt in range(5):
        login(client, EMAIL.upper(), "zgadywane-haslo", ip="10.0.0.7")
    response = login(client, f" {EMAIL} ", PASSWORD, ip="10.9.9.9")
    assert response.status_code == 302
