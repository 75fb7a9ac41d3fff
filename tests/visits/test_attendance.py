"""Attendance: the host records who came once the event has started; totals by region and kind
of institution appear on the event page."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from network.choices import InstitutionType
from tests.factories import CoordinatorFactory, UserFactory, region
from tests.visits.factories import InvitationFactory
from visits import selectors, services
from visits.models import Attendance, Event

pytestmark = pytest.mark.django_db


@pytest.fixture
def guests(event):
    """Two members of opolskie and one of mazowieckie accepted personal invitations."""
    Event.objects.filter(pk=event.pk).update(guest_seats=10)
    people = [
        UserFactory(region=region("opolskie"), institution_type=InstitutionType.SCHOOL),
        UserFactory(region=region("opolskie"), institution_type=InstitutionType.UNIVERSITY),
        UserFactory(region=region("mazowieckie"), institution_type=InstitutionType.SCHOOL),
    ]
    for person in people:
        services.invitation_accept(
            actor=person, invitation=InvitationFactory(event=event, user=person)
        )
    return people


def _start(event: Event) -> Event:
    """Move the event so that it started an hour ago."""
    now = timezone.now()
    Event.objects.filter(pk=event.pk).update(
        rsvp_deadline=now - timedelta(days=1),
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(hours=3),
    )
    event.refresh_from_db()
    return event


def test_the_host_ticks_who_came_and_adds_people_without_accounts(client, host, event, guests):
    _start(event)
    client.force_login(host)
    url = reverse("visits:event_attendance", args=[event.pk])
    assert client.get(url).status_code == 200
    client.post(url, {"present": [guests[0].pk, guests[2].pk]})
    client.post(
        url,
        {
            "add_row": "1",
            "region": region("lodzkie").pk,
            "institution_type": InstitutionType.SCHOOL,
            "count": 12,
        },
    )
    client.post(url, {"add_row": "1", "region": "", "institution_type": "employer", "count": 3})

    totals = selectors.totals(event)
    assert totals["total"] == 17
    assert {row["region"]: row["count"] for row in totals["by_region"]} == {
        "łódzkie": 12,
        "mazowieckie": 1,
        "opolskie": 1,
        None: 3,
    }
    assert {row["kind"]: row["count"] for row in totals["by_kind"]} == {
        "Szkoła": 14,
        "Pracodawca": 3,
    }
    page = client.get(event.get_absolute_url()).text
    assert "Łącznie 17 osób." in page
    assert "Według rodzaju instytucji" in page
    client.logout()  # a public event: anyone sees who came, nobody else may record it
    page = client.get(event.get_absolute_url()).text
    assert "Łącznie 17 osób." in page
    assert reverse("visits:event_attendance", args=[event.pk]) not in page


def test_unticking_removes_a_person_and_ticking_twice_adds_nobody(client, host, event, guests):
    _start(event)
    client.force_login(host)
    url = reverse("visits:event_attendance", args=[event.pk])
    client.post(url, {"present": [guests[0].pk, guests[1].pk]})
    client.post(url, {"present": [guests[1].pk]})
    client.post(url, {"present": [guests[1].pk]})
    assert list(event.attendance.values_list("user_id", flat=True)) == [guests[1].pk]


def test_before_the_event_starts_attendance_is_refused_with_a_message(client, host, event):
    client.force_login(host)
    response = client.get(reverse("visits:event_attendance", args=[event.pk]), follow=True)
    assert "Obecność można zapisać, gdy wydarzenie się rozpocznie." in response.text
    response = client.post(
        reverse("visits:event_attendance", args=[event.pk]),
        {"add_row": "1", "institution_type": "school", "count": 5},
    )
    assert not Attendance.objects.exists()


@pytest.mark.parametrize(
    ("count", "message"),
    [
        ("-3", "Podaj liczbę osób, które przyszły: co najmniej 1."),
        ("0", "Podaj liczbę osób, które przyszły: co najmniej 1."),
        ("1000000", "W jednym wierszu najwyżej 10000 osób; sprawdź liczbę."),
    ],
)
def test_absurd_counts_get_a_clear_message_and_change_nothing(client, host, event, count, message):
    _start(event)
    client.force_login(host)
    response = client.post(
        reverse("visits:event_attendance", args=[event.pk]),
        {"add_row": "1", "institution_type": "school", "count": count},
    )
    assert response.status_code == 400
    assert message in response.text
    assert not Attendance.objects.exists()


def test_only_invited_people_who_accepted_can_be_ticked(client, host, event, outsider):
    _start(event)
    client.force_login(host)
    response = client.post(
        reverse("visits:event_attendance", args=[event.pk]), {"present": [outsider.pk]}
    )
    assert "tylko osoby, które przyjęły zaproszenie" in response.text
    assert not Attendance.objects.exists()


def test_outsiders_cannot_record_attendance(client, event, guests, host_member):
    _start(event)
    other_coordinator = CoordinatorFactory(region=region("opolskie"))
    row = Attendance.objects.create(event=event, institution_type="school", count=4)
    url = reverse("visits:event_attendance", args=[event.pk])
    for person in (other_coordinator, host_member, guests[0]):
        client.force_login(person)
        assert client.get(url).status_code == 404
        response = client.post(url, {"add_row": "1", "institution_type": "school", "count": 5})
        assert response.status_code == 404
        assert client.post(url, {"present": [guests[0].pk]}).status_code == 404
        assert client.post(url, {"remove_row": str(row.pk)}).status_code == 404
    assert list(Attendance.objects.all()) == [row]


def test_the_totals_are_read_in_a_fixed_number_of_queries(event, host, django_assert_num_queries):
    _start(event)
    for slug in ("opolskie", "mazowieckie", "slaskie", "pomorskie"):
        services.attendance_add(
            actor=host, event=event, region=region(slug), institution_type="school", count=2
        )
    with django_assert_num_queries(1):
        totals = selectors.totals(event)
    assert totals["total"] == 8
