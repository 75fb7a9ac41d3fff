"""The national and regional calendars: who sees which events, month grid and list by Warsaw
day, filters from GET parameters (unknown values ignored with a notice), month navigation."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from network.choices import Role
from tests.factories import UserFactory, region
from tests.visits.factories import EventFactory
from visits import calendars, permissions, selectors
from visits.choices import EventKind
from visits.models import GuestPass

pytestmark = pytest.mark.django_db

WARSAW = ZoneInfo("Europe/Warsaw")


def _at(*args):
    return datetime(*args, tzinfo=WARSAW)


def _event(start, *, hours=2, **fields):
    fields.setdefault("host_region", region("lodzkie"))
    return EventFactory(
        starts_at=start,
        ends_at=start + timedelta(hours=hours),
        rsvp_deadline=start - timedelta(days=2),
        **fields,
    )


def guest_of(event, *, expired=False):
    """An e-mail guest with a pass for ``event`` (expired a day ago, or valid for a week)."""
    guest = UserFactory(role=Role.GUEST, region=None)
    GuestPass.objects.create(
        user=guest,
        event=event,
        sponsor=event.organiser,
        expires_at=timezone.now() + timedelta(days=-1 if expired else 7),
    )
    return guest


@pytest.fixture
def december():
    """A public, a members-only and a cancelled public event in December 2026."""
    return {
        "public": _event(_at(2026, 12, 3, 10, 0), title="Forum edukacyjne (publiczne)"),
        "members": _event(
            _at(2026, 12, 4, 10, 0), title="Posiedzenie zamknięte WZK", is_public=False
        ),
        "cancelled": _event(
            _at(2026, 12, 5, 10, 0),
            title="Targi odwołane",
            cancelled_at=timezone.now(),
        ),
    }


def _calendar(client, **params):
    return client.get(reverse("calendars:national"), {"miesiac": "2026-12", **params})


# --- Visibility ------------------------------------------------------------------------------


def test_anonymous_visitors_see_public_events_and_not_members_only_ones(client, december):
    page = _calendar(client).text
    assert "Forum edukacyjne (publiczne)" in page
    assert "Posiedzenie zamknięte WZK" not in page


@pytest.mark.parametrize("who", ["host_member", "outsider"])
def test_members_of_any_region_see_members_only_events(client, december, who, request):
    client.force_login(request.getfixturevalue(who))
    for view in ("lista", "miesiac"):
        page = _calendar(client, widok=view).text
        assert "Posiedzenie zamknięte WZK" in page
        assert "Forum edukacyjne (publiczne)" in page


def test_cancelled_events_are_shown_as_cancelled(client, december):
    response = _calendar(client)
    page = response.text
    assert "Targi odwołane" in page
    item = page[page.index(f'data-event="{december["cancelled"].pk}"') :]
    assert "odwołane</strong>" in item[: item.index("</li>")]


def test_guests_never_see_members_only_events_of_other_events(client, december):
    own = _event(_at(2026, 12, 20, 10, 0), title="Wizyta studyjna gościa", is_public=False)
    for guest in (guest_of(own), guest_of(own, expired=True)):
        visible = set(selectors.visible_events(guest).values_list("title", flat=True))
        assert "Posiedzenie zamknięte WZK" not in visible
        assert "Forum edukacyjne (publiczne)" in visible
        client.force_login(guest)
        assert "Posiedzenie zamknięte WZK" not in _calendar(client).text
    assert permissions.can_see_event(guest_of(own), own)
    assert not permissions.can_see_event(guest_of(own, expired=True), own)
    assert not permissions.can_see_event(guest_of(december["public"]), december["members"])


def test_inactive_accounts_see_only_what_anonymous_visitors_see(december):
    former = UserFactory(is_active=False)
    assert not permissions.can_see_event(former, december["members"])


# --- Month grid and days in Warsaw time ------------------------------------------------------


def test_an_event_at_2330_warsaw_time_on_the_last_day_of_a_month_stays_on_that_day(
    client, host_member
):
    late = _event(_at(2026, 11, 30, 23, 30), hours=0.4, title="Nocny webinar")
    # 00:30 in Warsaw on 1 December is still 30 November in UTC.
    early = _event(_at(2026, 12, 1, 0, 30), title="Poranny webinar")
    assert early.starts_at.astimezone(ZoneInfo("UTC")).day == 30
    client.force_login(host_member)

    november = client.get(reverse("calendars:national"), {"widok": "miesiac", "miesiac": "2026-11"})
    cells = november.context["weeks"]
    days = {day.date.isoformat(): day.events for week in cells for day in week}
    assert days["2026-11-30"] == [late]
    assert early not in [event for events in days.values() for event in events]
    cell = november.text[november.text.index('data-date="2026-11-30"') :]
    assert "Nocny webinar" in cell[: cell.index("</td>")]
    assert "23:30" in cell[: cell.index("</td>")]

    december = client.get(reverse("calendars:national"), {"widok": "miesiac", "miesiac": "2026-12"})
    days = {day.date.isoformat(): day.events for week in december.context["weeks"] for day in week}
    assert days["2026-12-01"] == [early]
    assert late not in [event for events in days.values() for event in events]

    listed = client.get(reverse("calendars:national"), {"miesiac": "2026-12"})
    assert [day.isoformat() for day in listed.context["by_day"]] == ["2026-12-01"]
    assert "00:30" in listed.text


def test_the_month_grid_is_a_table_with_weekday_headers_monday_first(client):
    response = client.get(reverse("calendars:national"), {"widok": "miesiac", "miesiac": "2026-02"})
    page = response.text
    assert '<table class="month-grid"' in page
    headers = page[page.index("<thead>") : page.index("</thead>")]
    assert headers.count('<th scope="col">') == 7
    assert headers.index("Poniedziałek") < headers.index("Niedziela")
    weeks = response.context["weeks"]
    assert weeks[0][0].date.isoformat() == "2026-01-26"  # Monday before 1 February
    assert "Luty 2026" in page


def test_an_event_over_several_days_appears_on_each_day(client):
    _event(_at(2026, 9, 15, 9, 0), hours=24 * 2 + 6, title="Wielkopolski Festiwal Zawodów")
    response = client.get(reverse("calendars:national"), {"miesiac": "2026-09"})
    assert [day.day for day in response.context["by_day"]] == [15, 16, 17]


def test_previous_and_next_month_links_keep_the_filters(client):
    response = client.get(
        reverse("calendars:national"),
        {"widok": "miesiac", "miesiac": "2026-01", "rodzaj": "fair", "region": "opolskie"},
    )
    assert response.context["previous_query"] == (
        "?widok=miesiac&miesiac=2025-12&rodzaj=fair&region=opolskie"
    )
    assert response.context["next_query"] == (
        "?widok=miesiac&miesiac=2026-02&rodzaj=fair&region=opolskie"
    )
    assert 'href="?widok=miesiac&amp;miesiac=2025-12&amp;rodzaj=fair&amp;region=opolskie"' in (
        response.text
    )


def test_without_a_month_the_calendar_opens_on_the_upcoming_events(client):
    response = client.get(reverse("calendars:national"))
    assert response.context["filters"].month == calendars.this_month()
    assert response.context["filters"].view == "nadchodzace"


def test_a_month_without_a_view_is_that_months_list(client):
    response = client.get(reverse("calendars:national"), {"miesiac": "2026-12"})
    assert response.context["filters"].view == "lista"


# --- Filters ---------------------------------------------------------------------------------


def test_filters_by_kind_and_region(client):
    _event(
        _at(2026, 10, 5, 10, 0),
        title="Targi w Opolu",
        kind=EventKind.FAIR,
        host_region=region("opolskie"),
    )
    _event(_at(2026, 10, 6, 10, 0), title="Posiedzenie w Opolu", host_region=region("opolskie"))
    _event(_at(2026, 10, 7, 10, 0), title="Targi w Łodzi", kind=EventKind.FAIR)
    page = client.get(
        reverse("calendars:national"),
        {"miesiac": "2026-10", "rodzaj": "fair", "region": "opolskie"},
    ).text
    assert "Targi w Opolu" in page
    assert "Posiedzenie w Opolu" not in page
    assert "Targi w Łodzi" not in page


def test_unknown_filter_values_are_ignored_with_a_notice(client, december):
    response = client.get(
        reverse("calendars:national"),
        {"miesiac": "2026-13", "rodzaj": "koncert", "region": "atlantyda", "widok": "rok"},
    )
    assert response.status_code == 200
    page = response.text
    assert "Niektóre filtry nie zostały rozpoznane i zostały pominięte" in page
    for label in ("Miesiąc", "Rodzaj", "Województwo", "Widok"):
        assert label in response.context["ignored_filters"]
    assert response.context["filters"].month == calendars.this_month()


def test_a_regions_calendar_lists_only_the_events_it_hosts(client):
    _event(_at(2026, 10, 5, 10, 0), title="Edubus w Opolu", host_region=region("opolskie"))
    _event(_at(2026, 10, 6, 10, 0), title="Kręci Mnie Mój Zawód – gala")
    response = client.get(reverse("calendars:region", args=["opolskie"]), {"miesiac": "2026-10"})
    assert "Edubus w Opolu" in response.text
    assert "Kręci Mnie Mój Zawód – gala" not in response.text
    assert "Kalendarz – opolskie" in response.text
    assert client.get(reverse("calendars:region", args=["atlantyda"])).status_code == 404


def test_the_calendar_speaks_english_when_chosen(english, december):
    page = english.get(reverse("calendars:national"), {"miesiac": "2026-12"}).text
    assert "Calendar of events" in page
    assert "December 2026" in page
    assert "cancelled</strong>" in page
    # What members wrote stays Polish, and says so (WCAG 3.1.2).
    assert 'lang="pl">' in page.split("<main", 1)[1]


def test_the_calendar_query_count_does_not_grow_with_events(client, host_member):
    client.force_login(host_member)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            client.get(reverse("calendars:national"), {"miesiac": "2026-12", "widok": "miesiac"})
        return len(captured)

    _event(_at(2026, 12, 1, 10, 0))
    one = queries()
    for day in range(2, 20):
        _event(_at(2026, 12, day, 10, 0), hours=30)
    assert queries() == one


# --- The agenda, the legend and the public feeds ---------------------------------------------


def test_the_calendar_opens_on_what_is_coming_not_an_empty_month(client):
    soon = timezone.localtime(timezone.now() + timedelta(days=40))
    _event(soon.replace(hour=9, minute=0), hours=7, title="Forum za miesiąc")
    _event(timezone.now() - timedelta(days=3), title="Forum minione")
    page = client.get(reverse("calendars:national")).text
    assert "Nadchodzące wydarzenia" in page
    assert "Forum za miesiąc" in page
    assert "Forum minione" not in page
    # One day, one date: the hours are a range under the day's heading.
    assert "9:00–16:00" in page


def test_the_legend_names_every_kind_of_event(client):
    page = client.get(reverse("calendars:national")).text
    assert "Rodzaje wydarzeń" in page
    for _value, label in EventKind.choices:
        assert str(label) in page


def test_each_listed_event_links_its_own_ics(client):
    event = _event(timezone.now() + timedelta(days=5), title="Targi w Łodzi")
    page = client.get(reverse("calendars:national")).text
    assert reverse("visits:event_ics", args=[event.pk]) in page


def test_public_feeds_national_and_per_region_list_public_events_only(client):
    public = _event(timezone.now() + timedelta(days=5), title="Forum publiczne")
    _event(timezone.now() + timedelta(days=6), title="Posiedzenie zamknięte", is_public=False)
    elsewhere = _event(
        timezone.now() + timedelta(days=7), title="Targi w Opolu", host_region=region("opolskie")
    )
    national = client.get(reverse("calendars:public_feed"))
    assert national.status_code == 200
    assert national["Content-Type"].startswith("text/calendar")
    body = national.content.decode()
    assert "Forum publiczne" in body
    assert "Targi w Opolu" in body
    assert "Posiedzenie zamknięte" not in body
    # Never a person's address: the host WZK organises.
    assert public.organiser.email not in body
    regional = client.get(reverse("calendars:public_feed_region", args=["lodzkie"]))
    assert "Forum publiczne" in regional.content.decode()
    assert elsewhere.title not in regional.content.decode()
    assert client.get("/kalendarz/atlantyda/publiczny.ics").status_code == 404


def test_the_calendar_and_region_pages_link_their_public_feed(client):
    assert reverse("calendars:public_feed") in client.get(reverse("calendars:national")).text
    regional = reverse("calendars:public_feed_region", args=["opolskie"])
    assert regional in client.get(reverse("calendars:region", args=["opolskie"])).text
    assert regional in client.get(region("opolskie").get_absolute_url()).text
