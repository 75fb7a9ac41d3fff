"""iCalendar output parsed back with ``icalendar``: local time with TZID and a VTIMEZONE,
a stable UID, SEQUENCE rising with each change, METHOD CANCEL on cancellation."""

from datetime import datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest

from tests.visits.factories import EventFactory
from visits import ical, services

pytestmark = pytest.mark.django_db

WARSAW = ZoneInfo("Europe/Warsaw")


def _parse(data: bytes):
    cal = icalendar.Calendar.from_ical(data)
    (vevent,) = cal.walk("VEVENT")
    return cal, vevent


def test_an_invitation_is_a_request_in_warsaw_time_with_its_timezone(host):
    event = EventFactory(
        organiser=host,
        host_region=host.region,
        starts_at=datetime(2031, 3, 29, 10, 0, tzinfo=WARSAW),
        ends_at=datetime(2031, 3, 30, 14, 0, tzinfo=WARSAW),  # across the change to summer time
        rsvp_deadline=datetime(2031, 3, 20, 12, 0, tzinfo=WARSAW),
        title="Festiwal Zawodów",
    )
    data = ical.invitation_ics(event, attendee_email="gosc@opolskie.example")
    cal, vevent = _parse(data)
    assert cal["METHOD"] == "REQUEST"
    assert b"DTSTART;TZID=Europe/Warsaw:20310329T100000" in data
    assert b"DTEND;TZID=Europe/Warsaw:20310330T140000" in data
    (timezone,) = cal.walk("VTIMEZONE")
    assert timezone["TZID"] == "Europe/Warsaw"
    assert vevent.start == datetime(2031, 3, 29, 10, 0, tzinfo=WARSAW)
    assert vevent.end.utcoffset().total_seconds() == 7200
    assert str(vevent["SUMMARY"]) == "Festiwal Zawodów"
    assert str(vevent["UID"]) == ical.event_uid(event)
    assert int(vevent["SEQUENCE"]) == 0
    assert str(vevent["ATTENDEE"]) == "mailto:gosc@opolskie.example"
    assert str(vevent["ORGANIZER"]) == f"mailto:{host.email}"
    assert str(vevent["STATUS"]) == "CONFIRMED"


def test_the_uid_stays_and_the_sequence_rises_with_each_change_then_cancel(event, host):
    _cal, first = _parse(ical.invitation_ics(event))
    services.event_update(actor=host, event=event, title="Nowy tytuł")
    event.refresh_from_db()
    _cal, second = _parse(ical.invitation_ics(event))
    services.event_update(actor=host, event=event, agenda="Nowy program")
    event.refresh_from_db()
    _cal, third = _parse(ical.invitation_ics(event))
    services.event_cancel(actor=host, event=event)
    event.refresh_from_db()
    cal, cancelled = _parse(ical.invitation_ics(event))
    uids = {str(v["UID"]) for v in (first, second, third, cancelled)}
    assert len(uids) == 1
    assert [int(v["SEQUENCE"]) for v in (first, second, third, cancelled)] == [0, 1, 2, 3]
    assert cal["METHOD"] == "CANCEL"
    assert str(cancelled["STATUS"]) == "CANCELLED"


def test_saving_without_changes_does_not_raise_the_sequence(event, host):
    services.event_update(actor=host, event=event, title=event.title)
    event.refresh_from_db()
    assert event.ical_sequence == 0


def test_the_vevent_builder_serves_feeds_of_several_events(host):
    events = [EventFactory(organiser=host, host_region=host.region) for _ in range(3)]
    data = ical.calendar(
        [ical.event_vevent(event) for event in events], method=ical.PUBLISH, name="WZK"
    ).to_ical()
    cal = icalendar.Calendar.from_ical(data)
    assert cal["METHOD"] == "PUBLISH"
    assert len(cal.walk("VEVENT")) == 3
    assert len(cal.walk("VTIMEZONE")) == 1
