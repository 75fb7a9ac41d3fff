"""Writes for visits, by subdomain: ``events``, ``invitations``, ``seats`` (answers and the
waiting list), ``guests``, ``reports``, ``attendance``, ``feeds``, ``reminders``. Each module is
one rule set; this package names the public services so callers write
``services.invitation_accept(...)`` whichever module holds it."""

from visits.services.attendance import attendance_add, attendance_mark, attendance_remove
from visits.services.events import (
    event_cancel,
    event_create,
    event_update,
    event_validate,
    organiser_set,
)
from visits.services.feeds import feed_token_issue, feed_token_revoke
from visits.services.guests import (
    guest_claim,
    guest_from_welcome_link,
    guest_invite,
    guest_resend_welcome,
)
from visits.services.invitations import invitation_cancel, invitation_pass_on, invitations_send
from visits.services.reminders import reminders_send
from visits.services.reports import report_start_practice, report_write
from visits.services.seats import invitation_accept, invitation_decline

__all__ = [
    "attendance_add",
    "attendance_mark",
    "attendance_remove",
    "event_cancel",
    "event_create",
    "event_update",
    "event_validate",
    "feed_token_issue",
    "feed_token_revoke",
    "guest_claim",
    "guest_from_welcome_link",
    "guest_invite",
    "guest_resend_welcome",
    "invitation_accept",
    "invitation_cancel",
    "invitation_decline",
    "invitation_pass_on",
    "invitations_send",
    "organiser_set",
    "reminders_send",
    "report_start_practice",
    "report_write",
]
