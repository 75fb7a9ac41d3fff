"""Benchmark of the good-practice listing and search on PostgreSQL with 10,000 practices.

Run from the repository root:

    .venv/bin/python bench/practices.py [--database-url URL] [--fresh] [--count N] [--runs N]

It creates the database if needed, migrates it, fills it with generated practices (once: a
second run reuses them), then requests ``/dobre-praktyki/`` in-process with Django's test
client and prints query counts and render times against their targets. The results are also
written to ``bench/results/practices.json``. The exit code is 0 whatever the figures: it is
a report, not a test. See ``bench/README.md``.
"""

import argparse
import io
import json
import logging
import math
import os
import platform
import random
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode, urlparse

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "results" / "practices.json"
DEFAULT_DATABASE_URL = "postgres://postgres:postgres@127.0.0.1:5432/wzk_bench"
LISTING = "/dobre-praktyki/"
RENDITION = "fill-320x180"
IMAGE_TITLE = "Benchmark – ilustracja {number:02d}"
BATCH_SIZE = 500

TARGET_QUERIES = 12
TARGET_LISTING_P50_MS = 80
TARGET_SEARCH_P95_MS = 100

# --- Vocabulary -----------------------------------------------------------------------------

# Region (TERYT) -> cities as (nominative, locative): titles say "w Łodzi", institutions
# "Łódź", so folded search for "lodz" finds both.
CITIES = {
    "02": [
        ("Wrocław", "Wrocławiu"),
        ("Wałbrzych", "Wałbrzychu"),
        ("Legnica", "Legnicy"),
        ("Jelenia Góra", "Jeleniej Górze"),
    ],
    "04": [
        ("Bydgoszcz", "Bydgoszczy"),
        ("Toruń", "Toruniu"),
        ("Włocławek", "Włocławku"),
        ("Grudziądz", "Grudziądzu"),
    ],
    "06": [
        ("Lublin", "Lublinie"),
        ("Zamość", "Zamościu"),
        ("Chełm", "Chełmie"),
        ("Biała Podlaska", "Białej Podlaskiej"),
    ],
    "08": [
        ("Zielona Góra", "Zielonej Górze"),
        ("Gorzów Wielkopolski", "Gorzowie Wielkopolskim"),
        ("Żary", "Żarach"),
    ],
    "10": [
        ("Łódź", "Łodzi"),
        ("Piotrków Trybunalski", "Piotrkowie Trybunalskim"),
        ("Skierniewice", "Skierniewicach"),
        ("Sieradz", "Sieradzu"),
    ],
    "12": [
        ("Kraków", "Krakowie"),
        ("Tarnów", "Tarnowie"),
        ("Nowy Sącz", "Nowym Sączu"),
        ("Oświęcim", "Oświęcimiu"),
    ],
    "14": [
        ("Warszawa", "Warszawie"),
        ("Radom", "Radomiu"),
        ("Płock", "Płocku"),
        ("Siedlce", "Siedlcach"),
        ("Ostrołęka", "Ostrołęce"),
    ],
    "16": [("Opole", "Opolu"), ("Kędzierzyn-Koźle", "Kędzierzynie-Koźlu"), ("Nysa", "Nysie")],
    "18": [
        ("Rzeszów", "Rzeszowie"),
        ("Przemyśl", "Przemyślu"),
        ("Krosno", "Krośnie"),
        ("Tarnobrzeg", "Tarnobrzegu"),
    ],
    "20": [("Białystok", "Białymstoku"), ("Suwałki", "Suwałkach"), ("Łomża", "Łomży")],
    "22": [("Gdańsk", "Gdańsku"), ("Gdynia", "Gdyni"), ("Słupsk", "Słupsku"), ("Sopot", "Sopocie")],
    "24": [
        ("Katowice", "Katowicach"),
        ("Gliwice", "Gliwicach"),
        ("Częstochowa", "Częstochowie"),
        ("Bielsko-Biała", "Bielsku-Białej"),
    ],
    "26": [
        ("Kielce", "Kielcach"),
        ("Sandomierz", "Sandomierzu"),
        ("Ostrowiec Świętokrzyski", "Ostrowcu Świętokrzyskim"),
    ],
    "28": [("Olsztyn", "Olsztynie"), ("Elbląg", "Elblągu"), ("Ełk", "Ełku")],
    "30": [
        ("Poznań", "Poznaniu"),
        ("Kalisz", "Kaliszu"),
        ("Konin", "Koninie"),
        ("Piła", "Pile"),
        ("Leszno", "Lesznie"),
    ],
    "32": [("Szczecin", "Szczecinie"), ("Koszalin", "Koszalinie"), ("Świnoujście", "Świnoujściu")],
}

