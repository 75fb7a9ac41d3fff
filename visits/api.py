"""JSON API for events and invitations (django-ninja), served under ``/api/v1/``.

Authentication is the site's session: reading public events needs none; everything else needs
a logged-in member, and every write also the CSRF token (``X-CSRFToken`` header with the
``csrftoken`` cookie's value), checked by ninja's ``django_auth``. There are no personal API
tokens.

The API calls the same permission functions, form and services as the HTML pages, so it can
neither see nor do more than the pages. Errors are those of ``network.api`` (409: answers
closed, invitation withdrawn, an overlapping event to confirm). ``config.api`` mounts this
router."""

from datetime import date, datetime, timedelta
from typing import Annotated, Literal

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status
from ninja.pagination import paginate
from ninja.security import django_auth
from pydantic import StrictBool, StrictInt

from network.api import FIRST_DAY, LAST_DAY, Pagination, errors
from network.emails import absolute_url
from network.ids import MAX_ID
from network.models import Region
from visits import calendars, permissions, selectors, services
from visits.choices import EventKind, InvitationStatus
from visits.forms import EventForm
from visits.ical import WARSAW
from visits.models import Event, Invitation

router = Router(tags=["events"])


# --- Schemas ---------------------------------------------------------------------------------


def _warsaw(value: datetime | None) -> datetime | None:
    return timezone.localtime(value, WARSAW) if value else None


class RegionOut(Schema):
    slug: str
    name: str
    teryt: str


class EventOut(Schema):
    id: int
    title: str
    kind: str
    kind_label: str
    host_region: RegionOut
    starts_at: datetime
    ends_at: datetime
    rsvp_deadline: datetime
    venue_address: str
    online_url: str
    is_public: bool
    guest_seats: int
    cancelled: bool
    cancelled_at: datetime | None
    url: str
    ics_url: str

    @staticmethod
    def resolve_kind_label(event):
        return str(event.get_kind_display())

    @staticmethod
    def resolve_starts_at(event):
        return _warsaw(event.starts_at)

    @staticmethod
    def resolve_ends_at(event):
        return _warsaw(event.ends_at)

    @staticmethod
    def resolve_rsvp_deadline(event):
        return _warsaw(event.rsvp_deadline)

    @staticmethod
    def resolve_cancelled(event):
        return event.is_cancelled

    @staticmethod
    def resolve_cancelled_at(event):
        return _warsaw(event.cancelled_at)

    @staticmethod
    def resolve_url(event):
        return absolute_url(event.get_absolute_url())

    @staticmethod
    def resolve_ics_url(event):
        return absolute_url(reverse("visits:event_ics", kwargs={"pk": event.pk}))


class EventDetailOut(EventOut):
    description: str
    agenda: str
    organiser: str
    cancellation_reason: str
    seats_left: int
    practices: list[str]

    @staticmethod
    def resolve_organiser(event):
        return str(event.organiser)

    @staticmethod
    def resolve_seats_left(event):
        return selectors.seats_left(event)

    @staticmethod
    def resolve_practices(event):
        return [absolute_url(page.url) for page in event.practices.live().order_by("title")]


DATE_RANGE = f"From {FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()}."
EventId = Annotated[int, Path(ge=1, le=MAX_ID)]
InvitationId = Annotated[int, Path(ge=1, le=MAX_ID)]


# Bodies are JSON with JSON's types: 0 is not false, "5" and 5.0 are not 5 (as documented).
class EventIn(Schema):
    kind: str = Field(min_length=1, description="One of: " + ", ".join(EventKind.values))
    title: str = Field(min_length=1)
    description: str = ""
    agenda: str = ""
    starts_at: datetime = Field(description=DATE_RANGE)
    ends_at: datetime = Field(description=DATE_RANGE + " After starts_at.")
    venue_address: str = ""
    online_url: str = ""
    guest_seats: StrictInt = Field(description="0 or more.")
    rsvp_deadline: datetime = Field(description=DATE_RANGE + " Not after starts_at.")
    is_public: StrictBool = True
    practices: list[StrictInt] = Field(
        default_factory=list, description="Ids of the host region's published good practices."
    )
    host_region: str | None = Field(
        default=None, description="Optional; if given, it must be the slug of your own region."
    )
    confirm_overlap: StrictBool = Field(
        default=False,
        description="Send true to create the event despite overlapping public events (409).",
    )


