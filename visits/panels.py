"""What visits adds to network's pages (``network.panels``): a region's visits on its page, an
e-mail guest's event and sponsor among their facts, and links to the member's invitations and
calendar feed on their profile."""

from django.template.loader import render_to_string

from network.permissions import is_guest, is_member
from visits.permissions import can_organise_events
from visits.region_visits import region_visits


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
