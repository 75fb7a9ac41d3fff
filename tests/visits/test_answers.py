"""Answers through the pages: accept within seats, the waiting list and its promotion,
declining, answering twice, after the deadline, and the host withdrawing an invitation."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory, region
from tests.visits.factories import InvitationFactory
from visits import selectors, services
from visits.choices import InvitationStatus
from visits.models import Invitation

pytestmark = pytest.mark.django_db

Status = InvitationStatus


def _accept(client, invitation, people=1, **extra):
    client.force_login(invitation.user)
    return client.post(
        reverse("visits:invitation_accept", args=[invitation.pk]),
        {"people_count": people, **extra},
        follow=True,
    )


def _invitee(event, slug="opolskie"):
    return InvitationFactory(event=event, user=UserFactory(region=region(slug)))


def _status(invitation):
    invitation.refresh_from_db()
    return invitation.status


def test_accepting_takes_seats_and_the_page_says_so(client, event):
    invitation = _invitee(event)
    response = _accept(client, invitation, people=2, agree_to_be_listed="on")
    assert "Twoje miejsce jest potwierdzone" in response.text
    invitation.refresh_from_db()
    assert invitation.status == Status.ACCEPTED
    assert invitation.people_count == 2
    assert invitation.agree_to_be_listed
    assert selectors.seats_left(event) == 0


def test_accepting_twice_changes_nothing(client, event):
    invitation = _invitee(event)
    _accept(client, invitation)
    invitation.refresh_from_db()
    answered_at = invitation.answered_at
    response = _accept(client, invitation)
    assert "nic się nie zmieniło" in response.text
    invitation.refresh_from_db()
    assert invitation.answered_at == answered_at
    assert selectors.seats_taken(event) == 1


def test_when_seats_run_out_answers_queue_in_order_and_are_promoted_when_seats_free(
    client, event, outbox, django_capture_on_commit_callbacks
):
    first, second, third, fourth = (_invitee(event) for _ in range(4))
    _accept(client, first)
    _accept(client, second)
    response = _accept(client, third)
    assert "numerem 1" in response.text
    _accept(client, fourth)
    assert [_status(i) for i in (first, second, third, fourth)] == [
        Status.ACCEPTED,
        Status.ACCEPTED,
        Status.WAITLISTED,
        Status.WAITLISTED,
    ]
    assert selectors.waiting_list_place(third) == 1
    assert selectors.waiting_list_place(fourth) == 2

    client.force_login(second.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("visits:invitation_decline", args=[second.pk]), {"reason": "Choroba"})
    assert _status(second) == Status.DECLINED
    assert _status(third) == Status.ACCEPTED  # promoted, first in line
    assert _status(fourth) == Status.WAITLISTED
    assert selectors.waiting_list_place(fourth) == 1
    told = [m for m in outbox if third.user.email in m.to]
    assert told and "Zwolniło się miejsce" in told[0].subject


def test_a_larger_party_first_in_line_is_not_overtaken(event):
    big, small, holder = _invitee(event), _invitee(event), _invitee(event)
    services.invitation_accept(actor=holder.user, invitation=holder, people_count=2)
    services.invitation_accept(actor=big.user, invitation=big, people_count=2)
    services.invitation_accept(actor=small.user, invitation=small, people_count=1)
    assert _status(big) == _status(small) == Status.WAITLISTED
    services.invitation_accept(actor=holder.user, invitation=holder, people_count=1)
    # One seat is free, but the party of two is first: nobody jumps the queue.
    assert _status(big) == Status.WAITLISTED
    assert _status(small) == Status.WAITLISTED
    services.invitation_decline(actor=holder.user, invitation=holder)
    assert _status(big) == Status.ACCEPTED
    assert _status(small) == Status.WAITLISTED


def test_more_seats_let_the_waiting_list_in(event):
    holder, waiting = _invitee(event), _invitee(event)
    services.invitation_accept(actor=holder.user, invitation=holder, people_count=2)
    services.invitation_accept(actor=waiting.user, invitation=waiting)
    assert _status(waiting) == Status.WAITLISTED
    services.event_update(actor=event.organiser, event=event, guest_seats=3)
    assert _status(waiting) == Status.ACCEPTED


def test_the_host_withdrawing_an_accepted_invitation_frees_its_seats(client, event, host):
    holder, waiting = _invitee(event), _invitee(event)
    services.invitation_accept(actor=holder.user, invitation=holder, people_count=2)
    services.invitation_accept(actor=waiting.user, invitation=waiting)
    client.force_login(host)
    response = client.post(reverse("visits:invitation_cancel", args=[holder.pk]), follow=True)
    assert "Zaproszenie zostało wycofane" in response.text
    assert _status(holder) == Status.CANCELLED
    assert _status(waiting) == Status.ACCEPTED
    # A withdrawn invitation cannot be answered any more.
    response = _accept(client, holder)
    assert "To zaproszenie zostało wycofane." in response.text
    assert _status(holder) == Status.CANCELLED


def test_answers_after_the_deadline_get_a_clear_message_and_change_nothing(client, event):
    invitation = _invitee(event)
    event.rsvp_deadline = timezone.now() - timedelta(minutes=1)
    event.save()
    client.force_login(invitation.user)
    response = client.post(
        reverse("visits:invitation_accept", args=[invitation.pk]), {"people_count": 1}
    )
    assert response.status_code == 400
    assert "Termin odpowiedzi minął" in response.text
    response = client.post(reverse("visits:invitation_decline", args=[invitation.pk]), {})
    assert "Termin odpowiedzi minął" in response.text
    assert _status(invitation) == Status.PENDING


def test_the_deadline_message_follows_the_members_language(english, event):
    invitation = _invitee(event)
    event.rsvp_deadline = timezone.now() - timedelta(minutes=1)
    event.save()
    english.force_login(invitation.user)
    response = english.post(
        reverse("visits:invitation_accept", args=[invitation.pk]), {"people_count": 1}
    )
    assert "The deadline for answers passed on" in response.text


@pytest.mark.parametrize(
    ("people", "message"),
    [
        (0, "Musi przyjechać co najmniej jedna osoba."),
        (-3, "Musi przyjechać co najmniej jedna osoba."),
        (3, "Wydarzenie ma tylko 2 miejsca dla gości."),
        (100_000, "Najwyżej 100 osób w jednej odpowiedzi"),
        ("dużo", "liczbę całkowitą"),
    ],
)
def test_absurd_people_counts_are_refused_with_a_message(client, event, people, message):
    invitation = _invitee(event)
    client.force_login(invitation.user)
    response = client.post(
        reverse("visits:invitation_accept", args=[invitation.pk]), {"people_count": people}
    )
    assert response.status_code == 400
    assert message in response.text
    assert _status(invitation) == Status.PENDING


def test_an_accepted_invitee_cannot_grow_beyond_the_free_seats(event):
    invitation, other = _invitee(event), _invitee(event)
    services.invitation_accept(actor=invitation.user, invitation=invitation)
    services.invitation_accept(actor=other.user, invitation=other)
    with pytest.raises(ValidationError, match="Wolne jest tylko 1 miejsce"):
        services.invitation_accept(actor=invitation.user, invitation=invitation, people_count=2)
    invitation.refresh_from_db()
    assert (invitation.status, invitation.people_count) == (Status.ACCEPTED, 1)


def test_declining_with_a_reason_tells_the_host(event, outbox, django_capture_on_commit_callbacks):
    invitation = _invitee(event)
    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_decline(
            actor=invitation.user, invitation=invitation, reason="Kolizja terminów"
        )
    to_host = [m for m in outbox if event.organiser.email in m.to]
    assert len(to_host) == 1
    assert "odrzuca zaproszenie" in to_host[0].subject
    assert "Kolizja terminów" in to_host[0].body


def test_a_region_coordinator_accepts_for_the_regions_delegation(client, event, opole_coordinator):
    invitation = InvitationFactory(event=event, region=region("opolskie"), user=None)
    client.force_login(opole_coordinator)
    client.post(reverse("visits:invitation_accept", args=[invitation.pk]), {"people_count": 2})
    assert _status(invitation) == Status.ACCEPTED
    assert selectors.seats_left(event) == 0


def test_every_state_change_refuses_get(client, event):
    invitation = _invitee(event)
    client.force_login(invitation.user)
    for name in ("invitation_accept", "invitation_decline", "invitation_pass_on"):
        assert client.get(reverse(f"visits:{name}", args=[invitation.pk])).status_code == 405
    assert _status(invitation) == Status.PENDING


def test_state_changes_need_the_csrf_token(event):
    from django.test import Client

    invitation = _invitee(event)
    client = Client(enforce_csrf_checks=True)
    client.force_login(invitation.user)
    response = client.post(
        reverse("visits:invitation_accept", args=[invitation.pk]), {"people_count": 1}
    )
    assert response.status_code == 403
    assert _status(invitation) == Status.PENDING
    assert Invitation.objects.filter(status=Status.ACCEPTED).count() == 0