# The calendar's years: beyond them a day's bounds would not fit in a datetime.


class EventFilters(Schema):
    region: str | None = Field(default=None, description="Host region's slug.")
    kind: str | None = Field(default=None, description="One of: " + ", ".join(EventKind.values))
    date_from: date | None = Field(
        default=None,
        ge=FIRST_DAY,
        le=LAST_DAY,
        description="Events still on that day (Warsaw) or later.",
    )
    date_to: date | None = Field(
        default=None,
        ge=FIRST_DAY,
        le=LAST_DAY,
        description="Events starting on that day (Warsaw) or earlier.",
    )
    include_cancelled: bool = True


class OverlapOut(Schema):
    detail: str
    overlapping: list[EventOut]


class InvitationOut(Schema):
    id: int
    event: EventOut
    invited_region: RegionOut | None = Field(None, alias="region")
    invited_member: str | None
    invited_by: str | None
    message: str
    status: str
    status_label: str
    people_count: int
    waiting_list_place: int | None
    decline_reason: str
    answered_at: datetime | None
    url: str

    @staticmethod
    def resolve_invited_member(invitation):
        return str(invitation.user) if invitation.user_id else None

    @staticmethod
    def resolve_invited_by(invitation):
        return str(invitation.invited_by) if invitation.invited_by_id else None

    @staticmethod
    def resolve_status_label(invitation):
        return str(invitation.get_status_display())

    @staticmethod
    def resolve_waiting_list_place(invitation):
        return selectors.waiting_list_place(invitation)

    @staticmethod
    def resolve_answered_at(invitation):
        return _warsaw(invitation.answered_at)

    @staticmethod
    def resolve_url(invitation):
        return absolute_url(invitation.get_absolute_url())


class AnswerOut(Schema):
    changed: bool
    invitation: InvitationOut


class AcceptIn(Schema):
    # Declared here; the service refuses fewer, in words about people, not numbers.
    people_count: StrictInt = Field(1, json_schema_extra={"minimum": 1})
    agree_to_be_listed: StrictBool = False


class DeclineIn(Schema):
    reason: str = ""


# --- Events ----------------------------------------------------------------------------------


@router.get(
    "/events",
    response={200: list[EventOut], **errors(400)},
    tags=["events"],
    summary="List events",
)
@paginate(Pagination)
def event_list(request, filters: Query[EventFilters]) -> QuerySet[Event]:
    """Events the caller may see (public ones without logging in), earliest first.
    Unknown region or kind values are ignored."""
    events = selectors.visible_events(request.user).order_by("starts_at", "pk")
    if filters.region and Region.objects.filter(slug=filters.region).exists():
        events = events.filter(host_region__slug=filters.region)
    if filters.kind in EventKind.values:
        events = events.filter(kind=filters.kind)
    if filters.date_from:
        events = events.filter(ends_at__gt=calendars.day_start(filters.date_from))
    if filters.date_to:
        next_day = filters.date_to + timedelta(days=1)
        events = events.filter(starts_at__lt=calendars.day_start(next_day))
    if not filters.include_cancelled:
        events = events.filter(cancelled_at__isnull=True)
    return events


@router.get(
    "/events/{event_id}",
    response={200: EventDetailOut, **errors(400, 404)},
    tags=["events"],
    summary="One event",
)
def event_detail(request, event_id: EventId):
    event = get_object_or_404(selectors.visible_events(request.user), pk=event_id)
    return event


