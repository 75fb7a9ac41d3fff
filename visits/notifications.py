"""Tell the people concerned about a change to an event or an invitation: live (a
``notification`` frame, kind ``visit``) and by e-mail in their language, with the event for
their calendar, through ``network.notices.notify`` after the change commits.

Every entry point (views, API, commands) calls services, and services call ``notify`` here, so
each change produces the same frame and e-mail whatever started it."""

from collections.abc import Iterable
from email.mime.text import MIMEText
from enum import StrEnum

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from network import notices
from network.emails import absolute_url
from network.models import User
from visits import answer_links as links
from visits import ical, permissions, selectors
from visits.choices import InvitationStatus
from visits.models import Event, Invitation


class Change(StrEnum):
    """What happened, as carried in the frame's ``change`` (``docs/visits.md``)."""

    INVITED = "invited"
    UPDATED = "updated"
    CANCELLED = "cancelled"
    INVITATION_CANCELLED = "invitation_cancelled"
    ACCEPTED = "accepted"
    WAITLISTED = "waitlisted"
    PROMOTED = "promoted"
    ANSWER_ACCEPTED = "answer_accepted"
    ANSWER_DECLINED = "answer_declined"
    ANSWER_WAITLISTED = "answer_waitlisted"
    REMINDER_EVENT = "reminder_event"
    REMINDER_DEADLINE = "reminder_deadline"


# Changes whose e-mail offers one-step answers (signed links, ``answer_links``) to those who
# may still answer.
ANSWERABLE = {Change.INVITED, Change.UPDATED, Change.REMINDER_DEADLINE}

# Changes whose e-mail carries the event for the recipient's calendar.
WITH_CALENDAR = {
    Change.INVITED,
    Change.UPDATED,
    Change.CANCELLED,
    Change.INVITATION_CANCELLED,
    Change.ACCEPTED,
    Change.PROMOTED,
}


def _when(value) -> str:
    return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")


def headline(
    change: str, *, event: Event, invitation: Invitation | None = None
) -> notices.Sentence:
    """One sentence saying what happened, in the active language (subject and live text)."""
    title = event.title
    invitee = ""
    if invitation is not None:
        invitee = str(invitation.user or invitation.region)
    if change == Change.INVITED:
        if invitation is not None and invitation.region_id is not None:
            template = _("The %(host)s region invites your region to “%(title)s”")
        else:
            template = _("The %(host)s region invites you to “%(title)s”")
        return notices.sentence(template, ("title",), host=event.host_region, title=title)
    texts = {
        Change.UPDATED: _("“%(title)s” has changed"),
        Change.CANCELLED: _("“%(title)s” has been cancelled"),
        Change.INVITATION_CANCELLED: _("Your invitation to “%(title)s” has been withdrawn"),
        Change.ACCEPTED: _("You have a place at “%(title)s”"),
        Change.WAITLISTED: _("You are on the waiting list for “%(title)s”"),
        Change.PROMOTED: _("A place has freed up: you are going to “%(title)s”"),
        Change.ANSWER_ACCEPTED: _("%(invitee)s accepted the invitation to “%(title)s”"),
        Change.ANSWER_DECLINED: _("%(invitee)s declined the invitation to “%(title)s”"),
        Change.ANSWER_WAITLISTED: _("%(invitee)s is on the waiting list for “%(title)s”"),
        Change.REMINDER_EVENT: _("Reminder: “%(title)s” starts on %(when)s"),
        Change.REMINDER_DEADLINE: _("Please answer the invitation to “%(title)s” by %(when)s"),
    }
    when = _when(event.rsvp_deadline if change == Change.REMINDER_DEADLINE else event.starts_at)
    return notices.sentence(texts[change], ("title",), title=title, invitee=invitee, when=when)


def calendar_part(event: Event, *, recipient: User, cancel: bool = False) -> MIMEText:
    """The ``text/calendar`` part of an invitation e-mail (METHOD REQUEST or CANCEL)."""
    content = ical.invitation_ics(event, attendee_email=recipient.email, cancel=cancel)
    method = ical.CANCEL if cancel or event.is_cancelled else ical.REQUEST
    part = MIMEText(content.decode(), "calendar", "utf-8")
    part.set_param("method", method)
    part.add_header("Content-Disposition", "attachment", filename="zaproszenie.ics")
    return part


