"""Load demo data: every region's WZK with members, three thematic networks, stable logins,
good practices (``cms.demo``), discussions (``chat.demo``) and visits (``visits.demo``).

Idempotent: people are keyed by e-mail, networks and regions by slug, so a second run updates
rows in place and creates nothing new. Nothing here is random.
"""

import unicodedata
from typing import NamedTuple

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from chat.demo import seed_chat
from cms.demo import seed_practices
from cms.models import GoodPracticePage
from network import services
from network.choices import InstitutionType, Role
from network.models import Network, NetworkMembership, Region, User
from visits.demo import seed_visits

# Shared by every demo account and printed by the command, so it is no secret.
DEMO_PASSWORD = "wzk-demo-2026"  # noqa: S105


class RegionDemo(NamedTuple):
    genitive: str  # "Urząd Marszałkowski Województwa <genitive>"
    seat: str  # "Kuratorium Oświaty <seat>": the voivode's seat, with its preposition
    area_code: str


# In TERYT order, which fixes each region's index for the deterministic choices below.
REGIONS = {
    "dolnoslaskie": RegionDemo("Dolnośląskiego", "we Wrocławiu", "71"),
    "kujawsko-pomorskie": RegionDemo("Kujawsko-Pomorskiego", "w Bydgoszczy", "52"),
    "lubelskie": RegionDemo("Lubelskiego", "w Lublinie", "81"),
    "lubuskie": RegionDemo("Lubuskiego", "w Gorzowie Wielkopolskim", "95"),
    "lodzkie": RegionDemo("Łódzkiego", "w Łodzi", "42"),
    "malopolskie": RegionDemo("Małopolskiego", "w Krakowie", "12"),
    "mazowieckie": RegionDemo("Mazowieckiego", "w Warszawie", "22"),
    "opolskie": RegionDemo("Opolskiego", "w Opolu", "77"),
    "podkarpackie": RegionDemo("Podkarpackiego", "w Rzeszowie", "17"),
    "podlaskie": RegionDemo("Podlaskiego", "w Białymstoku", "85"),
    "pomorskie": RegionDemo("Pomorskiego", "w Gdańsku", "58"),
    "slaskie": RegionDemo("Śląskiego", "w Katowicach", "32"),
    "swietokrzyskie": RegionDemo("Świętokrzyskiego", "w Kielcach", "41"),
    "warminsko-mazurskie": RegionDemo("Warmińsko-Mazurskiego", "w Olsztynie", "89"),
    "wielkopolskie": RegionDemo("Wielkopolskiego", "w Poznaniu", "61"),
    "zachodniopomorskie": RegionDemo("Zachodniopomorskiego", "w Szczecinie", "91"),
}

