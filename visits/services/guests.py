"""Guests who are not members, invited by e-mail to one event.

A guest is a ``network.User`` with the guest role, no region and a ``GuestPass``: they see their
event's page, their invitation and the event's room, nothing else, until the pass expires some
days after the event. The member who invited them is the sponsor. The e-mailed link to set a
password is the members' activation token (signed, expiring, single-use, bound to the guest)."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _

from network import services as network_services
from network.choices import Role
from network.emails import absolute_url, send_templated_mail
from network.models import User
from network.tokens import activation_token
from visits import notifications, permissions
from visits.models import Event, GuestPass, Invitation


def guest_pass_expiry(event: Event):
    return event.ends_at + timedelta(days=settings.VISITS_GUEST_PASS_DAYS)


@receiver(post_save, sender=Event, dispatch_uid="visits_guest_passes_follow_the_event")
def guest_passes_follow_the_event(sender, instance: Event, created=False, **kwargs):
    """A rescheduled event moves its guests' passes with it (events know nothing of guests)."""
    if not created:
        expiry = guest_pass_expiry(instance)
        GuestPass.objects.filter(event=instance).exclude(expires_at=expiry).update(
            expires_at=expiry
        )


@transaction.atomic
def guest_invite(
    *,
    actor: User,
    event: Event,
    email: str,
    first_name: str,
    last_name: str,
    message: str = "",
    language: str = "pl",
) -> Invitation:
    """Create a guest account with a pass for the event and a personal invitation, and e-mail
    the guest a link to set their password. The actor becomes the guest's sponsor."""
    if not permissions.can_manage_event(actor, event):
        raise PermissionDenied
    if event.is_cancelled:
        raise ValidationError(_("This event has been cancelled."))
    if event.answers_closed():
        raise ValidationError(
            _("The deadline for answers has passed; guests can no longer be invited.")
        )
    email = User.objects.normalize_email(email)
    first_name, last_name = (first_name or "").strip(), (last_name or "").strip()
    if not first_name or not last_name:
        raise ValidationError(_("Give the guest's first and last name."))
    existing = User.objects.filter(email__iexact=email).select_related("guest_pass").first()
    if existing is not None:
        guest_pass = getattr(existing, "guest_pass", None)
        if guest_pass is not None and guest_pass.event_id == event.pk:
            raise ValidationError({"email": _("This guest has already been invited.")})
        if guest_pass is not None:
            raise ValidationError(
                {"email": _("This address already has a guest account for another event.")}
            )
        raise ValidationError(
            {
                "email": _(
                    "This address belongs to a member of the platform; invite them as a member."
                )
            }
        )
    guest = User(
        email=email,
        first_name=first_name,
        last_name=last_name,
        role=Role.GUEST,
        region=None,
        language=language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE,
        invited_by=actor,
        is_active=False,
    )
    guest.set_unusable_password()
    guest.save()
    invitation = Invitation.objects.create(
        event=event, user=guest, invited_by=actor, message=(message or "").strip()
    )
    GuestPass.objects.create(
        user=guest,
        event=event,
        invitation=invitation,
        sponsor=actor,
        expires_at=guest_pass_expiry(event),
    )
    send_guest_welcome(invitation=invitation)
    return invitation


def welcome_link(guest: User) -> str:
    uidb64 = urlsafe_base64_encode(force_bytes(guest.pk))
    token = activation_token.make_token(guest)
    return absolute_url(reverse("visits:guest_welcome", kwargs={"uidb64": uidb64, "token": token}))


def send_guest_welcome(*, invitation: Invitation) -> None:
    """The invitation, the link to set a password, and the event for the guest's calendar."""
    guest, event = invitation.user, invitation.event
    send_templated_mail(
        to=guest,
        template="visits/emails/guest_welcome",
        context={
            "event": event,
            "invitation": invitation,
            "sponsor": invitation.invited_by,
            "welcome_url": welcome_link(guest),
            "valid_days": settings.PASSWORD_RESET_TIMEOUT // 86_400,
            "expires_at": guest.guest_pass.expires_at,
        },
        attachments=[notifications.calendar_part(event, recipient=guest)],
    )


def guest_resend_welcome(*, actor: User, invitation: Invitation) -> None:
    if not permissions.can_manage_event(actor, invitation.event):
        raise PermissionDenied
    guest = invitation.user
    if guest is None or not guest.is_guest or guest.guest_pass.claimed_at is not None:
        raise ValidationError(_("This guest has already set a password."))
    send_guest_welcome(invitation=invitation)


class WelcomeRefused(Exception):
    """Why a welcome link cannot be used; ``message`` is for the person holding it."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def guest_from_welcome_link(uidb64: str, token: str, *, visitor) -> User:
    """The guest a welcome link is for, if it may be used now by ``visitor`` (who may be
    logged out); otherwise ``WelcomeRefused`` saying why. Nothing is changed."""
    try:
        guest = User.objects.select_related("guest_pass__event").get(
            pk=int(force_str(urlsafe_base64_decode(uidb64))), role=Role.GUEST
        )
        guest_pass = guest.guest_pass
    except (ValueError, TypeError, OverflowError, User.DoesNotExist, GuestPass.DoesNotExist):
        raise WelcomeRefused(
            _("This link is not valid. Check that you copied all of it.")
        ) from None
    if visitor.is_authenticated and visitor.pk != guest.pk:
        raise WelcomeRefused(
            _(
                "This link was sent to someone else. If it is yours, log out first and open it "
                "again."
            )
        )
    if guest_pass.claimed_at is not None or guest.has_usable_password():
        raise WelcomeRefused(
            _("This link has already been used. Log in with the password you set.")
        )
    if not guest_pass.is_valid():
        raise WelcomeRefused(_("Your guest access to this event has ended."))
    if not activation_token.check_token(guest, token):
        raise WelcomeRefused(
            _(
                "This link has expired or is not valid. Ask the person who invited you "
                "for a new one."
            )
        )
    return guest


@transaction.atomic
def guest_claim(*, guest: User, password: str) -> User:
    """The guest sets their password with the welcome link; the link is spent."""
    guest_pass = GuestPass.objects.select_for_update().get(user=guest)
    if guest_pass.claimed_at is not None:
        raise ValidationError(
            _("This link has already been used. Log in with the password you set.")
        )
    network_services.member_activate(member=guest, password=password)
    guest_pass.claimed_at = timezone.now()
    guest_pass.save(update_fields=["claimed_at"])
    return guest
