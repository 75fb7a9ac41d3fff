"""The document's discussion room ``opinion:<id>``, registered with chat's room kinds in
``OpinionsConfig.ready``: the region's WZK members discuss the draft live, with topics, unread
counts and mentions. Who may enter is ``permissions.can_enter_room``."""

from datetime import timedelta

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from chat.errors import NotFound
from chat.models import Room
from chat.rooms import ListedRoom, RoomKind
from opinions import permissions
from opinions.choices import DocumentStatus
from opinions.models import OPINION_ROOM_PREFIX, Document, opinion_room_key

# The rooms page keeps an adopted (or rejected) document's room this long.
LISTED_FOR = timedelta(days=30)


def _document_of(key: str) -> Document | None:
    suffix = key.removeprefix(OPINION_ROOM_PREFIX)
    if not suffix.isdecimal() or len(suffix) > 18:
        return None
    return Document.objects.filter(pk=int(suffix)).first()


class OpinionRoom(RoomKind):
    prefix = OPINION_ROOM_PREFIX
    order = 20

    def access(self, user, key: str) -> Room:
        document = _document_of(key)
        if document is None or not permissions.can_enter_room(user, document):
            raise NotFound(ref=key)
        room, _created = Room.objects.get_or_create(key=opinion_room_key(document.pk))
        return room

    def entrant_ids(self, room: Room) -> set[int]:
        document = _document_of(room.key)
        if document is None:
            return set()
        return set(permissions.wzk_members(document.region_id).values_list("pk", flat=True))

    def title(self, room: Room) -> str:
        document = _document_of(room.key)
        return document.title if document is not None else room.key

    def url(self, key: str) -> str:
        return reverse("opinions:room", args=[int(key.removeprefix(self.prefix))])

    def may_moderate(self, user, room: Room) -> bool:
        document = _document_of(room.key)
        return document is not None and permissions.can_manage_document(user, document)

    def listed_for(self, user, *, past: bool = False) -> list[ListedRoom]:
        """Documents in the works, and those decided in the last 30 days (with ``past``, all)."""
        documents = permissions.documents_with_room_for(user)
        if not past:
            recent = timezone.now() - LISTED_FOR
            documents = documents.filter(
                ~Q(status__in=[DocumentStatus.ADOPTED, DocumentStatus.NOT_ADOPTED])
                | Q(updated_at__gte=recent)
            )
        documents = documents.order_by("-updated_at")
        return [
            ListedRoom(
                key=opinion_room_key(document.pk),
                title=document.title,
                url=self.url(opinion_room_key(document.pk)),
                kind_label=str(document.get_kind_display()).lower(),
                when=document.updated_at,
            )
            for document in documents
        ]
