"""One way to tell people something: ``notify(recipients, notice)``.

After the change commits, one task (``network.tasks``) delivers the notice: each recipient's
live frames (a ``notification``, and whatever else the notice carries, e.g. new unread counts)
on their sockets, and, for notices with an e-mail, that e-mail in their language, itself
queued and retried. One task however many recipients, so a notice to 300 people costs the
request what a notice to 3 does.

A kind of notice is a ``Notice`` subclass registered with ``@register``; the task rebuilds it
from ``params()`` (ids, not objects), so it reads what was committed.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from chat import broadcast, events, selectors
from chat.models import Message
from network.emails import send_templated_mail
from network.models import User
from network.tasks import BACKEND, enqueue_on_commit


@dataclass(frozen=True)
class Email:
    template: str
    context: dict[str, Any]
    attachments: list = field(default_factory=list)


class Notice:
    """Something to tell members. Subclasses name themselves, say how to rebuild themselves
    from JSON, and what each recipient gets (called in the recipient's language)."""

    name: ClassVar[str]

    def params(self) -> dict[str, Any]:
        raise NotImplementedError

    @classmethod
    def restore(cls, params: dict[str, Any]) -> "Notice | None":
        """The notice again, in the worker; None when what it is about is gone."""
        raise NotImplementedError

    def frames(self, recipient: User) -> list[events.Frame]:
        raise NotImplementedError

    def email(self, recipient: User) -> Email | None:
        return None


_kinds: dict[str, type[Notice]] = {}


def register(cls: type[Notice]) -> type[Notice]:
    if cls.name in _kinds and _kinds[cls.name] is not cls:
        raise ValueError(f"Notice {cls.name!r} is registered twice.")
    _kinds[cls.name] = cls
    return cls


def notify(recipients: Iterable[User | None], notice: Notice) -> None:
    """Tell ``recipients`` (each once; inactive accounts never) after the change commits."""
    ids = sorted({user.pk for user in recipients if user is not None and user.is_active})
    if ids:
        enqueue_on_commit(deliver_notice, notice.name, notice.params(), ids)


@task(backend=BACKEND)
def deliver_notice(name: str, params: dict, recipient_ids: list[int]) -> None:
    notice = _kinds[name].restore(params)
    if notice is None:
        return
    for recipient in User.objects.filter(pk__in=recipient_ids, is_active=True).order_by("pk"):
        with translation.override(recipient.language):
            for frame in notice.frames(recipient):
                broadcast.to_user(recipient.pk, frame)
            email = notice.email(recipient)
        if email is not None:
            send_templated_mail(
                to=recipient,
                template=email.template,
                context=email.context,
                attachments=email.attachments,
            )


# --- Chat's own notice ----------------------------------------------------------------------


@register
class MentionNotice(Notice):
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

    def frames(self, recipient: User) -> list[events.Frame]:
        room = self.message.room
        if self._payload is None:
            self._payload = selectors.message_payload(self.message)
            self._title, self._url = selectors.room_title(room), selectors.room_url(room)
        count, mentions = selectors.unread_counts(recipient, room)
        text = _("%(name)s mentioned you in %(room)s") % {
            "name": self._payload["author"]["name"],
            "room": self._title,
        }
        return [
            events.MentionNotification(
                room=room.key, url=self._url, message=self._payload, text=text
            ),
            events.UnreadFrame(room=room.key, count=count, mentions=mentions),
        ]
