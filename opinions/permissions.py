"""Every rule of who may see or do what with a WZK's documents and reviews: one function per
kind of access, asked by views, the API, the room and services alike.

A WZK's work in progress is its own: only the region's WZK members see a document before it
is adopted; everyone (anonymous visitors too) sees adopted documents. A refused lookup is a
plain 404, the same as for something that does not exist."""

from django.db.models import Q, QuerySet
from django.http import Http404

from network.choices import REGIONAL_ROLES, Role
from network.models import User
from network.permissions import is_member, is_national_staff, is_region_coordinator
from opinions.choices import DocumentStatus
from opinions.models import Document

# Members of a WZK who vote: the coordinator and the members (the secretariat serves the team
# and takes part in the discussion, but has no vote).
VOTING_ROLES = (Role.COORDINATOR, Role.MEMBER)
# States in which a document's text may still change.
EDITABLE = (DocumentStatus.DRAFT, DocumentStatus.CONSULTATION, DocumentStatus.NOT_ADOPTED)


def is_wzk_member(user, region_id: int | None) -> bool:
    """An active member of the region's WZK (any regional role)."""
    return (
        is_member(user)
        and region_id is not None
        and user.region_id == region_id
        and user.role in REGIONAL_ROLES
    )


def wzk_members(region_id: int) -> QuerySet[User]:
    """Everyone ``is_wzk_member`` lets in, as a query."""
    return User.objects.filter(region_id=region_id, is_active=True, role__in=REGIONAL_ROLES)


def voters(region_id: int) -> QuerySet[User]:
    """Members of the region's WZK with a vote."""
    return User.objects.filter(region_id=region_id, is_active=True, role__in=VOTING_ROLES)


# --- Documents -------------------------------------------------------------------------------


def visible_documents(user) -> QuerySet[Document]:
    """Adopted documents of every region, and every document of the user's own WZK."""
    documents = Document.objects.all()
    if is_member(user) and user.region_id is not None and user.role in REGIONAL_ROLES:
        return documents.filter(Q(status=DocumentStatus.ADOPTED) | Q(region_id=user.region_id))
    return documents.filter(status=DocumentStatus.ADOPTED)


def can_see_document(user, document: Document) -> bool:
    return document.is_published or is_wzk_member(user, document.region_id)


def access_document(user, pk) -> Document:
    """The document if ``user`` may see it, else 404."""
    if not isinstance(pk, int) or not 0 < pk < 2**63:
        raise Http404
    document = Document.objects.select_related("region").filter(pk=pk).first()
    if document is None or not can_see_document(user, document):
        raise Http404
    return document


def can_draft(user) -> bool:
    """Any member of a WZK may start a document for their own region."""
    return is_wzk_member(user, getattr(user, "region_id", None))


def can_manage_document(user, document: Document) -> bool:
    """Open the consultation, put to the vote, close it early, record the follow-up: the
    region's coordinator."""
    return is_region_coordinator(user, document.region_id)


def can_edit_document(user, document: Document) -> bool:
    """Write a new version (or change the fields) while the text may still change: the
    coordinator, and the member who drafted it."""
    if document.status not in EDITABLE:
        return False
    return can_manage_document(user, document) or (
        is_wzk_member(user, document.region_id) and document.created_by_id == user.pk
    )


def access_document_for_editing(user, pk) -> Document:
    document = access_document(user, pk)
    if not can_edit_document(user, document):
        raise Http404
    return document


def access_document_for_management(user, pk) -> Document:
    document = access_document(user, pk)
    if not can_manage_document(user, document):
        raise Http404
    return document


def can_comment(user, document: Document) -> bool:
    """Comment in the consultation (the service says whether it is open)."""
    return is_wzk_member(user, document.region_id)


def can_vote(user, document: Document) -> bool:
    """Vote on the region's documents (the service says whether the vote is open)."""
    return can_comment(user, document) and user.role in VOTING_ROLES


def can_add_attachment(user, document: Document) -> bool:
    return can_edit_document(user, document)


def can_see_ballots(user, vote) -> bool:
    """Who voted how: in an open ballot, once it is recorded, to those who see the document;
    in a secret ballot, never to anyone."""
    return not vote.secret and vote.is_recorded


def can_set_rules(user, region_id: int) -> bool:
    return is_region_coordinator(user, region_id)


# --- The document's room ---------------------------------------------------------------------


def can_enter_room(user, document: Document) -> bool:
    """The region's WZK members discuss their documents, adopted ones too."""
    return is_wzk_member(user, document.region_id)


def documents_with_room_for(user) -> QuerySet[Document]:
    if not is_member(user) or user.role not in REGIONAL_ROLES or user.region_id is None:
        return Document.objects.none()
    return Document.objects.filter(region_id=user.region_id)


# --- National view ---------------------------------------------------------------------------


def can_see_all_regions_work(user) -> bool:
    """FRSE's national staff see which regions have done their work (reviews)."""
    return is_national_staff(user)


# --- Reviews of initiatives ------------------------------------------------------------------


def can_see_review(user, review) -> bool:
    """The region's WZK members, and FRSE's national staff (who follow every region's)."""
    return is_wzk_member(user, review.region_id) or is_national_staff(user)


def access_review(user, pk):
    from opinions.models import ReviewRound

    if not isinstance(pk, int) or not 0 < pk < 2**63:
        raise Http404
    review = ReviewRound.objects.select_related("region", "period").filter(pk=pk).first()
    if review is None or not can_see_review(user, review):
        raise Http404
    return review


def can_assess(user, review) -> bool:
    """Record an assessment or type in an initiative: the region's WZK members."""
    return is_wzk_member(user, review.region_id)


def can_manage_review(user, region_id: int | None) -> bool:
    """Open and close a review, start a recommendation from it: the region's coordinator."""
    return is_region_coordinator(user, region_id)


def visible_reviews(user):
    from opinions.models import ReviewRound

    reviews = ReviewRound.objects.all()
    if is_national_staff(user):
        return reviews
    if is_member(user) and user.region_id is not None and user.role in REGIONAL_ROLES:
        return reviews.filter(region_id=user.region_id)
    return reviews.none()
