from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from demo.accounts import ANNA, DEMO_PASSWORD, EWA, JAN, MODERATOR
from network import services
from network.choices import InstitutionType, Role
from network.models import Network, NetworkMembership, Region, User


def seed(*args: str) -> str:
    """The members' part of the demo data; practices are tested in test_practices.py."""
    out = StringIO()
    call_command("seed_demo", "--without-practices", *args, stdout=out)
    return out.getvalue()


def network_slugs(user: User) -> set[str]:
    return set(user.networks.values_list("slug", flat=True))


@pytest.fixture
def seeded(db):
    with override_settings(DEBUG=True):
        return seed()


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_refuses_without_force_when_debug_is_off():
    with pytest.raises(CommandError, match="--force"):
        seed()
    assert not User.objects.exists()
    assert not Network.objects.exists()


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_force_loads_when_debug_is_off():
    seed("--force")
    assert User.objects.filter(email=ANNA).exists()


def test_every_region_has_one_coordinator(seeded):
    coordinators = User.objects.filter(role=Role.COORDINATOR)
    assert coordinators.count() == 16
    assert set(coordinators.values_list("region__slug", flat=True)) == set(
        Region.objects.values_list("slug", flat=True)
    )
    assert coordinators.get(region__slug="lodzkie").email == ANNA
    assert not User.objects.filter(email="koordynator@lodzkie.example").exists()
    opole = User.objects.get(email="koordynator@opolskie.example")
    assert opole.institution_type == InstitutionType.MARSHAL_OFFICE
    assert opole.institution_name == "Urząd Marszałkowski Województwa Opolskiego"


def test_every_wzk_is_described(seeded):
    for region in Region.objects.all():
        assert region.wzk_email == f"wzk@{region.slug}.example"
        assert region.wzk_description
    lodzkie = Region.objects.get(slug="lodzkie")
    assert "w województwie łódzkim" in lodzkie.wzk_description


def test_stable_accounts(seeded):
    anna = User.objects.get(email=ANNA)
    assert (anna.get_full_name(), anna.region.slug, anna.role) == (
        "Anna Nowak",
        "lodzkie",
        Role.COORDINATOR,
    )
    assert network_slugs(anna) == {"doradztwo-zawodowe"}
    assert NetworkMembership.objects.get(user=anna).is_moderator

    jan = User.objects.get(email=JAN)
    assert (jan.region.slug, jan.role) == ("opolskie", Role.MEMBER)
    assert "doradztwo-zawodowe" in network_slugs(jan)

    ewa = User.objects.get(email=EWA)
    assert (ewa.last_name, ewa.region.slug, ewa.role) == ("Wiśniewska", "mazowieckie", Role.MEMBER)
    assert network_slugs(ewa) == {"uczenie-sie-doroslych"}

    moderator = User.objects.get(email=MODERATOR)
    assert moderator.region is None
    assert moderator.role == Role.NATIONAL_MODERATOR
    assert moderator.groups.filter(name=services.NATIONAL_MODERATORS_GROUP).exists()
    assert not anna.groups.filter(name=services.NATIONAL_MODERATORS_GROUP).exists()


def test_demo_password_works_for_every_account(seeded):
    users = User.objects.all()
    assert users.exists()
    for user in users:
        assert user.is_active
        assert user.check_password(DEMO_PASSWORD), user.email


def test_networks_span_regions_with_one_moderator_each(seeded):
    assert set(Network.objects.values_list("slug", flat=True)) == {
        "doradztwo-zawodowe",
        "uczenie-sie-doroslych",
        "wspolpraca-z-pracodawcami",
    }
    for network in Network.objects.all():
        assert network.description
        memberships = network.memberships.all()
        assert memberships.filter(is_moderator=True).count() == 1
        assert memberships.values("user__region").distinct().count() == 16


def test_every_institution_type_but_other_is_represented(seeded):
    represented = set(User.objects.values_list("institution_type", flat=True))
    assert set(InstitutionType.values) - {InstitutionType.OTHER} <= represented


def test_names_and_positions_agree_in_gender(seeded):
    # Polish women's first names end in -a; their surnames and job titles follow.
    for user in User.objects.exclude(email=MODERATOR):
        female = user.first_name.endswith("a")
        assert not user.last_name.endswith(("ski", "cki") if female else "ska"), user.email
        assert not user.position.endswith("ka") or female, user.email


def test_demo_emails_are_ascii(seeded):
    for email in User.objects.values_list("email", flat=True):
        assert email.isascii(), email


def test_summary_lists_demo_logins(seeded):
    assert ANNA in seeded
    assert MODERATOR in seeded
    # Spelled out: the README gives this password.
    assert "Hasło / password: wzk-demo-2026" in seeded
    assert "koordynator@<slug>.example" in seeded


def test_running_twice_changes_nothing(seeded):
    def snapshot():
        return (
            User.objects.count(),
            Network.objects.count(),
            NetworkMembership.objects.count(),
            set(User.objects.values_list("email", "password", "role", "region__slug")),
            set(
                NetworkMembership.objects.values_list(
                    "network__slug", "user__email", "is_moderator"
                )
            ),
        )

    before = snapshot()
    with override_settings(DEBUG=True):
        seed()
    assert snapshot() == before


def test_rerun_restores_an_unusable_password(seeded):
    jan = User.objects.get(email=JAN)
    jan.set_unusable_password()
    jan.save()
    with override_settings(DEBUG=True):
        seed()
    jan.refresh_from_db()
    assert jan.check_password(DEMO_PASSWORD)


def test_help_renders():
    from demo.management.commands.seed_demo import Command

    assert "--force" in Command().create_parser("manage.py", "seed_demo").format_help()
