"""Guests who are not members, invited by e-mail: their account, the single-use link, what they
may see, and the end of their access."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from network.choices import Role
from network.models import User
from tests.factories import NetworkFactory, UserFactory, practice, region
from tests.visits.factories import EventFactory
from visits.choices import InvitationStatus
from visits.models import GuestPass, Invitation

pytestmark = pytest.mark.django_db

PASSWORD = "Gosc-na-posiedzeniu-2026"
GUEST = {
    "email": "Ewa.Gosc@Szkola.example",
    "first_name": "Ewa",
    "last_name": "Gość",
    "language": "pl",
    "message": "Zapraszamy na posiedzenie!",
}


@pytest.fixture
def invite(client, host, event, outbox, django_capture_on_commit_callbacks):
    """The host invites Ewa by e-mail through the page; returns the welcome link's path."""

    def run(data=GUEST):
        client.force_login(host)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("visits:event_guests", args=[event.pk]), data)
        client.logout()
        return response

    return run


def _welcome_path(message) -> str:
    return re.search(r"http://[^/\s]+(/goscie/\S+/)", message.body).group(1)


@pytest.fixture
def guest_link(invite, outbox):
    invite()
    return _welcome_path(outbox[-1])


@pytest.fixture
def guest(guest_link, client):
    """Ewa after setting her password, logged in."""
    client.post(guest_link, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    return User.objects.get(email="ewa.gosc@szkola.example")


def test_the_host_invites_a_guest_who_gets_a_limited_account_sponsored_by_the_host(
    invite, host, event, outbox, settings
):
    response = invite()
    assert response.status_code == 302
    guest = User.objects.get(email="ewa.gosc@szkola.example")
    assert (guest.role, guest.region, guest.is_active) == (Role.GUEST, None, False)
    assert not guest.has_usable_password()
    guest_pass = guest.guest_pass
    assert guest_pass.event == event and guest_pass.sponsor == host
    assert guest_pass.expires_at == event.ends_at + timedelta(days=settings.VISITS_GUEST_PASS_DAYS)
    assert guest_pass.invitation.user == guest
    assert guest_pass.invitation.status == InvitationStatus.PENDING

    [message] = outbox
    assert message.to == ["ewa.gosc@szkola.example"]
    assert event.title in message.subject
    assert "Zapraszamy na posiedzenie!" in message.body
    assert "/goscie/" in message.body
    [calendar] = [
        part for part in message.attachments if part.get_content_type() == "text/calendar"
    ]
    parsed = Calendar.from_ical(calendar.get_payload(decode=True))
    assert str(parsed.walk("VEVENT")[0]["UID"]).startswith(str(event.uid))


def test_the_guest_sets_a_password_and_lands_on_the_invitation_to_answer_it(
    client, guest_link, event, outbox, django_capture_on_commit_callbacks
):
    page = client.get(guest_link)
    assert page.status_code == 200 and event.title in page.text
    response = client.post(guest_link, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    invitation = Invitation.objects.get(user__email="ewa.gosc@szkola.example")
    assert response.status_code == 302 and response["Location"] == invitation.get_absolute_url()
    assert client.get(invitation.get_absolute_url()).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("visits:invitation_accept", args=[invitation.pk]), {"people_count": 1})
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.ACCEPTED
    assert invitation.user.guest_pass.claimed_at is not None


def test_a_replayed_link_is_refused_with_a_message_and_changes_nothing(client, guest_link, guest):
    client.logout()
    password_before = User.objects.get(pk=guest.pk).password
    other = "Inne-haslo-123"
    response = client.post(guest_link, {"new_password1": other, "new_password2": other})
    assert response.status_code == 400
    assert "został już użyty" in response.text
    assert User.objects.get(pk=guest.pk).password == password_before


def test_an_expired_link_is_refused(client, guest_link, settings):
    settings.PASSWORD_RESET_TIMEOUT = -1  # every token is older than that
    response = client.post(guest_link, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert response.status_code == 400
    assert "wygasł" in response.text
    assert not User.objects.get(email="ewa.gosc@szkola.example").is_active


def test_someone_elses_token_is_refused(client, invite, outbox, host, event):
    invite()
    ewa_link = _welcome_path(outbox[-1])
    invite({**GUEST, "email": "adam@szkola.example", "first_name": "Adam"})
    adam_link = _welcome_path(outbox[-1])
    _ewa_uid, ewa_token = ewa_link.strip("/").split("/")[1:]
    adam_uid = adam_link.strip("/").split("/")[1]
    response = client.post(
        reverse("visits:guest_welcome", args=[adam_uid, ewa_token]),
        {"new_password1": PASSWORD, "new_password2": PASSWORD},
    )
    assert response.status_code == 400
    assert not User.objects.get(email="adam@szkola.example").is_active

    # A member signed in opening a guest's link cannot take the guest's account over.
    client.force_login(host)
    response = client.post(ewa_link, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert response.status_code == 400
    assert "wysłany do innej osoby" in response.text
    assert not User.objects.get(email="ewa.gosc@szkola.example").is_active


def test_a_member_cannot_invite_guests_to_another_regions_event(
    client, outsider, event, host_member
):
    for person in (outsider, host_member):
        client.force_login(person)
        url = reverse("visits:event_guests", args=[event.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, GUEST).status_code == 404
    assert not User.objects.filter(email="ewa.gosc@szkola.example").exists()


def test_inviting_a_members_address_as_a_guest_is_refused_with_a_message(
    client, host, event, opole_member
):
    client.force_login(host)
    response = client.post(
        reverse("visits:event_guests", args=[event.pk]), {**GUEST, "email": opole_member.email}
    )
    assert response.status_code == 200
    assert "należy do członka platformy" in response.text
    assert not GuestPass.objects.exists()
    assert not event.invitations.exists()


def test_the_guest_sees_only_their_event_page_invitation_and_profile(client, guest, event):
    other_event = EventFactory(host_region=region("opolskie"), title="Inne wydarzenie")
    network = NetworkFactory()
    live_practice = practice("lodzkie")
    invitation = guest.guest_pass.invitation
    for allowed in (
        event.get_absolute_url(),
        invitation.get_absolute_url(),
        reverse("network:profile"),
    ):
        assert client.get(allowed).status_code == 200, allowed
    for refused in (
        reverse("network:member_directory"),
        other_event.get_absolute_url(),
        reverse("chat:discussion", args=[network.slug]),
        reverse("network:region_detail", args=["lodzkie"]),
        live_practice.url,
        reverse("visits:event_edit", args=[event.pk]),
    ):
        assert client.get(refused).status_code == 404, refused


def test_the_sponsor_is_shown_on_the_guests_profile(client, guest, host):
    page = client.get(reverse("network:profile")).text
    assert str(host) in page and "Opiekun" in page
    client.force_login(host)
    assert str(host) in client.get(reverse("network:member_detail", args=[guest.pk])).text


def test_guests_are_not_listed_in_the_members_directory(client, guest, host):
    client.force_login(host)
    assert "Gość" not in client.get(reverse("network:member_directory")).text


def test_an_expired_guest_cannot_log_in_or_see_anything(client, guest, event):
    client.logout()
    GuestPass.objects.filter(user=guest).update(expires_at=timezone.now() - timedelta(minutes=1))
    response = client.post(
        reverse("network:login"),
        {"username": guest.email, "password": PASSWORD},
        follow=True,
    )
    assert "_auth_user_id" not in client.session
    assert "Twój dostęp gościa" in response.text
    for url in (
        guest.guest_pass.invitation.get_absolute_url(),
        reverse("visits:event_room", args=[event.pk]),
    ):
        assert client.get(url)["Location"].startswith(reverse("network:login"))


def test_a_signed_in_guest_whose_pass_expires_is_logged_out_on_the_next_request(
    client, guest, event
):
    assert client.get(event.get_absolute_url()).status_code == 200
    GuestPass.objects.filter(user=guest).update(expires_at=timezone.now() - timedelta(minutes=1))
    response = client.get(event.get_absolute_url())
    assert response.status_code == 302 and response["Location"] == reverse("network:login")
    assert "_auth_user_id" not in client.session


def test_members_are_not_affected_by_the_guest_rules(client, opole_member):
    client.force_login(opole_member)
    assert client.get(reverse("network:member_directory")).status_code == 200
    UserFactory(email="ktos@lodzkie.example")
    assert "ktos@lodzkie.example" in client.get(reverse("network:member_directory")).text


def test_rescheduling_the_event_moves_the_guests_pass(guest, event, host, settings):
    from visits import services

    later = event.starts_at + timedelta(days=7)
    services.event_update(
        actor=host,
        event=event,
        starts_at=later,
        ends_at=later + timedelta(hours=4),
        rsvp_deadline=later - timedelta(days=1),
    )
    guest.guest_pass.refresh_from_db()
    assert guest.guest_pass.expires_at == later + timedelta(
        hours=4, days=settings.VISITS_GUEST_PASS_DAYS
    )


def test_the_guests_menu_leads_only_to_their_event(client, guest, event):
    page = client.get(event.get_absolute_url()).text
    assert reverse("network:member_directory") not in page
    assert reverse("chat:rooms") not in page
    assert f'href="{event.get_absolute_url()}"' in page


def test_the_guests_e_mail_is_in_the_language_the_host_chose(invite, outbox, event):
    invite({**GUEST, "language": "en"})
    [message] = outbox
    assert message.subject == f"łódzkie invites you to “{event.title}”"
    assert "To answer, set a password with this link (valid for 3 days, usable once)" in (
        message.body
    )
    invite({**GUEST, "email": "adam@szkola.example"})
    assert outbox[-1].subject == f"łódzkie zaprasza Cię na „{event.title}”"


def test_only_the_host_can_send_a_guest_a_new_link(
    client, guest_link, event, outsider, host, outbox, django_capture_on_commit_callbacks
):
    guest = User.objects.get(email="ewa.gosc@szkola.example")
    url = reverse("visits:event_guest_resend", args=[event.pk, guest.pk])
    client.force_login(outsider)
    assert client.post(url).status_code == 404
    assert len(outbox) == 1
    client.force_login(host)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    assert len(outbox) == 2 and outbox[-1].to == [guest.email]


def test_a_new_link_for_an_id_too_large_for_the_database_is_a_message_not_an_error(
    client, event, host, outbox
):
    client.force_login(host)
    url = reverse("visits:event_guest_resend", args=[event.pk, 10**20])
    response = client.post(url, follow=True)
    assert response.status_code == 200
    assert "Ten gość nie jest zaproszony na wydarzenie." in response.text
    assert outbox == []


def test_the_guests_pass_is_read_once_per_request(client, guest, event, django_assert_num_queries):
    url = reverse("visits:event_ics", args=[event.pk])
    with django_assert_num_queries(4):  # session, account, pass, event
        assert client.get(url).status_code == 200
