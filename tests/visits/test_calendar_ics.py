"""The ``.ics`` download of one event: METHOD PUBLISH, the same UID and SEQUENCE as the
invitation e-mails, Warsaw time; only for those who may see the event (404 otherwise)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.urls import reverse

from tests.visits.factories import EventFactory
from tests.visits.test_calendar import guest_of
from visits import ical, services

pytestmark = pytest.mark.django_db

WARSAW = ZoneInfo("Europe/Warsaw")


def _download(client, event):
    return client.get(reverse("visits:event_ics", args=[event.pk]))


def test_the_ics_of_a_public_event_parses_back_with_the_e_mails_uid_and_sequence(client, host):
    event = EventFactory(
        organiser=host,
        host_region=host.region,
        title="Festiwal Uczelni – Małopolska Przyszłości",
        starts_at=datetime(2030, 11, 26, 9, 0, tzinfo=WARSAW),
        ends_at=datetime(2030, 11, 27, 16, 0, tzinfo=WARSAW),
        rsvp_deadline=datetime(2030, 11, 20, 12, 0, tzinfo=WARSAW),
        venue_address="EXPO Kraków, ul. Galicyjska 9",
    )
    services.event_update(actor=host, event=event, title="Festiwal Uczelni 2030")
    event.refresh_from_db()
    response = _download(client, event)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert f'filename="wydarzenie-{event.pk}.ics"' in response["Content-Disposition"]
    cal = icalendar.Calendar.from_ical(response.content)
    assert cal["METHOD"] == "PUBLISH"
    (vevent,) = cal.walk("VEVENT")
    e_mail = icalendar.Calendar.from_ical(ical.invitation_ics(event)).walk("VEVENT")[0]
    assert str(vevent["UID"]) == str(e_mail["UID"]) == ical.event_uid(event)
    assert vevent["SEQUENCE"] == e_mail["SEQUENCE"] == 1
    assert str(vevent["SUMMARY"]) == "Festiwal Uczelni 2030"
    assert vevent.start == datetime(2030, 11, 26, 9, 0, tzinfo=WARSAW)
    assert b"DTSTART;TZID=Europe/Warsaw:20301126T090000" in response.content
    assert str(vevent["STATUS"]) == "CONFIRMED"
    assert cal.walk("VTIMEZONE")[0]["TZID"] == "Europe/Warsaw"


def test_a_cancelled_event_downloads_with_status_cancelled(client, host, event):
    services.event_cancel(actor=host, event=event, reason="Brak sali")
    vevent = icalendar.Calendar.from_ical(_download(client, event).content).walk("VEVENT")[0]
    assert str(vevent["STATUS"]) == "CANCELLED"
    assert vevent["SEQUENCE"] == 1


def test_a_members_only_event_is_404_for_anonymous_visitors_and_guests(client, host):
    closed = EventFactory(organiser=host, host_region=host.region, is_public=False)
    assert _download(client, closed).status_code == 404
    other = EventFactory(organiser=host, host_region=host.region)
    client.force_login(guest_of(other))
    assert _download(client, closed).status_code == 404
    # An expired guest is logged out (and sent to the login page) before any view runs.
    client.force_login(guest_of(closed, expired=True))
    response = _download(client, closed)
    assert response.status_code in (302, 404)
    assert b"BEGIN:VCALENDAR" not in response.content


@pytest.mark.parametrize("who", ["host_member", "outsider"])
def test_members_of_any_region_download_members_only_events(client, host, who, request):
    closed = EventFactory(organiser=host, host_region=host.region, is_public=False)
    client.force_login(request.getfixturevalue(who))
    assert _download(client, closed).status_code == 200


def test_an_unknown_event_is_404(client):
    assert client.get(reverse("visits:event_ics", args=[999999])).status_code == 404


def test_an_e_mail_guest_downloads_their_own_events_ics_while_the_pass_is_valid(client, host):
    own = EventFactory(organiser=host, host_region=host.region, is_public=False)
    client.force_login(guest_of(own))
    response = _download(client, own)
    assert response.status_code == 200
    assert icalendar.Calendar.from_ical(response.content).walk("VEVENT")[0]["SEQUENCE"] == 0


def test_the_event_page_links_to_its_ics(client, event):
    page = client.get(event.get_absolute_url()).text
    assert f'href="/wydarzenia/{event.pk}/kalendarz.ics"' in page
    assert "Dodaj do kalendarza (.ics)" in page


class TestOrganiserInTheDownload:
    """The page hides the organiser's e-mail from anonymous visitors; so does the ``.ics``."""

    def _organizer(self, response):
        vevent = icalendar.Calendar.from_ical(response.content).walk("VEVENT")[0]
        return vevent.get("ORGANIZER")

    def test_anonymous_visitors_get_the_host_wzks_public_address(self, client, host):
        host.region.wzk_email = "wzk@lodzkie.example"
        host.region.save()
        event = EventFactory(organiser=host, host_region=host.region)
        response = _download(client, event)
        organizer = self._organizer(response)
        assert str(organizer) == "mailto:wzk@lodzkie.example"
        assert host.email.encode() not in response.content

    def test_without_a_public_address_there_is_no_organizer(self, client, host):
        host.region.wzk_email = ""
        host.region.save()
        event = EventFactory(organiser=host, host_region=host.region)
        response = _download(client, event)
        assert self._organizer(response) is None
        assert host.email.encode() not in response.content

    def test_members_get_the_organiser(self, client, host):
        event = EventFactory(organiser=host, host_region=host.region)
        client.force_login(EventFactory().organiser)
        assert str(self._organizer(_download(client, event))) == f"mailto:{host.email}"
