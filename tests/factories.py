from importlib import import_module

import factory
from factory.django import DjangoModelFactory

from network.choices import InstitutionType, Role
from network.models import Network, NetworkMembership, Region, User

PASSWORD = "correct-horse-battery"


def region(slug: str) -> Region:
    """Regions are data created by a migration; tests look them up.

    A transactional test's flush empties every table, migration data included, so the
    regions are put back from the migration when they are missing.
    """
    found = Region.objects.filter(slug=slug).first()
    if found is None:
        regions = import_module("network.migrations.0002_regions").REGIONS
        for teryt, name, region_slug in regions:
            Region.objects.get_or_create(teryt=teryt, defaults={"name": name, "slug": region_slug})
        found = Region.objects.get(slug=slug)
    return found


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"czlonek{n}@example.org")
    first_name = factory.Sequence(lambda n: f"Imię{n}")
    last_name = factory.Sequence(lambda n: f"Nazwisko{n}")
    region = factory.LazyFunction(lambda: region("lodzkie"))
    role = Role.MEMBER
    institution_name = "Centrum Kształcenia Zawodowego"
    institution_type = InstitutionType.SCHOOL
    position = "dyrektor"
    phone = "+48 42 123 45 67"
    is_active = True
    password = factory.django.Password(PASSWORD)


class CoordinatorFactory(UserFactory):
    role = Role.COORDINATOR
    institution_type = InstitutionType.MARSHAL_OFFICE


class NationalModeratorFactory(UserFactory):
    role = Role.NATIONAL_MODERATOR
    region = None
    institution_name = "Fundacja Rozwoju Systemu Edukacji"
    institution_type = InstitutionType.OTHER


class NetworkFactory(DjangoModelFactory):
    class Meta:
        model = Network

    name = factory.Sequence(lambda n: f"Sieć tematyczna {n}")
    slug = factory.Sequence(lambda n: f"siec-{n}")
    description = "Wymiana doświadczeń między regionami."


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = NetworkMembership

    network = factory.SubFactory(NetworkFactory)
    user = factory.SubFactory(UserFactory)
    is_moderator = False


_practice_counter = iter(range(1, 1_000_000))


def practice(region_slug: str = "lodzkie", *, publish: bool = True, **overrides):
    """A good practice in a region's section, published unless ``publish=False``."""
    from datetime import date

    from cms.models import RegionSectionPage
    from cms.services import practice_create

    number = next(_practice_counter)
    fields = {
        "title": f"Dobra praktyka {number}",
        "slug": f"dobra-praktyka-{number}",
        "kind": "festival",
        "start_date": date(2025, 9, 15),
        "lead_institution": "Centrum Rozwoju Edukacji",
        "summary": "Krótki opis działania.",
        "audiences": ["pupils"],
        "tags": [],
    }
    fields.update(overrides)
    section = RegionSectionPage.objects.get(region__slug=region_slug)
    return practice_create(section=section, publish=publish, **fields)
