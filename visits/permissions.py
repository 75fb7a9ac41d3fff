"""Who may do what with events and invitations. A refused lookup is a plain 404, the same as
for something that does not exist, so outsiders learn nothing about other regions' plans."""

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from network.choices import Role
from network.models import Region
from visits.choices import InvitationStatus
from visits.models import Event, EventOrganiser, Invitation


def _is_active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def guest_event_id(user) -> int | None:
    """The one event an e-mail guest may see, or None for a member. Only guests have the
    guest role (and a pass), so a member's answer costs no query."""
    if not _is_active(user) or user.role != Role.GUEST:
        return None
    guest_pass = getattr(user, "guest_pass", None)
    return guest_pass.event_id if guest_pass is not None else None


def _is_guest(user) -> bool:
    return guest_event_id(user) is not None


def is_region_coordinator(user, region_id: int | None) -> bool:
    return (
        _is_active(user)
        and user.role == Role.COORDINATOR
        and region_id is not None
        and user.region_id == region_id
    )


def can_organise_events(user, region: Region) -> bool:
    """The region's coordinator, and members the coordinator has allowed."""
    if not _is_active(user) or user.region_id != region.pk or _is_guest(user):
        return False
    if user.role == Role.COORDINATOR:
        return True
    return EventOrganiser.objects.filter(user=user, region=region).exists()


def can_manage_event(user, event: Event) -> bool:
    return can_organise_events(user, event.host_region)


def can_see_event(user, event: Event) -> bool:
    """Public events: anyone. Members-only events: members and national staff, plus the
    guests invited to it. An e-mail guest sees only their own event."""
    if _is_guest(user):
        return user.guest_pass.event_id == event.pk and user.guest_pass.is_valid()
    if event.is_public:
        return True
    return _is_active(user)


def is_participant(user, event: Event) -> bool:
    """The host region's members and everyone whose invitation (personal, or their region's)
    has been accepted. They see the guest list."""
    if not _is_active(user):
        return False
    if user.region_id == event.host_region_id and not _is_guest(user):
        return True
    mine = Q(user=user)
    if user.region_id is not None and not _is_guest(user):
        mine |= Q(region_id=user.region_id)
    return event.invitations.filter(mine, status=InvitationStatus.ACCEPTED).exists()


def can_see_invitation(user, invitation: Invitation) -> bool:
    """The invitee (for a region: its coordinator) and the host's organisers."""
    if not _is_active(user):
        return False
    if invitation.user_id is not None and invitation.user_id == user.pk:
        return True
    if invitation.region_id is not None and is_region_coordinator(user, invitation.region_id):
        return True
    return can_manage_event(user, invitation.event)


def can_answer_invitation(user, invitation: Invitation) -> bool:
    if invitation.user_id is not None:
        return _is_active(user) and invitation.user_id == user.pk
    return is_region_coordinator(user, invitation.region_id)


def can_pass_on_invitation(user, invitation: Invitation) -> bool:
    return invitation.region_id is not None and is_region_coordinator(user, invitation.region_id)


def _access(user, pk, allowed) -> Event:
    event = get_object_or_404(Event.objects.select_related("host_region", "organiser"), pk=pk)
    if not allowed(user, event):
        raise Http404
    return event


def access_event(user, pk) -> Event:
    return _access(user, pk, can_see_event)


def access_event_for_management(user, pk) -> Event:
    return _access(user, pk, can_manage_event)


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