# Two of each per region (coordinator + three members), so every first name is used once.
FEMALE_FIRST_NAMES = [
    "Agnieszka", "Katarzyna", "Małgorzata", "Joanna", "Magdalena", "Monika", "Barbara",
    "Aleksandra", "Beata", "Dorota", "Elżbieta", "Justyna", "Karolina", "Marta", "Renata",
    "Zofia", "Iwona", "Grażyna", "Halina", "Sylwia", "Urszula", "Teresa", "Paulina", "Natalia",
    "Izabela", "Jolanta", "Bożena", "Agata", "Weronika", "Danuta", "Edyta", "Kinga",
]  # fmt: skip
MALE_FIRST_NAMES = [
    "Piotr", "Krzysztof", "Andrzej", "Tomasz", "Paweł", "Michał", "Marcin", "Grzegorz",
    "Łukasz", "Adam", "Marek", "Rafał", "Jacek", "Dariusz", "Wojciech", "Mariusz", "Zbigniew",
    "Jerzy", "Sławomir", "Kamil", "Mateusz", "Robert", "Artur", "Bartosz", "Stanisław",
    "Henryk", "Ryszard", "Janusz", "Przemysław", "Leszek", "Waldemar", "Szymon",
]  # fmt: skip
# (male, female). Nowak, Kowalski and Wiśniewski are left to the stable accounts.
LAST_NAMES = [
    ("Wójcik", "Wójcik"), ("Kowalczyk", "Kowalczyk"), ("Kamiński", "Kamińska"),
    ("Lewandowski", "Lewandowska"), ("Zieliński", "Zielińska"), ("Szymański", "Szymańska"),
    ("Woźniak", "Woźniak"), ("Dąbrowski", "Dąbrowska"), ("Kozłowski", "Kozłowska"),
    ("Jankowski", "Jankowska"), ("Mazur", "Mazur"), ("Kwiatkowski", "Kwiatkowska"),
    ("Krawczyk", "Krawczyk"), ("Piotrowski", "Piotrowska"), ("Grabowski", "Grabowska"),
    ("Nowakowski", "Nowakowska"), ("Pawłowski", "Pawłowska"), ("Michalski", "Michalska"),
    ("Nowicki", "Nowicka"), ("Adamczyk", "Adamczyk"), ("Dudek", "Dudek"), ("Zając", "Zając"),
    ("Wieczorek", "Wieczorek"), ("Jabłoński", "Jabłońska"), ("Król", "Król"),
    ("Majewski", "Majewska"), ("Olszewski", "Olszewska"), ("Jaworski", "Jaworska"),
    ("Wróbel", "Wróbel"), ("Malinowski", "Malinowska"), ("Pawlak", "Pawlak"),
]  # fmt: skip

# Members rotate through these, so all of them appear across the country.
MEMBER_INSTITUTION_TYPES = [
    InstitutionType.TEACHER_TRAINING,
    InstitutionType.EDUCATION_BOARD,
    InstitutionType.UNIVERSITY,
    InstitutionType.LABOUR_OFFICE,
    InstitutionType.SCHOOL,
    InstitutionType.LOCAL_GOVERNMENT,
    InstitutionType.NGO,
    InstitutionType.EMPLOYER,
    InstitutionType.SKILLS_CENTRE,
]
# Institution name template and position (male, female) for each type.
INSTITUTIONS = {
    InstitutionType.MARSHAL_OFFICE: (
        "Urząd Marszałkowski Województwa {genitive}",
        ("Zastępca Dyrektora Departamentu Edukacji", "Zastępczyni Dyrektora Departamentu Edukacji"),
    ),
    InstitutionType.TEACHER_TRAINING: (
        "Ośrodek Doskonalenia Nauczycieli {seat}",
        (
            "Doradca metodyczny ds. kształcenia zawodowego",
            "Doradczyni metodyczna ds. kształcenia zawodowego",
        ),
    ),
    InstitutionType.EDUCATION_BOARD: (
        "Kuratorium Oświaty {seat}",
        ("Wicekurator Oświaty", "Wicekurator Oświaty"),
    ),
    InstitutionType.UNIVERSITY: (
        "Akademia Nauk Stosowanych {seat}",
        ("Pełnomocnik rektora ds. uczenia się przez całe życie",) * 2,
    ),
    InstitutionType.LABOUR_OFFICE: (
        "Wojewódzki Urząd Pracy {seat}",
        (
            "Kierownik Centrum Informacji i Planowania Kariery Zawodowej",
            "Kierowniczka Centrum Informacji i Planowania Kariery Zawodowej",
        ),
    ),
    InstitutionType.SCHOOL: (
        "Zespół Szkół Technicznych nr 2 {seat}",
        ("Dyrektor szkoły", "Dyrektorka szkoły"),
    ),
    InstitutionType.LOCAL_GOVERNMENT: (
        "Urząd Miejski {seat}",
        ("Naczelnik Wydziału Edukacji", "Naczelniczka Wydziału Edukacji"),
    ),
    InstitutionType.NGO: (
        "Stowarzyszenie „Edukacja dla Pracy” {seat}",
        ("Prezes zarządu", "Prezeska zarządu"),
    ),
    InstitutionType.EMPLOYER: (
        "Pracodawcy Województwa {genitive}",
        ("Dyrektor ds. personalnych", "Dyrektorka ds. personalnych"),
    ),
    InstitutionType.SKILLS_CENTRE: (
        "Branżowe Centrum Umiejętności w dziedzinie mechatroniki {seat}",
        ("Koordynator BCU", "Koordynatorka BCU"),
    ),
}

