"""Factories for cross-region visits: events in the future, invitations to members or regions."""

from datetime import timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from tests.factories import CoordinatorFactory, UserFactory, region
from visits.choices import EventKind
from visits.models import Event, Invitation


def _start():
    return (timezone.now() + timedelta(days=14)).replace(microsecond=0)


class EventFactory(DjangoModelFactory):
    class Meta:
        model = Event
        skip_postgeneration_save = True

    host_region = factory.LazyFunction(lambda: region("lodzkie"))
    kind = EventKind.WZK_SESSION
    title = factory.Sequence(lambda n: f"Posiedzenie WZK nr {n}")
    description = "Wymiana doświadczeń z regionami."
    agenda = "10:00 Powitanie\n11:00 Dobre praktyki"
    starts_at = factory.LazyFunction(_start)
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=4))
    rsvp_deadline = factory.LazyAttribute(lambda o: o.starts_at - timedelta(days=3))
    venue_address = "ul. Piotrkowska 104, 90-926 Łódź"
    guest_seats = 10
    is_public = True
    organiser = factory.SubFactory(
        CoordinatorFactory, region=factory.SelfAttribute("..host_region")
    )


class InvitationFactory(DjangoModelFactory):
    """An invitation to a member of opolskie unless ``user`` or ``region`` is given."""

    class Meta:
        model = Invitation

    event = factory.SubFactory(EventFactory)
    user = factory.LazyAttribute(
        lambda o: None if o.region is not None else UserFactory(region=region("opolskie"))
    )
    region = None
    invited_by = factory.SelfAttribute("event.organiser")
    message = "Serdecznie zapraszamy!"
