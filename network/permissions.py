"""Who may do what. Views and services ask these; a refused lookup is a plain 404.

"Not found" is answered the same way for "does not exist" and "you may not see it", so
an outsider learns nothing about other regions' members or pages.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404

from network.choices import Role
from network.models import Network, NetworkMembership, Region, User


def is_active_member(user) -> bool:
    """Signed in with an active account: a WZK member, national staff, or an e-mail guest
    (whose reach the guest middleware limits to their one event)."""
    return bool(user and user.is_authenticated and user.is_active)


def is_guest(user) -> bool:
    """An e-mail guest: an active account with the guest role (no region, one event)."""
    return is_active_member(user) and user.role == Role.GUEST


def is_member(user) -> bool:
    """A WZK member or national staff: active and not an e-mail guest."""
    return is_active_member(user) and user.role != Role.GUEST


def is_region_coordinator(user, region_id: int | None) -> bool:
    return (
        is_active_member(user)
        and user.role == Role.COORDINATOR
        and region_id is not None
        and user.region_id == region_id
    )


def is_national_staff(user) -> bool:
    return is_active_member(user) and user.role == Role.NATIONAL_MODERATOR


def has_admin_work(user) -> bool:
    """Who is shown the way to the admin: national staff and superusers (the page tree, the
    catalogues, the final approval) and coordinators (approving their region's practices).
    Members submit practices on the site and are not sent to the admin."""
    return (
        is_member(user)
        and (user.is_superuser or is_national_staff(user) or user.role == Role.COORDINATOR)
        and user.has_perm("wagtailadmin.access_admin")
    )


def can_see_contact_details(user) -> bool:
    return is_active_member(user)


def can_see_network_members(user) -> bool:
    """Who belongs to which thematic network: the network page, the directory's network
    filter and a member's page all ask this."""
    return is_active_member(user)


def can_manage_region_members(user, region: Region) -> bool:
    return is_region_coordinator(user, region.pk)


def can_edit_region(user, region: Region) -> bool:
    return can_manage_region_members(user, region)


def can_manage_network(user, network: Network) -> bool:
    if not is_active_member(user):
        return False
    if user.role == Role.NATIONAL_MODERATOR:
        return True
    return NetworkMembership.objects.filter(network=network, user=user, is_moderator=True).exists()


def access_managed_member(user, member_id: int) -> User:
    """A member of the coordinator's own region, or 404."""
    if not is_active_member(user) or user.role != Role.COORDINATOR or user.region_id is None:
        raise Http404
    return get_object_or_404(
        User.objects.select_related("region"), pk=member_id, region_id=user.region_id
    )


def access_region_for_edit(user, slug: str) -> Region:
    region = get_object_or_404(Region, slug=slug)
    if not can_edit_region(user, region):
        raise Http404
    return region


def access_network_for_management(user, slug: str) -> Network:
    network = get_object_or_404(Network, slug=slug)
    if not can_manage_network(user, network):
        raise Http404
    return network
