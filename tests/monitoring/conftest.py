"""People for the monitoring tests: łódzkie records (Anna, its coordinator, and a member she
may allow); opolskie is another region; FRSE reviews; a guest invited by e-mail to one event."""

import pytest
from django.core import mail
from django.utils import timezone

from network.choices import Role
from tests.factories import CoordinatorFactory, NationalModeratorFactory, UserFactory, region
from tests.monitoring.factories import IndicatorFactory, PeriodFactory
from visits.models import GuestPass


@pytest.fixture
def anna(db):
    return CoordinatorFactory(region=region("lodzkie"), email="anna@lodzkie.example")


@pytest.fixture
def lodz_member(db):
    return UserFactory(region=region("lodzkie"), email="czlonek@lodzkie.example")


@pytest.fixture
def opole_coordinator(db):
    return CoordinatorFactory(region=region("opolskie"), email="koordynator@opolskie.example")


@pytest.fixture
def opole_member(db):
    return UserFactory(region=region("opolskie"), email="czlonek@opolskie.example")


@pytest.fixture
def frse(db):
    return NationalModeratorFactory(email="moderator@frse.example")


@pytest.fixture
def guest(db):
    """An e-mail guest with a valid pass to one event."""
    from tests.visits.factories import EventFactory

    event = EventFactory()
    user = UserFactory(role=Role.GUEST, region=None, email="gosc@szkola.example")
    GuestPass.objects.create(
        user=user,
        event=event,
        sponsor=event.organiser,
        expires_at=timezone.now() + timezone.timedelta(days=10),
    )
    return user


@pytest.fixture
def outsiders(db, opole_member, opole_coordinator, guest):
    """Everyone from outside łódzkie who must not write its actions or reports."""
    return {
        "anonymous": None,
        "another region's member": opole_member,
        "another region's coordinator": opole_coordinator,
        "a guest": guest,
    }


@pytest.fixture
def period(db):
    return PeriodFactory(name="IV kwartał")


@pytest.fixture
def participants(db):
    return IndicatorFactory(code="W7", name_pl="Uczestnicy działań", unit="osoby")


@pytest.fixture
def share(db):
    return IndicatorFactory(
        code="W8", name_pl="Odsetek szkół", measure="percentage", aggregation="average"
    )


@pytest.fixture
def outbox():
    mail.outbox.clear()
    return mail.outbox


def as_user(client, user):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client
