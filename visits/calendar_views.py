"""Calendar pages, the ``.ics`` download and the personal feed. Thin: the reads live in
``calendars`` and ``feeds``; refused or unknown things are a plain 404."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from cms.selectors import regions_for_facets
from network import permissions as network_permissions
from network.emails import absolute_url
from network.models import Region
from visits import calendars, feeds, permissions, selectors, services
from visits.choices import EventKind
from visits.ical import WARSAW

ICS_CONTENT_TYPE = "text/calendar; charset=utf-8"


def _query(filters: calendars.CalendarFilters, *, region_fixed: bool, **changes) -> str:
    """The shareable query string of the given filters, with some values changed."""
    params = {
        "widok": filters.view,
        "miesiac": filters.month.strftime("%Y-%m"),
        "rodzaj": filters.kind,
        "region": "" if region_fixed or filters.region is None else filters.region.slug,
    }
    params.update(changes)
    return "?" + urlencode({name: value for name, value in params.items() if value})


def _calendar(request, *, region: Region | None):
    filters, ignored = calendars.calendar_filters(request.GET, region=region)
    events = list(calendars.calendar_events(request.user, filters))
    agenda = filters.view == calendars.AGENDA
    by_day = (
        calendars.agenda_by_day(events)
        if agenda
        else calendars.events_by_day(events, filters.month)
    )
    can_organise = getattr(
        request.user, "region", None
    ) is not None and permissions.can_organise_events(request.user, request.user.region)
    today = timezone.localtime(timezone.now(), WARSAW).date()
    fixed = region is not None
    month_key = "%Y-%m"
    return render(
        request,
        "visits/calendar.html",
        {
            "region": region,
            "filters": filters,
            "ignored_filters": ignored,
            "kinds": EventKind.choices,
            "regions": regions_for_facets(),
            "views": calendars.VIEWS,
            "by_day": by_day,
            "weeks": calendars.month_grid(by_day, filters.month, today=today)
            if filters.view == calendars.MONTH
            else None,
            "event_count": len(events),
            "agenda": agenda,
            "agenda_query": _query(filters, region_fixed=fixed, widok=calendars.AGENDA, miesiac=""),
            "can_organise": can_organise,
            "public_feed_url": reverse("calendars:public_feed_region", args=[region.slug])
            if region
            else reverse("calendars:public_feed"),
            "previous_month": calendars.previous_month(filters.month),
            "next_month": calendars.next_month(filters.month),
            "previous_query": _query(
                filters,
                region_fixed=fixed,
                miesiac=calendars.previous_month(filters.month).strftime(month_key),
            ),
            "next_query": _query(
                filters,
                region_fixed=fixed,
                miesiac=calendars.next_month(filters.month).strftime(month_key),
            ),
            "list_query": _query(filters, region_fixed=fixed, widok=calendars.LIST),
            "month_query": _query(filters, region_fixed=fixed, widok=calendars.MONTH),
        },
    )


def national_calendar(request):
    return _calendar(request, region=None)


def region_calendar(request, slug):
    return _calendar(request, region=get_object_or_404(Region, slug=slug))


def event_ics(request, pk):
    """One event as an ``.ics`` file (METHOD PUBLISH) for those who may see it."""
    event = permissions.access_event(request.user, pk)
    # The organiser's own address only for those the event page shows it to.
    personal_contact = network_permissions.can_see_contact_details(request.user)
    content = feeds.event_ics(event, personal_contact=personal_contact)
    response = HttpResponse(content, content_type=ICS_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="wydarzenie-{event.pk}.ics"'
    return response


def public_feed(request, slug=None):
    """The public events, nationally or of one region, as a feed anyone may subscribe to."""
    region = get_object_or_404(Region, slug=slug) if slug else None
    content = feeds.public_feed_ics(region=region)
    response = HttpResponse(content, content_type=ICS_CONTENT_TYPE)
    response["Cache-Control"] = "public, max-age=900"
    return response


def feed(request, pk, secret):
    """The personal feed a calendar application subscribes to; the URL is the credential."""
    user = feeds.feed_owner(token_id=pk, secret=secret)
    response = HttpResponse(feeds.feed_ics(user), content_type=ICS_CONTENT_TYPE)
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    return response


def feed_url(token) -> str:
    return absolute_url(reverse("calendars:feed", kwargs={"pk": token.pk, "secret": token.token}))


@never_cache
@login_required
def feed_settings(request):
    """The member's feed address: create, regenerate or revoke it."""
    if not permissions.may_have_feed(request.user):
        raise Http404
    token = selectors.active_token(request.user)
    url = feed_url(token) if token else ""
    return render(
        request,
        "visits/feed_settings.html",
        {
            "token": token,
            "url": url,
            "webcal_url": "webcal://" + url.split("://", 1)[-1] if url else "",
        },
    )


@login_required
@require_POST
def feed_issue(request):
    if not permissions.may_have_feed(request.user):
        raise Http404
    had_one = selectors.active_token(request.user) is not None
    services.feed_token_issue(user=request.user)
    if had_one:
        messages.success(
            request, _("A new feed address has been created; the previous one no longer works.")
        )
    else:
        messages.success(request, _("Your calendar feed address has been created."))
    return redirect("calendars:feed_settings")


@login_required
@require_POST
def feed_revoke(request):
    if not permissions.may_have_feed(request.user):
        raise Http404
    if services.feed_token_revoke(user=request.user):
        messages.success(request, _("The feed address has been switched off."))
    else:
        messages.info(request, _("You had no feed address; nothing has changed."))
    return redirect("calendars:feed_settings")
