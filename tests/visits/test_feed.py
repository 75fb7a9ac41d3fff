"""The personal calendar feed: a secret URL the member creates, regenerates and revokes (POST
with CSRF); it lists the events they host or are invited to, and their region's; cancelled
ones marked so; a revoked, unknown or altered token is a 404."""

import threading
from datetime import timedelta

import icalendar
import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory, region
from tests.visits.factories import EventFactory, InvitationFactory
from tests.visits.test_calendar import guest_of
from visits import feeds, services
from visits.choices import InvitationStatus
from visits.models import CalendarFeedToken

pytestmark = pytest.mark.django_db


def _issue(client, user) -> CalendarFeedToken:
    client.force_login(user)
    response = client.post(reverse("calendars:feed_issue"))
    assert response.status_code == 302
    return CalendarFeedToken.objects.get(user=user, revoked_at__isnull=True)


def _feed_url(token) -> str:
    return reverse("calendars:feed", kwargs={"pk": token.pk, "secret": token.token})


def _titles(response) -> dict[str, str]:
    cal = icalendar.Calendar.from_ical(response.content)
    return {str(vevent["SUMMARY"]): str(vevent["STATUS"]) for vevent in cal.walk("VEVENT")}


def test_a_member_creates_a_feed_and_a_calendar_application_reads_it_without_a_session(
    client, opole_member, host
):
    invited = EventFactory(organiser=host, title="Posiedzenie WZK w Łodzi")
    InvitationFactory(event=invited, user=opole_member)
    own_region = EventFactory(host_region=region("opolskie"), title="Edubus na dożynkach")
    declined = EventFactory(organiser=host, title="Odrzucone zaproszenie")
    InvitationFactory(event=declined, user=opole_member, status=InvitationStatus.DECLINED)
    EventFactory(organiser=host, title="Wydarzenie bez zaproszenia")
    cancelled = EventFactory(organiser=host, title="Odwołane forum")
    InvitationFactory(event=cancelled, user=opole_member)
    services.event_cancel(actor=host, event=cancelled)

    token = _issue(client, opole_member)
    page = client.get(reverse("calendars:feed_settings"))
    assert token.token in page.text
    assert "no-store" in page["Cache-Control"]  # the page shows the secret

    response = Client().get(_feed_url(token))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    cal = icalendar.Calendar.from_ical(response.content)
    assert cal["METHOD"] == "PUBLISH"
    assert str(cal["X-WR-CALNAME"]) == "WZK – moje wydarzenia"
    assert _titles(response) == {
        invited.title: "CONFIRMED",
        own_region.title: "CONFIRMED",
        cancelled.title: "CANCELLED",
    }


def test_the_hosts_organiser_and_region_see_their_events_and_a_coordinator_the_regions_invitations(
    host, host_member, opole_coordinator, opole_member
):
    event = EventFactory(organiser=host, title="Kręci Mnie Mój Zawód – gala")
    InvitationFactory(event=event, region=region("opolskie"), user=None)
    assert list(feeds.feed_events(host)) == [event]
    assert list(feeds.feed_events(host_member)) == [event]
    assert list(feeds.feed_events(opole_coordinator)) == [event]
    # A plain member of the invited region: only once the region has accepted.
    assert list(feeds.feed_events(opole_member)) == []
    event.invitations.update(status=InvitationStatus.ACCEPTED)
    assert list(feeds.feed_events(opole_member)) == [event]


def test_a_member_of_another_region_does_not_get_others_members_only_events(outsider, host):
    EventFactory(organiser=host, is_public=False)
    assert list(feeds.feed_events(outsider)) == []


def test_long_past_events_leave_the_feed(opole_member):
    start = timezone.now() - timedelta(days=feeds.FEED_PAST_DAYS + 5)
    EventFactory(
        host_region=region("opolskie"),
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        rsvp_deadline=start - timedelta(days=1),
    )
    assert list(feeds.feed_events(opole_member)) == []


