"""What opinions shows in the monitoring dashboard's grid (``monitoring.grid_marks``): for each
region and period, whether the WZK has done its review of initiatives, linked for those who
may open the review."""

from django.urls import reverse
from django.utils.translation import gettext as _

from monitoring.grid_marks import Mark
from opinions.models import ReviewRound
from opinions.permissions import can_see_review


def review_marks(viewer, regions, periods) -> dict[tuple[int, int], Mark]:
    """One query for the whole grid."""
    reviews = ReviewRound.objects.filter(region__in=regions, period__in=periods).only(
        "pk", "region_id", "period_id", "closed_at"
    )
    marks = {}
    for review in reviews:
        text = (
            _("Review of initiatives: done")
            if review.closed_at
            else _("Review of initiatives: under way")
        )
        url = (
            reverse("opinions:review_detail", args=[review.pk])
            if can_see_review(viewer, review)
            else ""
        )
        marks[review.region_id, review.period_id] = Mark(text=text, url=url)
    return marks
