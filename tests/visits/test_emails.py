"""E-mails about visits, in the recipient's language, with the calendar attached."""

import icalendar
import pytest
from django.urls import reverse

from tests.factories import UserFactory, region
from visits import services

pytestmark = pytest.mark.django_db


def _calendar(message):
    (part,) = [
        part for part in message.message().walk() if part.get_content_type() == "text/calendar"
    ]
    return part, icalendar.Calendar.from_ical(part.get_payload(decode=True))


def _invite(event, host, user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        (invitation,) = services.invitations_send(
            actor=host, event=event, users=[user], message="Pokażemy Edubus."
        )
    return invitation


def test_the_invitation_email_in_polish_links_to_the_page_and_carries_the_calendar(
    event, host, opole_member, outbox, django_capture_on_commit_callbacks
):
    invitation = _invite(event, host, opole_member, django_capture_on_commit_callbacks)
    (message,) = outbox
    assert message.to == [opole_member.email]
    assert message.subject == f"Region łódzkie zaprasza Cię na „{event.title}”"
    assert "Dzień dobry" in message.body
    assert "Pokażemy Edubus." in message.body
    assert "Odpowiedź do:" in message.body
    assert "http://127.0.0.1:8000" + reverse("visits:invitation_detail", args=[invitation.pk]) in (
        message.body
    )
    part, cal = _calendar(message)
    assert part.get_param("method") == "REQUEST"
    assert part.get_filename() == "zaproszenie.ics"
    assert cal["METHOD"] == "REQUEST"
    assert "Załączony plik dodaje wydarzenie do Twojego kalendarza." in message.body


def test_the_same_email_in_english_for_a_member_who_chose_english(
    event, host, outbox, django_capture_on_commit_callbacks
):
    member = UserFactory(region=region("opolskie"), language="en")
    _invite(event, host, member, django_capture_on_commit_callbacks)
    (message,) = outbox
    assert message.subject == f"The łódzkie region invites you to “{event.title}”"
    assert "Hello" in message.body
    assert "Answer by:" in message.body
    assert "The attached file adds the event to your calendar." in message.body


def test_a_region_invitation_goes_to_the_regions_coordinator(
    event, host, opole_coordinator, opole_member, outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.invitations_send(actor=host, event=event, regions=[region("opolskie")])
    (message,) = outbox
    assert message.to == [opole_coordinator.email]
    assert "zaprasza Twój region" in message.subject
    assert "przekazać zaproszenie wybranym członkom" in message.body


def test_editing_and_cancelling_reach_everyone_still_invited_with_the_calendar(
    event, host, opole_member, outbox, django_capture_on_commit_callbacks
):
    invitation = _invite(event, host, opole_member, django_capture_on_commit_callbacks)
    declined = UserFactory(region=region("mazowieckie"), language="en")
    (other,) = services.invitations_send(actor=host, event=event, users=[declined])
    services.invitation_decline(actor=declined, invitation=other)
    outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.event_update(actor=host, event=event, venue_address="EXPO Kraków")
    (message,) = outbox
    assert message.to == [opole_member.email]
    assert "zmiany w wydarzeniu" in message.subject
    assert "EXPO Kraków" in message.body
    _part, cal = _calendar(message)
    assert int(cal.walk("VEVENT")[0]["SEQUENCE"]) == 1
    outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.event_cancel(actor=host, event=event, reason="Remont sali")
    (message,) = outbox
    assert "wydarzenie odwołane" in message.subject
    assert "Remont sali" in message.body
    assert "usuwa wydarzenie z Twojego kalendarza" in message.body
    part, cal = _calendar(message)
    assert part.get_param("method") == "CANCEL"
    assert cal["METHOD"] == "CANCEL"
    assert invitation.pk  # the invitation itself stays, for the record


def test_a_withdrawn_invitation_sends_a_cancel_to_that_invitee_only(
    event, host, opole_member, outbox, django_capture_on_commit_callbacks
):
    invitation = _invite(event, host, opole_member, django_capture_on_commit_callbacks)
    outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_cancel(actor=host, invitation=invitation)
    (message,) = outbox
    assert message.to == [opole_member.email]
    assert "zostało wycofane" in message.subject
    part, _cal = _calendar(message)
    assert part.get_param("method") == "CANCEL"
