"""Demo monitoring in ``seed_demo``: actions for all 16 regions with the ones in the sources,
about nine indicators (some computed) with targets, two periods (the previous one approved and
locked, the current one open with every state present); a second run changes nothing."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings

from demo import accounts
from monitoring.choices import ReportState, Source
from monitoring.models import Action, Indicator, Period, Report, ReportValue, Target
from network.models import Region, User
from opinions.models import ReviewRound
from tests.monitoring.conftest import grid_cells

pytestmark = pytest.mark.django_db


def seed() -> None:
    with override_settings(DEBUG=True):
        call_command("seed_demo", "--without-practices", stdout=StringIO())


def test_the_demo_has_actions_indicators_targets_and_two_periods():
    seed()
    assert set(Action.objects.values_list("lead_region__slug", flat=True)) == set(
        Region.objects.values_list("slug", flat=True)
    )
    named = dict(Action.objects.values_list("title", "lead_region__slug"))
    assert named["Edubus – mobilny punkt edukacyjny"] == "opolskie"
    assert named["Konkurs „Kręci Mnie Mój Zawód”"] == "lodzkie"
    assert named["Wielkopolski Festiwal Zawodów"] == "wielkopolskie"
    assert named["Festiwal Uczelni – Małopolska Przyszłości"] == "malopolskie"
    festival = Action.objects.get(title="Festiwal Uczelni – Małopolska Przyszłości")
    assert "26 uczelni" in festival.description and "9 branżowych centrów" in festival.description

    assert Indicator.objects.count() == 9
    for indicator in Indicator.objects.all():  # the English interface has its own texts
        assert indicator.name_en and indicator.definition_en, indicator.code
        assert bool(indicator.unit_en) == bool(indicator.unit_pl), indicator.code
    assert Indicator.objects.filter(source=Source.COMPUTED).count() == 6
    assert Target.objects.count() == 7 * 16

    approved, current = Period.objects.order_by("start")
    assert approved.is_locked and not current.is_locked
    assert set(approved.reports.values_list("state", flat=True)) == {ReportState.APPROVED}
    assert approved.reports.count() == 16
    states = set(current.reports.values_list("state", flat=True))
    assert states == set(ReportState)
    assert current.reports.count() < 16  # some regions have not started
    returned = Report.objects.get(period=current, state=ReportState.RETURNED)
    assert returned.values.exclude(return_reason="").exists()


def test_a_second_run_adds_nothing():
    seed()
    counts = (
        Action.objects.count(),
        Report.objects.count(),
        ReportValue.history.count(),
        Report.history.count(),
    )
    seed()
    assert (
        Action.objects.count(),
        Report.objects.count(),
        ReportValue.history.count(),
        Report.history.count(),
    ) == counts


def test_every_link_in_the_dashboard_grid_opens_for_the_demo_accounts(client):
    """The crawl's dead links: each demo account is shown links only to what it may open, and
    the rest as plain text."""
    seed()
    review = ReviewRound.objects.get(region__slug="lodzkie")
    years = {period.start.year for period in Period.objects.all()}
    plain = {}
    for email in (accounts.ANNA, accounts.JAN, accounts.MODERATOR):
        client.force_login(User.objects.get(email=email))
        cells = {}
        for year in years:  # the two demo periods may fall in two years
            cells |= grid_cells(client.get("/monitoring/", {"rok": year}).content.decode())
        assert len(cells) == 16 * 2
        for cell in cells.values():
            for _text, href in cell.links:
                assert client.get(href).status_code == 200, (email, href)
        plain[email] = sum(1 for cell in cells.values() if not cell.state_href)
        mark = cells["łódzkie", review.period.name]
        assert "Przegląd inicjatyw: zakończony" in mark.text
        review_linked = any(href.startswith("/przeglady/") for _text, href in mark.links)
        assert review_linked is (email != accounts.JAN), email
    assert plain[accounts.MODERATOR] == 0
    assert plain[accounts.ANNA] > 0 and plain[accounts.JAN] > 0
