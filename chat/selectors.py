"""Reads for discussions, and the one place messages and users become frame payloads."""

from django.db import connection
from django.db.models import Count, F, IntegerField, Max, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse

from chat import rooms
from chat.models import Attachment, Mention, Message, ReadMarker, Room, Topic
from chat.text import search_terms
from network.models import User

LATEST_LIMIT = 50
MAX_LIMIT = 200


def room_title(room: Room) -> str:
    """What people call the room: the network's name, the event's title…"""
    return rooms.title(room)


def room_url(room: Room) -> str:
    """The room's page."""
    return rooms.url(room)


def user_payload(user) -> dict:
    return {
        "id": user.pk,
        "name": user.get_full_name() or user.email,
        "region": user.region.name if user.region_id else None,
        # A guest invited by e-mail into an event's room: no region, and not national staff.
        "guest": user.is_guest,
    }


def attachment_payload(attachment: Attachment) -> dict:
    return {
        "id": attachment.pk,
        "name": attachment.name,
        "url": reverse("chat:attachment", args=[attachment.pk]),
        "size": attachment.size,
        "content_type": attachment.content_type,
        "image": attachment.is_image,
        "alt": attachment.alt_text,
        "width": attachment.width,
        "height": attachment.height,
    }


def message_payload(message: Message) -> dict:
    return {
        "id": message.pk,
        "room": message.room.key,
        "topic": message.topic.name,
        "body": message.body,
        "author": user_payload(message.author),
        "created_at": message.created_at.isoformat(),
        "edited_at": message.edited_at.isoformat() if message.edited_at else None,
        "client_id": message.client_id,
        # Prefetched with the message wherever messages are listed (``_visible``).
        "attachments": [attachment_payload(a) for a in message.attachments.all()],
    }


def _visible(room: Room) -> QuerySet[Message]:
    return (
        Message.objects.filter(room=room, deleted_at__isnull=True)
        .select_related("room", "topic", "author", "author__region")
        .prefetch_related("attachments")
    )


def room_messages(
    room: Room, *, after: int | None = None, before: int | None = None, limit: int = LATEST_LIMIT
) -> tuple[list[Message], bool]:
    """A window of messages, oldest first, and whether more lie beyond it.

    ``after``: the messages with a higher id (catch-up). ``before``: older ones (scrolling
    back). Neither: the latest.
    """
    limit = max(1, min(limit, MAX_LIMIT))
    messages = _visible(room)
    if after is not None:
        window = list(messages.filter(id__gt=after).order_by("id")[: limit + 1])
        return window[:limit], len(window) > limit
    if before is not None:
        messages = messages.filter(id__lt=before)
    window = list(messages.order_by("-id")[: limit + 1])
    return list(reversed(window[:limit])), len(window) > limit


def last_read_id(user, room: Room) -> int:
    marker = ReadMarker.objects.filter(user=user, room=room).values_list("last_read_id", flat=True)
    return marker.first() or 0


def unread_counts(user, room: Room) -> tuple[int, int]:
    """Unread messages and unread mentions of ``user`` in ``room``."""
    read_up_to = last_read_id(user, room)
    count = (
        Message.objects.filter(room=room, deleted_at__isnull=True, id__gt=read_up_to)
        .exclude(author=user)
        .count()
    )
    mentions = Mention.objects.filter(
        user=user,
        message__room=room,
        message__deleted_at__isnull=True,
        message__id__gt=read_up_to,
    ).count()
    return count, mentions


def topics_with_unread(user, room: Room) -> QuerySet[Topic]:
    read_up_to = last_read_id(user, room)
    unread = Q(messages__id__gt=read_up_to, messages__deleted_at__isnull=True) & ~Q(
        messages__author=user
    )
    return room.topics.annotate(unread=Count("messages", filter=unread)).order_by(
        "-last_message_id"
    )


def latest_message_id(room: Room) -> int:
    return (
        Message.objects.filter(room=room).order_by("-id").values_list("id", flat=True).first() or 0
    )


