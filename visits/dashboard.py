"""What visits puts on the member's start page (``network.dashboard``): the invitations
waiting for their answer, answered right there, and their upcoming events."""

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from network.dashboard import Block
from network.permissions import is_active_member
from visits import permissions, selectors
from visits.forms import AcceptForm, DeclineForm


def invitations_block(request) -> str | None:
    user = request.user
    if not is_active_member(user):
        return None
    invitations = selectors.invitations_awaiting_answer(user, now=timezone.now())
    return render_to_string(
        "visits/dashboard/invitations.html",
        {
            "invitations": invitations,
            "decline_form": DeclineForm(),
            "accept_form": AcceptForm(),
        },
        request=request,
    )


def events_block(request) -> str | None:
    user = request.user
    if not is_active_member(user):
        return None
    region = user.region
    return render_to_string(
        "visits/dashboard/events.html",
        {
            "events": selectors.upcoming_events_for(user, now=timezone.now()),
            "can_organise": region is not None and permissions.can_organise_events(user, region),
        },
        request=request,
    )


BLOCKS = (
    Block(
        name="zaproszenia",
        title=_("Invitations awaiting your answer"),
        render=invitations_block,
        refresh_on=("visit",),
        order=10,
    ),
    Block(
        name="wydarzenia",
        title=_("Your upcoming events"),
        render=events_block,
        refresh_on=("visit",),
        order=20,
    ),
)