NETWORKS = [
    {
        "slug": "doradztwo-zawodowe",
        "name": "Doradztwo zawodowe",
        "description": (
            "Wymiana doświadczeń doradców zawodowych z całej Polski: metody pracy z uczniami "
            "i dorosłymi, narzędzia diagnozy oraz współpraca szkół z poradniami i urzędami pracy."
        ),
        "moderator_region": None,  # Anna Nowak moderates this one.
    },
    {
        "slug": "uczenie-sie-doroslych",
        "name": "Uczenie się dorosłych",
        "description": (
            "Regionalne inicjatywy na rzecz uczenia się przez całe życie: kursy, potwierdzanie "
            "kwalifikacji i docieranie z ofertą edukacyjną do osób dorosłych."
        ),
        "moderator_region": "malopolskie",
    },
    {
        "slug": "wspolpraca-z-pracodawcami",
        "name": "Współpraca z pracodawcami",
        "description": (
            "Jak szkoły, uczelnie i branżowe centra umiejętności współpracują z pracodawcami: "
            "praktyki, staże, klasy patronackie i wspólne targi."
        ),
        "moderator_region": "wielkopolskie",
    },
]

ANNA = "anna.nowak@lodzkie.example"
JAN = "jan.kowalski@opolskie.example"
EWA = "ewa.wisniewska@mazowieckie.example"
NATIONAL_MODERATOR = "moderator@frse.example"

STABLE_ACCOUNTS = {
    ANNA: {
        "first_name": "Anna",
        "last_name": "Nowak",
        "region": "lodzkie",
        "role": Role.COORDINATOR,
        "institution_name": "Urząd Marszałkowski Województwa Łódzkiego",
        "institution_type": InstitutionType.MARSHAL_OFFICE,
        "position": "Zastępczyni Dyrektora Departamentu Edukacji",
        "phone": "+48 42 000 00 01",
    },
    JAN: {
        "first_name": "Jan",
        "last_name": "Kowalski",
        "region": "opolskie",
        "role": Role.MEMBER,
        "institution_name": "Wojewódzki Urząd Pracy w Opolu",
        "institution_type": InstitutionType.LABOUR_OFFICE,
        "position": "Doradca zawodowy",
        "phone": "+48 77 000 00 05",
    },
    EWA: {
        "first_name": "Ewa",
        "last_name": "Wiśniewska",
        "region": "mazowieckie",
        "role": Role.MEMBER,
        "institution_name": "Centrum Kształcenia Ustawicznego w Warszawie",
        "institution_type": InstitutionType.SCHOOL,
        "position": "Dyrektorka",
        "phone": "+48 22 000 00 05",
    },
    NATIONAL_MODERATOR: {
        "first_name": "Krystyna",
        "last_name": "Sikora",
        "region": None,
        "role": Role.NATIONAL_MODERATOR,
        "institution_name": "Fundacja Rozwoju Systemu Edukacji",
        "institution_type": InstitutionType.OTHER,
        "position": "Koordynatorka sieci tematycznych",
        "phone": "+48 22 000 00 99",
    },
}
# Network slug -> (e-mail, is_moderator) for the stable accounts.
STABLE_MEMBERSHIPS = {
    "doradztwo-zawodowe": [(ANNA, True), (JAN, False)],
    "uczenie-sie-doroslych": [(EWA, False)],
}

