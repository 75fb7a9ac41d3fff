"""Reads for visits: seats, waiting lists, who is concerned by a change, "my invitations"."""

from datetime import datetime

from django.db.models import Exists, F, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from network.choices import InstitutionType, Role
from network.models import User
from network.permissions import is_active_member
from visits import permissions
from visits.choices import InvitationStatus
from visits.models import (
    Attendance,
    CalendarFeedToken,
    Event,
    EventOrganiser,
    Invitation,
    VisitReport,
)

# Invitees who still expect the event: they get updates and cancellations.
CONCERNED_STATUSES = (
    InvitationStatus.PENDING,
    InvitationStatus.ACCEPTED,
    InvitationStatus.WAITLISTED,
)


def visible_events(user) -> QuerySet[Event]:
    """The events ``user`` may see (``permissions.can_see_event``): calendars, the ``.ics``
    download, the feed, the API and the region page."""
    return Event.objects.filter(permissions.visible_events_filter(user)).select_related(
        "host_region", "organiser"
    )


def seats_taken(event: Event, *, exclude: Invitation | None = None) -> int:
    queryset = event.invitations.filter(status=InvitationStatus.ACCEPTED)
    if exclude is not None:
        queryset = queryset.exclude(pk=exclude.pk)
    return queryset.aggregate(taken=Coalesce(Sum("people_count"), 0))["taken"]


def seats_left(event: Event) -> int:
    return max(event.guest_seats - seats_taken(event), 0)


def waiting_list(event: Event) -> QuerySet[Invitation]:
    """Waitlisted invitations in the order they joined."""
    return event.invitations.filter(status=InvitationStatus.WAITLISTED).order_by(
        "waitlist_position", "pk"
    )


def waiting_list_place(invitation: Invitation) -> int | None:
    """1 for the first in line; None when not on the waiting list."""
    if invitation.status != InvitationStatus.WAITLISTED:
        return None
    ahead = waiting_list(invitation.event).filter(
        waitlist_position__lt=invitation.waitlist_position
    )
    return ahead.count() + 1


def region_coordinators(region_id: int) -> QuerySet[User]:
    return User.objects.filter(region_id=region_id, role=Role.COORDINATOR, is_active=True)


def coordinators_of_regions(regions) -> QuerySet[User]:
    """The coordinators of ``regions``, in one query."""
    region_ids = [getattr(region, "pk", region) for region in regions]
    return User.objects.filter(region_id__in=region_ids, role=Role.COORDINATOR, is_active=True)


def invitation_recipients(invitation: Invitation) -> list[User]:
    """Who answers for an invitation: the member, or the invited region's coordinators."""
    if invitation.user_id is not None:
        return [invitation.user] if invitation.user.is_active else []
    return list(region_coordinators(invitation.region_id))


def concerned_invitations(event: Event) -> QuerySet[Invitation]:
    return event.invitations.filter(status__in=CONCERNED_STATUSES).select_related("user", "region")


def event_organisers(event: Event) -> QuerySet[User]:
    """Who hears about answers on the host side: the organiser and the host's coordinators."""
    return User.objects.filter(
        Q(pk=event.organiser_id)
        | Q(region_id=event.host_region_id, role=Role.COORDINATOR, is_active=True)
    ).distinct()


def guest_list(event: Event) -> QuerySet[Invitation]:
    """Accepted guests who agreed to be listed."""
    return (
        event.invitations.filter(status=InvitationStatus.ACCEPTED, agree_to_be_listed=True)
        .select_related("user__region", "region")
        .order_by("region__teryt", "user__region__teryt", "user__last_name", "pk")
    )


def event_invitations(event: Event) -> QuerySet[Invitation]:
    """Every invitation of an event, for its organisers."""
    return event.invitations.select_related(
        "user__region", "region", "invited_by", "passed_on_from__region"
    ).order_by("status", "region__teryt", "user__last_name", "pk")