KIND_NAMES = {
    "forum": ["Regionalne Forum Edukacyjne", "Forum Kształcenia Zawodowego", "Kongres Edukacji"],
    "network": [
        "Sieć współpracy szkół i uczelni",
        "Partnerstwo na rzecz kształcenia",
        "Klaster edukacyjny",
    ],
    "counsellors": [
        "Wymiana doświadczeń doradców zawodowych",
        "Akademia Doradcy Zawodowego",
        "Spotkania doradców kariery",
    ],
    "campaign": ["Kampania", "Podcast", "Cykl webinarów", "Seria filmów"],
    "festival": ["Festiwal Zawodów", "Noc Zawodów", "Piknik zawodoznawczy"],
    "fair": ["Targi Pracy i Edukacji", "Giełda pracodawców", "Dzień otwartych firm"],
    "contest": ["Konkurs", "Olimpiada umiejętności", "Turniej zawodów"],
    "outreach": ["Edubus", "Mobilne laboratorium", "Objazdowa pracownia"],
    "other": ["Program", "Projekt", "Inicjatywa"],
}

TOPICS = [
    "zawodów przyszłości",
    "energetyki odnawialnej",
    "mechatroniki",
    "branży IT",
    "gastronomii i hotelarstwa",
    "logistyki i spedycji",
    "opieki senioralnej",
    "rzemiosła",
    "zielonych kompetencji",
    "kompetencji cyfrowych",
    "przemysłu 4.0",
    "kształcenia dualnego",
    "języków obcych w zawodzie",
    "przedsiębiorczości",
    "budownictwa",
    "rolnictwa precyzyjnego",
    "motoryzacji",
    "gospodarki morskiej",
    "ochrony zdrowia",
    "sztucznej inteligencji",
    "automatyki i robotyki",
    "turystyki",
    "kultury i sztuki",
    "lotnictwa",
    "kolejnictwa",
    "przemysłu meblarskiego",
    "przetwórstwa spożywczego",
    "usług fryzjerskich",
    "cyberbezpieczeństwa",
    "uczenia się dorosłych",
    "umiejętności podstawowych",
    "doradztwa zawodowego",
    "praktyk zawodowych",
    "staży u pracodawców",
    "edukacji ekologicznej",
]

INSTITUTIONS = [
    "Centrum Kształcenia Zawodowego w {loc}",
    "Wojewódzki Urząd Pracy w {loc}",
    "Zespół Szkół Technicznych nr {n} w {loc}",
    "Poradnia Psychologiczno-Pedagogiczna w {loc}",
    "Izba Rzemieślnicza w {loc}",
    "Centrum Edukacji Zawodowej i Ustawicznego Kształcenia w {loc}",
    "Regionalny Ośrodek Doskonalenia Nauczycieli w {loc}",
    "Uniwersytet Trzeciego Wieku w {loc}",
    "Politechnika – filia w {loc}",
    "Urząd Miasta {city}",
    "Stowarzyszenie Edukacja Razem – {city}",
    "Fundacja Rozwoju Kompetencji, {city}",
]

