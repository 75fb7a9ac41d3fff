"""What monitoring adds to network's pages (``network.panels``): on a region's page, its
actions and whom it learnt from and who learnt from it."""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import pgettext

from cms.selectors import regions_for_facets
from monitoring import selectors

SHOWN = 10


def region_page(request, region) -> str:
    actions = selectors.actions_for_region(region, user=request.user)
    return render_to_string(
        "monitoring/includes/region_panel.html",
        {
            "region": region,
            "actions": list(selectors.with_cards(actions)[:SHOWN]),
            "actions_count": actions.count(),
            "learning": selectors.region_learning(region, regions=regions_for_facets()),
        },
        request=request,
    )


def region_links(request, region) -> str:
    return format_html(
        '<li><a href="{}?region={}">{}</a></li>',
        reverse("monitoring:action_list"),
        region.slug,
        pgettext("regional actions", "Actions"),
    )
