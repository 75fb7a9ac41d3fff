"""Reads for good practices: the filtered listing, its facet counts, related practices."""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection
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
    total: int = 0
    region: list[FacetOption] = field(default_factory=list)
    kind: list[FacetOption] = field(default_factory=list)
    audience: list[FacetOption] = field(default_factory=list)
    tag: list[FacetOption] = field(default_factory=list)
    year: list[FacetOption] = field(default_factory=list)


def _published() -> QuerySet[GoodPracticePage]:
    return GoodPracticePage.objects.filter(listed=True)


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
    return _search(practices, filters.terms)


def _search(practices: QuerySet, terms: list[str]) -> QuerySet:
    """Every term must begin a word of the folded document ("lodz" finds "Łódź" and
    "łódzkie", not "młodzież"). PostgreSQL answers from the full-text index (migration
    cms.0005); SQLite matches the text itself."""
    if not terms:
        return practices
    if connection.vendor == "postgresql":
        query = " & ".join(f"{term}:*" for term in terms)
        return practices.extra(
            where=["search_vector @@ to_tsquery('pg_catalog.simple', %s)"], params=[query]
        )
    for term in terms:
        practices = practices.filter(search_document__regex=rf"(^|[^a-z0-9]){term}")
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


class PracticeListing(Sequence):
    """The listing's practices for a ``Paginator``, read a page at a time in two steps: the
    page's ids (from the narrow practice table and its index), then the cards for those ids
    only, so a deep page does not carry full rows past its offset. ``total`` comes from the
    facets, so the paginator needs no COUNT query."""

    def __init__(self, filters: PracticeFilters, *, total: int):
        ordering = ("title", "pk") if filters.order == Ordering.TITLE else ("-published_at", "-pk")
        self.ids = practices_filtered(filters).order_by(*ordering).values_list("pk", flat=True)
        self.total = total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        ids = list(self.ids[index])
        cards = _with_cards(GoodPracticePage.objects.filter(pk__in=ids)).in_bulk(ids)
        return [cards[pk] for pk in ids if pk in cards]


def _facet_counts(filters: PracticeFilters) -> dict[str, dict]:
    """Every facet's counts in one statement: the practices matching the search are read
    once (a CTE) and each facet counts them with every filter but its own."""
    from cms.models import Audience, GoodPracticeTag

    matches = (
        _search(_published(), filters.terms)
        .annotate(year=ExtractYear("start_date"))
        .values("page_ptr_id", "region_id", "kind", "year")
        .order_by()  # no page-tree ordering: it would join wagtailcore_page for nothing
    )
    match_sql, match_params = matches.query.sql_with_params()
    links = GoodPracticePage.audiences.through._meta
    audience_link = (
        f"SELECT 1 FROM {links.db_table} l2 JOIN {Audience._meta.db_table} a2"  # noqa: S608 - table names from model metadata; values are parameters
        f" ON a2.id = l2.audience_id WHERE l2.goodpracticepage_id = m.page_ptr_id AND a2.key = %s"
    )
    tagged, tag_table = GoodPracticeTag._meta.db_table, Tag._meta.db_table
    tag_link = (
        f"SELECT 1 FROM {tagged} g2 JOIN {tag_table} t2 ON t2.id = g2.tag_id"  # noqa: S608 - table names from model metadata; values are parameters
        f" WHERE g2.content_object_id = m.page_ptr_id AND t2.slug = %s"
    )
    conditions = {
        "region": ("m.region_id = %s", filters.region.pk if filters.region else None),
        "kind": ("m.kind = %s", filters.kind),
        "year": ("m.year = %s", filters.year),
        "audience": (f"EXISTS ({audience_link})", filters.audience),
        "tag": (f"EXISTS ({tag_link})", filters.tag.slug if filters.tag else None),
    }

    def where(dimension: str) -> tuple[str, list]:
        parts, params = ["1 = 1"], []
        for name, (condition, value) in conditions.items():
            if name != dimension and value not in (None, ""):
                parts.append(condition)
                params.append(value)
        return " AND ".join(parts), params

    branches = {
        "region": "SELECT 'region', CAST(m.region_id AS TEXT), '', COUNT(*) FROM m"
        " WHERE {where} GROUP BY m.region_id",
        "kind": "SELECT 'kind', m.kind, '', COUNT(*) FROM m WHERE {where} GROUP BY m.kind",
        "year": "SELECT 'year', CAST(m.year AS TEXT), '', COUNT(*) FROM m"
        " WHERE {where} GROUP BY m.year",
        "audience": f"SELECT 'audience', a.key, '', COUNT(*) FROM m"  # noqa: S608 - table names from model metadata; values are parameters
        f" JOIN {links.db_table} l ON l.goodpracticepage_id = m.page_ptr_id"
        f" JOIN {Audience._meta.db_table} a ON a.id = l.audience_id"
        " WHERE {where} GROUP BY a.key",
        "tag": f"SELECT 'tag', t.slug, t.name, COUNT(*) FROM m"  # noqa: S608 - table names from model metadata; values are parameters
        f" JOIN {tagged} g ON g.content_object_id = m.page_ptr_id"
        f" JOIN {tag_table} t ON t.id = g.tag_id"
        " WHERE {where} GROUP BY t.slug, t.name",
    }
    sql_parts, params = [], list(match_params)
    for dimension, template in branches.items():
        condition, condition_params = where(dimension)
        sql_parts.append(template.format(where=condition))
        params += condition_params
    sql = f"WITH m AS ({match_sql}) " + " UNION ALL ".join(sql_parts)
    counts: dict[str, dict] = {name: {} for name in branches}
    tag_names: dict[str, str] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for dimension, value, label, count in cursor.fetchall():
            counts[dimension][value] = count
            if dimension == "tag":
                tag_names[value] = label
    counts["tag_names"] = tag_names
    return counts


