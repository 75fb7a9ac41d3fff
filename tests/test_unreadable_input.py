"""Input that is not text is a 400 with a clear message, before any view sees it: lone UTF-16
surrogates (JSON's ``\\ud800``, or a form sent in a charset such as UTF-7 that can encode them),
a charset that is not one for text, JSON nested thousands deep. One rule for every form,
query string and JSON body (config.middleware.UnreadableInputMiddleware)."""

import json

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tests.factories import MembershipFactory, UserFactory
from tests.visits.factories import InvitationFactory

pytestmark = pytest.mark.django_db

NOT_TEXT_PL = "Żądanie zawiera znaki, które nie są poprawnym tekstem."
BOUNDARY = "granica"
SURROGATES = st.integers(0xD800, 0xDFFF).map(chr)


@pytest.fixture
def member(client):
    user = UserFactory()
    client.force_login(user)
    return user


def _utf7_multipart(fields: dict) -> bytes:
    """A multipart form whose values are written in UTF-7 (the headers are ASCII)."""
    body = b""
    for name, value in fields.items():
        body += f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
        body += value.encode("utf-7") + b"\r\n"
    return body + f"--{BOUNDARY}--\r\n".encode()


@hypothesis_settings(max_examples=40)
@given(
    text=st.text(max_size=5).flatmap(lambda before: SURROGATES.map(lambda s: before + s)),
    path=st.sampled_from(["/konto/logowanie/", "/konto/profil/", "/kalendarz/", "/jezyk/"]),
)
def test_a_form_that_smuggles_a_surrogate_in_is_a_400(client, member, text, path):
    response = client.generic(
        "POST",
        path,
        _utf7_multipart({"first_name": text, "username": text, "password": "x"}),
        content_type=f"multipart/form-data; boundary={BOUNDARY}; charset=utf-7",
    )
    assert response.status_code == 400
    assert NOT_TEXT_PL in response.content.decode()


def test_a_url_encoded_form_in_another_charset_is_a_400_that_says_why(client):
    response = client.generic(
        "POST",
        "/konto/logowanie/",
        "username=\ud800".encode("utf-7"),
        content_type="application/x-www-form-urlencoded; charset=utf-7",
    )
    assert response.status_code == 400
    assert "Formularze należy wysyłać w UTF-8." in response.content.decode()


def test_a_query_string_read_in_utf7_is_checked_too(client):
    # %2B2AA- is "+2AA-", UTF-7 for U+D800.
    response = client.get("/czlonkowie/?region=%2B2AA-", CONTENT_TYPE="text/plain; charset=utf-7")
    assert response.status_code == 400


@pytest.mark.parametrize("charset", ["base64", "rot13", "hex", "zlib"])
def test_a_charset_that_is_not_for_text_is_a_400(client, charset):
    response = client.generic(
        "POST",
        "/konto/logowanie/",
        b"username=a",
        content_type=f"application/x-www-form-urlencoded; charset={charset}",
    )
    assert response.status_code == 400
    assert "zestaw znaków" in response.content.decode()


def test_the_profile_form_keeps_working_in_plain_utf8(client, member):
    response = client.post(
        "/konto/profil/",
        {"first_name": "Żaneta", "last_name": "Źdźbło", "institution_type": "school"},
    )
    assert response.status_code in (200, 302)


class TestJSONBodies:
    def _invitation(self, client):
        invitation = InvitationFactory()
        client.force_login(invitation.user)
        return invitation

    @hypothesis_settings(max_examples=30)
    @given(surrogate=SURROGATES, field=st.sampled_from(["title", "kind", "description"]))
    def test_a_lone_surrogate_in_an_event_is_a_400_in_polish(self, client, surrogate, field):
        coordinator = MembershipFactory().user
        client.force_login(coordinator)
        body = {"kind": "webinar", "title": "Webinar", "guest_seats": 1}
        body[field] = f"a{surrogate}b"
        response = client.post("/api/v1/events", json.dumps(body), content_type="application/json")
        assert response.status_code == 400
        assert response.json() == {"detail": NOT_TEXT_PL}

    def test_a_lone_surrogate_in_an_answer_is_a_400(self, client):
        invitation = self._invitation(client)
        url = f"/api/v1/invitations/{invitation.pk}/decline"
        response = client.post(url, '{"reason": "\\udc00"}', content_type="application/json")
        assert response.status_code == 400
        assert response.json() == {"detail": NOT_TEXT_PL}

    @pytest.mark.parametrize("depth", [2_000, 100_000])
    def test_json_nested_thousands_deep_is_a_400(self, client, depth):
        invitation = self._invitation(client)
        url = f"/api/v1/invitations/{invitation.pk}/accept"
        response = client.post(url, "[" * depth + "]" * depth, content_type="application/json")
        assert response.status_code == 400
        assert "zagnieżdżony" in response.json()["detail"]

    def test_english_when_chosen(self, english):
        response = english.post(
            "/api/v1/events", '{"title": "\\ud800"}', content_type="application/json"
        )
        assert response.json() == {
            "detail": "The request contains characters that are not valid text."
        }


def test_the_wagtail_api_answers_in_its_own_shape(client):
    response = client.get(
        "/api/v2/practices/?search=%2B2AA-", CONTENT_TYPE="text/plain; charset=utf-7"
    )
    assert response.status_code == 400
    assert response.json() == {"message": NOT_TEXT_PL}