def overlapping_public_events(
    *, kind: str, starts_at: datetime, ends_at: datetime, host_region_id: int, exclude_pk=None
) -> QuerySet[Event]:
    """Public events of the same kind in other regions that overlap the given time: they
    compete for the same schools and guests."""
    queryset = Event.objects.filter(
        kind=kind,
        is_public=True,
        cancelled_at__isnull=True,
        starts_at__lt=ends_at,
        ends_at__gt=starts_at,
    ).exclude(host_region_id=host_region_id)
    if exclude_pk is not None:
        queryset = queryset.exclude(pk=exclude_pk)
    return queryset.select_related("host_region").order_by("starts_at")


def _received_filter(user) -> Q:
    mine = Q(user=user)
    if user.role == Role.COORDINATOR and user.region_id is not None:
        mine |= Q(region_id=user.region_id)
    return mine


def received_invitations(user) -> QuerySet[Invitation]:
    """Invitations to the member, and for coordinators those to their region."""
    return (
        Invitation.objects.filter(_received_filter(user))
        .select_related("event__host_region", "region", "invited_by")
        .order_by("event__starts_at", "pk")
    )


def sent_invitations(user) -> QuerySet[Invitation]:
    """Invitations the member sent or passed on, and, for those who organise their region's
    events, every invitation to those events."""
    sent = Q(invited_by=user)
    if user.region_id is not None and permissions.can_organise_events(user, user.region):
        sent |= Q(event__host_region_id=user.region_id)
    return (
        Invitation.objects.filter(sent)
        .select_related("event__host_region", "region", "user__region")
        .order_by("event__starts_at", "pk")
    )


def by_status(invitations) -> list[tuple[str, str, list[Invitation]]]:
    """(status, label, invitations) for every status that has any, in the choices' order."""
    groups = {value: [] for value in InvitationStatus.values}
    for invitation in invitations:
        groups[invitation.status].append(invitation)
    return [
        (value, label, groups[value]) for value, label in InvitationStatus.choices if groups[value]
    ]


def members_to_invite(event: Event) -> QuerySet[User]:
    """Active members of other regions, not yet personally invited to the event."""
    return (
        User.objects.filter(is_active=True, region__isnull=False, guest_pass__isnull=True)
        .exclude(region_id=event.host_region_id)
        .exclude(event_invitations__event=event)
        .select_related("region")
        .order_by("region__teryt", "last_name", "first_name")
    )


def members_to_pass_on(invitation: Invitation, *, coordinator=None) -> QuerySet[User]:
    """Active members of the invited region not yet invited to the event, but the
    coordinator passing it on (they answer the region's invitation themselves)."""
    return (
        User.objects.filter(region_id=invitation.region_id, is_active=True, guest_pass__isnull=True)
        .exclude(event_invitations__event_id=invitation.event_id)
        .exclude(pk=getattr(coordinator, "pk", None))
        .order_by("last_name", "first_name")
    )


def invitation_for(user, event: Event) -> Invitation | None:
    """The member's own invitation to the event, if any (personal first, then their region's
    for its coordinator)."""
    if not is_active_member(user):
        return None
    return (
        Invitation.objects.filter(_received_filter(user), event=event)
        .order_by(F("region_id").asc(nulls_first=True), "pk")
        .first()
    )


def region_members_for_organising(region) -> QuerySet[User]:
    """The region's active members, each with whether they may organise events."""
    return (
        User.objects.filter(region=region, is_active=True, role__in=[Role.MEMBER, Role.SECRETARIAT])
        .annotate(
            may_organise=Exists(EventOrganiser.objects.filter(user=OuterRef("pk"), region=region))
        )
        .order_by("last_name", "first_name")
    )


# --- Attendance ------------------------------------------------------------------------------


def expected_people(event: Event) -> QuerySet[User]:
    """Everyone with an accepted personal invitation: the host ticks who came."""
    return (
        User.objects.filter(
            event_invitations__event=event,
            event_invitations__status=InvitationStatus.ACCEPTED,
        )
        .select_related("region")
        .order_by("region__teryt", "last_name", "first_name", "pk")
    )


def present_user_ids(event: Event) -> set[int]:
    return set(event.attendance.filter(user__isnull=False).values_list("user_id", flat=True))


