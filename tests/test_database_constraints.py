"""Constraints the database itself enforces, on SQLite and on PostgreSQL."""

import pytest
from django.db import IntegrityError, connection, transaction

from network.models import User

pytestmark = pytest.mark.django_db


@pytest.mark.postgres
def test_the_suite_really_runs_on_postgresql():
    assert connection.vendor == "postgresql"


def test_email_uniqueness_ignores_case_in_the_database():
    User.objects.create(
        email="anna@lodzkie.example",
        first_name="A",
        last_name="N",
        region_id=None,
        role="national_moderator",
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        # Bypasses the manager's normalisation on purpose: the constraint is the last line.
        User.objects.bulk_create([User(email="Anna@Lodzkie.example", role="national_moderator")])


def test_a_regional_role_without_a_region_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(email="bez@regionu.example", role="member", region=None)
