"""Visits on the start page and the one-step answers: invitations waiting for an answer with
three different actions, answered in the background (JSON) or by an ordinary POST that comes
back to the page; upcoming events; "New event" for organisers; the host's live tables."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import region
from tests.visits.factories import EventFactory, InvitationFactory
from visits.choices import InvitationStatus

pytestmark = pytest.mark.django_db

BLOCK = "/pulpit/bloki/zaproszenia/"
JSON = {"HTTP_ACCEPT": "application/json"}


def test_pending_invitations_are_listed_with_three_different_actions(client, event, opole_member):
    InvitationFactory(event=event, user=opole_member)
    client.force_login(opole_member)
    block = client.get(BLOCK).text
    assert event.title in block
    assert 'class="button button-accept"' in block
    assert 'class="button button-decline"' in block
    # The reason for declining sits inside the decline action, not beside "Accept".
    decline = block[block.index('<details class="answer-decline">') :]
    assert "Powód (nieobowiązkowo)" in decline[: decline.index("</details>")]


def test_a_coordinator_also_passes_the_region_invitation_on_from_there(
    client, event, opole_coordinator, opole_member
):
    InvitationFactory(event=event, user=None, region=opole_coordinator.region)
    client.force_login(opole_coordinator)
    block = client.get(BLOCK).text
    assert "Przekaż dalej…" in block
    assert str(opole_member) in block
    assert "Ile osób przyjedzie" in block  # a region says how many come


def test_answered_cancelled_and_closed_invitations_are_not_waiting(client, opole_member, host):
    answered = InvitationFactory(user=opole_member, status=InvitationStatus.ACCEPTED)
    cancelled_event = EventFactory(organiser=host, cancelled_at=timezone.now())
    InvitationFactory(event=cancelled_event, user=opole_member)
    past_deadline = EventFactory(organiser=host, rsvp_deadline=timezone.now() - timedelta(hours=1))
    InvitationFactory(event=past_deadline, user=opole_member)
    client.force_login(opole_member)
    block = client.get(BLOCK).text
    for event in (answered.event, cancelled_event, past_deadline):
        assert event.title not in block
    assert "Żadne zaproszenie nie czeka na Twoją odpowiedź." in block


def test_accepting_in_the_background_answers_in_json(client, event, opole_member):
    invitation = InvitationFactory(event=event, user=opole_member)
    client.force_login(opole_member)
    response = client.post(
        reverse("visits:invitation_accept", args=[invitation.pk]), {"people_count": 1}, **JSON
    )
    assert response.status_code == 200
    assert response.json() == {
        "message": "Dziękujemy: Twoje miejsce jest potwierdzone.",
        "status": "accepted",
    }
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.ACCEPTED
    assert event.title not in client.get(BLOCK).text


def test_declining_in_the_background_keeps_the_reason(client, event, opole_member):
    invitation = InvitationFactory(event=event, user=opole_member)
    client.force_login(opole_member)
    response = client.post(
        reverse("visits:invitation_decline", args=[invitation.pk]),
        {"reason": "Mamy w tym dniu własne posiedzenie."},
        **JSON,
    )
    assert response.json()["status"] == "declined"
    invitation.refresh_from_db()
    assert invitation.decline_reason == "Mamy w tym dniu własne posiedzenie."


def test_a_refused_background_answer_says_why_with_400(client, event, opole_member):
    invitation = InvitationFactory(event=event, user=opole_member)
    client.force_login(opole_member)
    response = client.post(
        reverse("visits:invitation_accept", args=[invitation.pk]), {"people_count": 0}, **JSON
    )
    assert response.status_code == 400
    assert response.json()["message"]
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.PENDING


def test_passing_on_in_the_background(client, event, opole_coordinator, opole_member):
    invitation = InvitationFactory(event=event, user=None, region=opole_coordinator.region)
    client.force_login(opole_coordinator)
    response = client.post(
        reverse("visits:invitation_pass_on", args=[invitation.pk]),
        {"users": [opole_member.pk]},
        **JSON,
    )
    assert response.status_code == 200
    assert str(opole_member) in response.json()["message"]
    assert invitation.passed_on.filter(user=opole_member).exists()


def test_outsiders_cannot_answer_in_the_background_either(client, event, opole_member, outsider):
    invitation = InvitationFactory(event=event, user=opole_member)
    client.force_login(outsider)
    url = reverse("visits:invitation_accept", args=[invitation.pk])
    assert client.post(url, {"people_count": 1}, **JSON).status_code == 404


def test_without_javascript_the_answer_comes_back_to_the_start_page(client, event, opole_member):
    invitation = InvitationFactory(event=event, user=opole_member)
    client.force_login(opole_member)
    response = client.post(
        reverse("visits:invitation_accept", args=[invitation.pk]),
        {"people_count": 1, "next": "/pulpit/"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/pulpit/"
    # A next elsewhere is not followed.
    other = InvitationFactory(user=opole_member)
    response = client.post(
        reverse("visits:invitation_decline", args=[other.pk]),
        {"next": "https://example.com/"},
    )
    assert response["Location"] == other.get_absolute_url()


def test_my_invitations_and_the_event_page_offer_the_same_one_step_answers(
    client, event, opole_member
):
    invitation = InvitationFactory(event=event, user=opole_member)
    client.force_login(opole_member)
    for url in (reverse("visits:my_invitations"), event.get_absolute_url()):
        page = client.get(url).text
        assert reverse("visits:invitation_accept", args=[invitation.pk]) in page
        assert reverse("visits:invitation_decline", args=[invitation.pk]) in page
    invitation.status = InvitationStatus.DECLINED
    invitation.save()
    page = client.get(event.get_absolute_url()).text
    assert reverse("visits:invitation_accept", args=[invitation.pk]) not in page


def test_upcoming_events_are_the_regions_and_those_accepted(client, host, opole_member):
    own = EventFactory(host_region=region("opolskie"), title="Posiedzenie w Opolu")
    accepted = InvitationFactory(user=opole_member, status=InvitationStatus.ACCEPTED).event
    declined = InvitationFactory(user=opole_member, status=InvitationStatus.DECLINED).event
    past = EventFactory(
        host_region=region("opolskie"),
        title="Dawne posiedzenie",
        starts_at=timezone.now() - timedelta(days=3),
        ends_at=timezone.now() - timedelta(days=2),
        rsvp_deadline=timezone.now() - timedelta(days=4),
    )
    client.force_login(opole_member)
    block = client.get("/pulpit/bloki/wydarzenia/").text
    assert own.title in block
    assert accepted.title in block
    assert declined.title not in block
    assert past.title not in block
    assert reverse("visits:event_create") not in block


def test_new_event_is_reachable_from_the_start_page_calendar_and_region_page(client, host):
    client.force_login(host)
    create = reverse("visits:event_create")
    assert create in client.get("/pulpit/bloki/wydarzenia/").text
    assert create in client.get(reverse("calendars:national")).text
    assert create in client.get(host.region.get_absolute_url()).text
    # Not on another region's page.
    assert create not in client.get(region("opolskie").get_absolute_url()).text


def test_the_hosts_status_tables_are_a_fragment_for_the_live_refresh(
    client, event, host, opole_member, outsider
):
    invitation = InvitationFactory(event=event, user=opole_member)
    url = reverse("visits:event_invitations_table", args=[event.pk])
    client.force_login(host)
    page = client.get(reverse("visits:event_invitations", args=[event.pk])).text
    assert f'data-url="{url}"' in page
    invitation.status = InvitationStatus.ACCEPTED
    invitation.save()
    fragment = client.get(url).text
    assert "Przyjęte (1)" in fragment
    assert str(opole_member) in fragment
    client.force_login(outsider)
    assert client.get(url).status_code == 404


def test_my_invitations_lists_are_a_fragment_too(client, event, opole_member):
    InvitationFactory(event=event, user=opole_member)
    client.force_login(opole_member)
    fragment = client.get(reverse("visits:my_invitations_lists")).text
    assert event.title in fragment
    assert "<html" not in fragment


def test_regions_already_invited_are_shown_as_invited(client, event, host):
    InvitationFactory(event=event, user=None, region=region("opolskie"))
    client.force_login(host)
    page = client.get(reverse("visits:event_invitations", args=[event.pk])).text
    assert "opolskie (już zaproszone)" in page
    assert "mazowieckie (już zaproszone)" not in page
    assert "data-member-picker" in page


def test_one_day_events_are_written_with_the_date_once(client, host):
    from visits.templatetags.visits_dates import when_text

    starts = timezone.make_aware(timezone.datetime(2027, 1, 18, 9, 0))
    assert when_text(starts, starts + timedelta(hours=7)) == "18 stycznia 2027, 9:00–16:00"
    assert (
        when_text(starts, starts + timedelta(days=1, hours=7))
        == "18 stycznia 2027, 9:00 – 19 stycznia 2027, 16:00"
    )