SENTENCES = [
    "Uczniowie szkół branżowych poznali pracę w zakładach w {loc} i okolicy.",
    "Doradcy zawodowi przygotowali scenariusze zajęć, które szkoły wykorzystują do dziś.",
    "W działaniu wzięło udział {n} uczestników, a pracodawcy zaproponowali {m} staży.",
    "Współpraca ze szkołami wyższymi pozwoliła pokazać ścieżki kształcenia od technikum po studia.",
    "Spotkania odbywały się w bibliotekach, domach kultury i centrach kształcenia zawodowego.",
    "Materiały są dostępne bezpłatnie na stronie organizatora, także w wersji dostępnej cyfrowo.",
    "Rodzice i opiekunowie dowiedzieli się, jak wspierać dzieci w wyborze zawodu.",
    "Seniorzy z {loc} prowadzili warsztaty rzemiosła dla młodzieży.",
    "Nauczyciele kształcenia zawodowego odbyli szkolenia u pracodawców z regionu.",
    "Działanie powtórzono w kolejnym roku szkolnym w trzech powiatach.",
    "Kluczowe okazało się zaangażowanie samorządu i lokalnych mediów.",
    "Każdy uczestnik otrzymał zaświadczenie i opis zdobytych kompetencji.",
    "Film promocyjny obejrzało ponad {m} tysięcy osób w mediach społecznościowych.",
    "Organizatorzy zebrali ankiety i opracowali rekomendacje dla innych regionów.",
]

AUDIENCE_PHRASES = [
    "uczniów szkół podstawowych",
    "młodzieży",
    "studentów",
    "osób dorosłych",
    "nauczycieli",
    "doradców zawodowych",
    "pracodawców",
    "rodziców",
    "seniorów",
]

BASE_TAGS = [
    "IT",
    "OZE",
    "mechatronika",
    "logistyka",
    "gastronomia",
    "hotelarstwo",
    "turystyka",
    "budownictwo",
    "motoryzacja",
    "robotyka",
    "automatyka",
    "fotowoltaika",
    "elektronika",
    "energetyka",
    "rolnictwo",
    "leśnictwo",
    "ogrodnictwo",
    "weterynaria",
    "medycyna",
    "pielęgniarstwo",
    "opieka",
    "kosmetyka",
    "fryzjerstwo",
    "krawiectwo",
    "stolarstwo",
    "meblarstwo",
    "spawalnictwo",
    "ślusarstwo",
    "kolej",
    "lotnictwo",
    "żegluga",
    "rybołówstwo",
    "przemysł spożywczy",
    "piekarnictwo",
    "cukiernictwo",
    "handel",
    "e-commerce",
    "marketing",
    "grafika",
    "fotografia",
    "media",
    "poligrafia",
    "księgowość",
    "finanse",
    "administracja",
    "prawo",
    "bezpieczeństwo",
    "cyberbezpieczeństwo",
    "sztuczna inteligencja",
    "programowanie",
    "doradztwo zawodowe",
    "orientacja zawodowa",
    "kształcenie dualne",
    "praktyki zawodowe",
    "staże",
    "wolontariat",
    "przedsiębiorczość",
    "start-up",
    "innowacje",
    "ekologia",
    "zielone kompetencje",
    "kompetencje cyfrowe",
    "kompetencje miękkie",
    "języki obce",
    "matematyka",
    "fizyka",
    "chemia",
    "biologia",
    "STEM",
    "edukacja pozaformalna",
    "uczenie się przez całe życie",
    "umiejętności podstawowe",
    "walidacja",
    "kwalifikacje",
    "ZSK",
    "ZRK",
    "mikropoświadczenia",
    "mobilność",
    "Erasmus+",
    "wymiana młodzieży",
    "konkurs",
    "festiwal",
    "targi",
    "webinar",
    "podcast",
    "film",
    "warsztaty",
    "hackathon",
    "olimpiada",
    "gra miejska",
    "escape room",
    "piknik",
    "dzień otwarty",
    "konferencja",
    "forum",
    "sieć szkół",
    "partnerstwo",
    "klaster",
    "samorząd",
    "urząd pracy",
    "OHP",
    "poradnia",
    "biblioteka",
    "dom kultury",
    "uczelnia",
    "politechnika",
    "uniwersytet",
    "technikum",
    "szkoła branżowa",
    "liceum",
    "szkoła podstawowa",
    "CKZ",
    "CKU",
    "ODN",
    "seniorzy",
    "rodzice",
    "niepełnosprawność",
    "dostępność",
    "integracja",
    "migranci",
    "NEET",
    "kobiety w technice",
    "równość szans",
    "wieś",
    "małe miasta",
    "obszary wiejskie",
    "dożynki",
    "tradycja",
    "rzemiosło artystyczne",
    "kultura",
    "sztuka",
    "sport",
    "zdrowie psychiczne",
    "wellbeing",
    "mentoring",
    "tutoring",
    "coaching",
    "job shadowing",
    "edubus",
    "laboratorium mobilne",
    "VR",
    "druk 3D",
    "drony",
    "e-learning",
    "blended learning",
    "mikrolekcje",
    "tik",
    "design thinking",
    "kariera",
    "rynek pracy",
    "prognozy zawodów",
    "barometr zawodów",
    "absolwenci",
    "losy absolwentów",
    "badania",
    "ewaluacja",
    "dobre praktyki",
    "transfer",
    "współpraca międzyregionalna",
]
# City names as tags too (with diacritics), which brings the vocabulary to about 200.
TAGS = BASE_TAGS + sorted({city for cities in CITIES.values() for city, _loc in cities})


