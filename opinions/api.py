"""JSON API for a WZK's documents (django-ninja), under ``/api/v1/``, mounted by ``config.api``.

Reading adopted documents needs no login; a WZK's members also read their own region's
documents in the works; voting needs a session and the CSRF token. The same permission
functions and services as the pages, so the API can neither see nor do more than they can."""

from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.security import django_auth

from cms.selectors import regions_for_facets
from network.api import ErrorOut, Pagination, errors
from network.emails import absolute_url
from opinions import permissions, selectors, services
from opinions.choices import DocumentKind, Implementation, VoteChoice

router = Router(tags=["opinions"])


class RegionOut(Schema):
    slug: str
    name: str
    teryt: str


class VoteResultOut(Schema):
    opens_at: datetime
    closes_at: datetime
    secret: bool
    for_count: int
    against_count: int
    abstain_count: int
    eligible_count: int
    quorum_percent: int
    quorum_met: bool | None
    passed: bool | None


class DocumentOut(Schema):
    id: int
    kind: str
    kind_label: str
    title: str
    region: RegionOut
    addressee: str
    status: str
    resolution: str
    adopted_on: date | None
    implementation: str
    url: str
    pdf_url: str | None

    @staticmethod
    def resolve_kind_label(document):
        return str(document.get_kind_display())

    @staticmethod
    def resolve_resolution(document):
        return document.resolution_label

    @staticmethod
    def resolve_url(document):
        return absolute_url(document.get_absolute_url())

    @staticmethod
    def resolve_pdf_url(document):
        if not document.is_published:
            return None
        return absolute_url(reverse("opinions:resolution_pdf", args=[document.pk]))


class DocumentDetailOut(DocumentOut):
    subject: str
    strategy_document: str
    text_html: str
    version: int
    addressee_response: str
    response_received_on: date | None
    vote: VoteResultOut | None


class DocumentFilters(Schema):
    region: str | None = Field(None, description="Region slug, e.g. lodzkie.")
    kind: DocumentKind | None = None
    year: int | None = Field(None, ge=2000, le=2100)
    implementation: Implementation | None = None
    q: str = Field("", max_length=500, description="Search, diacritics ignored.")


class BallotIn(Schema):
    choice: VoteChoice


class BallotOut(Schema):
    choice: str
    changed: bool


@router.get(
    "/opinions/",
    response={200: list[DocumentOut], **errors(400)},
    summary="Adopted documents of every WZK",
)
@paginate(Pagination)
def list_documents(request, filters: Query[DocumentFilters]):
    regions = {region.slug: region for region in regions_for_facets()}
    if filters.region and filters.region not in regions:
        return []
    wanted = selectors.DocumentFilters(
        region=regions.get(filters.region or ""),
        kind=filters.kind,
        year=filters.year,
        implementation=filters.implementation,
        q=filters.q,
    )
    return (
        selectors.documents_filtered(wanted)
        .select_related("region")
        .order_by("-published_at", "-pk")
    )


def _detail(document) -> dict:
    vote = selectors.adopting_vote(document) or selectors.current_vote(document)
    version = document.adopted_version or document.versions.order_by("-number").first()
    document.text_html = version.html
    document.version = version.number
    document.vote = vote if vote is not None and vote.is_recorded else None
    return document


@router.get(
    "/opinions/{document_id}",
    response={200: DocumentDetailOut, **errors(400, 404)},
    summary="One document (adopted, or your own WZK's)",
)
def get_document(request, document_id: int):
    return _detail(permissions.access_document(request.user, document_id))


@router.post(
    "/opinions/{document_id}/ballot",
    response={
        200: BallotOut,
        400: ErrorOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        409: ErrorOut,
    },
    auth=django_auth,
    summary="Vote, or change your vote, while the vote is open",
)
def cast_ballot(request, document_id: int, payload: BallotIn):
    document = permissions.access_document(request.user, document_id)
    if not permissions.can_vote(request.user, document):
        raise Http404
    try:
        ballot, changed = services.ballot_cast(
            actor=request.user, document=document, choice=payload.choice
        )
    except PermissionDenied:
        raise Http404 from None
    return {"choice": ballot.choice, "changed": changed}