def latest_message_ids(rooms: dict[str, int]) -> dict[str, int]:
    """The newest message id of each room (key → room id), in one query."""
    newest = dict(
        Message.objects.filter(room_id__in=rooms.values())
        .values("room_id")
        .annotate(newest=Max("id"))
        .values_list("room_id", "newest")
    )
    return {key: newest.get(room_id, 0) for key, room_id in rooms.items()}


def rooms_for(user) -> list[dict]:
    """Every room the user may enter, as each kind of room lists them (their networks' rooms,
    then e.g. the rooms of events they take part in), each with a title, page URL, unread and
    mention counts and the newest message id (so the page's live counts start from there), in
    a constant number of queries however many rooms."""
    listed = rooms.listed_for(user)
    existing = {room.key: room for room in Room.objects.filter(key__in=[r.key for r in listed])}
    marker = ReadMarker.objects.filter(user=user, room=OuterRef("room")).values("last_read_id")
    read_up_to = Coalesce(Subquery(marker[:1]), Value(0), output_field=IntegerField())
    counts = {
        row["room"]: row
        for row in Message.objects.filter(room__in=existing.values(), deleted_at__isnull=True)
        .exclude(author=user)
        .annotate(read_up_to=read_up_to)
        .filter(id__gt=F("read_up_to"))
        .values("room")
        .annotate(
            # distinct: the join to mentions repeats a message once per person it mentions.
            unread=Count("id", distinct=True),
            mentions=Count("mentions", filter=Q(mentions__user=user)),
        )
    }
    latest = latest_message_ids({key: room.pk for key, room in existing.items()})
    result = []
    for row in listed:
        room = existing.get(row.key)
        count = counts.get(room.pk, {}) if room else {}
        result.append(
            {
                "key": row.key,
                "title": row.title,
                "url": row.url,
                "kind_label": row.kind_label,
                "when": row.when,
                "unread": count.get("unread", 0),
                "mentions": count.get("mentions", 0),
                "latest": latest.get(row.key, 0),
            }
        )
    return result


# --- Search ---------------------------------------------------------------------------------

SEARCH_LIMIT = 50


def searchable_rooms(user) -> dict[int, rooms.ListedRoom]:
    """Every room ``user`` may enter (as each kind of room lists them, ``chat.rooms``, past
    ones too: a finished event's room) that has a row, by room id. An unused room has no row
    and no messages."""
    listed = {row.key: row for row in rooms.listed_for(user, past=True)}
    pairs = Room.objects.filter(key__in=listed).values_list("pk", "key")
    return {pk: listed[key] for pk, key in pairs}


def search_messages(room_ids: list[int], query: str, *, limit: int = SEARCH_LIMIT) -> list[Message]:
    """The newest messages of the rooms ``room_ids`` whose words begin with every term of ``query``,
    diacritics and case aside ("lodz" finds "Łódź"). PostgreSQL answers from the full-text
    index (migration chat.0002); SQLite matches the folded text itself. Two queries."""
    terms = search_terms(query)
    if not terms or not room_ids:
        return []
    messages = Message.objects.filter(room_id__in=room_ids, deleted_at__isnull=True)
    if connection.vendor == "postgresql":
        tsquery = " & ".join(f"{term}:*" for term in terms)
        messages = messages.extra(
            where=["chat_message.search_vector @@ to_tsquery('pg_catalog.simple', %s)"],
            params=[tsquery],
        )
    else:
        for term in terms:
            messages = messages.filter(search_text__regex=rf"(^|[^a-z0-9]){term}")
    return list(
        messages.select_related("room", "topic", "author", "author__region")
        .prefetch_related("attachments")
        .order_by("-id")[:limit]
    )


# --- People who may be mentioned ------------------------------------------------------------


def mentionable_people(room: Room) -> list[dict]:
    """Everyone who may enter the room, by name, for the composer's ``@`` suggestions."""
    people = (
        User.objects.filter(pk__in=rooms.entrant_ids(room), is_active=True)
        .select_related("region")
        .order_by("last_name", "first_name", "pk")
    )
    return [user_payload(person) for person in people if person.get_full_name().strip()]
