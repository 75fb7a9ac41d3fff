"""Every write to regions, members and networks goes through here.

A service checks permission first, then writes atomically; e-mails leave only after the
transaction commits, so a rolled-back write never sends anything.
"""

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from network import emails, permissions
from network.choices import Role
from network.models import Network, NetworkMembership, Region, User

NATIONAL_MODERATORS_GROUP = "Moderatorzy krajowi"
REGION_MEMBERS_GROUP = "Członkowie WZK – {region}"
REGION_COORDINATORS_GROUP = "Koordynatorzy WZK – {region}"

# Django permissions the national staff need in the Wagtail admin.
_NATIONAL_MODERATOR_PERMISSIONS = (
    ("wagtailadmin", "access_admin"),
    ("network", "view_region"),
    ("network", "change_region"),
    ("network", "view_network"),
    ("network", "add_network"),
    ("network", "change_network"),
    ("network", "delete_network"),
    ("network", "view_networkmembership"),
    ("network", "add_networkmembership"),
    ("network", "change_networkmembership"),
    ("network", "delete_networkmembership"),
    ("network", "view_user"),
    ("network", "add_user"),
    ("network", "change_user"),
)

MEMBER_PROFILE_FIELDS = (
    "first_name",
    "last_name",
    "institution_name",
    "institution_type",
    "position",
    "phone",
    "language",
)
COORDINATOR_MANAGED_ROLES = (Role.MEMBER, Role.SECRETARIAT)


def region_groups(region: Region) -> tuple[str, str]:
    """Names of a region's two groups: all its WZK members, and its coordinators."""
    return (
        REGION_MEMBERS_GROUP.format(region=region.name),
        REGION_COORDINATORS_GROUP.format(region=region.name),
    )


def _permissions(pairs) -> list[Permission]:
    return [
        permission
        for app_label, codename in pairs
        if (
            permission := Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
        )
        is not None
    ]


def groups_ensure() -> None:
    """Create the platform's groups with their model permissions (idempotent).

    National moderators manage regions, networks and members; every regional member may enter
    the Wagtail admin (to write good practices; page permissions are granted by ``cms``).
    """
    national, _created = Group.objects.get_or_create(name=NATIONAL_MODERATORS_GROUP)
    national.permissions.add(*_permissions(_NATIONAL_MODERATOR_PERMISSIONS))
    admin_access = _permissions([("wagtailadmin", "access_admin")])
    for region in Region.objects.all():
        for name in region_groups(region):
            group, _created = Group.objects.get_or_create(name=name)
            group.permissions.add(*admin_access)


def member_sync_groups(*, member: User) -> None:
    """Put the member in exactly the platform groups their role and region call for."""
    wanted = set()
    if member.is_active and member.role == Role.NATIONAL_MODERATOR:
        wanted.add(NATIONAL_MODERATORS_GROUP)
    elif member.is_active and member.region_id is not None:
        members_group, coordinators_group = region_groups(member.region)
        wanted.add(members_group)
        if member.role == Role.COORDINATOR:
            wanted.add(coordinators_group)
    managed = Group.objects.filter(
        models.Q(name=NATIONAL_MODERATORS_GROUP)
        | models.Q(name__startswith=REGION_MEMBERS_GROUP.split("{")[0])
        | models.Q(name__startswith=REGION_COORDINATORS_GROUP.split("{")[0])
    )
    if wanted and Group.objects.filter(name__in=wanted).count() < len(wanted):
        groups_ensure()
    member.groups.remove(*managed.exclude(name__in=wanted))
    member.groups.add(*Group.objects.filter(name__in=wanted))
    _sync_admin_language(member)


def _assign(instance, fields: dict, allowed) -> None:
    """Set the given fields; a field outside ``allowed`` is a programming error."""
    for name, value in fields.items():
        if name not in allowed:
            raise ValueError(f"Unexpected field {name!r}")
        setattr(instance, name, value)


def _email_taken(email: str, *, exclude_pk: int | None = None) -> bool:
    queryset = User.objects.filter(email__iexact=email)
    if exclude_pk is not None:
        queryset = queryset.exclude(pk=exclude_pk)
    return queryset.exists()


@transaction.atomic
def member_invite(
    *,
    actor: User,
    email: str,
    first_name: str,
    last_name: str,
    institution_name: str = "",
    institution_type: str = "other",
    position: str = "",
    phone: str = "",
    role: str = Role.MEMBER,
    language: str = "pl",
) -> User:
    """A coordinator adds a member to their own region; the member gets an activation link."""
    region = actor.region
    if region is None or not permissions.can_manage_region_members(actor, region):
        raise PermissionDenied
    if role not in COORDINATOR_MANAGED_ROLES:
        raise ValidationError({"role": _("A coordinator can add members and secretariat staff.")})
    email = User.objects.normalize_email(email)
    if _email_taken(email):
        raise ValidationError({"email": _("A member with this e-mail address already exists.")})
    member = User(
        email=email,
        first_name=first_name,
        last_name=last_name,
        institution_name=institution_name,
        institution_type=institution_type,
        position=position,
        phone=phone,
        role=role,
        language=language,
        region=region,
        invited_by=actor,
        is_active=False,
    )
    member.set_unusable_password()
    member.save()
    emails.send_activation(user=member)
    return member


