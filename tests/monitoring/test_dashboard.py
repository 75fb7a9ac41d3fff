"""The national dashboard: who has reported (members only), progress against targets from
approved reports only, the map's data, and who learns from whom."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from monitoring import metrics
from monitoring.choices import ReportState
from monitoring.models import Report, ReportValue, report_url
from network.models import Region
from tests.factories import practice, region
from tests.monitoring.conftest import as_user, grid_cells
from tests.monitoring.factories import IndicatorFactory, PeriodFactory, TargetFactory
from tests.visits.factories import EventFactory
from visits.choices import InvitationStatus
from visits.models import Attendance, Invitation

pytestmark = pytest.mark.django_db


def _report(slug, period, state, values=None):
    report = Report.objects.create(region=region(slug), period=period, state=state)
    for indicator, number in (values or {}).items():
        ReportValue.objects.create(report=report, indicator=indicator, number=number)
    return report


@pytest.fixture
def figures(db):
    today = timezone.localdate()
    past = PeriodFactory(
        name="I kwartał",
        start=today - timedelta(days=200),
        end=today - timedelta(days=110),
        due_date=today - timedelta(days=100),
    )
    indicator = IndicatorFactory(code="W7", name_pl="Uczestnicy działań")
    TargetFactory(indicator=indicator, region=region("lodzkie"), target_value=2000)
    _report("lodzkie", past, ReportState.APPROVED, {indicator: 1500})
    _report("opolskie", past, ReportState.SUBMITTED, {indicator: 999999})
    _report("slaskie", past, ReportState.DRAFT)
    return {"period": past, "indicator": indicator}


def _by_indicator(response, code):
    return next(p for p in response.context["progress"] if p.indicator.code == code)


def _get(client, figures, **params):
    query = {"okres": figures["period"].pk, "wskaznik": "W7", **params}
    return client.get("/monitoring/", query)


def test_anonymous_visitors_see_approved_figures_only_and_no_grid(client, figures):
    response = _get(client, figures)
    assert response.status_code == 200
    assert response.context["grid"] is None
    progress = _by_indicator(response, "W7")
    assert progress.total == 1500 and progress.reported == 1
    values = {r.slug: (v, t) for r, v, t in progress.by_region}
    assert values["lodzkie"] == (1500, 2000)
    assert values["opolskie"][0] is None  # submitted, not approved: not shown
    page = response.content.decode()
    assert "999" not in page
    assert "1\xa0500" in page and "2\xa0000" in page
    assert "grid-heading" not in page
    # The charts' data, as the page also shows it in tables.
    data = response.context["chart_data"]
    index = [r["teryt"] for r in data["regions"]].index("10")
    assert data["values"][index] == 1500 and data["targets"][index] == 2000


def test_members_see_who_has_reported_with_late_reports_marked(client, figures, opole_member):
    as_user(client, opole_member)
    response = _get(client, figures, rok=figures["period"].start.year)
    cells = {
        region.slug: cell.state
        for region, row in response.context["grid"]
        for cell in row
        if cell.period == figures["period"]
    }
    assert cells["lodzkie"] == "approved"
    assert cells["opolskie"] == "submitted"
    assert cells["slaskie"] == "late"  # a draft after the due date
    assert cells["mazowieckie"] == "late"  # not started after the due date
    page = response.content.decode()
    assert "Po terminie" in page and "Zatwierdzone" in page


@pytest.fixture
def second_period(figures):
    """Beside ``figures``' period, in the same year: łódzkie's report a draft, opolskie's not
    started."""
    first = figures["period"]
    second = PeriodFactory(
        name="II kwartał", start=first.start, end=first.end, due_date=first.due_date
    )
    _report("lodzkie", second, ReportState.DRAFT)
    _report("slaskie", second, ReportState.APPROVED)
    return second


def _linked_regions(cells, period):
    return {region for (region, name), cell in cells.items() if name == period.name and cell.links}


@pytest.mark.parametrize(
    ("who", "linked_first", "linked_second"),
    [
        # Approved reports of any region; their own region's in any state, not started too.
        ("opole_member", {"łódzkie", "opolskie"}, {"śląskie", "opolskie"}),
        ("anna", {"łódzkie"}, {"łódzkie", "śląskie"}),
    ],
)
def test_members_see_links_only_to_the_reports_they_may_open(
    client, figures, second_period, request, who, linked_first, linked_second
):
    as_user(client, request.getfixturevalue(who))
    page = _get(client, figures, rok=figures["period"].start.year).content.decode()
    cells = grid_cells(page)
    assert len(cells) == 16 * 2
    assert _linked_regions(cells, figures["period"]) == linked_first
    assert _linked_regions(cells, second_period) == linked_second
    # Every other cell still says the state, as plain text.
    mazowieckie = cells["mazowieckie", figures["period"].name]
    assert mazowieckie.links == [] and "Po terminie" in mazowieckie.text
    submitted = cells["opolskie", figures["period"].name]
    assert "Złożone" in submitted.text
    assert f'href="/sprawozdania/{figures["period"].pk}/slaskie/"' not in page


def test_frse_sees_every_cell_as_a_link(client, figures, second_period, frse):
    as_user(client, frse)
    cells = grid_cells(_get(client, figures, rok=figures["period"].start.year).content.decode())
    assert len(cells) == 16 * 2
    assert all(cell.state_href for cell in cells.values())


@pytest.mark.parametrize("who", ["opole_member", "anna", "frse"])
def test_a_grid_cell_is_a_link_exactly_when_its_report_opens_for_the_viewer(
    client, figures, second_period, request, who
):
    as_user(client, request.getfixturevalue(who))
    cells = grid_cells(_get(client, figures, rok=figures["period"].start.year).content.decode())
    slugs = dict(Region.objects.values_list("name", "slug"))
    periods = {p.name: p for p in (figures["period"], second_period)}
    for (region_name, period_name), cell in cells.items():
        url = report_url(periods[period_name].pk, slugs[region_name])
        status = client.get(url).status_code
        if cell.state_href:
            assert cell.state_href == url
            assert status == 200, url
        else:
            assert status == 404, url
        for _text, href in cell.links:
            assert client.get(href).status_code == 200, href


def test_an_unknown_period_or_indicator_falls_back_without_an_error(client, figures):
    response = client.get("/monitoring/", {"okres": "abc", "wskaznik": "<x>", "rok": "99999"})
    assert response.status_code == 200
    assert response.context["period"] == figures["period"]


def _visit(host, guest_slug, *, days_ago=10, attended=True):
    start = timezone.now() - timedelta(days=days_ago)
    event = EventFactory(
        host_region=region(host),
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        rsvp_deadline=start - timedelta(days=1),
    )
    if attended:
        Attendance.objects.create(event=event, region=region(guest_slug), count=4)
    else:
        Invitation.objects.create(
            event=event, region=region(guest_slug), status=InvitationStatus.ACCEPTED
        )
    return event


def test_visit_flows_count_accepted_and_attended_visits_once_each(db):
    event = _visit("opolskie", "lodzkie")
    Invitation.objects.create(
        event=event, region=region("lodzkie"), status=InvitationStatus.ACCEPTED
    )
    _visit("opolskie", "lodzkie", attended=False)
    _visit("wielkopolskie", "lodzkie")
    future = _visit("opolskie", "mazowieckie", days_ago=-5)
    cancelled = _visit("opolskie", "slaskie")
    cancelled.cancelled_at = timezone.now()
    cancelled.save()
    today = timezone.localdate()
    flows = metrics.visit_flows(
        metrics.Span(today - timedelta(days=30), today + timedelta(days=30))
    )
    lodz, opole, wlkp = region("lodzkie").pk, region("opolskie").pk, region("wielkopolskie").pk
    # Not the future event's guests, nor the cancelled one's.
    assert flows == {(lodz, opole): 2, (lodz, wlkp): 1}
    assert future.pk


def test_inspiration_flows_go_from_the_inspiring_region_to_the_inspired(db, anna):
    source = practice("opolskie", title="Edubus")
    inspired = practice("lodzkie", title="Łódzki autobus edukacyjny", inspired_by=[source])
    # Inspired by a practice of its own region: not a flow between regions.
    practice("lodzkie", title="Inna praktyka", inspired_by=[inspired])
    span = metrics.Span(date(2000, 1, 1), timezone.localdate())
    assert metrics.inspiration_flows(span) == {(region("opolskie").pk, region("lodzkie").pk): 1}


def test_the_dashboard_costs_a_constant_number_of_queries(client, figures, opole_member):
    as_user(client, opole_member)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert _get(client, figures).status_code == 200
        return len(queries)

    few = count()
    for index in range(6):
        PeriodFactory(
            name=f"Okres {index}",
            start=figures["period"].start + timedelta(days=index),
            end=figures["period"].end,
            due_date=figures["period"].due_date,
        )
        IndicatorFactory()
        _visit("opolskie", "lodzkie")
    many = count()
    assert many == few and many <= 15