def practice_facets(filters: PracticeFilters, *, regions: list[Region]) -> Facets:
    """For every filter, how many practices each option would give with the others as set."""
    counts = _facet_counts(filters)
    facets = Facets()
    region_counts = {int(key): value for key, value in counts["region"].items()}
    # Every practice has exactly one region, so the total comes with the region facet.
    facets.total = (
        region_counts.get(filters.region.pk, 0)
        if filters.region is not None
        else sum(region_counts.values())
    )
    facets.region = [
        FacetOption(
            region.slug, region.name, region_counts.get(region.pk, 0), region == filters.region
        )
        for region in regions
    ]
    facets.kind = [
        FacetOption(
            kind.value, str(kind.label), counts["kind"].get(kind.value, 0), kind == filters.kind
        )
        for kind in ActionKind
    ]
    facets.audience = [
        FacetOption(
            group.value,
            str(group.label),
            counts["audience"].get(group.value, 0),
            group == filters.audience,
        )
        for group in TargetGroup
    ]
    top_tags = sorted(
        counts["tag"].items(), key=lambda item: (-item[1], counts["tag_names"][item[0]])
    )
    facets.tag = [
        FacetOption(
            slug,
            counts["tag_names"][slug],
            count,
            filters.tag is not None and slug == filters.tag.slug,
        )
        for slug, count in top_tags[:TAG_FACET_SIZE]
    ]
    if filters.tag is not None and not any(option.selected for option in facets.tag):
        facets.tag.insert(
            0,
            FacetOption(
                filters.tag.slug, filters.tag.name, counts["tag"].get(filters.tag.slug, 0), True
            ),
        )
    facets.year = [
        FacetOption(year, year, count, int(year) == filters.year)
        for year, count in sorted(counts["year"].items(), key=lambda item: -int(item[0]))
    ]
    return facets


def latest_practices(*, limit: int) -> QuerySet[GoodPracticePage]:
    return _with_cards(_published()).order_by("-published_at", "-pk")[:limit]


def related_practices(practice: GoodPracticePage, *, limit: int) -> QuerySet[GoodPracticePage]:
    """Other practices sharing tags with this one first, then others from its region."""
    tag_ids = list(practice.tags.values_list("pk", flat=True))
    return (
        _published()
        .exclude(pk=practice.pk)
        .annotate(shared_tags=Count("tagged_items", filter=Q(tagged_items__tag__in=tag_ids)))
        .filter(Q(shared_tags__gt=0) | Q(region=practice.region_id))
        .select_related("region")
        .order_by("-shared_tags", "-published_at")[:limit]
    )


def practices_inspired_by(practice: GoodPracticePage) -> QuerySet[GoodPracticePage]:
    return _published().filter(inspired_by=practice).select_related("region")


def practices_for_feed(*, region: Region | None = None, limit: int = 30):
    practices = _published().select_related("region").order_by("-published_at", "-pk")
    if region is not None:
        practices = practices.filter(region=region)
    return practices[:limit]


# --- A member's own practices ----------------------------------------------------------------


class OwnPracticeState:
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    NEEDS_CHANGES = "needs_changes"
    PUBLISHED = "published"


@dataclass
class OwnPractice:
    """A practice the member submitted, where it stands and what the reviewers said."""

    practice: GoodPracticePage
    state: str
    step: str = ""  # the workflow step it waits for (in review) or was sent back from
    changes_pending: bool = False  # published, with a newer version in review or in draft
    comments: list = field(default_factory=list)  # TaskStates with a comment, newest first

    @property
    def can_change(self) -> bool:
        return self.state in (OwnPracticeState.DRAFT, OwnPracticeState.NEEDS_CHANGES)


def own_practices(member) -> list[OwnPractice]:
    """The member's practices, newest change first, with their workflow's state and every
    reviewer's comment: three queries, however many practices and reviews there are."""
    from wagtail.models import Page, TaskState, WorkflowState

    practices = list(
        GoodPracticePage.objects.filter(owner=member)
        .select_related("region")
        .order_by("-latest_revision_created_at", "-pk")
    )
    if not practices:
        return []
    ids = [str(practice.pk) for practice in practices]
    page_type = ContentType.objects.get_for_model(Page)  # cached by Django after the first
    latest: dict[str, WorkflowState] = {}
    for state in (
        WorkflowState.objects.filter(base_content_type=page_type, object_id__in=ids)
        .select_related("current_task_state__task")
        .order_by("created_at", "pk")
    ):
        latest[state.object_id] = state
    comments: dict[str, list] = {}
    for task_state in (
        TaskState.objects.filter(
            workflow_state__base_content_type=page_type, workflow_state__object_id__in=ids
        )
        .exclude(comment="")
        .select_related("task", "finished_by", "workflow_state")
        .order_by("-finished_at", "-pk")
    ):
        comments.setdefault(task_state.workflow_state.object_id, []).append(task_state)
    rows = []
    for practice in practices:
        state = latest.get(str(practice.pk))
        task = state.current_task_state.task if state and state.current_task_state else None
        row = OwnPractice(practice=practice, state=OwnPracticeState.DRAFT)
        if state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS:
            row.state, row.step = OwnPracticeState.IN_REVIEW, task.name if task else ""
        elif state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
            row.state, row.step = OwnPracticeState.NEEDS_CHANGES, task.name if task else ""
        elif practice.live:
            row.state = OwnPracticeState.PUBLISHED
        row.changes_pending = practice.live and practice.has_unpublished_changes
        row.comments = comments.get(str(practice.pk), [])
        rows.append(row)
    return rows
