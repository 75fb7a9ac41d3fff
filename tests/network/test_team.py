"""A coordinator manages the members of their own region, and nobody else's."""

import re
from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from network import services
from network.models import User
from network.tokens import ActivationTokenGenerator
from tests.factories import CoordinatorFactory, UserFactory, region

pytestmark = pytest.mark.django_db

INVITE = "/konto/zespol/dodaj/"


def invite_data(**overrides):
    data = {
        "email": "nowa.osoba@lodzkie.example",
        "first_name": "Maria",
        "last_name": "Wójcik",
        "institution_name": "Wojewódzki Urząd Pracy w Łodzi",
        "institution_type": "labour_office",
        "position": "doradczyni zawodowa",
        "phone": "",
        "language": "pl",
        "role": "member",
    }
    data.update(overrides)
    return data


def activation_path(message) -> str:
    return re.search(r"https?://[^/\s]+(/konto/aktywacja/\S+/)", message.body).group(1)


@pytest.fixture
def post_committed(client, django_capture_on_commit_callbacks):
    """POST and run what the view scheduled for after commit (the e-mails)."""

    def post(path, data=None):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(path, data or {})

    return post


@pytest.fixture
def coordinator(client):
    user = CoordinatorFactory(region=region("lodzkie"))
    client.force_login(user)
    return user


def test_coordinator_adds_a_member_who_activates_and_logs_in(client, coordinator, post_committed):
    response = post_committed(INVITE, invite_data())
    assert response.status_code == 302
    member = User.objects.get(email="nowa.osoba@lodzkie.example")
    assert member.region == coordinator.region
    assert not member.is_active
    assert member.invited_by == coordinator
    assert len(mail.outbox) == 1
    assert "województwo łódzkie" in mail.outbox[0].body

    client.logout()
    path = activation_path(mail.outbox[0])
    page = client.get(path)
    assert page.status_code == 200
    client.post(path, {"new_password1": "haslo-maria-2026", "new_password2": "haslo-maria-2026"})
    member.refresh_from_db()
    assert member.is_active
    response = client.post(
        "/konto/logowanie/",
        {"username": "nowa.osoba@lodzkie.example", "password": "haslo-maria-2026"},
    )
    assert response.status_code == 302


def test_activation_email_is_in_the_members_language(client, coordinator, post_committed):
    post_committed(INVITE, invite_data(language="en"))
    assert "Your account on" in mail.outbox[0].subject
    assert "The link is valid for 3 days" in mail.outbox[0].body


def test_reused_activation_link_gets_a_clear_message(client, coordinator, post_committed):
    post_committed(INVITE, invite_data())
    client.logout()
    path = activation_path(mail.outbox[0])
    client.post(path, {"new_password1": "haslo-maria-2026", "new_password2": "haslo-maria-2026"})
    again = client.get(path, follow=True)
    assert again.status_code == 200
    assert "Twoje konto jest już aktywne" in again.text


def test_expired_activation_link_gets_a_clear_message_and_changes_nothing(
    client, coordinator, post_committed
):
    post_committed(INVITE, invite_data())
    client.logout()
    member = User.objects.get(email="nowa.osoba@lodzkie.example")

    class FourDaysAgo(ActivationTokenGenerator):
        def _now(self):
            return datetime.now() - timedelta(days=4)

    path = activation_path(mail.outbox[0])
    stale = path.rsplit("/", 2)[0] + "/" + FourDaysAgo().make_token(member) + "/"
    response = client.post(
        stale, {"new_password1": "x-long-pass-1", "new_password2": "x-long-pass-1"}
    )
    assert response.status_code == 400
    assert "Ten link aktywacyjny jest nieważny" in response.text
    member.refresh_from_db()
    assert not member.is_active


def test_garbage_activation_link_is_not_a_server_error(client):
    response = client.get("/konto/aktywacja/!!!/abc-def/")
    assert response.status_code == 400


def test_duplicate_email_is_refused_whatever_the_case(client, coordinator):
    UserFactory(email="zajety@lodzkie.example")
    response = client.post(INVITE, invite_data(email="ZAJETY@lodzkie.example"))
    assert response.status_code == 200
    assert "Członek z tym adresem e-mail już istnieje." in response.text
    assert User.objects.filter(email__iexact="zajety@lodzkie.example").count() == 1
    assert mail.outbox == []