WZK_DESCRIPTION = (
    "Wojewódzki Zespół Koordynacji w województwie {locative} to ciało doradcze samorządu "
    "województwa, które koordynuje działania w obszarze kształcenia zawodowego, szkolnictwa "
    "wyższego i uczenia się przez całe życie. Zespół opiniuje regionalne inicjatywy, prowadzi ich "
    "przegląd i promuje kształcenie zawodowe. Działa w projekcie finansowanym z Krajowego Planu "
    "Odbudowy (inwestycja A.3.1.1)."
)


def ascii_fold(text: str) -> str:
    # NFKD leaves "ł" alone (it is a letter, not l + a mark), so map it first.
    text = text.replace("ł", "l").replace("Ł", "L")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def locative(region_name: str) -> str:
    # Every region name is a neuter adjective in -ie: "łódzkie" -> "(w województwie) łódzkim".
    return region_name[:-1] + "m"


def person(region_index: int, slot: int) -> tuple[str, str, int]:
    """First name, last name and gender (0 male, 1 female: the index into the pairs above)."""
    gender = (region_index + slot) % 2
    first_names = FEMALE_FIRST_NAMES if gender else MALE_FIRST_NAMES
    # Slots 0 and 2 share a gender, as do 1 and 3: two of each per region.
    first_name = first_names[region_index * 2 + slot // 2]
    last_name = LAST_NAMES[(region_index * 4 + slot) * 7 % len(LAST_NAMES)][gender]
    return first_name, last_name, gender


class Command(BaseCommand):
    @property
    def help(self) -> str:
        # argparse needs a real str, so translate when the parser is built, not at import.
        return _(
            "Load demo data: the WZK of every region with members, thematic networks and "
            "demo logins."
        )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help=_("Load demo data even when DEBUG is off."),
        )
        parser.add_argument(
            "--without-practices",
            action="store_true",
            help=_("Load members and networks only, no good practices."),
        )

    def handle(self, *args, force: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                _("Demo data is for development: DEBUG is off. Use --force to load it anyway.")
            )
        regions = {region.slug: region for region in Region.objects.filter(slug__in=REGIONS)}
        missing = sorted(set(REGIONS) - set(regions))
        if missing:
            raise CommandError(
                _("Regions missing: %(slugs)s. Run migrate first.") % {"slugs": ", ".join(missing)}
            )
        with transaction.atomic():
            self.password_hash = make_password(DEMO_PASSWORD)
            services.groups_ensure()
            users = self.seed_stable_accounts(regions)
            spread = self.seed_regions(regions, users)
            self.seed_networks(users, spread)
            if not options["without_practices"]:
                # After the users: each region's coordinator owns its practices.
                seed_practices(stdout=self.stdout if options["verbosity"] > 1 else None)
            # After the networks: the demo members write in their rooms.
            seed_chat()
            # After the members: events, invitations, a past visit with its report.
            seed_visits()
        self.print_summary()

    def upsert_user(self, email: str, **fields) -> User:
        fields["is_active"] = True
        user, created = User.objects.update_or_create(
            email=email,
            defaults=fields,
            create_defaults={**fields, "password": self.password_hash},
        )
        if not created and (not user.password or not user.has_usable_password()):
            user.password = self.password_hash
            user.save(update_fields=["password"])
        services.member_sync_groups(member=user)
        return user

    def seed_stable_accounts(self, regions: dict[str, Region]) -> dict[str, User]:
        users = {}
        for email, account in STABLE_ACCOUNTS.items():
            fields = dict(account)
            region_slug = fields.pop("region")
            fields["region"] = regions[region_slug] if region_slug else None
            users[email] = self.upsert_user(email, **fields)
        return users

    def seed_regions(
        self, regions: dict[str, Region], users: dict[str, User]
    ) -> dict[tuple[str, int], User]:
        """Describe each WZK and seed its coordinator and three members.

        Returns the members by (region slug, slot 1-3), for spreading across networks.
        """
        members = {}
        for index, (slug, demo) in enumerate(REGIONS.items()):
            region = regions[slug]
            region.wzk_description = WZK_DESCRIPTION.format(locative=locative(region.name))
            region.wzk_email = f"wzk@{slug}.example"
            region.save(update_fields=["wzk_description", "wzk_email"])

            for slot in range(4):
                if slot == 0:
                    if slug == "lodzkie":
                        continue  # Anna Nowak is łódzkie's coordinator.
                    institution_type = InstitutionType.MARSHAL_OFFICE
                    role = Role.COORDINATOR
                else:
                    institution_type = MEMBER_INSTITUTION_TYPES[
                        (index * 3 + slot - 1) % len(MEMBER_INSTITUTION_TYPES)
                    ]
                    role = Role.MEMBER
                first_name, last_name, gender = person(index, slot)
                if slot == 0:
                    email = f"koordynator@{slug}.example"
                else:
                    email = f"{ascii_fold(first_name)}.{ascii_fold(last_name)}@{slug}.example"
                institution, positions = INSTITUTIONS[institution_type]
                user = self.upsert_user(
                    email,
                    first_name=first_name,
                    last_name=last_name,
                    region=region,
                    role=role,
                    institution_name=institution.format(genitive=demo.genitive, seat=demo.seat),
                    institution_type=institution_type,
                    position=positions[gender],
                    phone=f"+48 {demo.area_code} 000 00 {slot + 1:02d}",
                )
                if slot:
                    members[slug, slot] = user
        return members

    def seed_networks(self, users: dict[str, User], spread: dict[tuple[str, int], User]) -> None:
        for network_index, data in enumerate(NETWORKS):
            network, _created = Network.objects.update_or_create(
                slug=data["slug"],
                defaults={"name": data["name"], "description": data["description"]},
            )
            for email, is_moderator in STABLE_MEMBERSHIPS.get(network.slug, []):
                services.network_member_add(
                    actor=None, network=network, member=users[email], is_moderator=is_moderator
                )
            # Each region's three members go one to each network: every network spans all regions.
            for region_index, slug in enumerate(REGIONS):
                slot = (network_index - region_index) % 3 + 1
                services.network_member_add(
                    actor=None,
                    network=network,
                    member=spread[slug, slot],
                    is_moderator=slug == data["moderator_region"],
                )
        # Ewa's scenario is a member who sees one network only, even after playing with the demo.
        ewa = users[EWA]
        for network in Network.objects.filter(memberships__user=ewa).exclude(
            slug="uczenie-sie-doroslych"
        ):
            services.network_member_remove(
                actor=users[NATIONAL_MODERATOR], network=network, member=ewa
            )

    def print_summary(self) -> None:
        self.stdout.write(self.style.SUCCESS(_("Demo data loaded.")))
        counts = [
            (_("Regions"), Region.objects.count()),
            (_("Members"), User.objects.count()),
            (_("Thematic networks"), Network.objects.count()),
            (_("Network memberships"), NetworkMembership.objects.count()),
            (_("Good practices"), GoodPracticePage.objects.live().count()),
        ]
        for label, count in counts:
            self.stdout.write(f"  {label}: {count}")
        self.stdout.write("")
        self.stdout.write(_("Demo logins:"))
        stable = User.objects.filter(email__in=STABLE_ACCOUNTS).select_related("region")
        by_email = {user.email: user for user in stable}
        for email in STABLE_ACCOUNTS:
            user = by_email[email]
            where = f" ({user.region.name})" if user.region else ""
            self.stdout.write(f"  {user.email:<38} {Role(user.role).label}{where}")
        self.stdout.write(f"Hasło / password: {DEMO_PASSWORD}")
        self.stdout.write(
            _(
                "Every region's coordinator is koordynator@<slug>.example "
                "(except łódzkie: %(email)s)."
            )
            % {"email": ANNA}
        )
