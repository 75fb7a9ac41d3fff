"""What monitoring puts on the member's start page (``network.dashboard``): the region's
reports still to do, for those who record them, and the submitted reports waiting for
national staff."""

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from monitoring import permissions, selectors
from network.dashboard import Block
from network.permissions import is_national_staff

SHOWN = 10


def reports_block(request) -> str | None:
    user = request.user
    national = is_national_staff(user)
    recorder = permissions.can_record(user, user.region_id)
    if not (national or recorder):
        return None
    today = timezone.localdate()
    due = selectors.reports_due(user.region, today=today) if recorder else []
    to_review = list(selectors.reports_to_review()[: SHOWN + 1]) if national else []
    return render_to_string(
        "monitoring/dashboard/reports.html",
        {
            "due": due,
            "to_review": to_review[:SHOWN],
            "more": len(to_review) > SHOWN,
            "recorder": recorder,
            "national": national,
            "today": today,
        },
        request=request,
    )


BLOCK = Block(
    name="sprawozdania",
    title=_("Reports to do"),
    render=reports_block,
    refresh_on=("report",),
    order=50,
)
