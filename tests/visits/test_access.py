"""The outsider matrix: who can see, answer, edit or withdraw what. Refusals are 404, not 403,
and anonymous visitors are sent to log in."""

import pytest
from django.urls import reverse

from tests.factories import region
from tests.visits.factories import EventFactory, InvitationFactory
from visits.choices import InvitationStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def region_invitation(event):
    return InvitationFactory(event=event, region=region("opolskie"), user=None)


def _login(client, user):
    client.force_login(user)
    return client


def test_a_member_of_region_c_can_neither_see_nor_answer_an_invitation_to_region_b(
    client, outsider, region_invitation
):
    _login(client, outsider)
    pk = region_invitation.pk
    assert client.get(reverse("visits:invitation_detail", args=[pk])).status_code == 404
    response = client.post(reverse("visits:invitation_accept", args=[pk]), {"people_count": 1})
    assert response.status_code == 404
    response = client.post(reverse("visits:invitation_decline", args=[pk]), {"reason": "x"})
    assert response.status_code == 404
    response = client.post(reverse("visits:invitation_pass_on", args=[pk]), {"users": []})
    assert response.status_code == 404
    region_invitation.refresh_from_db()
    assert region_invitation.status == InvitationStatus.PENDING


def test_region_cs_coordinator_cannot_answer_region_bs_invitation(
    client, mazowieckie_coordinator, region_invitation
):
    _login(client, mazowieckie_coordinator)
    url = reverse("visits:invitation_accept", args=[region_invitation.pk])
    assert client.post(url, {"people_count": 1}).status_code == 404


def test_a_plain_member_of_region_b_does_not_see_the_region_invitation_until_passed_on(
    client, opole_member, region_invitation
):
    _login(client, opole_member)
    url = reverse("visits:invitation_detail", args=[region_invitation.pk])
    assert client.get(url).status_code == 404
    assert region_invitation.event.title not in client.get(reverse("visits:my_invitations")).text


def test_region_bs_coordinator_sees_and_can_answer_it(client, opole_coordinator, region_invitation):
    _login(client, opole_coordinator)
    response = client.get(reverse("visits:invitation_detail", args=[region_invitation.pk]))
    assert response.status_code == 200
    assert "Przekaż dalej" in response.text
    assert region_invitation.event.title in client.get(reverse("visits:my_invitations")).text


def test_someone_elses_personal_invitation_is_not_found(client, outsider, opole_member, event):
    invitation = InvitationFactory(event=event, user=opole_member)
    _login(client, outsider)
    assert client.get(invitation.get_absolute_url()).status_code == 404
    url = reverse("visits:invitation_accept", args=[invitation.pk])
    assert client.post(url, {"people_count": 1}).status_code == 404


def test_a_foreign_or_missing_invitation_id_is_404_like_any_other(client, opole_member, event):
    _login(client, opole_member)
    assert client.get(reverse("visits:invitation_detail", args=[999_999])).status_code == 404
    response = client.post(reverse("visits:invitation_accept", args=[999_999]), {})
    assert response.status_code == 404


