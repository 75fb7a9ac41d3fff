"""What opinions puts on the member's start page (``network.dashboard``): the open votes of
their WZK in which they have not voted yet."""

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from network.dashboard import Block
from opinions import selectors
from opinions.permissions import VOTING_ROLES


def votes_block(request) -> str | None:
    user = request.user
    if user.region_id is None or user.role not in VOTING_ROLES:
        return None
    return render_to_string(
        "opinions/dashboard/votes.html",
        {"votes": list(selectors.votes_awaiting_ballot(user, now=timezone.now()))},
        request=request,
    )


BLOCK = Block(
    name="glosowania",
    title=_("Votes open for you"),
    render=votes_block,
    refresh_on=("opinion",),
    order=60,
)