def count_rows(event: Event) -> QuerySet[Attendance]:
    return event.attendance.filter(user__isnull=True).select_related("region")


def totals(event: Event) -> dict:
    """People in total, by region (None: not from a region, listed last) and by kind of
    institution (most first), from one grouped query."""
    by_region: dict[tuple, int] = {}
    by_kind: dict[str, int] = {}
    for row in event.attendance.values(
        "region__teryt", "region__name", "institution_type"
    ).annotate(people=Sum("count")):
        region = (row["region__teryt"] is None, row["region__teryt"], row["region__name"])
        by_region[region] = by_region.get(region, 0) + row["people"]
        by_kind[row["institution_type"]] = by_kind.get(row["institution_type"], 0) + row["people"]
    labels = dict(InstitutionType.choices)
    return {
        "total": sum(by_region.values()),
        "by_region": [
            {"region": name, "count": people}
            for (_last, _teryt, name), people in sorted(by_region.items())
            if people
        ],
        "by_kind": [
            {"kind": labels.get(kind, kind), "count": people}
            for kind, people in sorted(by_kind.items(), key=lambda item: (-item[1], item[0]))
            if people
        ],
    }


# --- Visit reports ---------------------------------------------------------------------------


def reports_for(user, event: Event):
    """The host region sees every report; a guest sees their own."""
    reports = event.reports.select_related("author__region", "draft_practice")
    if permissions.can_read_all_reports(user, event):
        return reports.order_by("created_at", "pk")
    if user.is_authenticated:
        return reports.filter(author=user)
    return reports.none()


def own_report(user, event: Event) -> VisitReport | None:
    if not user.is_authenticated:
        return None
    return event.reports.filter(author=user).first()


# --- Calendar feed ---------------------------------------------------------------------------


def active_token(user) -> CalendarFeedToken | None:
    return CalendarFeedToken.objects.filter(user=user, revoked_at__isnull=True).first()


# --- The start page --------------------------------------------------------------------------


def invitations_awaiting_answer(user, *, now: datetime) -> list[Invitation]:
    """Pending invitations ``user`` may answer whose answers are still open, soonest deadline
    first; a region's invitation carries ``pass_on_choices``, the members its coordinator may
    still pass it on to (three queries however many invitations)."""
    if not is_active_member(user):
        return []
    invitations = list(
        Invitation.objects.filter(
            _received_filter(user),
            status=InvitationStatus.PENDING,
            event__cancelled_at__isnull=True,
            event__rsvp_deadline__gte=now,
        )
        .select_related("event__host_region", "region", "invited_by")
        .order_by("event__rsvp_deadline", "pk")
    )
    region_invitations = [invitation for invitation in invitations if invitation.region_id]
    if region_invitations:
        members = list(
            User.objects.filter(region_id=user.region_id, is_active=True, guest_pass__isnull=True)
            .exclude(pk=user.pk)
            .order_by("last_name", "first_name")
        )
        invited = set(
            Invitation.objects.filter(
                event_id__in=[invitation.event_id for invitation in region_invitations],
                user__isnull=False,
            ).values_list("event_id", "user_id")
        )
        for invitation in region_invitations:
            invitation.pass_on_choices = [
                member for member in members if (invitation.event_id, member.pk) not in invited
            ]
    return invitations


def upcoming_events_for(user, *, now: datetime, limit: int = 8) -> list[Event]:
    """Events not yet ended that concern ``user``: their region hosts them, or they (or, for a
    coordinator, their region) accepted an invitation; soonest first."""
    if not is_active_member(user):
        return []
    going = Q(invitations__user=user, invitations__status=InvitationStatus.ACCEPTED)
    if user.region_id is not None:
        going |= Q(host_region_id=user.region_id)
        if user.role == Role.COORDINATOR:
            going |= Q(
                invitations__region_id=user.region_id,
                invitations__status=InvitationStatus.ACCEPTED,
            )
    ids = Event.objects.filter(going, ends_at__gte=now).values("pk")
    return list(
        Event.objects.filter(pk__in=ids)
        .select_related("host_region")
        .order_by("starts_at", "pk")[:limit]
    )
