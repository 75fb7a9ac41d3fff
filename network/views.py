from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import check_for_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from network import dashboard as dashboard_registry
from network import panels, permissions, selectors, services
from network.forms import (
    DirectoryFilterForm,
    LoginForm,
    MemberEditForm,
    MemberInviteForm,
    NetworkMemberAddForm,
    ProfileForm,
    RegionForm,
)
from network.models import Network, Region, User
from network.tokens import activation_token

DIRECTORY_PAGE_SIZE = 25


def _add_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError onto the form the user sent."""
    if hasattr(error, "error_dict"):
        for field, field_errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, field_errors)
    else:
        form.add_error(None, error)


# --- Language --------------------------------------------------------------------------------


@require_POST
def set_language(request):
    """Django's language switch, also remembered on the member's profile for e-mails."""
    response = django_set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and check_for_language(language):
        services.member_set_language(member=request.user, language=language)
    return response


def _remember_language(response, language: str) -> None:
    """The same cookie Django's language switch sets, so the choice follows the member."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        secure=settings.LANGUAGE_COOKIE_SECURE,
    )


# --- Accounts --------------------------------------------------------------------------------


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "registration/login.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.method == "GET":
            # Sent here from a page they may not open (e.g. the admin): say so, instead of
            # bouncing between that page and this one.
            if self.get_redirect_url():
                return render(request, "registration/no_access.html", status=403)
            return redirect(settings.LOGIN_REDIRECT_URL)
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        response = super().form_valid(form)
        # The language chosen on another device follows the member.
        _remember_language(response, form.get_user().language)
        return response


class LogoutView(auth_views.LogoutView):
    template_name = "registration/logged_out.html"


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "registration/password_reset_form.html"
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    success_url = reverse_lazy("network:password_reset_done")

    def get_extra_email_context(self):
        return {"site_name": settings.WAGTAIL_SITE_NAME}


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "registration/password_reset_confirm.html"
    success_url = reverse_lazy("network:password_reset_complete")


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "registration/password_change_form.html"
    success_url = reverse_lazy("network:profile")

    def form_valid(self, form):
        messages.success(self.request, _("Your password has been changed."))
        return super().form_valid(form)


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        services.profile_update(member=request.user, **form.cleaned_data)
        messages.success(request, _("Your profile has been saved."))
        response = redirect("network:profile")
        _remember_language(response, request.user.language)
        return response
    return render(
        request,
        "network/profile.html",
        {"form": form, "networks": selectors.member_networks(request.user)},
    )


