"""People for the opinions tests: łódzkie's WZK drafts and votes; mazowieckie is another
region; a guest, national staff and anonymous visitors are outsiders too."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from network.choices import Role
from network.models import User
from tests.factories import CoordinatorFactory, NationalModeratorFactory, UserFactory, region


@pytest.fixture
def coordinator(db):
    return CoordinatorFactory(
        region=region("lodzkie"),
        email="koordynator@lodzkie.example",
        first_name="Anna",
        last_name="Nowak",
    )


@pytest.fixture
def member(db):
    return UserFactory(
        region=region("lodzkie"),
        email="czlonek@lodzkie.example",
        first_name="Łukasz",
        last_name="Żak",
    )


@pytest.fixture
def second_member(db):
    return UserFactory(
        region=region("lodzkie"),
        email="drugi@lodzkie.example",
        first_name="Lucyna",
        last_name="Lis",
    )


@pytest.fixture
def secretariat(db):
    return UserFactory(
        region=region("lodzkie"), role=Role.SECRETARIAT, email="biuro@lodzkie.example"
    )


@pytest.fixture
def outsider(db):
    """A member of another region's WZK."""
    return UserFactory(region=region("mazowieckie"), email="czlonek@mazowieckie.example")


@pytest.fixture
def other_coordinator(db):
    return CoordinatorFactory(region=region("mazowieckie"), email="koordynator@mazowieckie.example")


@pytest.fixture
def national(db):
    return NationalModeratorFactory(email="moderator@frse.example")


@pytest.fixture
def guest(db):
    """An e-mail guest (no region)."""
    return User.objects.create_user(
        "gosc@szkola.example", "Gosc-haslo-2026", role=Role.GUEST, region=None
    )


@pytest.fixture
def outsiders(outsider, other_coordinator, national, guest):
    """Everyone but the region's WZK who is signed in (anonymous visitors are tested apart)."""
    return {
        "another region's member": outsider,
        "another region's coordinator": other_coordinator,
        "national staff": national,
        "e-mail guest": guest,
    }


@pytest.fixture
def outbox():
    mail.outbox.clear()
    return mail.outbox


@pytest.fixture
def soon():
    return timezone.now() + timedelta(days=7)
