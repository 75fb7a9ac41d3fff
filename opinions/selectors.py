"""Reads for a WZK's documents: the national listing of adopted documents with its facet
counts, a WZK's own documents, one document's page, the feed."""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from cms.forms import search_terms
from cms.selectors import FacetOption
from network.models import Region
from network.permissions import is_member
from opinions import text
from opinions.choices import DocumentKind, DocumentStatus, Implementation, Ordering
from opinions.models import Ballot, Comment, Document, Version, Vote
from opinions.permissions import VOTING_ROLES


@dataclass(frozen=True)
class DocumentFilters:
    region: Region | None = None
    kind: str | None = None
    year: int | None = None
    implementation: str | None = None
    q: str = ""
    order: str = Ordering.NEWEST

    @property
    def terms(self) -> list[str]:
        return search_terms(self.q)


@dataclass
class Facets:
    total: int = 0
    region: list[FacetOption] = field(default_factory=list)
    kind: list[FacetOption] = field(default_factory=list)
    year: list[FacetOption] = field(default_factory=list)
    implementation: list[FacetOption] = field(default_factory=list)


def published() -> QuerySet[Document]:
    return Document.objects.filter(status=DocumentStatus.ADOPTED)


def _search(documents: QuerySet, terms: list[str]) -> QuerySet:
    """Every term must begin a word of the folded text ("lodz" finds "Łódź", not "młodzież"),
    as the practices' search does on SQLite. A few hundred resolutions a year need no index."""
    for term in terms:
        documents = documents.filter(search_document__regex=rf"(^|[^a-z0-9]){term}")
    return documents


_FILTERS = {
    "region": lambda f: {"region": f.region} if f.region is not None else {},
    "kind": lambda f: {"kind": f.kind} if f.kind else {},
    "year": lambda f: {"resolution_year": f.year} if f.year else {},
    "implementation": lambda f: {"implementation": f.implementation} if f.implementation else {},
}


def documents_filtered(filters: DocumentFilters, *, ignore: str = "") -> QuerySet[Document]:
    documents = published()
    for name, lookup in _FILTERS.items():
        if name != ignore:
            documents = documents.filter(**lookup(filters))
    return _search(documents, filters.terms)


def document_facets(filters: DocumentFilters, *, regions: list[Region]) -> Facets:
    """For every filter, how many documents each option gives with the other filters as set:
    one grouped query per facet, however many documents."""
    columns = {
        "region": "region_id",
        "kind": "kind",
        "year": "resolution_year",
        "implementation": "implementation",
    }
    counts = {
        name: dict(
            documents_filtered(filters, ignore=name)
            .order_by()
            .values_list(column)
            .annotate(count=Count("pk"))
        )
        for name, column in columns.items()
    }
    facets = Facets()
    facets.total = (
        counts["region"].get(filters.region.pk, 0)
        if filters.region is not None
        else sum(counts["region"].values())
    )
    facets.region = [
        FacetOption(
            region.slug, region.name, counts["region"].get(region.pk, 0), region == filters.region
        )
        for region in regions
    ]
    facets.kind = [
        FacetOption(
            kind.value, str(kind.label), counts["kind"].get(kind.value, 0), kind == filters.kind
        )
        for kind in DocumentKind
    ]
    facets.year = [
        FacetOption(str(year), str(year), count, year == filters.year)
        for year, count in sorted(counts["year"].items(), key=lambda item: -(item[0] or 0))
        if year
    ]
    facets.implementation = [
        FacetOption(
            status.value,
            str(status.label),
            counts["implementation"].get(status.value, 0),
            status == filters.implementation,
        )
        for status in Implementation
    ]
    return facets


def _with_cards(documents: QuerySet) -> QuerySet:
    return documents.select_related("region")


class DocumentListing(Sequence):
    """The page's ids first, then the cards for those ids (as ``cms.selectors.PracticeListing``);
    ``total`` comes from the facets, so the paginator needs no COUNT."""

    def __init__(self, filters: DocumentFilters, *, total: int):
        ordering = ("title", "pk") if filters.order == Ordering.TITLE else ("-published_at", "-pk")
        self.ids = documents_filtered(filters).order_by(*ordering).values_list("pk", flat=True)
        self.total = total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        ids = list(self.ids[index])
        cards = _with_cards(Document.objects.filter(pk__in=ids)).in_bulk(ids)
        return [cards[pk] for pk in ids if pk in cards]


def team_documents(region_id: int) -> QuerySet[Document]:
    """Every document of one WZK, newest first."""
    return _with_cards(Document.objects.filter(region_id=region_id)).order_by("-updated_at", "-pk")


