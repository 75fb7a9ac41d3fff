"""Logging in, out, resetting a password, editing one's profile, brute-force protection."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from network.lockout import cool_off_for_failures
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/konto/logowanie/"
WRONG_LOGIN_PL = "Nieprawidłowy adres e-mail lub hasło."


def login(client, email, password, ip="10.0.0.1"):
    return client.post(LOGIN, {"username": email, "password": password}, REMOTE_ADDR=ip)


def test_login_with_email_and_password_lands_on_the_start_page(client):
    member = UserFactory(email="anna.nowak@lodzkie.example", first_name="Anna")
    response = login(client, "Anna.Nowak@LODZKIE.example", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("network:dashboard")
    start = client.get(response["Location"])
    assert start.context["user"] == member
    assert "Pulpit" in start.text
    assert "Witaj, Anna" in start.text


def test_login_still_honours_next(client):
    UserFactory(email="jan@opolskie.example")
    response = client.post(
        reverse("network:login") + "?next=/zaproszenia/",
        {"username": "jan@opolskie.example", "password": PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == "/zaproszenia/"


def test_wrong_password_and_unknown_email_get_the_same_polish_message(client):
    UserFactory(email="jan@opolskie.example")
    for email, password in [("jan@opolskie.example", "wrong"), ("nobody@x.example", PASSWORD)]:
        response = login(client, email, password)
        assert response.status_code == 200
        assert WRONG_LOGIN_PL in response.text
        assert "_auth_user_id" not in client.session


def test_wrong_password_message_in_english_when_chosen(english):
    UserFactory(email="jan@opolskie.example")
    response = login(english, "jan@opolskie.example", "wrong")
    assert "The e-mail address or password is incorrect." in response.text


def test_deactivated_member_is_told_the_account_is_not_active(client):
    UserFactory(email="old@opolskie.example", is_active=False)
    response = login(client, "old@opolskie.example", PASSWORD)
    assert "To konto nie jest aktywne." in response.text
    assert "_auth_user_id" not in client.session


def test_login_restores_the_members_language(client, settings):
    UserFactory(email="en@opolskie.example", language="en")
    response = login(client, "en@opolskie.example", PASSWORD)
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_logout_is_a_post_and_ends_the_session(client):
    client.force_login(UserFactory())
    assert client.get("/konto/wylogowanie/").status_code == 405
    assert "_auth_user_id" in client.session
    client.post("/konto/wylogowanie/")
    assert "_auth_user_id" not in client.session


def test_password_reset_by_email(client):
    member = UserFactory(email="ewa@mazowieckie.example")
    response = client.post("/konto/haslo/reset/", {"email": "EWA@mazowieckie.example"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ewa@mazowieckie.example"]
    link = re.search(r"https?://\S+(/konto/haslo/reset/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    set_url = form_page.redirect_chain[-1][0]
    client.post(
        set_url,
        {"new_password1": "nowe-haslo-2026!", "new_password2": "nowe-haslo-2026!"},
    )
    member.refresh_from_db()
    assert member.check_password("nowe-haslo-2026!")
    # The link works once.
    again = client.get(link, follow=True)
    assert "nieważny" in again.text


def test_password_reset_for_unknown_email_sends_nothing_and_reveals_nothing(client):
    response = client.post("/konto/haslo/reset/", {"email": "nikt@example.org"}, follow=True)
    assert response.status_code == 200
    assert mail.outbox == []


def test_profile_edit_saves_and_anonymous_is_sent_to_login(client):
    assert client.get("/konto/profil/")["Location"].startswith(LOGIN)
    member = UserFactory()
    client.force_login(member)
    response = client.post(
        "/konto/profil/",
        {
            "first_name": "Zofia",
            "last_name": "Zielińska",
            "institution_name": "Politechnika Łódzka",
            "institution_type": "university",
            "position": "prorektor",
            "phone": "+48 42 631 20 00",
            "language": "pl",
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.first_name, member.institution_type) == ("Zofia", "university")


def test_profile_rejects_an_unknown_institution_type_with_a_message(client):
    member = UserFactory(institution_type="school")
    client.force_login(member)
    response = client.post(
        "/konto/profil/",
        {"first_name": "A", "last_name": "B", "institution_type": "castle", "language": "pl"},
    )
    assert response.status_code == 200
    assert "Wybierz poprawną wartość" in response.text
    member.refresh_from_db()
    assert member.institution_type == "school"


def test_language_switch_is_remembered_on_the_profile(client, settings):
    member = UserFactory(language="pl")
    client.force_login(member)
    response = client.post("/jezyk/", {"language": "en", "next": "/regiony/"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    member.refresh_from_db()
    assert member.language == "en"
    page = client.get("/regiony/")
    assert '<html lang="en">' in page.text
    assert "Regions and their WZK" in page.text


class TestBruteForceProtection:
    def test_five_failures_lock_that_email_from_that_address(self, client):
        UserFactory(email="anna@lodzkie.example")
        for _attempt in range(5):
            login(client, "anna@lodzkie.example", "guess", ip="10.0.0.7")
        locked = login(client, "anna@lodzkie.example", PASSWORD, ip="10.0.0.7")
        assert locked.status_code == 429
        assert "Zbyt wiele nieudanych prób logowania" in locked.text
        assert "_auth_user_id" not in client.session

    def test_a_colleague_behind_the_same_nat_can_still_log_in(self, client):
        UserFactory(email="anna@lodzkie.example")
        colleague = UserFactory(email="piotr@lodzkie.example")
        for _attempt in range(6):
            login(client, "anna@lodzkie.example", "guess", ip="10.0.0.7")
        response = login(client, "piotr@lodzkie.example", PASSWORD, ip="10.0.0.7")
        assert response.status_code == 302
        assert client.session["_auth_user_id"] == str(colleague.pk)

    def test_the_same_member_from_another_address_can_still_log_in(self, client):
        member = UserFactory(email="anna@lodzkie.example")
        for _attempt in range(6):
            login(client, "anna@lodzkie.example", "guess", ip="10.0.0.7")
        response = login(client, "anna@lodzkie.example", PASSWORD, ip="10.9.9.9")
        assert response.status_code == 302
        assert client.session["_auth_user_id"] == str(member.pk)

    def test_cool_off_grows_with_repeated_failures(self, settings):
        limit = settings.AXES_FAILURE_LIMIT
        first = cool_off_for_failures(limit)
        second = cool_off_for_failures(2 * limit)
        third = cool_off_for_failures(3 * limit)
        assert first < second < third
