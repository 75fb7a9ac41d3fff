"""What visits adds to network's pages (``network.panels``): a region's visits on its page, an
e-mail guest's event and sponsor among their facts, and links to the member's invitations and
calendar feed on their profile."""

from django.db.models import Count
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from network.permissions import is_guest, is_member
from visits.permissions import can_organise_events
from visits.region_visits import region_visits
from visits.selectors import visible_events


def region_page(request, region) -> str:
    return render_to_string(
        "visits/region_visits.html",
        {
            "region": region,
            "visits": region_visits(region, user=request.user),
            "can_organise": can_organise_events(request.user, region),
        },
        request=request,
    )


def member_facts(request, member) -> str:
    if not is_guest(member):
        return ""
    return render_to_string("visits/includes/guest_facts.html", {"guest": member}, request=request)


def profile_links(request, member) -> str:
    if not is_member(member):
        return ""
    return render_to_string("visits/includes/profile_links.html", request=request)


def region_links(request, region) -> str:
    return format_html(
        '<li><a href="{}">{}</a></li>',
        reverse("calendars:region", args=(region.slug,)),
        _("Events"),
    )


def upcoming_event_counts(user) -> dict[int, int]:
    """Upcoming events ``user`` may see, by host region (one query, for /regiony/)."""
    rows = (
        visible_events(user)
        .filter(ends_at__gte=timezone.now())
        .order_by()  # no ordering column in the GROUP BY
        .values("host_region")
        .annotate(number=Count("pk", distinct=True))
        .values_list("host_region", "number")
    )
    return dict(rows)


def upcoming_event_label(number: int) -> str:
    return ngettext("%(count)d upcoming event", "%(count)d upcoming events", number) % {
        "count": number
    }
