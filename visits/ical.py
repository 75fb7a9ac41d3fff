"""iCalendar for events: invitation attachments, and VEVENTs for downloads and feeds.

Times are written in Europe/Warsaw with a VTIMEZONE, so calendars show the local hour even
across the DST change. The UID never changes; SEQUENCE is the event's ``ical_sequence``."""

from urllib.parse import urlparse
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.utils import timezone

from network.emails import absolute_url
from visits.models import Event

WARSAW = ZoneInfo("Europe/Warsaw")
PRODID = "-//WZK//Platforma współpracy WZK//PL"
REQUEST = "REQUEST"
CANCEL = "CANCEL"
PUBLISH = "PUBLISH"


def event_uid(event: Event) -> str:
    return f"{event.uid}@{urlparse(settings.SITE_URL).hostname or 'wzk'}"


def event_vevent(
    event: Event, *, cancelled: bool | None = None, personal_contact: bool = True
) -> icalendar.Event:
    """One VEVENT for ``event``. Reuse it for invitation e-mails, ``.ics`` and feeds.

    The organiser is the person who organises it, for those who may see members' contact
    details; for anyone else the host WZK's public address, or no ORGANIZER if it has none."""
    cancelled = event.is_cancelled if cancelled is None else cancelled
    url = absolute_url(event.get_absolute_url())
    description = "\n\n".join(part for part in (event.description, event.agenda, url) if part)
    vevent = icalendar.Event()
    vevent.add("uid", event_uid(event))
    vevent.add("sequence", event.ical_sequence)
    vevent.add("dtstamp", timezone.now())
    vevent.add("dtstart", event.starts_at.astimezone(WARSAW))
    vevent.add("dtend", event.ends_at.astimezone(WARSAW))
    vevent.add("summary", event.title)
    vevent.add("description", description)
    vevent.add("location", event.venue_address or event.online_url)
    vevent.add("url", url)
    vevent.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    if event.updated_at:
        vevent.add("last-modified", event.updated_at)
    if personal_contact:
        email, name = event.organiser.email, str(event.organiser)
    else:
        email, name = event.host_region.wzk_email, f"WZK – {event.host_region}"
    if email:
        organiser = icalendar.vCalAddress(f"mailto:{email}")
        organiser.params["cn"] = icalendar.vText(name)
        vevent.add("organizer", organiser)
    return vevent


def calendar(vevents, *, method: str | None = None, name: str = "") -> icalendar.Calendar:
    """A VCALENDAR around the given VEVENTs, with the VTIMEZONEs they use."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    if method:
        cal.add("method", method)
    if name:
        cal.add("x-wr-calname", name)
    for vevent in vevents:
        cal.add_component(vevent)
    cal.add_missing_timezones()
    return cal


def invitation_ics(
    event: Event, *, attendee_email: str | None = None, cancel: bool = False
) -> bytes:
    """The attachment of an invitation or update (REQUEST), or of a cancellation (CANCEL):
    the event's, or, with ``cancel``, one invitee's withdrawn invitation."""
    cancel = cancel or event.is_cancelled
    vevent = event_vevent(event, cancelled=cancel)
    if attendee_email:
        attendee = icalendar.vCalAddress(f"mailto:{attendee_email}")
        attendee.params["rsvp"] = icalendar.vText("FALSE")
        vevent.add("attendee", attendee)
    return calendar([vevent], method=CANCEL if cancel else REQUEST).to_ical()
