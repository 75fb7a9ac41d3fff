"""Pages for e-mail guests: the host invites them; the guest sets a password with the link
from the e-mail and lands on the invitation page."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from network.views import _add_errors
from visits import permissions, services
from visits.forms_after import GuestInviteForm
from visits.models import GuestPass
from visits.services.guests import WelcomeRefused

BACKEND = "network.backends.EmailBackend"


@login_required
def event_guests(request, pk):
    """The host's page: guests invited by e-mail, and the form to invite one more."""
    event = permissions.access_event_for_management(request.user, pk)
    form = GuestInviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.guest_invite(actor=request.user, event=event, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s has been invited; a link to sign in was sent to %(email)s.")
                % {"name": invitation.user, "email": invitation.user.email},
            )
            return redirect("visits:event_guests", pk=event.pk)
    passes = (
        GuestPass.objects.filter(event=event)
        .select_related("user", "sponsor", "invitation")
        .order_by("user__last_name", "user__first_name")
    )
    return render(
        request, "visits/event_guests.html", {"event": event, "form": form, "passes": passes}
    )


@login_required
@require_POST
def event_guest_resend(request, pk, guest_id):
    event = permissions.access_event_for_management(request.user, pk)
    # user__pk, not user_id: an id too large for the database then finds nothing (no 500).
    guest_pass = GuestPass.objects.filter(event=event, user__pk=guest_id).first()
    if guest_pass is None or guest_pass.invitation is None:
        messages.error(request, _("This guest is not invited to the event."))
    else:
        try:
            services.guest_resend_welcome(actor=request.user, invitation=guest_pass.invitation)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("A new link was sent to %(email)s.") % {"email": guest_pass.user.email}
            )
    return redirect("visits:event_guests", pk=event.pk)


def guest_welcome(request, uidb64, token):
    """The link from the guest's e-mail: set a password, then answer the invitation."""
    try:
        guest = services.guest_from_welcome_link(uidb64, token, visitor=request.user)
    except WelcomeRefused as refusal:
        return render(
            request, "visits/guest_welcome_refused.html", {"reason": refusal.message}, status=400
        )
    form = SetPasswordForm(guest, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.guest_claim(guest=guest, password=form.cleaned_data["new_password1"])
        except ValidationError as error:
            return render(
                request,
                "visits/guest_welcome_refused.html",
                {"reason": " ".join(error.messages)},
                status=400,
            )
        login(request, guest, backend=BACKEND)
        messages.success(request, _("Welcome! Your password is set. Please answer the invitation."))
        return redirect(guest.guest_pass.invitation or guest.guest_pass.event)
    return render(
        request,
        "visits/guest_welcome.html",
        {"form": form, "guest": guest, "event": guest.guest_pass.event},
    )