def documents_for_feed(*, limit: int = 30) -> QuerySet[Document]:
    return _with_cards(published()).order_by("-published_at", "-pk")[:limit]


def published_for_api() -> QuerySet[Document]:
    return _with_cards(published()).order_by("-published_at", "-pk")


# --- One document ----------------------------------------------------------------------------


def versions(document: Document) -> list[Version]:
    return list(document.versions.select_related("created_by").order_by("number"))


def version(document: Document, number) -> Version | None:
    if not isinstance(number, int) or not 0 < number < 2**31:
        return None
    return document.versions.select_related("created_by").filter(number=number).first()


@dataclass
class ParagraphView:
    number: int
    html: str
    comments: list[Comment]


def paragraphs_with_comments(version: Version) -> tuple[list[ParagraphView], list[Comment]]:
    """The version's paragraphs, each with its comments, and the general comments."""
    comments = list(version.comments.select_related("author", "author__region"))
    by_paragraph: dict[int | None, list[Comment]] = {}
    for comment in comments:
        by_paragraph.setdefault(comment.paragraph, []).append(comment)
    views = [
        ParagraphView(paragraph.number, paragraph.html, by_paragraph.get(paragraph.number, []))
        for paragraph in text.paragraphs(version.source)
    ]
    return views, by_paragraph.get(None, [])


def current_vote(document: Document) -> Vote | None:
    return document.votes.select_related("version").order_by("-opens_at", "-pk").first()


def adopting_vote(document: Document) -> Vote | None:
    return (
        document.votes.filter(passed=True).select_related("version").order_by("-pk").first()
        if document.is_published
        else None
    )


def own_ballot(user, vote: Vote) -> Ballot | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return vote.ballots.filter(member=user).first()


def ballots_cast(vote: Vote) -> int:
    """How many have voted so far (who, and how, stays hidden until it closes)."""
    return vote.ballots.count()


def open_ballots(vote: Vote) -> list[Ballot]:
    """Who voted how, in Polish alphabetical order of names (open ballots, once recorded)."""
    ballots = vote.ballots.select_related("member")
    return sorted(
        ballots, key=lambda b: (polish_key(b.member.last_name), polish_key(b.member.first_name))
    )


_POLISH = "aąbcćdeęfghijklłmnńoópqrsśtuvwxyzźż"
_RANK = {letter: rank for rank, letter in enumerate(_POLISH)}


def polish_key(value: str) -> tuple:
    """Polish alphabetical order: "Łukasz" after "Lucyna", "Ś" after "S"."""
    return tuple(_RANK.get(letter, 100 + ord(letter)) for letter in value.lower())


def attachments(document: Document):
    return document.attachments.select_related("uploaded_by")


def follow_up_notes(document: Document):
    return document.notes.select_related("author")


# --- Reviews of initiatives ------------------------------------------------------------------


def reviews_for(user):
    from opinions.permissions import visible_reviews

    return (
        visible_reviews(user)
        .select_related("region", "period", "draft")
        .annotate(
            item_count=Count("items", distinct=True),
            assessed_count=Count("items", filter=~Q(items__assessment=""), distinct=True),
        )
        .order_by("-period__start", "region__teryt")
    )


def review_items(review):
    return review.items.select_related("action", "assessed_by").order_by("pk")


def periods_to_review(region):
    """Reporting periods the region has not reviewed yet, latest first."""
    from monitoring.models import Period

    return Period.objects.exclude(reviews__region=region).order_by("-start")


def region_actions_choices(region_id: int):
    from monitoring.models import Action

    return (
        Action.objects.filter(Q(lead_region_id=region_id) | Q(partners__region_id=region_id))
        .distinct()
        .order_by("title", "pk")
    )


def document_actions(document: Document, user):
    """The document's actions from the register that ``user`` may see (public ones for anyone,
    members-only ones for members)."""
    from monitoring.permissions import visible_actions_filter

    return document.actions.filter(visible_actions_filter(user)).order_by("title")


# --- The start page --------------------------------------------------------------------------


def votes_awaiting_ballot(user, *, now) -> QuerySet[Vote]:
    """Open votes of the member's WZK (``permissions.can_vote``'s region and roles) in which
    they have not voted yet, closing soonest first."""
    if not (is_member(user) and user.region_id is not None and user.role in VOTING_ROLES):
        return Vote.objects.none()
    return (
        Vote.objects.filter(
            document__region_id=user.region_id,
            closed_at__isnull=True,
            opens_at__lte=now,
            closes_at__gt=now,
        )
        .exclude(ballots__member=user)
        .select_related("document")
        .order_by("closes_at", "pk")
    )