def activate(request, uidb64, token):
    try:
        member = User.objects.get(pk=int(force_str(urlsafe_base64_decode(uidb64))))
    except (ValueError, TypeError, OverflowError, User.DoesNotExist):
        member = None
    if member is not None and member.is_active and member.has_usable_password():
        messages.info(request, _("Your account is already active. Log in."))
        return redirect("network:login")
    if member is None or not activation_token.check_token(member, token):
        return render(request, "registration/activation_invalid.html", status=400)
    form = SetPasswordForm(member, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.member_activate(member=member, password=form.cleaned_data["new_password1"])
        messages.success(request, _("Your account is active. You can log in now."))
        return redirect("network:login")
    return render(request, "registration/activate.html", {"form": form, "member": member})


# --- The coordinator's team ------------------------------------------------------------------


def _coordinator_region(request) -> Region:
    region = request.user.region
    if region is None or not permissions.can_manage_region_members(request.user, region):
        raise Http404
    return region


@login_required
def team(request):
    region = _coordinator_region(request)
    return render(
        request,
        "network/team.html",
        {"region": region, "members": selectors.managed_members(request.user)},
    )


@login_required
def team_invite(request):
    region = _coordinator_region(request)
    form = MemberInviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            member = services.member_invite(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s has been added. An activation link was sent to %(email)s.")
                % {"name": member.get_full_name(), "email": member.email},
            )
            return redirect("network:team")
    return render(request, "network/team_invite.html", {"form": form, "region": region})


@login_required
def team_member_edit(request, pk):
    member = permissions.access_managed_member(request.user, pk)
    form_class = MemberEditForm if member.pk != request.user.pk else ProfileForm
    form = form_class(request.POST or None, instance=member)
    if request.method == "POST" and form.is_valid():
        try:
            services.member_update_by_coordinator(
                actor=request.user, member=member, **form.cleaned_data
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The member's details have been saved."))
            return redirect("network:team")
    return render(request, "network/team_member_edit.html", {"form": form, "member": member})


@login_required
@require_POST
def team_member_active(request, pk):
    member = permissions.access_managed_member(request.user, pk)
    active = request.POST.get("active") == "1"
    try:
        services.member_set_active(actor=request.user, member=member, active=active)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if active:
            messages.success(request, _("%(name)s is active again.") % {"name": member})
        else:
            messages.success(request, _("%(name)s has been deactivated.") % {"name": member})
    return redirect("network:team")


@login_required
@require_POST
def team_member_resend(request, pk):
    member = permissions.access_managed_member(request.user, pk)
    try:
        services.member_resend_activation(actor=request.user, member=member)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("A new activation link was sent to %(email)s.") % {"email": member.email}
        )
    return redirect("network:team")


# --- Regions ---------------------------------------------------------------------------------


def region_list(request):
    regions = list(selectors.regions_with_member_counts())
    # What other apps count per region (practices, upcoming events): a query each.
    figures = panels.region_figures(request.user, regions)
    for region in regions:
        region.figures = figures[region.pk]
    return render(request, "network/region_list.html", {"regions": regions})


def region_detail(request, slug):
    region = get_object_or_404(Region, slug=slug)
    return render(
        request,
        "network/region_detail.html",
        {
            "region": region,
            "coordinators": selectors.region_coordinators(region),
            "members": selectors.region_members(region),
            "networks": selectors.region_networks(region),
            "can_edit": permissions.can_edit_region(request.user, region),
            "show_contacts": permissions.can_see_contact_details(request.user),
        },
    )


@login_required
def region_edit(request, slug):
    region = permissions.access_region_for_edit(request.user, slug)
    form = RegionForm(request.POST or None, instance=region)
    if request.method == "POST" and form.is_valid():
        services.region_update(actor=request.user, region=region, **form.cleaned_data)
        messages.success(request, _("The WZK page has been saved."))
        return redirect(region)
    return render(request, "network/region_edit.html", {"form": form, "region": region})


# --- Thematic networks -----------------------------------------------------------------------


def network_list(request):
    return render(
        request,
        "network/network_list.html",
        {"networks": selectors.networks_with_member_counts()},
    )


def network_detail(request, slug):
    network = get_object_or_404(Network, slug=slug)
    can_see_members = permissions.can_see_network_members(request.user)
    return render(
        request,
        "network/network_detail.html",
        {
            "network": network,
            "memberships": selectors.network_memberships(network) if can_see_members else None,
            "member_count": selectors.network_memberships(network).count(),
            "can_manage": permissions.can_manage_network(request.user, network),
        },
    )


@login_required
def network_manage(request, slug):
    network = permissions.access_network_for_management(request.user, slug)
    form = NetworkMemberAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.network_member_add(
                actor=request.user,
                network=network,
                member=form.member,
                is_moderator=form.cleaned_data["is_moderator"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s is now a member of %(network)s.")
                % {"name": form.member, "network": network},
            )
            return redirect("network:network_manage", slug=network.slug)
    return render(
        request,
        "network/network_manage.html",
        {
            "network": network,
            "form": form,
            "memberships": selectors.network_memberships(network),
        },
    )


def _network_member(network: Network, user_id: int) -> User:
    return get_object_or_404(User, pk=user_id, network_memberships__network=network)


@login_required
@require_POST
def network_member_remove(request, slug, user_id):
    network = permissions.access_network_for_management(request.user, slug)
    member = _network_member(network, user_id)
    services.network_member_remove(actor=request.user, network=network, member=member)
    messages.success(
        request,
        _("%(name)s is no longer a member of %(network)s.") % {"name": member, "network": network},
    )
    return redirect("network:network_manage", slug=network.slug)


@login_required
@require_POST
def network_moderator_set(request, slug, user_id):
    network = permissions.access_network_for_management(request.user, slug)
    member = _network_member(network, user_id)
    is_moderator = request.POST.get("is_moderator") == "1"
    try:
        services.network_moderator_set(
            actor=request.user, network=network, member=member, is_moderator=is_moderator
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The moderators of the network have been updated."))
    return redirect("network:network_manage", slug=network.slug)


# --- Members' directory ----------------------------------------------------------------------


def member_directory(request):
    filter_form = DirectoryFilterForm(
        request.GET or None, by_network=permissions.can_see_network_members(request.user)
    )
    filters, ignored = filter_form.valid_filters() if request.GET else ({}, [])
    members = selectors.members_directory(**filters)
    page = Paginator(members, DIRECTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "network/member_directory.html",
        {
            "filter_form": filter_form,
            "ignored_filters": ignored,
            "page": page,
            "query": query.urlencode(),
            "show_contacts": permissions.can_see_contact_details(request.user),
        },
    )


def member_detail(request, pk):
    member = get_object_or_404(User.objects.select_related("region"), pk=pk, is_active=True)
    return render(
        request,
        "network/member_detail.html",
        {
            "member": member,
            "networks": (
                selectors.member_networks(member)
                if permissions.can_see_network_members(request.user)
                else None
            ),
            "show_contacts": permissions.can_see_contact_details(request.user),
        },
    )


# --- Start page ------------------------------------------------------------------------------


def _dashboard_sections(request, blocks) -> list[dict]:
    sections = []
    for block in blocks:
        body = block.render(request)
        if body is not None:
            sections.append({"block": block, "body": body})
    return sections


@login_required
def dashboard(request):
    """What waits for the member, gathered from the apps' registered blocks
    (``network.dashboard``); an e-mail guest has only their event: their profile says it."""
    if permissions.is_guest(request.user):
        return redirect("network:profile")
    return render(
        request,
        "network/dashboard.html",
        {"sections": _dashboard_sections(request, dashboard_registry.blocks())},
    )


@login_required
def dashboard_block(request, name):
    """One block's body, fetched again by the page when a notice says it changed."""
    block = dashboard_registry.block(name)
    if block is None or permissions.is_guest(request.user):
        raise Http404
    body = block.render(request)
    if body is None:
        raise Http404
    return HttpResponse(body)
