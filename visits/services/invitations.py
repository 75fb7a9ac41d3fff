"""Invitations: the host invites whole regions or named members of other regions, the invited
region's coordinator passes an invitation on to chosen members, the host withdraws one.
Answers (and the seats they take) are ``visits.services.seats``."""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from network.models import Region, User
from visits import notifications, permissions, selectors
from visits.choices import InvitationStatus
from visits.models import Event, Invitation
from visits.notifications import Change
from visits.services.seats import refuse_if_closed, waiting_list_promote

Status = InvitationStatus


def invitations_send(
    *,
    actor: User,
    event: Event,
    regions: Iterable[Region] = (),
    users: Iterable[User] = (),
    message: str = "",
) -> list[Invitation]:
    """Invite whole regions (their coordinators answer or pass it on) and named members of
    other regions. Nothing is sent unless every invitee is acceptable."""
    if not permissions.can_manage_event(actor, event):
        raise PermissionDenied
    regions, users = list(regions), list(users)
    if not regions and not users:
        raise ValidationError(_("Choose at least one region or member to invite."))
    refuse_if_closed(event, timezone.now())
    errors = []
    if any(region.pk == event.host_region_id for region in regions):
        errors.append(_("You cannot invite your own region."))
    for user in users:
        if user.region_id == event.host_region_id:
            errors.append(
                _("%(name)s is a member of your own region; invite members of other regions.")
                % {"name": user}
            )
        elif not user.is_active or user.region_id is None:
            errors.append(_("%(name)s cannot be invited.") % {"name": user})
    already = event.invitations.filter(
        user__in=[user.pk for user in users]
    ) | event.invitations.filter(region__in=[region.pk for region in regions])
    for invitation in already.select_related("user", "region"):
        errors.append(
            _("%(name)s has already been invited.") % {"name": invitation.user or invitation.region}
        )
    if errors:
        raise ValidationError(errors)
    message = (message or "").strip()
    with transaction.atomic():
        # One insert and one notice however many are invited: the notice's task tells each
        # recipient (a member, or an invited region's coordinators) about their invitation.
        created = Invitation.objects.bulk_create(
            [
                Invitation(event=event, region=region, invited_by=actor, message=message)
                for region in regions
            ]
            + [
                Invitation(event=event, user=user, invited_by=actor, message=message)
                for user in users
            ]
        )
        notifications.notify(
            change=Change.INVITED,
            event=event,
            invitations=created,
            recipients=[*users, *selectors.coordinators_of_regions(regions)],
        )
    return created


def invitation_pass_on(
    *, actor: User, invitation: Invitation, users: Iterable[User], message: str = ""
) -> list[Invitation]:
    """The invited region's coordinator passes the invitation on to chosen members."""
    if not permissions.can_pass_on_invitation(actor, invitation):
        raise PermissionDenied
    users = list(users)
    if not users:
        raise ValidationError(_("Choose at least one member."))
    event = invitation.event
    if invitation.status == Status.CANCELLED:
        raise ValidationError(_("This invitation has been withdrawn."))
    refuse_if_closed(event, timezone.now())
    errors = [
        _("%(name)s is not an active member of your region.") % {"name": user}
        for user in users
        if user.region_id != invitation.region_id or not user.is_active
    ]
    for existing in event.invitations.filter(user__in=users).select_related("user"):
        errors.append(_("%(name)s has already been invited.") % {"name": existing.user})
    if errors:
        raise ValidationError(errors)
    message = (message or "").strip()
    with transaction.atomic():
        created = Invitation.objects.bulk_create(
            [
                Invitation(
                    event=event,
                    user=user,
                    invited_by=actor,
                    passed_on_from=invitation,
                    message=message,
                )
                for user in users
            ]
        )
        notifications.notify(
            change=Change.INVITED, event=event, invitations=created, recipients=users
        )
    return created


def invitation_cancel(*, actor: User, invitation: Invitation) -> Invitation:
    """The host withdraws an invitation (and the ones passed on from it); freed seats go to
    the waiting list."""
    if not permissions.can_withdraw_invitation(actor, invitation):
        raise PermissionDenied
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=invitation.event_id)
        withdrawn = Invitation.objects.select_for_update().filter(
            pk__in=[invitation.pk, *invitation.passed_on.values_list("pk", flat=True)]
        )
        now = timezone.now()
        for row in withdrawn:
            if row.status == Status.CANCELLED:
                continue
            concerned = row.status != Status.DECLINED
            row.status = Status.CANCELLED
            row.cancelled_at = now
            row.waitlist_position = None
            row.waitlisted_at = None
            row.save()
            if concerned and not event.is_cancelled:
                notifications.notify(
                    change=Change.INVITATION_CANCELLED,
                    event=event,
                    invitations=[row],
                    recipients=selectors.invitation_recipients(row),
                )
        waiting_list_promote(event)
    invitation.refresh_from_db()
    return invitation