@router.post(
    "/events",
    auth=django_auth,
    response={201: EventDetailOut, **errors(400, 401, 403), 409: OverlapOut},
    tags=["events"],
    summary="Create an event of your region",
)
def event_create(request, payload: EventIn):
    """The same checks as the page for a new event: your region only, by its coordinator or
    a member the coordinator allows; an overlap with other regions' public events of the same
    kind answers 409 until ``confirm_overlap`` is true."""
    actor = request.user
    region = actor.region
    if payload.host_region not in (None, "", getattr(region, "slug", None)):
        raise PermissionDenied(_("You can create events only for your own region."))
    if region is None or not permissions.can_organise_events(actor, region):
        raise PermissionDenied(_("You are not allowed to create events for your region."))
    form = EventForm(_form_data(payload), region=region)
    if not form.is_valid():
        raise DjangoValidationError(form.errors.as_data())
    overlaps = form.overlaps_to_confirm()
    if overlaps:
        return Status(
            409,
            {
                "detail": _(
                    "Public events of the same kind in other regions overlap this time. "
                    "Send confirm_overlap: true to create the event anyway."
                ),
                "overlapping": overlaps,
            },
        )
    event = services.event_create(
        actor=actor, practices=form.cleaned_data["practices"], **form.service_fields()
    )
    return Status(201, event)


def _form_data(payload: EventIn) -> dict:
    """The payload as the HTML form's data; a time without an offset is Polish time."""
    data = payload.dict(exclude={"host_region"})
    for name in ("starts_at", "ends_at", "rsvp_deadline"):
        if timezone.is_naive(data[name]):
            data[name] = timezone.make_aware(data[name], WARSAW)
    return data


# --- Invitations -----------------------------------------------------------------------------


class InvitationFilters(Schema):
    box: Literal["received", "sent"] = "received"
    status: str | None = Field(
        default=None, description="One of: " + ", ".join(InvitationStatus.values)
    )


@router.get(
    "/invitations",
    auth=django_auth,
    response={200: list[InvitationOut], **errors(400, 401)},
    tags=["invitations"],
    summary="My invitations",
)
@paginate(Pagination)
def invitation_list(request, filters: Query[InvitationFilters]):
    """Received (to you, and for a coordinator to your region) or sent, by event date."""
    if filters.box == "sent":
        invitations = selectors.sent_invitations(request.user)
    else:
        invitations = selectors.received_invitations(request.user)
    if filters.status in InvitationStatus.values:
        invitations = invitations.filter(status=filters.status)
    return invitations.select_related("user", "invited_by", "event__host_region")


@router.get(
    "/invitations/{invitation_id}",
    auth=django_auth,
    response={200: InvitationOut, **errors(400, 401, 404)},
    tags=["invitations"],
    summary="One invitation",
)
def invitation_detail(request, invitation_id: InvitationId):
    return permissions.access_invitation(request.user, invitation_id)


@router.post(
    "/invitations/{invitation_id}/accept",
    auth=django_auth,
    response={200: AnswerOut, **errors(400, 401, 403, 404, 409)},
    tags=["invitations"],
    summary="Accept an invitation",
)
def invitation_accept(request, invitation_id: InvitationId, payload: AcceptIn):
    """A seat for ``people_count`` people if there is one, else the waiting list
    (``status`` says which). Accepting twice changes nothing (``changed`` false)."""
    invitation = permissions.access_invitation_to_answer(request.user, invitation_id)
    invitation, changed = services.invitation_accept(
        actor=request.user,
        invitation=invitation,
        people_count=payload.people_count,
        agree_to_be_listed=payload.agree_to_be_listed,
    )
    return {"changed": changed, "invitation": _reloaded(invitation)}


@router.post(
    "/invitations/{invitation_id}/decline",
    auth=django_auth,
    response={200: AnswerOut, **errors(400, 401, 403, 404, 409)},
    tags=["invitations"],
    summary="Decline an invitation",
)
def invitation_decline(request, invitation_id: InvitationId, payload: DeclineIn):
    invitation = permissions.access_invitation_to_answer(request.user, invitation_id)
    invitation, changed = services.invitation_decline(
        actor=request.user, invitation=invitation, reason=payload.reason
    )
    return {"changed": changed, "invitation": _reloaded(invitation)}


def _reloaded(invitation: Invitation) -> Invitation:
    return Invitation.objects.select_related(
        "event__host_region", "event__organiser", "region", "user", "invited_by"
    ).get(pk=invitation.pk)