# --- Database and Django --------------------------------------------------------------------


def ensure_database(url: str, *, fresh: bool) -> None:
    """Create the benchmark database if it is missing (drop it first with ``fresh``)."""
    from tests.chat.livestack import PostgresDatabase

    database = PostgresDatabase(url, urlparse(url).path.lstrip("/"))
    if fresh:
        print(f"Dropping database {database.name}…", flush=True)
        database.drop()
    if not database.exists():
        print(f"Creating database {database.name}…", flush=True)
        database.create()


def setup_django(url: str) -> None:
    """Production-like settings: DEBUG off, PostgreSQL, and no cache shared with anything."""
    var_dir = ROOT / "var" / "bench"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.base"
    os.environ["DEBUG"] = "0"
    os.environ["VAR_DIR"] = str(var_dir)
    os.environ["DATABASE_URL"] = url
    # "testserver" is the test client's host. Allowing it here rather than through
    # setup_test_environment() keeps Django's template instrumentation out of the timings.
    os.environ["ALLOWED_HOSTS"] = "testserver,localhost,127.0.0.1"
    os.environ["EMAIL_URL"] = "consolemail://"
    # The local-memory cache, cleared before every timed request; Redis would outlive runs.
    os.environ.pop("REDIS_URL", None)

    import django

    django.setup()
    # Wagtail logs "Page created" for every page at INFO.
    logging.getLogger("wagtail").setLevel(logging.WARNING)


def migrate() -> None:
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    # Without DEBUG, {% static %} needs the manifest that collectstatic writes.
    call_command("collectstatic", interactive=False, verbosity=0)
    print(f"migrate + collectstatic: {time.perf_counter() - started:.1f} s", flush=True)


# --- Data -----------------------------------------------------------------------------------


def ensure_images(count: int = 50) -> list:
    """Generated PNGs as Wagtail images, with the listing's rendition made in advance."""
    from django.core.files.images import ImageFile
    from PIL import Image as PILImage
    from PIL import ImageDraw
    from wagtail.images import get_image_model
    from wagtail.models import Collection

    Image = get_image_model()
    titles = [IMAGE_TITLE.format(number=number) for number in range(1, count + 1)]
    existing = {image.title: image for image in Image.objects.filter(title__in=titles)}
    collection = Collection.get_first_root_node()
    images = []
    for number, title in enumerate(titles, start=1):
        image = existing.get(title)
        if image is None:
            rng = random.Random(number)
            canvas = PILImage.new("RGB", (800, 450))
            draw = ImageDraw.Draw(canvas)
            top, bottom = (
                tuple(rng.randrange(30, 226) for _channel in range(3)) for _end in range(2)
            )
            for y in range(450):
                share = y / 449
                draw.line(
                    [(0, y), (800, y)],
                    fill=tuple(
                        round(a + (b - a) * share) for a, b in zip(top, bottom, strict=True)
                    ),
                )
            for _shape in range(6):
                x, y = rng.randrange(0, 700), rng.randrange(0, 350)
                size = rng.randrange(40, 160)
                colour = tuple(rng.randrange(256) for _channel in range(3))
                draw.ellipse([x, y, x + size, y + size], fill=colour)
            buffer = io.BytesIO()
            canvas.save(buffer, format="PNG")
            image = Image(
                title=title,
                collection=collection,
                file=ImageFile(buffer, name=f"bench-{number:02d}.png"),
            )
            image._set_image_file_metadata()
            image.save()
        image.get_rendition(RENDITION)
        images.append(image)
    return images


