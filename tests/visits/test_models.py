"""What the database itself refuses for visits, on SQLite and on PostgreSQL."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction

from tests.factories import region
from tests.visits.factories import EventFactory, InvitationFactory
from visits.models import Invitation

pytestmark = pytest.mark.django_db


def _refused(**fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        EventFactory(**fields)


def test_the_database_refuses_negative_seats_an_end_before_the_start_and_a_late_deadline():
    event = EventFactory()
    _refused(guest_seats=-1)
    _refused(starts_at=event.starts_at, ends_at=event.starts_at - timedelta(hours=1))
    _refused(starts_at=event.starts_at, rsvp_deadline=event.starts_at + timedelta(minutes=1))


def test_one_invitation_per_member_or_region_and_never_both_or_neither():
    invitation = InvitationFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        InvitationFactory(event=invitation.event, user=invitation.user)
    InvitationFactory(event=invitation.event, region=region("opolskie"))
    with pytest.raises(IntegrityError), transaction.atomic():
        InvitationFactory(event=invitation.event, region=region("opolskie"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Invitation.objects.create(event=invitation.event)
    with pytest.raises(IntegrityError), transaction.atomic():
        Invitation.objects.create(
            event=invitation.event, user=invitation.user, region=region("mazowieckie")
        )


def test_the_event_keeps_its_calendar_uid_when_edited():
    event = EventFactory()
    uid = event.uid
    event.title = "Nowy tytuł"
    event.save()
    event.refresh_from_db()
    assert event.uid == uid
