"""A region's visits for its page: the events it hosted with guests from other regions, and
the events of other regions its people went to (an accepted invitation, or the host's
attendance record). Only events that have started and were not cancelled, and only those the
viewer may see."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from network.models import Region
from visits import selectors
from visits.choices import InvitationStatus
from visits.models import Attendance, Event, Invitation

SHOWN = 20


@dataclass
class RegionVisits:
    hosted: list[Event]
    hosted_count: int
    made: list[Event]
    made_count: int
    shown: int


def _accepted(**filters) -> QuerySet[Invitation]:
    return Invitation.objects.filter(
        event=OuterRef("pk"), status=InvitationStatus.ACCEPTED, **filters
    )


def hosted_visits(region: Region, *, user, now: datetime | None = None) -> QuerySet[Event]:
    """Events the region hosted that guests from other regions came to."""
    guests = Exists(_accepted().filter(Q(region__isnull=False) | Q(user__region__isnull=False)))
    recorded = Exists(
        Attendance.objects.filter(event=OuterRef("pk"), region__isnull=False).exclude(region=region)
    )
    return _past(selectors.visible_events(user).filter(host_region=region), now).filter(
        guests | recorded
    )


def made_visits(region: Region, *, user, now: datetime | None = None) -> QuerySet[Event]:
    """Events of other regions the region's people went to."""
    went = (
        Exists(_accepted(region=region))
        | Exists(_accepted(user__region=region))
        | Exists(Attendance.objects.filter(event=OuterRef("pk"), region=region))
    )
    return _past(selectors.visible_events(user).exclude(host_region=region), now).filter(went)


def _past(events: QuerySet[Event], now: datetime | None) -> QuerySet[Event]:
    return events.filter(starts_at__lte=now or timezone.now(), cancelled_at__isnull=True)


def region_visits(region: Region, *, user, limit: int = SHOWN) -> RegionVisits:
    """The latest visits each way with their counts, in a fixed number of queries."""
    now = timezone.now()
    hosted = hosted_visits(region, user=user, now=now)
    made = made_visits(region, user=user, now=now)
    latest_hosted = list(_with_guests(hosted)[:limit])
    for event in latest_hosted:
        event.guest_regions = _guest_regions(event)
    return RegionVisits(
        hosted=latest_hosted,
        hosted_count=hosted.count(),
        made=list(made.order_by("-starts_at", "-pk")[:limit]),
        made_count=made.count(),
        shown=limit,
    )


def _with_guests(events: QuerySet[Event]) -> QuerySet[Event]:
    return events.order_by("-starts_at", "-pk").prefetch_related(
        Prefetch(
            "invitations",
            queryset=Invitation.objects.filter(status=InvitationStatus.ACCEPTED).select_related(
                "region", "user__region"
            ),
            to_attr="accepted_invitations",
        ),
        Prefetch(
            "attendance",
            queryset=Attendance.objects.filter(region__isnull=False).select_related("region"),
            to_attr="regional_attendance",
        ),
    )


def _guest_regions(event: Event) -> list[Region]:
    regions = {
        invitation.region or invitation.user.region for invitation in event.accepted_invitations
    }
    regions |= {row.region for row in event.regional_attendance}
    regions.discard(None)
    regions = {region for region in regions if region.pk != event.host_region_id}
    return sorted(regions, key=lambda region: region.teryt)