def member_resend_activation(*, actor: User, member: User) -> None:
    if not permissions.can_manage_region_members(actor, member.region):
        raise PermissionDenied
    if member.is_active or member.has_usable_password():
        raise ValidationError(_("This member has already activated their account."))
    emails.send_activation(user=member)


@transaction.atomic
def member_activate(*, member: User, password: str) -> User:
    member.set_password(password)
    member.is_active = True
    member.save(update_fields=["password", "is_active"])
    member_sync_groups(member=member)
    _sync_admin_language(member)
    return member


@transaction.atomic
def member_update_by_coordinator(*, actor: User, member: User, **fields) -> User:
    if not permissions.can_manage_region_members(actor, member.region):
        raise PermissionDenied
    role = fields.get("role", member.role)
    if member.pk != actor.pk and role not in COORDINATOR_MANAGED_ROLES:
        raise ValidationError({"role": _("A coordinator can add members and secretariat staff.")})
    _assign(member, fields, (*MEMBER_PROFILE_FIELDS, "role"))
    member.save()
    member_sync_groups(member=member)
    _sync_admin_language(member)
    return member


@transaction.atomic
def member_set_active(*, actor: User, member: User, active: bool) -> User:
    """A coordinator removes a member from the region's WZK (or brings them back)."""
    if not permissions.can_manage_region_members(actor, member.region):
        raise PermissionDenied
    if member.pk == actor.pk:
        raise ValidationError(_("You cannot deactivate your own account."))
    if active and not member.has_usable_password():
        raise ValidationError(_("This member has not activated their account yet."))
    member.is_active = active
    member.save(update_fields=["is_active"])
    member_sync_groups(member=member)
    return member


@transaction.atomic
def profile_update(*, member: User, **fields) -> User:
    _assign(member, fields, MEMBER_PROFILE_FIELDS)
    member.save()
    _sync_admin_language(member)
    return member


def member_set_language(*, member: User, language: str) -> None:
    if member.language != language:
        member.language = language
        member.save(update_fields=["language"])
        _sync_admin_language(member)


def _sync_admin_language(member: User) -> None:
    """Wagtail's own e-mails (moderation) and admin screens follow the member's language."""
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(member)
    if profile.preferred_language != member.language:
        profile.preferred_language = member.language
        profile.save(update_fields=["preferred_language"])


@transaction.atomic
def region_update(*, actor: User, region: Region, **fields) -> Region:
    if not permissions.can_edit_region(actor, region):
        raise PermissionDenied
    _assign(region, fields, ("wzk_description", "wzk_email", "wzk_website"))
    region.save()
    return region


@transaction.atomic
def network_member_add(
    *, actor: User | None, network: Network, member: User, is_moderator: bool = False
) -> NetworkMembership:
    """Add a member (from any region) to a network. ``actor=None`` is the system (demo data)."""
    if actor is not None and not permissions.can_manage_network(actor, network):
        raise PermissionDenied
    if not member.is_active:
        raise ValidationError(_("Only active members can join a network."))
    membership, created = NetworkMembership.objects.get_or_create(
        network=network, user=member, defaults={"is_moderator": is_moderator}
    )
    if not created and membership.is_moderator != is_moderator:
        membership.is_moderator = is_moderator
        membership.save(update_fields=["is_moderator"])
    return membership


@transaction.atomic
def network_member_remove(*, actor: User, network: Network, member: User) -> None:
    if not permissions.can_manage_network(actor, network):
        raise PermissionDenied
    deleted, _rows = NetworkMembership.objects.filter(network=network, user=member).delete()
    if not deleted:
        raise ValidationError(_("This person is not a member of the network."))


@transaction.atomic
def network_moderator_set(
    *, actor: User, network: Network, member: User, is_moderator: bool
) -> NetworkMembership:
    if not permissions.can_manage_network(actor, network):
        raise PermissionDenied
    membership = NetworkMembership.objects.filter(network=network, user=member).first()
    if membership is None:
        raise ValidationError(_("This person is not a member of the network."))
    if not is_moderator and membership.user_id == actor.pk and not actor.is_national_moderator:
        raise ValidationError(_("You cannot remove your own moderator role."))
    membership.is_moderator = is_moderator
    membership.save(update_fields=["is_moderator"])
    return membership
