"""Pages for visits. Thin: permission first (404 for outsiders), then a service; every change
is a POST with CSRF, and what a service refuses comes back as a message on the same page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from network.models import Region, User
from network.views import _add_errors
from visits import answer_links, permissions, selectors, services
from visits.choices import InvitationStatus
from visits.forms import (
    AcceptForm,
    CancelEventForm,
    DeclineForm,
    EventForm,
    InviteForm,
    PassOnForm,
)
from visits.services.events import EVENT_FIELDS


def _error_message(request, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


def _wants_json(request) -> bool:
    """A form sent in the background (the start page's inline answers)."""
    return "application/json" in request.headers.get("Accept", "")


def _answered(request, invitation, level: int, text: str, *, status: int = 200):
    """After an answer: JSON for a background form, else the message and back to where the
    form was (a local ``next``) or to the invitation."""
    if _wants_json(request):
        return JsonResponse(
            {"message": text, "status": invitation.status if invitation else None}, status=status
        )
    messages.add_message(request, level, text)
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(invitation)


# --- Events ----------------------------------------------------------------------------------


def event_detail(request, pk):
    try:
        event = permissions.access_event(request.user, pk)
    except Http404:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise
    participant = permissions.is_participant(request.user, event)
    can_manage = permissions.can_manage_event(request.user, event)
    invitation = selectors.invitation_for(request.user, event)
    return render(
        request,
        "visits/event_detail.html",
        {
            "quick_answer": invitation is not None
            and invitation.status == InvitationStatus.PENDING
            and permissions.can_answer_invitation(request.user, invitation)
            and not (event.answers_closed() or event.is_cancelled),
            "event": event,
            "seats_left": selectors.seats_left(event),
            "waiting": selectors.waiting_list(event).count(),
            "is_participant": participant,
            "guest_list": selectors.guest_list(event) if participant else None,
            "can_manage": can_manage,
            "invitation": invitation,
            "practices": event.practices.live().order_by("title"),
        },
    )


def _organiser_region(request) -> Region:
    region = request.user.region
    if region is None or not permissions.can_organise_events(request.user, region):
        raise Http404
    return region


@login_required
def event_create(request):
    region = _organiser_region(request)
    form = EventForm(request.POST or None, region=region)
    overlaps = []
    if request.method == "POST" and form.is_valid():
        overlaps = form.overlaps_to_confirm()
        if overlaps:
            form.show_overlap_confirmation()
        else:
            try:
                event = services.event_create(
                    actor=request.user,
                    practices=form.cleaned_data["practices"],
                    **form.service_fields(),
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("The event has been created. Now invite guests."))
                return redirect("visits:event_invitations", pk=event.pk)
    return render(
        request,
        "visits/event_form.html",
        {"form": form, "region": region, "event": None, "overlaps": overlaps},
    )


def _cancelled(request, event):
    """A cancelled event is neither edited nor cancelled again: back to its page."""
    messages.error(request, _("This event has been cancelled."))
    return redirect(event)


@login_required
def event_edit(request, pk):
    event = permissions.access_event_for_management(request.user, pk)
    if event.is_cancelled:
        return _cancelled(request, event)
    initial = {name: getattr(event, name) for name in EVENT_FIELDS}
    initial["practices"] = list(event.practices.values_list("pk", flat=True))
    form = EventForm(request.POST or None, initial=initial, region=event.host_region)
    overlaps = []
    if request.method == "POST" and form.is_valid():
        overlaps = form.overlaps_to_confirm(exclude_pk=event.pk)
        if overlaps:
            form.show_overlap_confirmation()
        else:
            try:
                services.event_update(
                    actor=request.user,
                    event=event,
                    practices=form.cleaned_data["practices"],
                    **form.service_fields(),
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("The event has been saved; the invitees were told."))
                return redirect(event)
    return render(
        request,
        "visits/event_form.html",
        {"form": form, "region": event.host_region, "event": event, "overlaps": overlaps},
    )


@login_required
def event_cancel(request, pk):
    event = permissions.access_event_for_management(request.user, pk)
    if event.is_cancelled:
        return _cancelled(request, event)
    form = CancelEventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.event_cancel(actor=request.user, event=event, reason=form.cleaned_data["reason"])
        messages.success(request, _("The event has been cancelled; the invitees were told."))
        return redirect(event)
    return render(request, "visits/event_cancel.html", {"form": form, "event": event})


@login_required
def event_invitations(request, pk):
    """The host's page: who is invited, how they answered, and the form to invite more."""
    event = permissions.access_event_for_management(request.user, pk)
    form = InviteForm(
        request.POST or None,
        regions=Region.objects.exclude(pk=event.host_region_id),
        users=selectors.members_to_invite(event),
        invited_region_ids=event.invitations.filter(region__isnull=False).values_list(
            "region_id", flat=True
        ),
    )
    if request.method == "POST" and form.is_valid():
        try:
            sent = services.invitations_send(
                actor=request.user,
                event=event,
                regions=form.cleaned_data["regions"],
                users=form.cleaned_data["users"],
                message=form.cleaned_data["message"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Invitations sent: %(count)s.") % {"count": len(sent)})
            return redirect("visits:event_invitations", pk=event.pk)
    invitations = selectors.event_invitations(event)
    return render(
        request,
        "visits/event_invitations.html",
        {
            "event": event,
            "form": form,
            "groups": selectors.by_status(invitations),
            "seats_left": selectors.seats_left(event),
        },
    )


@login_required
def event_invitations_table(request, pk):
    """The host's status tables again, fetched by the page when an answer arrives."""
    event = permissions.access_event_for_management(request.user, pk)
    return render(
        request,
        "visits/includes/event_invitation_groups.html",
        {"event": event, "groups": selectors.by_status(selectors.event_invitations(event))},
    )


# --- Organisers ------------------------------------------------------------------------------


@login_required
def organisers(request):
    """The coordinator chooses which members of the region may organise events."""
    region = request.user.region
    if region is None or not permissions.is_region_coordinator(request.user, region.pk):
        raise Http404
    if request.method == "POST":
        member_id = request.POST.get("member", "")
        if not member_id.isdecimal():
            raise Http404
        member = get_object_or_404(User, pk=member_id, region=region, is_active=True)
        allowed = request.POST.get("allowed") == "1"
        services.organiser_set(actor=request.user, member=member, allowed=allowed)
        messages.success(request, _("The list of event organisers has been saved."))
        return redirect("visits:organisers")
    return render(
        request,
        "visits/organisers.html",
        {"region": region, "members": selectors.region_members_for_organising(region)},
    )


# --- Invitations -----------------------------------------------------------------------------

ALREADY_ANSWERED = gettext_lazy("You had already answered so; nothing has changed.")


def _my_invitations_context(request) -> dict:
    return {
        "received": selectors.by_status(selectors.received_invitations(request.user)),
        "now": timezone.now(),
        "sent": selectors.by_status(selectors.sent_invitations(request.user)),
    }


@login_required
def my_invitations_lists(request):
    """The lists of "My invitations" again, fetched by the page when an answer arrives."""
    return render(
        request, "visits/includes/my_invitation_lists.html", _my_invitations_context(request)
    )


@login_required
def my_invitations(request):
    return render(
        request,
        "visits/my_invitations.html",
        {
            **_my_invitations_context(request),
            "can_organise": request.user.region is not None
            and permissions.can_organise_events(request.user, request.user.region),
        },
    )


def _invitation_page(request, invitation, *, accept_form=None, decline_form=None, status=200):
    user = request.user
    can_answer = permissions.can_answer_invitation(user, invitation)
    can_pass_on = permissions.can_pass_on_invitation(user, invitation)
    event = invitation.event
    return render(
        request,
        "visits/invitation_detail.html",
        {
            "invitation": invitation,
            "event": event,
            "can_answer": can_answer,
            "can_manage": permissions.can_manage_event(user, event),
            "answers_closed": event.answers_closed() or event.is_cancelled,
            "seats_left": selectors.seats_left(event),
            "waiting_list_place": selectors.waiting_list_place(invitation),
            "accept_form": accept_form
            or AcceptForm(
                initial={
                    "people_count": invitation.people_count,
                    "agree_to_be_listed": invitation.agree_to_be_listed,
                }
            ),
            "decline_form": decline_form
            or DeclineForm(initial={"reason": invitation.decline_reason}),
            "pass_on_form": PassOnForm(
                users=selectors.members_to_pass_on(invitation, coordinator=user)
            )
            if can_pass_on
            else None,
            "passed_on": invitation.passed_on.select_related("user") if can_pass_on else (),
        },
        status=status,
    )


@login_required
def invitation_detail(request, pk):
    invitation = permissions.access_invitation(request.user, pk)
    return _invitation_page(request, invitation)


def _refused(request, invitation, error: ValidationError, **forms):
    """A refused answer: the page again, with the reason where the user will see it (by the
    field, or at the top when the whole answer is closed), status 400, nothing changed."""
    if _wants_json(request):
        return JsonResponse({"message": " ".join(error.messages)}, status=400)
    if hasattr(error, "error_dict"):
        _add_errors(next(iter(forms.values())), error)
    else:
        _error_message(request, error)
    invitation.refresh_from_db()
    return _invitation_page(request, invitation, **forms, status=400)


def _answer(request, pk, form_class, form_name: str, answer):
    """Check the form, then ``answer(actor=…, invitation=…, **fields)``: the service's
    (invitation, changed), or the page to send back when the answer is refused."""
    invitation = permissions.access_invitation_to_answer(request.user, pk)
    form = form_class(request.POST)
    if not form.is_valid():
        if _wants_json(request):
            errors = [error for errors in form.errors.values() for error in errors]
            return JsonResponse({"message": " ".join(errors)}, status=400)
        return _invitation_page(request, invitation, **{form_name: form}, status=400)
    try:
        return answer(actor=request.user, invitation=invitation, **form.cleaned_data)
    except ValidationError as error:
        return _refused(request, invitation, error, **{form_name: form})


@login_required
@require_POST
def invitation_accept(request, pk):
    result = _answer(request, pk, AcceptForm, "accept_form", services.invitation_accept)
    if isinstance(result, HttpResponse):
        return result
    invitation, changed = result
    if not changed:
        return _answered(request, invitation, messages.INFO, ALREADY_ANSWERED)
    if invitation.status == InvitationStatus.ACCEPTED:
        return _answered(
            request, invitation, messages.SUCCESS, _("Thank you: your place is confirmed.")
        )
    return _answered(
        request,
        invitation,
        messages.WARNING,
        _(
            "All seats are taken: you are number %(place)s on the waiting list. "
            "We will tell you when a seat frees up."
        )
        % {"place": selectors.waiting_list_place(invitation)},
    )


@login_required
@require_POST
def invitation_decline(request, pk):
    result = _answer(request, pk, DeclineForm, "decline_form", services.invitation_decline)
    if isinstance(result, HttpResponse):
        return result
    invitation, changed = result
    if changed:
        return _answered(
            request,
            invitation,
            messages.SUCCESS,
            _("You have declined the invitation. The host has been told."),
        )
    return _answered(request, invitation, messages.INFO, ALREADY_ANSWERED)


@login_required
@require_POST
def invitation_pass_on(request, pk):
    invitation = permissions.access_invitation_to_pass_on(request.user, pk)
    form = PassOnForm(
        request.POST,
        users=selectors.members_to_pass_on(invitation, coordinator=request.user),
    )
    if form.is_valid():
        try:
            passed = services.invitation_pass_on(
                actor=request.user,
                invitation=invitation,
                users=form.cleaned_data["users"],
                message=form.cleaned_data["message"],
            )
        except ValidationError as error:
            return _answered(
                request, invitation, messages.ERROR, " ".join(error.messages), status=400
            )
        return _answered(
            request,
            invitation,
            messages.SUCCESS,
            _("Invitation passed on to: %(names)s.")
            % {"names": ", ".join(str(i.user) for i in passed)},
        )
    errors = [" ".join(errors) for errors in form.errors.values()]
    return _answered(request, invitation, messages.ERROR, " ".join(errors), status=400)


@login_required
@require_POST
def invitation_cancel(request, pk):
    invitation = permissions.access_invitation_to_withdraw(request.user, pk)
    if invitation.status == InvitationStatus.CANCELLED:
        messages.info(request, _("This invitation had already been withdrawn."))
    else:
        services.invitation_cancel(actor=request.user, invitation=invitation)
        messages.success(request, _("The invitation has been withdrawn; the invitee was told."))
    return redirect("visits:event_invitations", pk=invitation.event_id)


# --- One-step answers from the e-mail --------------------------------------------------------


def answer_link(request, token):
    """The e-mail's "I accept" / "I cannot come" link: a confirmation page (GET changes
    nothing); its POST answers as the person the link was sent to, logged in or not. Opened
    while logged in as somebody else, it refuses and says so."""
    try:
        link = answer_links.read_link(token, visitor=request.user)
    except answer_links.LinkRefused as refusal:
        return render(
            request, "visits/answer_link_refused.html", {"reason": refusal.message}, status=400
        )
    invitation, event = link.invitation, link.invitation.event
    accepting = link.answer == answer_links.ACCEPT
    form_class = AcceptForm if accepting else DeclineForm
    initial = (
        {
            "people_count": invitation.people_count,
            "agree_to_be_listed": invitation.agree_to_be_listed,
        }
        if accepting
        else {"reason": invitation.decline_reason}
    )
    form = form_class(request.POST or None, initial=initial)
    done = None
    status = 200
    if request.method == "POST" and form.is_valid():
        answer = services.invitation_accept if accepting else services.invitation_decline
        try:
            invitation, changed = answer(
                actor=link.person, invitation=invitation, **form.cleaned_data
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                _add_errors(form, error)
            else:
                form.add_error(None, error)
            status = 400
        else:
            done = _answer_text(invitation, changed)
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "visits/answer_link.html",
        {
            "invitation": invitation,
            "event": event,
            "person": link.person,
            "accepting": accepting,
            "form": form,
            "done": done,
            "closed": event.answers_closed() or event.is_cancelled,
            "seats_left": selectors.seats_left(event),
            "other_url": answer_links.answer_url(
                invitation=invitation,
                person=link.person,
                answer=answer_links.DECLINE if accepting else answer_links.ACCEPT,
            ),
        },
        status=status,
    )


def _answer_text(invitation, changed: bool) -> str:
    if not changed:
        return str(ALREADY_ANSWERED)
    if invitation.status == InvitationStatus.ACCEPTED:
        return _("Thank you: your place is confirmed.")
    if invitation.status == InvitationStatus.WAITLISTED:
        return _(
            "All seats are taken: you are number %(place)s on the waiting list. "
            "We will tell you when a seat frees up."
        ) % {"place": selectors.waiting_list_place(invitation)}
    return _("You have declined the invitation. The host has been told.")
