"""Reads for pages and the admin. Each returns a queryset whose query count is fixed."""

from django.db.models import Count, Prefetch, Q, QuerySet

from network.choices import Role
from network.collation import polish
from network.models import Network, NetworkMembership, Region, User
from network.text import fold

MAX_NAME_WORDS = 4


def regions_with_member_counts() -> QuerySet[Region]:
    return Region.objects.annotate(
        member_count=Count("members", filter=Q(members__is_active=True), distinct=True)
    )


def region_members(region: Region) -> QuerySet[User]:
    return (
        User.objects.filter(region=region, is_active=True)
        .select_related("region")
        .order_by("role", polish("last_name"), polish("first_name"), "pk")
    )


def region_coordinators(region: Region) -> QuerySet[User]:
    return region_members(region).filter(role=Role.COORDINATOR)


def region_networks(region: Region) -> QuerySet[Network]:
    """Networks in which at least one of the region's members takes part."""
    return Network.objects.filter(
        memberships__user__region=region, memberships__user__is_active=True
    ).distinct()


def managed_members(coordinator: User) -> QuerySet[User]:
    """Everybody in the coordinator's region, including those not yet activated."""
    return User.objects.filter(region_id=coordinator.region_id).select_related("region")


def networks_with_member_counts() -> QuerySet[Network]:
    return Network.objects.annotate(
        member_count=Count(
            "memberships", filter=Q(memberships__user__is_active=True), distinct=True
        ),
        region_count=Count(
            "memberships__user__region",
            filter=Q(memberships__user__is_active=True),
            distinct=True,
        ),
    )


def network_memberships(network: Network) -> QuerySet[NetworkMembership]:
    return (
        NetworkMembership.objects.filter(network=network, user__is_active=True)
        .select_related("user", "user__region")
        .order_by("-is_moderator", polish("user__last_name"), polish("user__first_name"), "pk")
    )


def network_moderators(network: Network) -> QuerySet[User]:
    return User.objects.filter(
        network_memberships__network=network,
        network_memberships__is_moderator=True,
        is_active=True,
    ).select_related("region")


def members_directory(
    *,
    q: str = "",
    region: Region | None = None,
    institution_type: str | None = None,
    network: Network | None = None,
) -> QuerySet[User]:
    # E-mail guests of an event are not members of the platform.
    members = User.objects.filter(is_active=True).exclude(role=Role.GUEST).select_related("region")
    for word in q.split()[:MAX_NAME_WORDS]:
        # Every word, in the first or the last name, case and diacritics aside ("anna now"
        # finds Anna Nowak, "lukasz" Łukasz): the folded name, the same on both databases.
        members = members.filter(search_name__contains=fold(word))
    if region is not None:
        members = members.filter(region=region)
    if institution_type:
        members = members.filter(institution_type=institution_type)
    if network is not None:
        members = members.filter(network_memberships__network=network)
    return members.prefetch_related(
        Prefetch("networks", queryset=Network.objects.order_by("name"))
    ).order_by(polish("last_name"), polish("first_name"), "pk")


def member_networks(member: User) -> QuerySet[Network]:
    return Network.objects.filter(memberships__user=member).order_by("name")