def notify(
    *,
    change: Change,
    event: Event,
    recipients: Iterable[User],
    invitations: Iterable[Invitation] = (),
) -> None:
    """Tell ``recipients`` about ``change`` (each once), after commit. With several
    ``invitations`` (an invitation sent to many, a change to an event), each recipient hears
    about their own; with one, everybody hears about that one (e.g. the host about an answer)."""
    notice = VisitNotice(change, event, [invitation.pk for invitation in invitations])
    notices.notify(recipients, notice)


@notices.register
class VisitNotice(notices.Notice):
    name = "visit"

    def __init__(self, change: str, event: Event, invitation_ids: list[int], invitations=None):
        self.change = Change(change)
        self.event = event
        self.invitation_ids = invitation_ids
        self._invitations = invitations
        self._seats_left = None

    def params(self) -> dict:
        return {"change": self.change, "event": self.event.pk, "invitations": self.invitation_ids}

    @classmethod
    def restore(cls, params):
        event = Event.objects.select_related("host_region", "organiser").filter(pk=params["event"])
        event = event.first()
        if event is None:
            return None
        invitations = list(
            Invitation.objects.filter(pk__in=params["invitations"]).select_related(
                "region",
                "user",
                "invited_by",
                "passed_on_from__region",
                "passed_on_from__invited_by",
            )
        )
        for invitation in invitations:
            invitation.event = event
        return cls(params["change"], event, params["invitations"], invitations)

    def _invitation_for(self, recipient: User) -> Invitation | None:
        if len(self._invitations) == 1:
            return self._invitations[0]
        for invitation in self._invitations:
            if invitation.user_id == recipient.pk or (
                invitation.region_id is not None and invitation.region_id == recipient.region_id
            ):
                return invitation
        return None

    @property
    def seats_left(self) -> int:
        if self._seats_left is None:
            self._seats_left = selectors.seats_left(self.event)
        return self._seats_left

    def frames(self, recipient: User) -> list[notices.Frame]:
        event, invitation = self.event, self._invitation_for(recipient)
        # Same words as the pages' seat count, which the browser replaces with this.
        seats_text = ngettext(
            "%(counter)s seat left", "%(counter)s seats left", self.seats_left
        ) % {"counter": self.seats_left}
        line = headline(self.change, event=event, invitation=invitation)
        return [
            notices.VisitNotification(
                change=self.change,
                event={
                    "id": event.pk,
                    "title": event.title,
                    "url": event.get_absolute_url(),
                    "seats_left": self.seats_left,
                    "seats_text": seats_text,
                    "cancelled": event.is_cancelled,
                },
                invitation=invitation.pk if invitation is not None else None,
                url=(invitation or event).get_absolute_url(),
                text=line.text,
                parts=line.parts(),
            )
        ]

    def email(self, recipient: User) -> notices.Email:
        event, invitation = self.event, self._invitation_for(recipient)
        answer_links = {}
        if (
            self.change in ANSWERABLE
            and invitation is not None
            and invitation.status == InvitationStatus.PENDING
            and not event.is_cancelled
            and permissions.can_answer_invitation(recipient, invitation)
        ):
            answer_links = {
                f"{answer}_link": links.answer_url(
                    invitation=invitation, person=recipient, answer=answer
                )
                for answer in links.ANSWERS
            }
        attachments = []
        if self.change in WITH_CALENDAR:
            cancel = self.change in (Change.CANCELLED, Change.INVITATION_CANCELLED)
            attachments.append(calendar_part(event, recipient=recipient, cancel=cancel))
        return notices.Email(
            template="visits/emails/change",
            context={
                "change": self.change,
                "headline": headline(self.change, event=event, invitation=invitation).text,
                "event": event,
                "invitation": invitation,
                "link": absolute_url((invitation or event).get_absolute_url()),
                "seats_left": self.seats_left,
                **answer_links,
            },
            attachments=attachments,
        )
