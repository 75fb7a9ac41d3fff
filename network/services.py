"""Every write to regions, members and networks goes through here.

A service checks permission first, then writes atomically; e-mails leave only after the
transaction commits, so a rolled-back write never sends anything.
"""

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from network import emails, permissions
from network.choices import Role
from network.models import Network, NetworkMembership, Region, User

NATIONAL_MODERATORS_GROUP = "Moderatorzy krajowi"

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


def groups_ensure() -> None:
    """Create the national moderators' group with its permissions (idempotent)."""
    group, _created = Group.objects.get_or_create(name=NATIONAL_MODERATORS_GROUP)
    wanted = []
    for app_label, codename in _NATIONAL_MODERATOR_PERMISSIONS:
        permission = Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        ).first()
        if permission is not None:
            wanted.append(permission)
    group.permissions.add(*wanted)


def member_sync_groups(*, member: User) -> None:
    """National moderators belong to the moderators' group; nobody else does."""
    group = Group.objects.filter(name=NATIONAL_MODERATORS_GROUP).first()
    if group is None:
        groups_ensure()
        group = Group.objects.get(name=NATIONAL_MODERATORS_GROUP)
    if member.role == Role.NATIONAL_MODERATOR and member.is_active:
        member.groups.add(group)
    else:
        member.groups.remove(group)


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
    transaction.on_commit(lambda: emails.send_activation(user=member))
    return member


def member_resend_activation(*, actor: User, member: User) -> None:
    if not permissions.can_manage_region_members(actor, member.region):
        raise PermissionDenied
    if member.is_active or member.has_usable_password():
        raise ValidationError(_("This member has already activated their account."))
    transaction.on_commit(lambda: emails.send_activation(user=member))


@transaction.atomic
def member_activate(*, member: User, password: str) -> User:
    member.set_password(password)
    member.is_active = True
    member.save(update_fields=["password", "is_active"])
    member_sync_groups(member=member)
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
    return member


def member_set_language(*, member: User, language: str) -> None:
    if member.language != language:
        member.language = language
        member.save(update_fields=["language"])


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
