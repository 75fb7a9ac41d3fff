"""Reminders: accepted invitees before the event, silent ones before the deadline; each once,
again only if the event changes."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.factories import UserFactory, region
from tests.visits.factories import EventFactory, InvitationFactory
from visits import services
from visits.choices import InvitationStatus, ReminderKind
from visits.models import ReminderSent

pytestmark = pytest.mark.django_db(transaction=True)


def _soon_event(host, **fields):
    start = timezone.now() + timedelta(days=1)
    return EventFactory(
        organiser=host,
        host_region=host.region,
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        rsvp_deadline=start - timedelta(hours=2),
        **fields,
    )


def test_reminders_go_to_the_right_people_once(host, outbox):
    event = _soon_event(host)
    accepted = InvitationFactory(event=event, status=InvitationStatus.ACCEPTED)
    pending = InvitationFactory(event=event)
    declined_user = UserFactory(region=region("mazowieckie"))
    InvitationFactory(event=event, user=declined_user, status=InvitationStatus.DECLINED)
    far = EventFactory(organiser=host, host_region=host.region)  # two weeks away
    InvitationFactory(event=far, status=InvitationStatus.ACCEPTED)

    call_command("send_event_reminders", verbosity=0)
    by_recipient = {message.to[0]: message for message in outbox}
    assert set(by_recipient) == {accepted.user.email, pending.user.email}
    assert by_recipient[accepted.user.email].subject.startswith("Przypomnienie: „")
    assert "Prosimy o odpowiedź" in by_recipient[pending.user.email].subject
    assert set(ReminderSent.objects.values_list("kind", flat=True)) == {
        ReminderKind.EVENT_SOON,
        ReminderKind.DEADLINE_SOON,
    }

    outbox.clear()
    call_command("send_event_reminders", verbosity=0)
    assert outbox == []

    services.event_update(actor=host, event=event, agenda="Zmieniony program")
    outbox.clear()
    call_command("send_event_reminders", verbosity=0)
    assert {message.to[0] for message in outbox} == {accepted.user.email, pending.user.email}
    assert all("Przypomnienie" in m.subject or "Prosimy" in m.subject for m in outbox)


def test_a_cancelled_event_sends_no_reminders(host, outbox):
    event = _soon_event(host)
    InvitationFactory(event=event, status=InvitationStatus.ACCEPTED)
    services.event_cancel(actor=host, event=event)
    outbox.clear()
    call_command("send_event_reminders", verbosity=0)
    assert outbox == []