def test_coordinator_cannot_add_a_member_to_another_region(client, coordinator):
    opolskie = region("opolskie")
    client.post(INVITE, invite_data(region=opolskie.pk))
    member = User.objects.get(email="nowa.osoba@lodzkie.example")
    assert member.region == coordinator.region


def test_coordinator_cannot_grant_the_coordinator_or_national_role(client, coordinator):
    response = client.post(INVITE, invite_data(role="national_moderator"))
    assert response.status_code == 200
    assert not User.objects.filter(email="nowa.osoba@lodzkie.example").exists()


def test_plain_member_cannot_add_members(client):
    member = UserFactory(region=region("lodzkie"))
    client.force_login(member)
    assert client.get("/konto/zespol/").status_code == 404
    assert client.post(INVITE, invite_data()).status_code == 404
    assert not User.objects.filter(email="nowa.osoba@lodzkie.example").exists()
    with pytest.raises(PermissionDenied):
        services.member_invite(actor=member, **{**invite_data(), "phone": ""})


def test_coordinator_cannot_open_or_change_another_regions_member(client, coordinator):
    outsider = UserFactory(region=region("opolskie"), first_name="Jan")
    assert client.get(f"/konto/zespol/{outsider.pk}/edycja/").status_code == 404
    response = client.post(
        f"/konto/zespol/{outsider.pk}/edycja/", {**invite_data(), "first_name": "Zmieniony"}
    )
    assert response.status_code == 404
    assert (
        client.post(f"/konto/zespol/{outsider.pk}/aktywnosc/", {"active": "0"}).status_code == 404
    )
    outsider.refresh_from_db()
    assert outsider.first_name == "Jan"
    assert outsider.is_active


def test_coordinator_edits_and_deactivates_own_regions_member(client, coordinator):
    member = UserFactory(region=coordinator.region)
    data = invite_data(first_name="Nowe")
    data.pop("email")
    assert client.post(f"/konto/zespol/{member.pk}/edycja/", data).status_code == 302
    client.post(f"/konto/zespol/{member.pk}/aktywnosc/", {"active": "0"})
    member.refresh_from_db()
    assert member.first_name == "Nowe"
    assert not member.is_active


def test_coordinator_cannot_deactivate_themselves(client, coordinator):
    response = client.post(
        f"/konto/zespol/{coordinator.pk}/aktywnosc/", {"active": "0"}, follow=True
    )
    assert response.status_code == 200
    coordinator.refresh_from_db()
    assert coordinator.is_active


def test_resend_activation_sends_a_new_working_link(client, coordinator, post_committed):
    post_committed(INVITE, invite_data())
    member = User.objects.get(email="nowa.osoba@lodzkie.example")
    post_committed(f"/konto/zespol/{member.pk}/ponow-zaproszenie/")
    assert len(mail.outbox) == 2
    client.logout()
    assert client.get(activation_path(mail.outbox[1])).status_code == 200


class TestRegionPage:
    def test_coordinator_edits_own_wzk_page(self, client, coordinator):
        response = client.post(
            "/regiony/lodzkie/edycja/",
            {
                "wzk_description": "Nowy opis zespołu.",
                "wzk_email": "wzk@lodzkie.example",
                "wzk_website": "",
            },
        )
        assert response.status_code == 302
        assert "Nowy opis zespołu." in client.get("/regiony/lodzkie/").text

    def test_nobody_else_opens_the_edit_page(self, client, coordinator):
        assert client.get("/regiony/opolskie/edycja/").status_code == 404
        client.post("/regiony/opolskie/edycja/", {"wzk_description": "Przejęte"})
        assert region("opolskie").wzk_description != "Przejęte"
        client.force_login(UserFactory(region=region("lodzkie")))
        assert client.get("/regiony/lodzkie/edycja/").status_code == 404
        client.logout()
        assert client.get("/regiony/lodzkie/edycja/")["Location"].startswith("/konto/logowanie/")
