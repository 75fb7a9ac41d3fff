"""What cms puts on the member's start page (``network.dashboard``): the good practices
waiting for the member's review in the Wagtail workflow (a region's coordinator, then a
national moderator), for those who have review work."""

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from wagtail.models import TaskState

from cms.permissions import is_practice_reviewer
from network.dashboard import Block
from network.notices import NoticeKind

SHOWN = 10


def review_block(request) -> str | None:
    user = request.user
    if not is_practice_reviewer(user):
        return None
    states = list(
        TaskState.objects.reviewable_by(user)
        .select_related("revision__user", "task")
        .order_by("started_at")[: SHOWN + 1]
    )
    pages = []
    for state in states[:SHOWN]:
        page = state.revision.content_object
        if page is not None:
            pages.append({"page": page, "state": state, "author": state.revision.user})
    return render_to_string(
        "cms/dashboard/review.html",
        {"pages": pages, "more": len(states) > SHOWN},
        request=request,
    )


BLOCK = Block(
    name="praktyki",
    title=_("Good practices awaiting your review"),
    render=review_block,
    refresh_on=(NoticeKind.PRACTICE,),
    order=40,
)