def _practice_fields(number: int, region, images: list) -> tuple[dict, list[str], list[str]]:
    """Everything about practice ``number``, the same on every run (seeded by the number)."""
    from cms.choices import ActionKind, TargetGroup

    rng = random.Random(number)
    city, loc = rng.choice(CITIES[region.teryt])
    kind = list(ActionKind)[number % len(ActionKind)].value
    topic = rng.choice(TOPICS)
    start = date(2018, 1, 1) + timedelta(
        days=rng.randrange((date(2026, 12, 31) - date(2018, 1, 1)).days)
    )
    title_form = rng.randrange(3)
    name = rng.choice(KIND_NAMES[kind])
    if title_form == 0:
        title = f"{name} {topic} w {loc}"
    elif title_form == 1:
        title = f"{name} – {city} {start.year}"
    else:
        title = f"{name}: {topic} ({city}, edycja {rng.randrange(1, 12)})"
    institution = rng.choice(INSTITUTIONS).format(loc=loc, city=city, n=rng.randrange(1, 20))
    audience_keys = rng.sample([group.value for group in TargetGroup], rng.randint(1, 3))
    summary = (
        f"{institution} przygotowało działanie dla "
        f"{' i '.join(rng.sample(AUDIENCE_PHRASES, 2))} z zakresu {topic}. "
        + rng.choice(SENTENCES).format(loc=loc, n=rng.randrange(20, 2000), m=rng.randrange(2, 60))
    )[:300]
    paragraphs = [
        " ".join(
            sentence.format(loc=loc, n=rng.randrange(20, 2000), m=rng.randrange(2, 60))
            for sentence in rng.sample(SENTENCES, 4)
        )
        for _paragraph in range(rng.randint(2, 4))
    ]
    partners = "\n".join(
        rng.choice(INSTITUTIONS).format(loc=other_loc, city=other_city, n=rng.randrange(1, 20))
        for other_city, other_loc in rng.sample(CITIES[region.teryt], rng.randint(0, 2))
    )
    # Zipf-like: a few tags are everywhere, most are rare, as in a real tag cloud.
    tags = set()
    wanted = rng.randint(2, 4)
    while len(tags) < wanted:
        tags.add(
            TAGS[min(int(rng.paretovariate(0.9)) - 1, len(TAGS) - 1)]
            if rng.random() < 0.5
            else rng.choice(TAGS)
        )
    published = datetime.combine(start, datetime.min.time(), tzinfo=UTC) + timedelta(
        days=rng.randrange(0, 60), minutes=number
    )
    with_image = rng.random() < 0.5
    fields = {
        "title": title[:100],
        "kind": kind,
        "start_date": start,
        "end_date": start + timedelta(days=rng.randrange(1, 400)) if rng.random() < 0.6 else None,
        "ongoing": rng.random() < 0.2,
        "lead_institution": institution,
        "partners": partners,
        "summary": summary,
        "body": [{"type": "text", "value": f"<p>{paragraph}</p>"} for paragraph in paragraphs],
        "participants_reached": rng.randrange(20, 5000),
        "first_published_at": published,
        "last_published_at": published,
        "listing_image": rng.choice(images) if with_image else None,
        "listing_image_alt": f"Ilustracja: {name.lower()} w {loc}" if with_image else "",
    }
    return fields, audience_keys, sorted(tags)


