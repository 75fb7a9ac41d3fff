"""Tell a WZK's members about their documents: a consultation opens, a vote opens, a vote closes
in a day and they have not voted, a document is adopted (or not). Live (a ``notification``
frame, kind ``opinion``) and by e-mail in their language, through ``network.notices.notify`` after
the change commits; services call ``notify`` here, whatever started the change."""

from collections.abc import Iterable
from enum import StrEnum

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from network import notices
from network.emails import absolute_url
from network.models import User
from opinions.models import Document, Vote


class Change(StrEnum):
    CONSULTATION_OPENED = "consultation_opened"
    VOTE_OPENED = "vote_opened"
    VOTE_REMINDER = "vote_reminder"
    ADOPTED = "adopted"
    NOT_ADOPTED = "not_adopted"


def _when(value) -> str:
    return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")


def headline(change: str, *, document: Document, vote: Vote | None = None) -> notices.Sentence:
    """One sentence saying what happened, in the active language (subject and live text)."""
    title = document.title
    if change == Change.CONSULTATION_OPENED:
        return notices.sentence(
            _("Consultation of “%(title)s” is open until %(when)s"),
            ("title",),
            title=title,
            when=_when(document.consultation_closes_at),
        )
    if change == Change.VOTE_OPENED:
        return notices.sentence(
            _("Vote on “%(title)s”: from %(opens)s to %(closes)s"),
            ("title",),
            title=title,
            opens=_when(vote.opens_at),
            closes=_when(vote.closes_at),
        )
    if change == Change.VOTE_REMINDER:
        return notices.sentence(
            _("You have not voted on “%(title)s” yet: the vote closes on %(when)s"),
            ("title",),
            title=title,
            when=_when(vote.closes_at),
        )
    if change == Change.ADOPTED:
        return notices.sentence(
            _("“%(title)s” has been adopted: %(resolution)s"),
            ("title", "resolution"),
            title=title,
            resolution=document.resolution_label,
        )
    return notices.sentence(_("“%(title)s” has not been adopted"), ("title",), title=title)


def notify(
    *, change: Change, document: Document, recipients: Iterable[User], vote: Vote | None = None
) -> None:
    notices.notify(recipients, OpinionNotice(change, document, vote))


@notices.register
class OpinionNotice(notices.Notice):
    name = "opinion"

    def __init__(self, change: str, document: Document, vote: Vote | None = None):
        self.change = Change(change)
        self.document = document
        self.vote = vote

    def params(self) -> dict:
        return {
            "change": self.change,
            "document": self.document.pk,
            "vote": self.vote.pk if self.vote is not None else None,
        }

    @classmethod
    def restore(cls, params):
        document = Document.objects.select_related("region").filter(pk=params["document"]).first()
        if document is None:
            return None
        vote = None
        if params.get("vote"):
            vote = Vote.objects.filter(pk=params["vote"], document=document).first()
            if vote is None:
                return None
        if params["change"] == Change.VOTE_REMINDER and (vote is None or vote.is_recorded):
            return None  # the vote closed meanwhile: nothing to remind of
        return cls(params["change"], document, vote)

    def frames(self, recipient: User) -> list[notices.Frame]:
        document = self.document
        line = headline(self.change, document=document, vote=self.vote)
        return [
            notices.OpinionNotification(
                change=self.change,
                document={
                    "id": document.pk,
                    "title": document.title,
                    "url": document.get_absolute_url(),
                    "status": document.status,
                },
                url=document.get_absolute_url(),
                text=line.text,
                parts=line.parts(),
            )
        ]

    def email(self, recipient: User) -> notices.Email:
        return notices.Email(
            template="opinions/emails/change",
            context={
                "change": self.change,
                "headline": headline(self.change, document=self.document, vote=self.vote).text,
                "document": self.document,
                "vote": self.vote,
                "link": absolute_url(self.document.get_absolute_url()),
            },
        )
