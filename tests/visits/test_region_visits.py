"""A region's page shows the visits it hosted (with the guest regions) and made (accepted
invitations or the host's attendance record), with counts; members-only events only to
members; cancelled or future events are not visits."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory, region
from tests.visits.factories import EventFactory, InvitationFactory
from visits.choices import InvitationStatus
from visits.models import Attendance
from visits.region_visits import region_visits

pytestmark = pytest.mark.django_db

ACCEPTED = InvitationStatus.ACCEPTED


def _past_event(days_ago=10, **fields):
    start = timezone.now() - timedelta(days=days_ago)
    return EventFactory(
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        rsvp_deadline=start - timedelta(days=3),
        **fields,
    )


@pytest.fixture
def history():
    """Łódzkie hosted a session opolskie accepted and mazowieckie attended, and a forum only
    its own people came to; opolskie's member went to a members-only visit in małopolskie."""
    session = _past_event(title="Posiedzenie WZK z gośćmi", host_region=region("lodzkie"))
    InvitationFactory(event=session, region=region("opolskie"), user=None, status=ACCEPTED)
    Attendance.objects.create(event=session, region=region("mazowieckie"), count=3)
    _past_event(title="Forum bez gości", host_region=region("lodzkie"))
    study = _past_event(
        days_ago=30,
        title="Wizyta studyjna w Krakowie",
        host_region=region("malopolskie"),
        is_public=False,
    )
    InvitationFactory(event=study, user=UserFactory(region=region("opolskie")), status=ACCEPTED)
    declined = _past_event(title="Odrzucone targi", host_region=region("slaskie"))
    InvitationFactory(
        event=declined, region=region("opolskie"), user=None, status=InvitationStatus.DECLINED
    )
    cancelled = _past_event(
        title="Odwołana gala", host_region=region("lodzkie"), cancelled_at=timezone.now()
    )
    InvitationFactory(event=cancelled, region=region("opolskie"), user=None, status=ACCEPTED)
    upcoming = EventFactory(title="Przyszłe posiedzenie", host_region=region("lodzkie"))
    InvitationFactory(event=upcoming, region=region("opolskie"), user=None, status=ACCEPTED)
    return {"session": session, "study": study}


def test_the_host_regions_page_lists_visits_hosted_with_guest_regions(client, history):
    response = client.get(reverse("network:region_detail", args=["lodzkie"]))
    visits = response.context["visits"]
    assert [event.title for event in visits.hosted] == ["Posiedzenie WZK z gośćmi"]
    assert visits.hosted_count == 1
    assert [guest.slug for guest in visits.hosted[0].guest_regions] == ["mazowieckie", "opolskie"]
    assert visits.made_count == 0
    page = response.text
    hosted = page[page.index('data-visits="hosted"') :]
    hosted = hosted[: hosted.index("</ul>")]
    assert "Posiedzenie WZK z gośćmi" in hosted
    assert "opolskie" in hosted and "mazowieckie" in hosted
    assert 'Wizyty goszczone <span class="count">(1)</span>' in page
    assert "Forum bez gości" not in page
    assert "Odwołana gala" not in page
    assert "Przyszłe posiedzenie" not in page


def test_the_guest_regions_page_lists_visits_made_members_only_ones_for_members(
    client, history, outsider
):
    url = reverse("network:region_detail", args=["opolskie"])
    anonymous = client.get(url).context["visits"]
    assert [event.title for event in anonymous.made] == ["Posiedzenie WZK z gośćmi"]
    assert anonymous.made_count == 1
    client.force_login(outsider)
    response = client.get(url)
    member = response.context["visits"]
    assert [event.title for event in member.made] == [
        "Posiedzenie WZK z gośćmi",
        "Wizyta studyjna w Krakowie",
    ]
    assert member.made_count == 2
    assert 'Wizyty złożone <span class="count">(2)</span>' in response.text
    assert "Odrzucone targi" not in response.text


def test_attendance_alone_counts_as_a_visit_made(history):
    visits = region_visits(region("mazowieckie"), user=UserFactory(region=region("pomorskie")))
    assert [event.title for event in visits.made] == ["Posiedzenie WZK z gośćmi"]


def test_the_region_page_query_count_does_not_grow_with_visits(client, django_assert_num_queries):
    def page_queries():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("network:region_detail", args=["lodzkie"]))
        return len(queries)

    for n in range(2):
        event = _past_event(days_ago=5 + n, host_region=region("lodzkie"))
        InvitationFactory(event=event, region=region("opolskie"), user=None, status=ACCEPTED)
    few = page_queries()
    for n in range(8):
        event = _past_event(days_ago=20 + n, host_region=region("lodzkie"))
        InvitationFactory(event=event, user=UserFactory(region=region("lubuskie")), status=ACCEPTED)
        Attendance.objects.create(event=event, region=region("pomorskie"))
    assert page_queries() == few
