"""Tell the people concerned about a change: live (the discussions socket's ``notification``
frame, kind ``visit``) and by e-mail in their language, after the change is committed.

Every entry point (views, API, commands) calls services, and services call ``notify``, so each
change produces the same frame and e-mail whatever started it."""

import logging
from collections.abc import Iterable
from email.mime.text import MIMEText
from functools import partial

from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from chat import broadcast, events
from network.emails import absolute_url, send_templated_mail
from network.models import User
from visits import ical, selectors
from visits.models import Event, Invitation

logger = logging.getLogger(__name__)

FRAME_KIND = "visit"

# What happened, as carried in the frame's ``change``.
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

# Changes whose e-mail carries the event for the recipient's calendar.
WITH_CALENDAR = {INVITED, UPDATED, CANCELLED, INVITATION_CANCELLED, ACCEPTED, PROMOTED}


def _when(value) -> str:
    return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")


def headline(change: str, *, event: Event, invitation: Invitation | None = None) -> str:
    """One sentence saying what happened, in the active language (subject and live text)."""
    title = event.title
    invitee = ""
    if invitation is not None:
        invitee = str(invitation.user or invitation.region)
    if change == INVITED:
        if invitation is not None and invitation.region_id is not None:
            return _("The %(host)s region invites your region to “%(title)s”") % {
                "host": event.host_region,
                "title": title,
            }
        return _("The %(host)s region invites you to “%(title)s”") % {
            "host": event.host_region,
            "title": title,
        }
    texts = {
        UPDATED: _("“%(title)s” has changed"),
        CANCELLED: _("“%(title)s” has been cancelled"),
        INVITATION_CANCELLED: _("Your invitation to “%(title)s” has been withdrawn"),
        ACCEPTED: _("You have a place at “%(title)s”"),
        WAITLISTED: _("You are on the waiting list for “%(title)s”"),
        PROMOTED: _("A place has freed up: you are going to “%(title)s”"),
        ANSWER_ACCEPTED: _("%(invitee)s accepted the invitation to “%(title)s”"),
        ANSWER_DECLINED: _("%(invitee)s declined the invitation to “%(title)s”"),
        ANSWER_WAITLISTED: _("%(invitee)s is on the waiting list for “%(title)s”"),
        REMINDER_EVENT: _("Reminder: “%(title)s” starts on %(when)s"),
        REMINDER_DEADLINE: _("Please answer the invitation to “%(title)s” by %(when)s"),
    }
    when = _when(event.rsvp_deadline if change == REMINDER_DEADLINE else event.starts_at)
    return texts[change] % {"title": title, "invitee": invitee, "when": when}


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
    change: str,
    event: Event,
    recipients: Iterable[User],
    invitation: Invitation | None = None,
) -> None:
    """After commit: a live frame and an e-mail for each recipient (each at most once)."""
    unique = {user.pk: user for user in recipients if user is not None and user.is_active}
    if unique:
        transaction.on_commit(
            partial(_deliver, change, event, list(unique.values()), invitation), robust=True
        )


def _deliver(change, event, recipients, invitation) -> None:
    seats_left = selectors.seats_left(event)
    link = absolute_url((invitation or event).get_absolute_url())
    for recipient in recipients:
        with translation.override(recipient.language):
            text = headline(change, event=event, invitation=invitation)
            # Same words as the pages' seat count, which the browser replaces with this.
            seats_text = ngettext("%(counter)s seat left", "%(counter)s seats left", seats_left) % {
                "counter": seats_left
            }
        broadcast.to_group(
            events.user_group(recipient.pk),
            {
                "type": events.NOTIFICATION,
                "kind": FRAME_KIND,
                "change": change,
                "event": {
                    "id": event.pk,
                    "title": event.title,
                    "url": event.get_absolute_url(),
                    "seats_left": seats_left,
                    "seats_text": seats_text,
                    "cancelled": event.is_cancelled,
                },
                "invitation": invitation.pk if invitation is not None else None,
                "url": (invitation or event).get_absolute_url(),
                "text": text,
            },
        )
        try:
            _email(change, event, recipient, invitation, text=text, link=link, seats=seats_left)
        except Exception:
            logger.exception("Visit e-mail (%s) to member %s not sent", change, recipient.pk)


def _email(change, event, recipient, invitation, *, text: str, link: str, seats: int) -> None:
    attachments = []
    if change in WITH_CALENDAR:
        cancel = change in (CANCELLED, INVITATION_CANCELLED)
        attachments.append(calendar_part(event, recipient=recipient, cancel=cancel))
    send_templated_mail(
        to=recipient,
        template="visits/emails/change",
        context={
            "change": change,
            "headline": text,
            "event": event,
            "invitation": invitation,
            "link": link,
            "seats_left": seats,
        },
        attachments=attachments,
    )
