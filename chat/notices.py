"""Chat's notice: a mention (``network.notices`` is how every app tells people something)."""

from typing import Any

from django.utils.translation import gettext as _

from chat import events, selectors
from chat.models import Message
from network import notices
from network.models import User
from network.notices import deliver_notice  # noqa: F401 (see below)

# Notices queued before the delivery task moved to ``network.notices`` name it by its old path,
# ``chat.notices.deliver_notice``; the worker finds it here. Remove once no such row waits.


@notices.register
class MentionNotice(notices.Notice):
    """``@anna.nowak`` in a message: a notification wherever the member is, and their new
    unread counts for the room. (Mention e-mails go out as a digest: ``chat.emails``.)"""

    name = "mention"

    def __init__(self, message):
        self.message = message
        self._payload = None

    def params(self) -> dict[str, Any]:
        return {"message": self.message.pk}

    @classmethod
    def restore(cls, params):
        message = (
            Message.objects.select_related("room", "topic", "author", "author__region")
            .filter(pk=params["message"], deleted_at__isnull=True)
            .first()
        )
        return cls(message) if message is not None else None

    def frames(self, recipient: User) -> list[notices.Frame]:
        room = self.message.room
        if self._payload is None:
            self._payload = selectors.message_payload(self.message)
            self._title, self._url = selectors.room_title(room), selectors.room_url(room)
        count, mentions = selectors.unread_counts(recipient, room)
        line = notices.sentence(
            _("%(name)s mentioned you in %(room)s"),
            ("room",),
            name=self._payload["author"]["name"],
            room=self._title,
        )
        return [
            notices.MentionNotification(
                room=room.key,
                url=self._url,
                message=self._payload,
                text=line.text,
                parts=line.parts(),
            ),
            events.UnreadFrame(room=room.key, count=count, mentions=mentions),
        ]
