"""One-step answers from the e-mail: signed "I accept" / "I cannot come" links open a
confirmation page (a GET changes nothing); its POST answers as the person the link was sent
to, logged in or not; a mangled, expired or someone else's link, or a visitor logged in as
somebody else, gets a page saying why (400) and nothing changes."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.visits.factories import InvitationFactory
from visits import answer_links, services
from visits.choices import InvitationStatus

pytestmark = pytest.mark.django_db


def _path(invitation, person, answer):
    token = answer_links.answer_token(invitation=invitation, person=person, answer=answer)
    return reverse("visits:answer_link", kwargs={"token": token})


def _status(invitation):
    invitation.refresh_from_db()
    return invitation.status


def test_the_invitation_email_carries_both_links(
    client, event, host, opole_member, outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.invitations_send(actor=host, event=event, users=[opole_member])
    [message] = [m for m in outbox if opole_member.email in m.to]
    links = re.findall(r"http\S+/zaproszenia/odpowiedz/\S+/", message.body)
    assert len(links) == 2
    assert "Przyjmuję:" in message.body
    assert "Nie mogę:" in message.body
    # The link opens a confirmation page for the invitee, without logging in.
    path = links[0].split("testserver", 1)[-1] if "testserver" in links[0] else links[0]
    path = "/" + path.split("/", 3)[3]
    page = client.get(path)
    assert page.status_code == 200
    assert "Potwierdzam: przyjmuję" in page.text


def test_opening_the_link_changes_nothing_and_the_post_answers(client, event, opole_member):
    invitation = InvitationFactory(event=event, user=opole_member)
    path = _path(invitation, opole_member, "accept")
    assert client.get(path).status_code == 200
    assert _status(invitation) == InvitationStatus.PENDING
    response = client.post(path, {"people_count": 1})
    assert response.status_code == 200
    assert "Dziękujemy: Twoje miejsce jest potwierdzone." in response.text
    assert _status(invitation) == InvitationStatus.ACCEPTED


def test_declining_by_link_with_a_reason(client, event, opole_member):
    invitation = InvitationFactory(event=event, user=opole_member)
    response = client.post(_path(invitation, opole_member, "decline"), {"reason": "Urlop."})
    assert "Zaproszenie zostało odrzucone." in response.text
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.DECLINED
    assert invitation.decline_reason == "Urlop."


def test_a_region_invitation_is_answered_by_its_coordinator(client, event, opole_coordinator):
    invitation = InvitationFactory(event=event, user=None, region=opole_coordinator.region)
    response = client.post(_path(invitation, opole_coordinator, "accept"), {"people_count": 2})
    assert response.status_code == 200
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.ACCEPTED
    assert invitation.people_count == 2


def test_logged_in_as_the_same_person_works(client, event, opole_member):
    invitation = InvitationFactory(event=event, user=opole_member)
    client.force_login(opole_member)
    client.post(_path(invitation, opole_member, "accept"), {"people_count": 1})
    assert _status(invitation) == InvitationStatus.ACCEPTED


def test_logged_in_as_somebody_else_is_refused_clearly(client, event, opole_member, outsider):
    invitation = InvitationFactory(event=event, user=opole_member)
    client.force_login(outsider)
    path = _path(invitation, opole_member, "accept")
    for response in (client.get(path), client.post(path, {"people_count": 1})):
        assert response.status_code == 400
        assert "jesteś zalogowany(-a) jako czlonek@mazowieckie.example" in response.text
    assert _status(invitation) == InvitationStatus.PENDING


def test_a_mangled_link_is_refused(client, event, opole_member):
    invitation = InvitationFactory(event=event, user=opole_member)
    path = _path(invitation, opole_member, "accept")
    response = client.post(path[:-3] + "xx/", {"people_count": 1})
    assert response.status_code == 400
    assert "Ten link jest nieprawidłowy" in response.text
    assert _status(invitation) == InvitationStatus.PENDING


def test_a_link_for_someone_who_may_not_answer_is_refused(client, event, opole_member, outsider):
    invitation = InvitationFactory(event=event, user=opole_member)
    # A signed link naming an invitation and a person who may not answer it.
    response = client.post(_path(invitation, outsider, "accept"), {"people_count": 1})
    assert response.status_code == 400
    assert "nie można już odpowiedzieć tym linkiem" in response.text
    assert _status(invitation) == InvitationStatus.PENDING


def test_an_expired_link_is_refused(client, event, opole_member, settings):
    invitation = InvitationFactory(event=event, user=opole_member)
    path = _path(invitation, opole_member, "accept")
    # Links live VISITS_ANSWER_LINK_DAYS; with a validity already over, this one has expired.
    settings.VISITS_ANSWER_LINK_DAYS = -1
    response = client.post(path, {"people_count": 1})
    assert response.status_code == 400
    assert "Ten link wygasł" in response.text
    assert _status(invitation) == InvitationStatus.PENDING


def test_after_the_deadline_the_page_says_answers_are_closed(client, event, opole_member):
    invitation = InvitationFactory(event=event, user=opole_member)
    event.rsvp_deadline = timezone.now() - timedelta(minutes=1)
    event.save()
    path = _path(invitation, opole_member, "accept")
    assert "Przyjmowanie odpowiedzi na to wydarzenie zostało zamknięte." in client.get(path).text
    response = client.post(path, {"people_count": 1})
    assert response.status_code == 400
    assert _status(invitation) == InvitationStatus.PENDING
