"""People and an event for the visits tests: łódzkie hosts; opolskie is invited (region B);
mazowieckie (region C) is the outsider."""

import pytest
from django.core import mail

from tests.factories import CoordinatorFactory, UserFactory, region
from tests.visits.factories import EventFactory


@pytest.fixture
def host(db):
    return CoordinatorFactory(region=region("lodzkie"), email="koordynator@lodzkie.example")


@pytest.fixture
def host_member(db):
    return UserFactory(region=region("lodzkie"), email="czlonek@lodzkie.example")


@pytest.fixture
def opole_coordinator(db):
    return CoordinatorFactory(region=region("opolskie"), email="koordynator@opolskie.example")


@pytest.fixture
def opole_member(db):
    return UserFactory(region=region("opolskie"), email="czlonek@opolskie.example")


@pytest.fixture
def outsider(db):
    """A member of mazowieckie, a region nobody invited."""
    return UserFactory(region=region("mazowieckie"), email="czlonek@mazowieckie.example")


@pytest.fixture
def mazowieckie_coordinator(db):
    return CoordinatorFactory(region=region("mazowieckie"), email="koordynator@mazowieckie.example")


@pytest.fixture
def event(host):
    return EventFactory(organiser=host, host_region=host.region, guest_seats=2)


@pytest.fixture
def outbox():
    mail.outbox.clear()
    return mail.outbox
