"""Every rule of who may see or do what with events, invitations, the event's room, attendance,
visit reports, calendar feeds and guest access: one function per kind of access, asked by
views, the API, consumers and services alike.

A refused lookup is a plain 404, the same as for something that does not exist, so outsiders
learn nothing about other regions' plans."""

from datetime import datetime

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from network.choices import Role
from network.models import Region, User
from network.permissions import (
    is_active_member,
    is_guest,
    is_member,
    is_region_coordinator,
)
from visits.choices import InvitationStatus
from visits.models import (
    Event,
    EventOrganiser,
    GuestPass,
    Invitation,
    VisitReport,
    event_room_key,
)

# --- E-mail guests ---------------------------------------------------------------------------


def guest_pass_of(user) -> GuestPass | None:
    """The pass of a signed-in guest account (None for members: the role answers without a
    query). Read through ``user.guest_pass``, so later checks in the request reuse it."""
    if not is_guest(user):
        return None
    try:
        return user.guest_pass
    except GuestPass.DoesNotExist:
        return None


def guest_event_id(user) -> int | None:
    """The one event an e-mail guest may see, or None for a member."""
    guest_pass = guest_pass_of(user)
    return guest_pass.event_id if guest_pass is not None else None


def _valid_guest_pass_for(user, event_id: int) -> bool:
    guest_pass = guest_pass_of(user)
    return guest_pass is not None and guest_pass.event_id == event_id and guest_pass.is_valid()


# Pages every signed-in guest may open (their own account).
GUEST_OPEN_PAGES = frozenset(
    {
        "network:login",
        "network:logout",
        "network:profile",
        "network:dashboard",
        "network:password_change",
        "set_language",
        "visits:my_invitations",
        "visits:answer_link",
        "visits:guest_welcome",
    }
)


def guest_may_open(guest_pass: GuestPass, *, view_name: str, kwargs: dict) -> bool:
    """Only the guest's event (its pages, under ``visits:event_…``), their invitation
    (``visits:invitation_…``), the event's room, and their own account."""
    if view_name in GUEST_OPEN_PAGES:
        return True
    if view_name == "chat:history":
        return kwargs.get("key") == event_room_key(guest_pass.event_id)
    namespace, _sep, name = view_name.partition(":")
    if namespace != "visits":
        return False
    if name.startswith("event_"):
        return str(kwargs.get("pk")) == str(guest_pass.event_id)
    if name.startswith("invitation_"):
        return str(kwargs.get("pk")) == str(guest_pass.invitation_id)
    return False


# --- Events ----------------------------------------------------------------------------------


def can_organise_events(user, region: Region) -> bool:
    """The region's coordinator, and members the coordinator has allowed."""
    if not is_member(user) or user.region_id != region.pk:
        return False
    if user.role == Role.COORDINATOR:
        return True
    return EventOrganiser.objects.filter(user=user, region=region).exists()


def can_manage_event(user, event: Event) -> bool:
    return can_organise_events(user, event.host_region)


def can_see_event(user, event: Event) -> bool:
    """Public events: anyone. Members-only events: members and national staff, plus the
    guests invited to it. An e-mail guest sees only their own event."""
    if is_guest(user):
        return _valid_guest_pass_for(user, event.pk)
    if event.is_public:
        return True
    return is_active_member(user)


def visible_events_filter(user, *, now: datetime | None = None) -> Q:
    """``can_see_event`` as a filter: the events ``user`` sees in calendars, the ``.ics``
    download, the feed and the API."""
    if is_member(user):
        return Q()
    visible = Q(is_public=True)
    guest_pass = guest_pass_of(user)
    if guest_pass is not None and guest_pass.is_valid(now):
        visible |= Q(pk=guest_pass.event_id)
    return visible


def is_host_member(user, event: Event) -> bool:
    """A member of the event's host region (not a guest)."""
    return is_member(user) and user.region_id == event.host_region_id


def is_participant(user, event: Event) -> bool:
    """The host region's members and everyone whose invitation (personal, or their region's)
    has been accepted. They see the guest list."""
    if not is_active_member(user):
        return False
    if is_host_member(user, event):
        return True
    mine = Q(user=user)
    if user.region_id is not None and not is_guest(user):
        mine |= Q(region_id=user.region_id)
    return event.invitations.filter(mine, status=InvitationStatus.ACCEPTED).exists()


def _access(user, pk, allowed) -> Event:
    event = get_object_or_404(Event.objects.select_related("host_region", "organiser"), pk=pk)
    if not allowed(user, event):
        raise Http404
    return event


def access_event(user, pk) -> Event:
    return _access(user, pk, can_see_event)


def access_event_for_management(user, pk) -> Event:
    return _access(user, pk, can_manage_event)


# --- Invitations -----------------------------------------------------------------------------


def can_see_invitation(user, invitation: Invitation) -> bool:
    """The invitee (for a region: its coordinator) and the host's organisers."""
    if not is_active_member(user):
        return False
    if invitation.user_id is not None and invitation.user_id == user.pk:
        return True
    if invitation.region_id is not None and is_region_coordinator(user, invitation.region_id):
        return True
    return can_manage_event(user, invitation.event)