class _SectionTree:
    """``section.add_child(instance=page)`` without its ~15 validation and tree queries per page.

    Treebeard's add_child reads the last child and bumps ``numchild`` for every page, and
    Wagtail's ``save()`` runs ``full_clean()`` (one query per foreign key, slug and path checks).
    The generated data is valid by construction, so the path is computed here, the page is
    saved with ``clean=False`` and the child counts are written once per batch.
    """

    def __init__(self):
        self.next_step = {}
        self.added = {}

    def add(self, section, page) -> None:
        from wagtail.models import Page

        from cms.models import GoodPracticePage

        if section.pk not in self.next_step:
            last = (
                Page.objects.filter(path__startswith=section.path, depth=section.depth + 1)
                .order_by("-path")
                .values_list("path", flat=True)
                .first()
            )
            step_length = GoodPracticePage.steplen
            self.next_step[section.pk] = int(last[-step_length:], 36) + 1 if last else 1
        page.depth = section.depth + 1
        page.path = GoodPracticePage._get_path(section.path, page.depth, self.next_step[section.pk])
        page.numchild = 0
        page.locale_id = section.locale_id
        page.draft_title = page.title
        page._cached_parent_obj = section
        page.save(clean=False)
        self.next_step[section.pk] += 1
        self.added[section.pk] = self.added.get(section.pk, 0) + 1

    def save_child_counts(self) -> None:
        from django.db.models import F
        from wagtail.models import Page

        for section_pk, added in self.added.items():
            Page.objects.filter(pk=section_pk).update(numchild=F("numchild") + added)
        self.added = {}


def ensure_practices(count: int) -> None:
    """Top the database up to ``count`` live practices, in committed batches (resumable)."""
    from django.db import connection, transaction
    from django.db.models.signals import post_save
    from django.utils.text import slugify
    from modelsearch.signal_handlers import post_save_signal_handler
    from taggit.models import Tag
    from wagtail.signal_handlers import disable_reference_index_auto_update

    from cms.models import Audience, GoodPracticePage, GoodPracticeTag, RegionSectionPage
    from network.models import Region

    existing = GoodPracticePage.objects.count()
    if existing >= count:
        print(f"{existing} practices present, nothing to generate.", flush=True)
        return
    images = ensure_images()
    regions = list(Region.objects.order_by("teryt"))
    sections = {section.region_id: section for section in RegionSectionPage.objects.all()}
    audiences = {audience.key: audience.pk for audience in Audience.objects.all()}
    tags = {}
    for name in TAGS:
        tag = Tag.objects.filter(name__iexact=name).first()
        if tag is None:
            slug = slugify(name, allow_unicode=False) or "tag"
            if Tag.objects.filter(slug=slug).exists():
                slug = f"{slug}-{len(tags)}"
            tag = Tag.objects.create(name=name, slug=slug)
        tags[name] = tag.pk

    # The admin's search index and reference index are not what the listing reads;
    # skipping them makes generation several times faster.
    post_save.disconnect(post_save_signal_handler, sender=GoodPracticePage)
    started = time.perf_counter()
    first = existing + 1
    tree = _SectionTree()
    try:
        with disable_reference_index_auto_update():
            while first <= count:
                last = min(first + BATCH_SIZE - 1, count)
                audience_links, tag_links = [], []
                with transaction.atomic():
                    for number in range(first, last + 1):
                        region = regions[number % len(regions)]
                        fields, audience_keys, tag_names = _practice_fields(number, region, images)
                        practice = GoodPracticePage(
                            slug=f"{slugify(fields['title'])[:200]}-{number}",
                            live=True,
                            has_unpublished_changes=False,
                            region=region,
                            listed=True,
                            published_at=fields["first_published_at"],
                            **fields,
                        )
                        practice.search_document = practice.build_search_document(tag_names)
                        tree.add(sections[region.pk], practice)
                        audience_links += [
                            GoodPracticePage.audiences.through(
                                goodpracticepage_id=practice.pk, audience_id=audiences[key]
                            )
                            for key in audience_keys
                        ]
                        tag_links += [
                            GoodPracticeTag(content_object_id=practice.pk, tag_id=tags[name])
                            for name in tag_names
                        ]
                    tree.save_child_counts()
                    GoodPracticePage.audiences.through.objects.bulk_create(audience_links)
                    GoodPracticeTag.objects.bulk_create(tag_links)
                elapsed = time.perf_counter() - started
                done = last - existing
                first = last + 1
                print(
                    f"  {last:>6}/{count} practices  ({done / elapsed:.0f}/s, {elapsed:.0f} s)",
                    flush=True,
                )
    finally:
        post_save.connect(post_save_signal_handler, sender=GoodPracticePage)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


