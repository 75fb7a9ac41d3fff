"""Demo discussions (``data/discussions.yaml``): a little history in the room of each demo
thematic network, posted through ``chat.services.message_send``.

Idempotent: every message has a fixed ``client_id``, and ``message_send`` answers a re-send
from the same author with the stored message, so a second run creates nothing. Nothing here
is random.
"""

from chat import permissions, services
from chat.models import Room
from demo import accounts
from demo.loaders import email_of, read
from network.models import Network, User

DISCUSSIONS: dict[str, list[dict]] = read("discussions")["discussions"]


def _author(network: Network, message: dict) -> User | None:
    if "region" not in message:
        return User.objects.get(email=email_of(message))
    # The network's member from that region who is not a named account.
    return (
        User.objects.filter(network_memberships__network=network, region__slug=message["region"])
        .exclude(email__in=accounts.BY_NAME.values())
        .order_by("email")
        .first()
    )


def seed_discussions() -> int:
    """Post the demo messages that are not there yet; returns how many were created."""
    created = 0
    for slug, topics in DISCUSSIONS.items():
        network = Network.objects.filter(slug=slug).first()
        if network is None:
            continue
        messages = [(topic["topic"], message) for topic in topics for message in topic["messages"]]
        for number, (topic, message) in enumerate(messages, start=1):
            author = _author(network, message)
            if author is None:
                continue
            room = permissions.access_room(author, Room.key_for_network(network))
            _message, is_new = services.message_send(
                user=author,
                room=room,
                topic=topic,
                body=message["body"],
                client_id=f"demo-{slug}-{number}",
            )
            created += is_new
    return created