def test_a_coordinator_of_region_a_cannot_edit_cancel_or_invite_for_region_bs_event(
    client, opole_coordinator
):
    other = EventFactory(host_region=region("mazowieckie"))
    _login(client, opole_coordinator)
    for name in ("event_edit", "event_cancel", "event_invitations"):
        url = reverse(f"visits:{name}", args=[other.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, {"title": "Przejęte", "reason": "x"}).status_code == 404
    other.refresh_from_db()
    assert other.cancelled_at is None
    assert other.title != "Przejęte"


def test_only_the_host_withdraws_an_invitation(client, opole_member, outsider, event):
    invitation = InvitationFactory(event=event, user=opole_member)
    url = reverse("visits:invitation_cancel", args=[invitation.pk])
    _login(client, opole_member)
    assert client.post(url).status_code == 404
    _login(client, outsider)
    assert client.post(url).status_code == 404
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.PENDING


def test_a_plain_member_cannot_create_events_until_the_coordinator_allows_it(
    client, host, host_member
):
    _login(client, host_member)
    assert client.get(reverse("visits:event_create")).status_code == 404
    _login(client, host)
    response = client.post(reverse("visits:organisers"), {"member": host_member.pk, "allowed": "1"})
    assert response.status_code == 302
    _login(client, host_member)
    assert client.get(reverse("visits:event_create")).status_code == 200
    _login(client, host)
    client.post(reverse("visits:organisers"), {"member": host_member.pk, "allowed": "0"})
    _login(client, host_member)
    assert client.get(reverse("visits:event_create")).status_code == 404


def test_a_coordinator_cannot_allow_members_of_another_region(client, host, opole_member):
    _login(client, host)
    response = client.post(
        reverse("visits:organisers"), {"member": opole_member.pk, "allowed": "1"}
    )
    assert response.status_code == 404


@pytest.mark.parametrize("member", ["abc", "", "99999999999999999999"])
def test_a_malformed_or_missing_member_on_the_organisers_page_is_404_not_an_error(
    client, host, member
):
    _login(client, host)
    response = client.post(reverse("visits:organisers"), {"member": member, "allowed": "1"})
    assert response.status_code == 404


def test_the_organisers_page_is_for_coordinators_only(client, host_member):
    _login(client, host_member)
    assert client.get(reverse("visits:organisers")).status_code == 404


@pytest.mark.parametrize(
    "name", ["my_invitations", "event_create", "invitation_detail", "invitation_accept"]
)
def test_anonymous_visitors_are_sent_to_log_in(client, event, name):
    invitation = InvitationFactory(event=event)
    args = [invitation.pk] if name.startswith("invitation") else []
    url = reverse(f"visits:{name}", args=args)
    response = client.post(url) if name == "invitation_accept" else client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("network:login"))
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.PENDING


def test_a_members_only_event_sends_anonymous_visitors_to_log_in(client):
    event = EventFactory(is_public=False)
    response = client.get(event.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("network:login"))


def test_a_public_event_page_is_open_but_the_guest_list_is_for_participants_only(
    client, event, opole_member, outsider, host_member
):
    InvitationFactory(
        event=event,
        user=opole_member,
        status=InvitationStatus.ACCEPTED,
        agree_to_be_listed=True,
    )
    shy = InvitationFactory(event=event, status=InvitationStatus.ACCEPTED)
    name = opole_member.get_full_name()
    response = client.get(event.get_absolute_url())
    assert response.status_code == 200
    assert event.agenda.splitlines()[0] in response.text
    assert "0 wolnych miejsc" in response.text
    assert name not in response.text
    _login(client, outsider)
    assert name not in client.get(event.get_absolute_url()).text
    for participant in (opole_member, host_member):
        _login(client, participant)
        text = client.get(event.get_absolute_url()).text
        assert name in text
        assert shy.user.get_full_name() not in text  # did not agree to be listed


def test_a_guest_account_sees_only_its_own_event(client, event, opole_member):
    from datetime import timedelta

    from django.utils import timezone

    from network.choices import Role
    from tests.factories import UserFactory
    from visits.models import GuestPass

    # As guests.guest_invite makes them: the guest role, no region, and a pass.
    guest = UserFactory(role=Role.GUEST, region=None, email="gosc@example.org")
    GuestPass.objects.create(
        user=guest,
        event=event,
        sponsor=opole_member,
        expires_at=timezone.now() + timedelta(days=30),
    )
    other = EventFactory()
    _login(client, guest)
    assert client.get(event.get_absolute_url()).status_code == 200
    assert client.get(other.get_absolute_url()).status_code == 404


def test_my_invitations_is_linked_from_every_page_for_members(client, opole_member):
    client.force_login(opole_member)
    response = client.get(reverse("network:profile"))
    assert f'href="{reverse("visits:my_invitations")}"' in response.text