# --- Measuring ------------------------------------------------------------------------------


def _get(client, params: dict, *, cold: bool = True):
    """One request; ``cold`` empties every cache first (site root paths, renditions, regions…)."""
    from django.core.cache import caches

    if cold:
        for cache in caches.all():
            cache.clear()
    response = client.get(LISTING, params)
    if response.status_code != 200:
        raise RuntimeError(f"{LISTING}?{urlencode(params)} answered {response.status_code}")
    return response


def count_queries(client, params: dict, *, cold: bool = True) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _get(client, params, cold=cold)
    with CaptureQueriesContext(connection) as captured:
        _get(client, params, cold=cold)
    return len(captured)


def time_requests(client, cases: list[dict], *, runs: int, warmups: int = 3) -> dict:
    """Milliseconds per cold request over ``runs`` rounds of ``cases``, after ``warmups``."""
    for _round in range(warmups):
        for params in cases:
            _get(client, params)
    samples = []
    for _round in range(runs):
        for params in cases:
            started = time.perf_counter()
            _get(client, params)
            samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return {
        "p50_ms": round(statistics.median(samples), 1),
        "p95_ms": round(samples[max(0, math.ceil(0.95 * len(samples)) - 1)], 1),
        "max_ms": round(samples[-1], 1),
        "requests": len(samples),
    }


def search_queries() -> list[str]:
    """Single words, two words, folded forms, words that match nothing, a pasted essay."""
    pasted = " ".join(sentence.format(loc="Łodzi", n=120, m=7) for sentence in SENTENCES)
    pasted = (pasted + " ") * (5000 // len(pasted) + 1)
    return [
        *("łódź", "lodz", "krakow", "Kraków", "Gdańsk", "wroclaw", "Białystok"),
        *("festiwal", "mechatronika", "IT", "szkoła", "Politechnika"),
        *("doradztwo zawodowe", "targi pracy", "energetyki odnawialnej", "zielona gora"),
        *("kształcenie dualne seniorzy", "webinar Poznań", "zzqxjw", "hydroponika kosmiczna"),
        pasted[:5000],
    ]


def connect_ms() -> float:
    """What opening a PostgreSQL connection costs: paid on every request with CONN_MAX_AGE=0.

    The test client keeps one connection for all requests, so the timings leave this out.
    """
    from django.db import connection

    samples = []
    for _attempt in range(10):
        connection.close()
        started = time.perf_counter()
        connection.ensure_connection()
        samples.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(samples), 1)


