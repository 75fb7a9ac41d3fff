"""Kinds of room, registered by the apps that own them.

A room's key is ``<prefix><id>``: chat knows the thematic networks' rooms (``network:<slug>``);
every other kind is registered from its app's ``AppConfig.ready`` with ``register``, so chat
asks the kind, never the app, who may enter, who may be mentioned, what the room is called,
where its page is and who moderates it.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet
from django.urls import reverse

from chat.errors import NotFound
from chat.events import ROOM_NETWORK_PREFIX
from chat.models import Room
from network.models import Network, NetworkMembership
from network.permissions import is_active_member


@dataclass(frozen=True)
class ListedRoom:
    """A room as the rooms page (``/rozmowy/``) lists it."""

    key: str
    title: str
    url: str
    # What kind of room, when it is not a network's (e.g. "event"), and its date.
    kind_label: str = ""
    when: datetime | None = None


class RoomKind:
    """What chat needs to know about one kind of room. Subclasses answer for their keys;
    ``access`` and ``may_moderate`` are called only for signed-in, active users."""

    prefix: str = ""
    # Where the kind's rooms come on the rooms page: lower first.
    order: int = 100

    def access(self, user, key: str) -> Room:
        """The room named by ``key`` if ``user`` may enter it, else ``NotFound``."""
        raise NotImplementedError

    def entrant_ids(self, room: Room) -> set[int]:
        """Everyone who may enter the room (and so may be mentioned in it)."""
        raise NotImplementedError

    def title(self, room: Room) -> str:
        raise NotImplementedError

    def url(self, key: str) -> str:
        """The room's page (404 there for those who may not enter)."""
        raise NotImplementedError

    def may_moderate(self, user, room: Room) -> bool:
        """May delete anyone's message in the room."""
        raise NotImplementedError

    def listed_for(self, user, *, past: bool = False) -> list[ListedRoom]:
        """The rooms of this kind ``user`` may enter, in the order the rooms page shows them;
        with ``past``, also those the page leaves out as over (search reaches them)."""
        raise NotImplementedError


_kinds: dict[str, RoomKind] = {}


def register(kind: RoomKind) -> RoomKind:
    if not kind.prefix.endswith(":") or kind.prefix in _kinds:
        raise ValueError(f"Room kind prefix {kind.prefix!r} is malformed or taken.")
    _kinds[kind.prefix] = kind
    return kind


def kinds() -> list[RoomKind]:
    return sorted(_kinds.values(), key=lambda kind: kind.order)


def kind_of(key) -> RoomKind:
    """The kind of the room named ``key``, or ``NotFound`` (for a key of no kind too)."""
    if isinstance(key, str):
        prefix, colon, _rest = key.partition(":")
        kind = _kinds.get(prefix + colon)
        if kind is not None:
            return kind
    raise NotFound(ref=key if isinstance(key, str) else None)


def access(user, key) -> Room:
    if not is_active_member(user):
        raise NotFound(ref=key if isinstance(key, str) else None)
    return kind_of(key).access(user, key)


def entrant_ids(room: Room) -> set[int]:
    return kind_of(room.key).entrant_ids(room)


def title(room: Room) -> str:
    return kind_of(room.key).title(room)


def url(room: Room) -> str:
    return kind_of(room.key).url(room.key)


def may_moderate(user, room: Room) -> bool:
    return is_active_member(user) and kind_of(room.key).may_moderate(user, room)


def listed_for(user, *, past: bool = False) -> list[ListedRoom]:
    if not is_active_member(user):
        return []
    return [room for kind in kinds() for room in kind.listed_for(user, past=past)]


# --- A thematic network's room ----------------------------------------------------------------


class NetworkRoom(RoomKind):
    """``network:<slug>``: the network's members; its moderators moderate."""

    prefix = ROOM_NETWORK_PREFIX
    order = 0

    def may_enter(self, user, network: Network) -> bool:
        return is_active_member(user) and self._members(network.pk).filter(user=user).exists()

    def access(self, user, key: str) -> Room:
        # On every send: one query when the room exists and the user is in its network.
        room = Room.objects.filter(key=key, network__memberships__user=user).first()
        if room is not None:
            return room
        slug = key.removeprefix(self.prefix)
        network = Network.objects.filter(slug=slug).first()
        if network is None or not self.may_enter(user, network):
            raise NotFound(ref=key)
        room, _created = Room.objects.get_or_create(
            network=network, defaults={"key": Room.key_for_network(network)}
        )
        return room

    @staticmethod
    def _members(network_id) -> QuerySet[NetworkMembership]:
        return NetworkMembership.objects.filter(network_id=network_id)

    def entrant_ids(self, room: Room) -> set[int]:
        if room.network_id is None:
            return set()
        members = self._members(room.network_id).filter(user__is_active=True)
        return set(members.values_list("user_id", flat=True))

    def title(self, room: Room) -> str:
        return str(room)

    def url(self, key: str) -> str:
        return reverse("chat:discussion", kwargs={"slug": key.removeprefix(self.prefix)})

    def may_moderate(self, user, room: Room) -> bool:
        if room.network_id is None:
            return False
        return self._members(room.network_id).filter(user=user, is_moderator=True).exists()

    def listed_for(self, user, *, past: bool = False) -> list[ListedRoom]:
        listed = []
        for network in Network.objects.filter(memberships__user=user).order_by("name"):
            key = Room.key_for_network(network)
            listed.append(ListedRoom(key=key, title=network.name, url=self.url(key)))
        return listed


NETWORK_ROOM = register(NetworkRoom())
