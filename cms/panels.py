"""What cms adds to network's pages (``network.panels``): a region's good practices on its
page, a link to them at its top, and their number on the regions' cards."""

from django.db.models import Count
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cms.models import GoodPracticePage

SHOWN = 5


def _published_in(region):
    return GoodPracticePage.objects.filter(listed=True, region=region)


def region_links(request, region) -> str:
    return format_html(
        '<li><a href="{}">{}</a></li>',
        reverse("cms:practice_section", args=(region.slug,)),
        _("Good practices"),
    )


def region_page(request, region) -> str:
    practices = _published_in(region)
    return render_to_string(
        "cms/includes/region_panel.html",
        {
            "region": region,
            "practices": list(practices.order_by("-published_at", "-pk")[:SHOWN]),
            "practices_count": practices.count(),
        },
        request=request,
    )


def practice_counts(user) -> dict[int, int]:
    rows = (
        GoodPracticePage.objects.filter(listed=True)
        .order_by()  # no ordering column in the GROUP BY
        .values("region")
        .annotate(number=Count("pk"))
        .values_list("region", "number")
    )
    return dict(rows)


def practice_count_label(number: int) -> str:
    return ngettext("%(count)d good practice", "%(count)d good practices", number) % {
        "count": number
    }