def test_regenerating_kills_the_old_address_and_revoking_kills_the_feed(client, opole_member):
    first = _issue(client, opole_member)
    second = _issue(client, opole_member)
    assert first.pk != second.pk and first.token != second.token
    assert Client().get(_feed_url(first)).status_code == 404
    assert Client().get(_feed_url(second)).status_code == 200

    response = client.post(reverse("calendars:feed_revoke"), follow=True)
    assert "Adres kalendarza został wyłączony." in response.text
    assert Client().get(_feed_url(second)).status_code == 404
    assert not CalendarFeedToken.objects.filter(revoked_at__isnull=True).exists()
    again = client.post(reverse("calendars:feed_revoke"), follow=True)
    assert "nic się nie zmieniło" in again.text


def test_an_unknown_or_altered_token_is_404(client, opole_member):
    token = _issue(client, opole_member)
    altered = token.token[:-1] + ("A" if token.token[-1] != "A" else "B")
    anonymous = Client()
    assert anonymous.get(_feed_url(type(token)(pk=token.pk, token=altered))).status_code == 404
    assert (
        anonymous.get(_feed_url(type(token)(pk=token.pk + 100, token=token.token))).status_code
        == 404
    )
    assert anonymous.get(f"/kalendarz/subskrypcja/{token.pk}/.ics").status_code == 404


def test_creating_and_revoking_need_post_with_csrf(opole_member):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(opole_member)
    assert browser.get(reverse("calendars:feed_issue")).status_code == 405
    assert browser.post(reverse("calendars:feed_issue")).status_code == 403
    assert browser.post(reverse("calendars:feed_revoke")).status_code == 403
    assert not CalendarFeedToken.objects.exists()
    page = browser.get(reverse("calendars:feed_settings"))
    csrf = page.cookies["csrftoken"].value
    response = browser.post(reverse("calendars:feed_issue"), {"csrfmiddlewaretoken": csrf})
    assert response.status_code == 302
    assert CalendarFeedToken.objects.filter(user=opole_member).count() == 1


def test_the_feed_page_is_for_members_only(client, event):
    response = client.get(reverse("calendars:feed_settings"))
    assert response.status_code == 302  # to the login page
    client.force_login(guest_of(event))
    assert client.get(reverse("calendars:feed_settings")).status_code == 404
    assert client.post(reverse("calendars:feed_issue")).status_code == 404
    assert not CalendarFeedToken.objects.exists()


def test_a_guests_token_does_not_open_a_feed_valid_or_expired(event):
    for guest in (guest_of(event), guest_of(event, expired=True)):
        token = CalendarFeedToken.objects.create(user=guest)
        assert Client().get(_feed_url(token)).status_code == 404


def test_the_feed_is_named_in_the_members_language(client, opole_member):
    opole_member.language = "en"
    opole_member.save(update_fields=["language"])
    token = _issue(client, opole_member)
    cal = icalendar.Calendar.from_ical(Client().get(_feed_url(token)).content)
    assert str(cal["X-WR-CALNAME"]) == "WZK – my events"


def test_the_profile_and_the_calendar_link_to_the_feed_page(client, opole_member):
    client.force_login(opole_member)
    url = reverse("calendars:feed_settings")
    assert url in client.get(reverse("network:profile")).text
    assert url in client.get(reverse("calendars:national")).text


def test_the_feed_is_two_queries_however_many_events(opole_member, host, django_assert_num_queries):
    for _n in range(12):
        InvitationFactory(event=EventFactory(organiser=host), user=opole_member)
    token = CalendarFeedToken.objects.create(user=opole_member)
    with django_assert_num_queries(2):  # the token with its member, then the events
        response = Client().get(_feed_url(token))
    assert len(_titles(response)) == 12


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_for_a_new_address_leave_exactly_one_working():
    member = UserFactory(region=region("opolskie"))
    barrier = threading.Barrier(8)
    errors = []

    def issue():
        try:
            barrier.wait()
            services.feed_token_issue(user=member)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert CalendarFeedToken.objects.filter(user=member).count() == 8
    assert CalendarFeedToken.objects.filter(user=member, revoked_at__isnull=True).count() == 1
