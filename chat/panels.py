"""What chat adds to network's pages (``network.panels``)."""

from django.template.loader import render_to_string

from chat import rooms
from chat.models import Room


def network_discussion_link(request, network) -> str:
    """ "Open the discussion", for the network's members (who may enter its room)."""
    if not rooms.NETWORK_ROOM.may_enter(request.user, network):
        return ""
    url = rooms.NETWORK_ROOM.url(Room.key_for_network(network))
    return render_to_string("chat/includes/discussion_link.html", {"url": url})
