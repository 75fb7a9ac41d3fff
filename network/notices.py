"""One way to tell people something: ``notify(recipients, notice)``. It lives on the ground
floor so that every app can use it, chat's neighbour cms included.

After the change commits, one task (``network.tasks``) delivers the notice: each recipient's
live frames (a ``notification``, and whatever else the notice carries, e.g. new unread counts)
on their open pages, and, for notices with an e-mail, that e-mail in their language, itself
queued and retried. One task however many recipients, so a notice to 300 people costs the
request what a notice to 3 does.

A kind of notice is a ``Notice`` subclass registered with ``@register``; the task rebuilds it
from ``params()`` (ids, not objects), so it reads what was committed. Every kind of
``notification`` frame is defined here, once (``docs/chat-protocol.md``); the frames reach the
member's sockets through the sender chat registers (``live_sender``): network has no sockets.
"""

import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, ClassVar, Literal

from django.utils import translation
from django_tasks import task
from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from network.emails import send_templated_mail
from network.models import User
from network.tasks import BACKEND, enqueue_on_commit
from network.templatetags.content_language import CONTENT_LANGUAGE

logger = logging.getLogger(__name__)

NOTIFICATION = "notification"


class Frame(BaseModel):
    """A frame the server sends to a browser (``chat.events`` defines the rest)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    def dump(self) -> dict[str, Any]:
        return self.model_dump(mode="json")


class NoticeKind(StrEnum):
    """What a ``notification`` frame is about; every kind a client may meet, in one place."""

    MENTION = "mention"  # someone mentioned the member in a room (chat)
    PRACTICE = "practice"  # a good practice to review, reviewed, published or sent back (cms)
    VISIT = "visit"  # an event or invitation changed (visits)
    OPINION = "opinion"  # a WZK document's consultation, vote or adoption (opinions)
    REPORT = "report"  # a region's report was submitted, returned, approved, or is due (monitoring)


class Part(BaseModel):
    """A piece of a notice's sentence; ``lang`` is set on what members wrote."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    text: str
    lang: str | None = None


class NotificationFrame(Frame):
    """Something for the member, wherever they are on the site: ``text`` in their language,
    ``url`` to open; the rest depends on ``kind``.

    ``parts`` is ``text`` in pieces, the ones members wrote (a title, a room's name) marked
    with their language, Polish whatever the member's: a client puts those in ``lang="pl"``
    spans in an English sentence, as ``|content_span`` does on the server's pages (WCAG
    3.1.2). Built by ``sentence()``; pieces that do not make up ``text`` are dropped, never
    the notice."""

    model_config = ConfigDict(extra="allow", frozen=True)
    type: Literal["notification"] = NOTIFICATION
    kind: NoticeKind
    text: str
    url: str
    parts: list[Part] = Field(default_factory=list)

    @field_validator("parts")
    @classmethod
    def _parts_make_up_the_text(cls, parts: list[Part], info: ValidationInfo) -> list[Part]:
        if parts and "".join(part.text for part in parts) != info.data.get("text"):
            logger.warning("A notice's parts do not make up its text: sent without them")
            return []
        return parts


_PLACEHOLDER = re.compile(r"%\((\w+)\)s|%%")


@dataclass(frozen=True)
class Sentence:
    """A notice's sentence, remembering which of its values members wrote."""

    pieces: tuple[tuple[str, bool], ...]

    @property
    def text(self) -> str:
        return "".join(text for text, _ in self.pieces)

    def __str__(self) -> str:
        return self.text

    def parts(self) -> list[Part]:
        return [
            Part(text=text, lang=CONTENT_LANGUAGE if written else None)
            for text, written in self.pieces
        ]


def sentence(template: str, content: Iterable[str] = (), **values: object) -> Sentence:
    """``template % values`` for a translated ``%(name)s`` sentence, with the values named in
    ``content`` (what members wrote: titles, names of rooms and periods) kept apart."""
    pieces, position = [], 0
    for match in _PLACEHOLDER.finditer(template):
        pieces.append((template[position : match.start()], False))
        name = match.group(1)
        if name is None:
            pieces.append(("%", False))
        else:
            pieces.append((str(values[name]), name in content))
        position = match.end()
    pieces.append((template[position:], False))
    merged: list[tuple[str, bool]] = []
    for text, written in pieces:
        if merged and not written and not merged[-1][1]:
            merged[-1] = (merged[-1][0] + text, False)
        elif text:
            merged.append((text, written))
    return Sentence(tuple(merged))


class MentionNotification(NotificationFrame):
    model_config = ConfigDict(extra="forbid", frozen=True)
    kind: Literal[NoticeKind.MENTION] = NoticeKind.MENTION
    room: str
    message: dict[str, Any]


class PracticeNotification(NotificationFrame):
    model_config = ConfigDict(extra="forbid", frozen=True)
    kind: Literal[NoticeKind.PRACTICE] = NoticeKind.PRACTICE
    change: str
    practice: dict[str, Any]


class VisitNotification(NotificationFrame):
    model_config = ConfigDict(extra="forbid", frozen=True)
    kind: Literal[NoticeKind.VISIT] = NoticeKind.VISIT
    change: str
    event: dict[str, Any]
    invitation: int | None


class OpinionNotification(NotificationFrame):
    model_config = ConfigDict(extra="forbid", frozen=True)
    kind: Literal[NoticeKind.OPINION] = NoticeKind.OPINION
    change: str
    document: dict[str, Any]


class ReportNotification(NotificationFrame):
    model_config = ConfigDict(extra="forbid", frozen=True)
    kind: Literal[NoticeKind.REPORT] = NoticeKind.REPORT
    change: str
    report: dict[str, Any]


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

    def frames(self, recipient: User) -> list[Frame]:
        raise NotImplementedError

    def email(self, recipient: User) -> Email | None:
        return None


_kinds: dict[str, type[Notice]] = {}
# Sends one frame to every open page of one member (chat registers it in ``ChatConfig.ready``).
_live_sender: Callable[[int, Frame], None] | None = None


def register(cls: type[Notice]) -> type[Notice]:
    if cls.name in _kinds and _kinds[cls.name] is not cls:
        raise ValueError(f"Notice {cls.name!r} is registered twice.")
    _kinds[cls.name] = cls
    return cls


def live_sender(send: Callable[[int, Frame], None]) -> None:
    global _live_sender
    _live_sender = send


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
    if _live_sender is None:
        logger.warning("No live sender registered: %s notice goes by e-mail only", name)
    for recipient in User.objects.filter(pk__in=recipient_ids, is_active=True).order_by("pk"):
        with translation.override(recipient.language):
            frames = notice.frames(recipient)
            email = notice.email(recipient)
        if _live_sender is not None:
            for frame in frames:
                _live_sender(recipient.pk, frame)
        if email is not None:
            send_templated_mail(
                to=recipient,
                template=email.template,
                context=email.context,
                attachments=email.attachments,
            )
