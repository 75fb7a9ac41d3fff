"""What opinions shows in the monitoring dashboard's grid (``monitoring.grid_marks``): for each
region and period, whether the WZK has done its review of initiatives."""

from django.urls import reverse
from django.utils.translation import gettext as _

from monitoring.grid_marks import Mark
from opinions.models import ReviewRound


def review_marks(regions, periods) -> dict[tuple[int, int], Mark]:
    """One query for the whole grid."""
    reviews = ReviewRound.objects.filter(region__in=regions, period__in=periods).values_list(
        "pk", "region_id", "period_id", "closed_at"
    )
    marks = {}
    for pk, region_id, period_id, closed_at in reviews:
        text = (
            _("Review of initiatives: done") if closed_at else _("Review of initiatives: under way")
        )
        marks[region_id, period_id] = Mark(
            text=text, url=reverse("opinions:review_detail", args=[pk])
        )
    return marks
