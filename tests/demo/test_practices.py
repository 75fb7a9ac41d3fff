"""Demo good practices: the documented four with their facts, every facet filled, idempotent.

Seeding publishes three dozen pages, so only two tests seed; each checks several things.
"""

from collections import Counter
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from wagtail.images import get_image_model
from wagtail.models import Revision

from cms.choices import ActionKind, TargetGroup
from cms.models import SUMMARY_MAX_LENGTH, TITLE_MAX_LENGTH, GoodPracticePage
from demo.accounts import ANNA
from demo.loaders.images import IMAGES
from demo.loaders.practices import DOCUMENTED, PRACTICES, TAGS, seed_practices
from network.models import Region

LISTING = "/dobre-praktyki/"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", "--force", stdout=out)
    return out.getvalue()


def live(slug: str) -> GoodPracticePage:
    return GoodPracticePage.objects.live().select_related("region", "owner").get(slug=slug)


def blocks(practice: GoodPracticePage, block_type: str) -> list:
    return [child.value for child in practice.body if child.block_type == block_type]


# The data itself: no database needed.


def test_demo_data_respects_the_page_limits_and_the_tag_vocabulary():
    slugs = [data.slug for data in PRACTICES]
    assert len(slugs) == len(set(slugs))
    for data in PRACTICES:
        assert len(data.title) <= TITLE_MAX_LENGTH, data.slug
        assert len(data.summary) <= SUMMARY_MAX_LENGTH, data.slug
        assert 2 <= len(data.tags) <= 4, data.slug
        assert set(data.tags) <= set(TAGS), data.slug
        assert not data.image or data.image in IMAGES, data.slug


def test_inspirations_come_earlier_and_from_another_region():
    seen = {}
    for data in PRACTICES:
        for slug in data.inspired_by:
            assert slug in seen, f"{data.slug} is inspired by {slug}, which is not listed before it"
            assert seen[slug] != data.region, data.slug
        seen[data.slug] = data.region


# Seeded.


@pytest.mark.django_db
def test_seed_demo_loads_practices_that_fill_every_region_facet_and_link(client):
    output = seed()

    edubus = live("edubus")
    assert (edubus.region.slug, edubus.kind, edubus.ongoing) == ("opolskie", "outreach", True)
    assert set(edubus.audience_keys) == {"pupils", "adults", "seniors", "parents"}
    assert "dozynkach" in edubus.search_document
    [picture] = blocks(edubus, "image")
    assert picture["image"] is not None and picture["alt_text"]
    assert edubus.owner.email == "koordynator@opolskie.example"

    contest = live("kreci-mnie-moj-zawod")
    assert contest.region.slug == "lodzkie"
    assert contest.lead_institution.startswith("Centrum Rozwoju Edukacji Województwa Łódzkiego")
    assert "Politechnika Łódzka" in contest.partner_list
    assert (contest.owner.email, contest.contact_email) == (ANNA,) * 2
    assert contest.participants_reached is None

    # The Interreg template's questions are answered by the invented practices.
    fair_lodz = live("lodzkie-targi-pracodawcow-i-szkol")
    assert "180 nowych umów" in fair_lodz.evidence
    assert fair_lodz.resources_needed and fair_lodz.difficulties and fair_lodz.transferability
    assert "wolontariuszy" in live("akademia-seniora-cyfrowego").search_document

    festival = live("wielkopolski-festiwal-zawodow")
    assert (festival.region.slug, festival.kind) == ("wielkopolskie", "festival")
    assert festival.start_date == date(2025, 9, 15)

    fair = live("festiwal-uczelni-malopolska-przyszlosci")
    assert fair.region.slug == "malopolskie"
    assert (fair.start_date, fair.end_date) == (date(2025, 11, 26), date(2025, 11, 27))
    assert "galicyjska 9" in fair.search_document
    [key_figures] = blocks(fair, "key_figures")
    assert {(figure["value"], figure["label"]) for figure in key_figures} >= {
        ("26", "małopolskich uczelni"),
        ("7", "instytutów Polskiej Akademii Nauk"),
        ("9", "Branżowych Centrów Umiejętności"),
    }

    practices = GoodPracticePage.objects.live()
    assert practices.count() == len(PRACTICES)
    assert f"{practices.count()}" in output
    per_region = Counter(practices.values_list("region__slug", flat=True))
    assert set(per_region) == set(Region.objects.values_list("slug", flat=True))
    assert min(per_region.values()) >= 2
    kinds = Counter(practices.values_list("kind", flat=True))
    assert all(kinds[kind] >= 2 for kind in ActionKind.values), kinds
    audiences = set(practices.values_list("audiences__key", flat=True))
    assert audiences == set(TargetGroup.values)
    years = set(practices.values_list("start_date__year", flat=True))
    assert years == {2023, 2024, 2025, 2026}
    with_image = practices.filter(listing_image__isnull=False)
    assert len(PRACTICES) // 3 <= with_image.count() <= len(PRACTICES) * 2 // 3
    assert not with_image.filter(listing_image_alt="").exists()

    response = client.get(LISTING)
    assert response.status_code == 200
    assert all(option.count > 0 for option in response.context["facets"].region)
    assert all(option.count > 0 for option in response.context["facets"].kind)

    response = client.get(LISTING, {"q": "lodz"})
    found = [practice.title for practice in response.context["results"].object_list]
    assert "Konkurs „Kręci Mnie Mój Zawód”" in found

    # Inspiration between regions, shown on both pages.
    bus = live("podkarpacki-autobus-zawodow")
    assert list(bus.inspired_by.all()) == [edubus]
    page = client.get(edubus.url).content.decode()
    assert "Podkarpacki Autobus Zawodów" in page
    assert "Mobilne Centrum Kariery" in page
    assert "Edubus – mobilny punkt edukacyjny" in client.get(bus.url).content.decode()
    film = live("konkurs-filmowy-zawod-w-kadrze")
    assert film.region.slug != "lodzkie"
    assert list(film.inspired_by.all()) == [contest]


@pytest.mark.django_db
def test_seeding_again_changes_nothing():
    seed()
    counts = (
        GoodPracticePage.objects.count(),
        Revision.objects.count(),
        get_image_model().objects.count(),
    )
    assert counts[2] == len(IMAGES)

    seed()
    assert seed_practices() == 0
    assert (
        GoodPracticePage.objects.count(),
        Revision.objects.count(),
        get_image_model().objects.count(),
    ) == counts
    documented = {data.slug for data in DOCUMENTED}
    assert GoodPracticePage.objects.filter(slug__in=documented).count() == 4
