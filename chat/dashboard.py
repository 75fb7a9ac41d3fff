"""What chat puts on the member's start page (``network.dashboard``): the rooms with unread
messages, mentions first, kept live by quiet subscriptions (``static/chat/dashboard.js``)."""

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from chat import selectors
from network.dashboard import Block
from network.permissions import is_member


def rooms_block(request) -> str | None:
    if not is_member(request.user):
        return None
    rooms = selectors.rooms_for(request.user)
    unread = sorted(
        (room for room in rooms if room["unread"]),
        key=lambda room: (-room["mentions"], -room["unread"]),
    )
    return render_to_string(
        "chat/dashboard/rooms.html", {"rooms": rooms, "unread": unread}, request=request
    )


BLOCK = Block(
    name="rozmowy",
    title=_("Discussions with unread messages"),
    render=rooms_block,
    refresh_on=("mention",),
    refresh_on_rooms=True,
    script="chat/dashboard.js",
    order=30,
)
