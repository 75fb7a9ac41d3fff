"""Reads for good practices: the filtered listing, its facet counts, related practices."""

from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import ExtractYear
from taggit.models import Tag
from wagtail.images import get_image_model

from cms.choices import ActionKind, Ordering, TargetGroup
from cms.forms import search_terms
from cms.models import GoodPracticePage
from network.models import Region

TAG_FACET_SIZE = 30
LISTING_IMAGE_SPEC = "fill-320x180"
REGIONS_CACHE_KEY = "cms:regions-for-facets"


@dataclass(frozen=True)
class PracticeFilters:
    region: Region | None = None
    kind: str | None = None
    audience: str | None = None
    tag: Tag | None = None
    year: int | None = None
    q: str = ""
    order: str = Ordering.NEWEST

    @property
    def terms(self) -> list[str]:
        return search_terms(self.q)


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Facets:
    region: list[FacetOption] = field(default_factory=list)
    kind: list[FacetOption] = field(default_factory=list)
    audience: list[FacetOption] = field(default_factory=list)
    tag: list[FacetOption] = field(default_factory=list)
    year: list[FacetOption] = field(default_factory=list)


def _published() -> QuerySet[GoodPracticePage]:
    return GoodPracticePage.objects.filter(live=True)


def practices_filtered(filters: PracticeFilters, *, ignore: str = "") -> QuerySet:
    """Live practices matching every filter except ``ignore`` (used for facet counts)."""
    practices = _published()
    if filters.region is not None and ignore != "region":
        practices = practices.filter(region=filters.region)
    if filters.kind and ignore != "kind":
        practices = practices.filter(kind=filters.kind)
    if filters.audience and ignore != "audience":
        practices = practices.filter(audiences__key=filters.audience)
    if filters.tag is not None and ignore != "tag":
        practices = practices.filter(tagged_items__tag=filters.tag)
    if filters.year and ignore != "year":
        practices = practices.filter(start_date__year=filters.year)
    for term in filters.terms:
        practices = practices.filter(search_document__contains=term)
    return practices


def regions_for_facets() -> list[Region]:
    """The 16 regions, cached: they are data that almost never change (see ``cms.signals``)."""
    regions = cache.get(REGIONS_CACHE_KEY)
    if regions is None:
        regions = list(Region.objects.all())
        cache.set(REGIONS_CACHE_KEY, regions, timeout=3600)
    return regions


def _with_cards(practices: QuerySet) -> QuerySet:
    """What a listing card shows, in a fixed number of queries."""
    renditions = (
        get_image_model().get_rendition_model().objects.filter(filter_spec=LISTING_IMAGE_SPEC)
    )
    return practices.select_related("region", "listing_image").prefetch_related(
        "tags", Prefetch("listing_image__renditions", queryset=renditions)
    )


def practice_listing(filters: PracticeFilters) -> QuerySet[GoodPracticePage]:
    ordering = (
        ("title", "pk") if filters.order == Ordering.TITLE else ("-first_published_at", "-pk")
    )
    return _with_cards(practices_filtered(filters)).order_by(*ordering)


def _counts(queryset, key: str) -> dict:
    return {
        row[key]: row["count"]
        for row in queryset.values(key).annotate(count=Count("pk")).order_by()
    }


def practice_facets(filters: PracticeFilters, *, regions: list[Region]) -> Facets:
    """For every filter, how many practices each option would give with the others as set."""
    facets = Facets()
    region_counts = _counts(practices_filtered(filters, ignore="region"), "region")
    facets.region = [
        FacetOption(
            region.slug, region.name, region_counts.get(region.pk, 0), region == filters.region
        )
        for region in regions
    ]
    kind_counts = _counts(practices_filtered(filters, ignore="kind"), "kind")
    facets.kind = [
        FacetOption(
            kind.value, str(kind.label), kind_counts.get(kind.value, 0), kind == filters.kind
        )
        for kind in ActionKind
    ]
    audience_counts = _counts(practices_filtered(filters, ignore="audience"), "audiences__key")
    facets.audience = [
        FacetOption(
            group.value,
            str(group.label),
            audience_counts.get(group.value, 0),
            group == filters.audience,
        )
        for group in TargetGroup
    ]
    tag_rows = (
        practices_filtered(filters, ignore="tag")
        .filter(tagged_items__tag__isnull=False)
        .values("tagged_items__tag__slug", "tagged_items__tag__name")
        .annotate(count=Count("pk"))
        .order_by("-count", "tagged_items__tag__name")[:TAG_FACET_SIZE]
    )
    facets.tag = [
        FacetOption(
            row["tagged_items__tag__slug"],
            row["tagged_items__tag__name"],
            row["count"],
            filters.tag is not None and row["tagged_items__tag__slug"] == filters.tag.slug,
        )
        for row in tag_rows
    ]
    if filters.tag is not None and not any(option.selected for option in facets.tag):
        facets.tag.insert(0, FacetOption(filters.tag.slug, filters.tag.name, 0, True))
    year_rows = (
        practices_filtered(filters, ignore="year")
        .annotate(year=ExtractYear("start_date"))
        .values("year")
        .annotate(count=Count("pk"))
        .order_by("-year")
    )
    facets.year = [
        FacetOption(str(row["year"]), str(row["year"]), row["count"], row["year"] == filters.year)
        for row in year_rows
    ]
    return facets


def latest_practices(*, limit: int) -> QuerySet[GoodPracticePage]:
    return _with_cards(_published()).order_by("-first_published_at", "-pk")[:limit]


def related_practices(practice: GoodPracticePage, *, limit: int) -> QuerySet[GoodPracticePage]:
    """Other practices sharing tags with this one first, then others from its region."""
    tag_ids = list(practice.tags.values_list("pk", flat=True))
    return (
        _published()
        .exclude(pk=practice.pk)
        .annotate(shared_tags=Count("tagged_items", filter=Q(tagged_items__tag__in=tag_ids)))
        .filter(Q(shared_tags__gt=0) | Q(region=practice.region_id))
        .select_related("region")
        .order_by("-shared_tags", "-first_published_at")[:limit]
    )


def practices_inspired_by(practice: GoodPracticePage) -> QuerySet[GoodPracticePage]:
    return _published().filter(inspired_by=practice).select_related("region")


def practices_for_feed(*, region: Region | None = None, limit: int = 30):
    practices = _published().select_related("region").order_by("-first_published_at", "-pk")
    if region is not None:
        practices = practices.filter(region=region)
    return practices[:limit]