def can_answer_invitation(user, invitation: Invitation) -> bool:
    if invitation.user_id is not None:
        return is_active_member(user) and invitation.user_id == user.pk
    return is_region_coordinator(user, invitation.region_id)


def can_pass_on_invitation(user, invitation: Invitation) -> bool:
    return invitation.region_id is not None and is_region_coordinator(user, invitation.region_id)


def access_invitation(user, pk) -> Invitation:
    invitation = get_object_or_404(
        Invitation.objects.select_related(
            "event__host_region",
            "event__organiser",
            "region",
            "user",
            "invited_by",
            "passed_on_from__region",
            "passed_on_from__invited_by",
        ),
        pk=pk,
    )
    if not can_see_invitation(user, invitation):
        raise Http404
    return invitation


def access_invitation_to_answer(user, pk) -> Invitation:
    """An invitation ``user`` may answer (the page, the API and the e-mail's links), or 404."""
    invitation = access_invitation(user, pk)
    if not can_answer_invitation(user, invitation):
        raise Http404
    return invitation


def access_invitation_to_pass_on(user, pk) -> Invitation:
    invitation = access_invitation(user, pk)
    if not can_pass_on_invitation(user, invitation):
        raise Http404
    return invitation


def can_withdraw_invitation(user, invitation: Invitation) -> bool:
    """The host's organisers."""
    return can_manage_event(user, invitation.event)


def access_invitation_to_withdraw(user, pk) -> Invitation:
    invitation = access_invitation(user, pk)
    if not can_withdraw_invitation(user, invitation):
        raise Http404
    return invitation


# --- The event's room ------------------------------------------------------------------------


def can_enter_event_room(user, event: Event) -> bool:
    """The host region's members and the accepted guests (members of other regions with an
    accepted invitation, e-mail guests with a valid pass and an accepted invitation)."""
    if not is_active_member(user):
        return False
    if is_guest(user):
        return (
            _valid_guest_pass_for(user, event.pk)
            and event.invitations.filter(user=user, status=InvitationStatus.ACCEPTED).exists()
        )
    return is_participant(user, event)


def event_room_entrants(event: Event) -> QuerySet[User]:
    """Everyone ``can_enter_event_room`` lets in, as one query."""
    accepted = Invitation.objects.filter(event=event, status=InvitationStatus.ACCEPTED)
    member = ~Q(role=Role.GUEST) & (
        Q(region_id=event.host_region_id)
        | Q(region_id__in=accepted.filter(region__isnull=False).values("region_id"))
        | Q(pk__in=accepted.filter(user__isnull=False).values("user_id"))
    )
    guest = Q(
        role=Role.GUEST,
        guest_pass__event=event,
        guest_pass__expires_at__gt=timezone.now(),
        pk__in=accepted.filter(user__isnull=False).values("user_id"),
    )
    return User.objects.filter(member | guest, is_active=True)


def events_with_room_for(user, *, ended_since: datetime | None) -> QuerySet[Event]:
    """The events whose room ``user`` may enter, not cancelled, not ended before
    ``ended_since`` (if given); one query (the same rule as ``can_enter_event_room``)."""
    if not is_active_member(user):
        return Event.objects.none()
    events = Event.objects.filter(cancelled_at__isnull=True)
    if ended_since is not None:
        events = events.filter(ends_at__gte=ended_since)
    accepted = Invitation.objects.filter(status=InvitationStatus.ACCEPTED)
    if is_guest(user):
        valid_pass = GuestPass.objects.filter(user=user, expires_at__gt=timezone.now())
        return events.filter(
            pk__in=valid_pass.values("event_id"),
            invitations__in=accepted.filter(user=user),
        ).order_by("starts_at", "pk")
    mine = Q(user=user)
    if user.region_id is not None:
        mine |= Q(region_id=user.region_id)
    return events.filter(
        Q(host_region_id=user.region_id) | Q(pk__in=accepted.filter(mine).values("event_id"))
    ).order_by("starts_at", "pk")


# --- After the event: attendance and visit reports -------------------------------------------


def has_started(event: Event, now: datetime | None = None) -> bool:
    return event.starts_at <= (now or timezone.now())


def can_record_attendance(user, event: Event, now: datetime | None = None) -> bool:
    return can_manage_event(user, event) and not event.is_cancelled and has_started(event, now)


def can_write_report(user, event: Event) -> bool:
    """A guest who came: an accepted invitation (an e-mail guest's pass still valid), from
    outside the host region, once the event has started."""
    return (
        not event.is_cancelled
        and has_started(event)
        and not is_host_member(user, event)
        and can_enter_event_room(user, event)
    )


def can_read_all_reports(user, event: Event) -> bool:
    return is_host_member(user, event)


def can_start_practice(user, report: VisitReport) -> bool:
    """Any member of the host region: the draft goes into the host region's section, where
    only its members write, and through the region's usual moderation."""
    return is_host_member(user, report.event)


# --- Calendars -------------------------------------------------------------------------------


def may_have_feed(user) -> bool:
    """Members only: an e-mail guest's account is limited to one event's page and room."""
    return is_member(user)
