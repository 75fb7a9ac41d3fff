"""Demo people (``data/people.yaml``): the named accounts, and every region's WZK described,
with a coordinator and three members.

People are keyed by e-mail and regions by slug, so a second run updates rows in place and
creates nothing new. Nothing here is random.
"""

import unicodedata
from typing import NamedTuple

from demo import accounts
from demo.loaders import read
from network import services
from network.choices import InstitutionType, Role
from network.models import Region, User

DATA = read("people")
# In TERYT order, which fixes each region's index for the deterministic choices below.
REGIONS: dict[str, dict] = DATA["regions"]
MEMBER_INSTITUTION_TYPES = [InstitutionType(kind) for kind in DATA["member_institution_types"]]
# Indexes into [male, female] pairs, and the keys of each institution's position.
GENDERS = ("male", "female")


class People(NamedTuple):
    accounts: dict[str, User]  # the named accounts, by e-mail
    members: dict[tuple[str, int], User]  # by (region slug, slot 1-3), for spreading


def ascii_fold(text: str) -> str:
    # NFKD leaves "ł" alone (it is a letter, not l + a mark), so map it first.
    text = text.replace("ł", "l").replace("Ł", "L")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def locative(region_name: str) -> str:
    # Every region name is a neuter adjective in -ie: "łódzkie" -> "(w województwie) łódzkim".
    return region_name[:-1] + "m"


def person(region_index: int, slot: int) -> tuple[str, str, int]:
    """First name, last name and gender (0 male, 1 female: the index into GENDERS)."""
    gender = (region_index + slot) % 2
    first_names = DATA["female_first_names"] if gender else DATA["male_first_names"]
    # Slots 0 and 2 share a gender, as do 1 and 3: two of each per region.
    first_name = first_names[region_index * 2 + slot // 2]
    last_names = DATA["last_names"]
    last_name = last_names[(region_index * 4 + slot) * 7 % len(last_names)][gender]
    return first_name, last_name, gender


def seed_people(*, regions: dict[str, Region], password_hash: str) -> People:
    named = _seed_accounts(regions=regions, password_hash=password_hash)
    return People(named, _seed_regions(regions=regions, password_hash=password_hash))


def _upsert_user(email: str, *, password_hash: str, **fields) -> User:
    fields["is_active"] = True
    user, created = User.objects.update_or_create(
        email=email,
        defaults=fields,
        create_defaults={**fields, "password": password_hash},
    )
    if not created and (not user.password or not user.has_usable_password()):
        user.password = password_hash
        user.save(update_fields=["password"])
    services.member_sync_groups(member=user)
    return user


def _seed_accounts(*, regions: dict[str, Region], password_hash: str) -> dict[str, User]:
    users = {}
    for name, account in DATA["accounts"].items():
        email = accounts.BY_NAME[name]
        fields = dict(account)
        region_slug = fields.pop("region")
        fields["region"] = regions[region_slug] if region_slug else None
        fields["role"] = Role(fields["role"])
        fields["institution_type"] = InstitutionType(fields["institution_type"])
        users[email] = _upsert_user(email, password_hash=password_hash, **fields)
    return users


def _seed_regions(*, regions: dict[str, Region], password_hash: str) -> dict[tuple[str, int], User]:
    """Describe each WZK and seed its coordinator and three members."""
    members = {}
    for index, (slug, demo) in enumerate(REGIONS.items()):
        region = regions[slug]
        region.wzk_description = DATA["wzk_description"].format(locative=locative(region.name))
        region.wzk_email = f"wzk@{slug}.example"
        region.save(update_fields=["wzk_description", "wzk_email"])

        for slot in range(4):
            if slot == 0:
                if slug in accounts.COORDINATORS:
                    continue  # A named account coordinates this region.
                institution_type = InstitutionType.MARSHAL_OFFICE
                role = Role.COORDINATOR
            else:
                institution_type = MEMBER_INSTITUTION_TYPES[
                    (index * 3 + slot - 1) % len(MEMBER_INSTITUTION_TYPES)
                ]
                role = Role.MEMBER
            first_name, last_name, gender = person(index, slot)
            if slot == 0:
                email = accounts.coordinator_email(slug)
            else:
                email = f"{ascii_fold(first_name)}.{ascii_fold(last_name)}@{slug}.example"
            institution = DATA["institutions"][institution_type]
            user = _upsert_user(
                email,
                password_hash=password_hash,
                first_name=first_name,
                last_name=last_name,
                region=region,
                role=role,
                institution_name=institution["name"].format(
                    genitive=demo["genitive"], seat=demo["seat"]
                ),
                institution_type=institution_type,
                position=institution["position"][GENDERS[gender]],
                phone=f"+48 {demo['area_code']} 000 00 {slot + 1:02d}",
            )
            if slot:
                members[slug, slot] = user
    return members
