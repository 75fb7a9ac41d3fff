from django.contrib import messages
from django.contrib.auth import logout
from django.http import Http404
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from visits import permissions


class GuestAccessMiddleware:
    """An e-mail guest opens only their event's pages, invitation and room; everything else is
    "not found", as for anyone who may not see it. A guest whose pass has expired is logged
    out and told so, on every request, so they cannot log in again either."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        guest_pass = permissions.guest_pass_of(request.user)
        if guest_pass is not None:
            if not guest_pass.is_valid():
                logout(request)
                messages.error(
                    request,
                    _("Your guest access to “%(title)s” ended on %(date)s.")
                    % {
                        "title": guest_pass.event.title,
                        "date": formats.date_format(
                            timezone.localtime(guest_pass.expires_at), "DATE_FORMAT"
                        ),
                    },
                )
                return redirect("network:login")
            try:
                match = resolve(request.path_info)
            except Resolver404:
                return self.get_response(request)
            if not permissions.guest_may_open(
                guest_pass, view_name=match.view_name, kwargs=match.kwargs
            ):
                raise Http404
        return self.get_response(request)