def measure(*, runs: int) -> dict:
    from django.test import Client

    client = Client()
    combined = {"region": "lodzkie", "type": "festival", "q": "zawod"}
    results = {"queries": {}, "queries_warm_cache": {}, "timings": {}}

    print("\nCounting queries…", flush=True)
    for name, params in (("listing", {}), ("filtered", combined)):
        for per_page in (10, 20, 50):
            key = f"{name} per_page={per_page}"
            page_params = {**params, "per_page": per_page}
            results["queries"][key] = count_queries(client, page_params)
            results["queries_warm_cache"][key] = count_queries(client, page_params, cold=False)

    print(f"Timing listings ({runs} runs each)…", flush=True)
    for name, params in (
        ("listing page 1", {}),
        ("listing page 200", {"page": 200}),
        ("listing per_page=50", {"per_page": 50}),
        ("filtered region+type+q", combined),
    ):
        results["timings"][name] = time_requests(client, [params], runs=runs)

    queries = search_queries()
    search_runs = max(1, runs // 5)
    print(f"Timing search ({len(queries)} queries × {search_runs} runs)…", flush=True)
    results["timings"]["search"] = time_requests(
        client, [{"q": q} for q in queries], runs=search_runs
    )
    results["search_p50_by_query"] = {
        (q if len(q) <= 40 else f"<{len(q)} characters>"): time_requests(
            client, [{"q": q}], runs=5, warmups=1
        )["p50_ms"]
        for q in queries
    }
    results["postgres_connect_ms"] = connect_ms()
    return results


def _row(metric: str, value, target: str = "—", passed: bool | None = None) -> dict:
    return {"metric": metric, "value": value, "target": target, "pass": passed}


def report(results: dict) -> list[dict]:
    """Print the table of figures against targets; return its rows."""
    counts = results["queries"]
    rows = [
        _row(f"SQL queries, {name}", value, f"≤ {TARGET_QUERIES}", value <= TARGET_QUERIES)
        for name, value in counts.items()
    ]
    constant = all(
        len({counts[f"{name} per_page={size}"] for size in (10, 20, 50)}) == 1
        for name in ("listing", "filtered")
    )
    rows.append(_row("SQL queries same for 10/20/50", "yes" if constant else "no", "yes", constant))
    rows += [
        _row(f"SQL queries, warm cache, {name}", value)
        for name, value in results["queries_warm_cache"].items()
        if name.endswith("=20")
    ]
    for name, timing in results["timings"].items():
        if name == "search":
            rows.append(_row("search p50 (ms)", timing["p50_ms"]))
            target, passed = TARGET_SEARCH_P95_MS, timing["p95_ms"] <= TARGET_SEARCH_P95_MS
            rows.append(_row("search p95 (ms)", timing["p95_ms"], f"≤ {target}", passed))
        else:
            target, passed = TARGET_LISTING_P50_MS, timing["p50_ms"] <= TARGET_LISTING_P50_MS
            rows.append(_row(f"{name} p50 (ms)", timing["p50_ms"], f"≤ {target}", passed))
            rows.append(_row(f"{name} p95 (ms)", timing["p95_ms"]))
    rows.append(_row("new PostgreSQL connection (ms)", results["postgres_connect_ms"]))

    width = max(len(row["metric"]) for row in rows)
    print(f"\n{'metric':<{width}}  {'value':>8}  {'target':>8}  result")
    print("-" * (width + 30))
    for row in rows:
        verdict = {True: "PASS", False: "FAIL", None: ""}[row["pass"]]
        print(f"{row['metric']:<{width}}  {row['value']!s:>8}  {row['target']:>8}  {verdict}")
    print("\nSearch p50 per query (ms):")
    for q, value in results["search_p50_by_query"].items():
        print(f"  {value:>7}  {q!r}")
    return rows


def machine() -> dict:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server = cursor.fetchone()[0]
    return {
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "python": platform.python_version(),
        "postgresql": server,
        "load_average_1_5_15": [round(load, 2) for load in os.getloadavg()],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--fresh", action="store_true", help="drop and recreate the database")
    parser.add_argument("--count", type=int, default=10_000, help="practices to have (10,000)")
    parser.add_argument("--runs", type=int, default=50, help="timed runs per listing case (50)")
    parser.add_argument(
        "--generate-only", action="store_true", help="prepare the data, measure nothing"
    )
    args = parser.parse_args()

    ensure_database(args.database_url, fresh=args.fresh)
    setup_django(args.database_url)
    migrate()
    ensure_practices(args.count)
    if args.generate_only:
        return

    from cms.models import GoodPracticePage

    load_before = os.getloadavg()[0]
    results = measure(runs=args.runs)
    rows = report(results)
    about = machine()
    print(
        f"\n{about['cpus']} CPUs ({about['cpu']}), PostgreSQL {about['postgresql']}; "
        f"load average {load_before:.1f} before, {about['load_average_1_5_15'][0]:.1f} after "
        "(other work on the machine skews the timings)."
    )
    payload = {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": about,
        "practices": GoodPracticePage.objects.filter(live=True).count(),
        "runs": args.runs,
        "rows": rows,
        **results,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
    print(f"\nWritten to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
