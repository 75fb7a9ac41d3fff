"""In the English interface what members and FRSE staff typed in Polish (action titles,
period names, a report's text values, notes and reasons) is marked ``lang="pl"``, so that a
screen reader reads it with a Polish voice; the interface around it stays English."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from monitoring.models import ActionPartner, Milestone
from tests.factories import region
from tests.html import languages_of, parse
from tests.monitoring.factories import ActionFactory, IndicatorFactory, PeriodFactory

pytestmark = pytest.mark.django_db

PERIOD = "III kwartał 2026"


def page(client, path, **params):
    response = client.get(path, params)
    assert response.status_code == 200
    assert response.content.count(b'<html lang="en">') == 1
    return parse(response.content)


@pytest.fixture
def past_period(db):
    today = timezone.localdate()
    return PeriodFactory(
        name=PERIOD,
        start=today - timedelta(days=200),
        end=today - timedelta(days=110),
        due_date=today - timedelta(days=100),
    )


def test_period_names_on_the_dashboard_are_polish(english, opole_member, past_period):
    IndicatorFactory(code="W7", name_pl="Uczestnicy działań", name_en="Participants")
    english.force_login(opole_member)
    dashboard = page(
        english, "/monitoring/", okres=past_period.pk, wskaznik="W7", rok=past_period.start.year
    )
    # The grid's column, every cell's hidden label, the period choice and the caption.
    assert languages_of(dashboard, PERIOD) == {"pl"}
    assert languages_of(dashboard, "National figures, ") == {"en"}
    assert languages_of(dashboard, "Report states by region and period") == {"en"}
    assert languages_of(dashboard, "Participants") == {"en"}


def test_the_report_marks_what_was_typed_and_not_the_interface(english, anna, frse, participants):
    period = PeriodFactory(name=PERIOD)
    IndicatorFactory(
        code="W9",
        name_pl="Najważniejsze rezultaty",
        name_en="Main results",
        measure="text",
        definition_pl="Co udało się osiągnąć w okresie.",  # no English: shown in Polish
    )
    IndicatorFactory(
        code="W10",
        name_pl="Liczba szkół",
        name_en="Number of schools",
        definition_pl="Szkoły objęte działaniami.",
        definition_en="Schools the actions reached.",
        unit_pl="szkoły",
        unit_en="schools",
    )
    path = f"/sprawozdania/{period.pk}/lodzkie/"
    english.force_login(anna)
    values = {
        "value-W7": "120",
        "note-W7": "Według list obecności",
        "value-W9": "Nowe umowy szkół z pracodawcami",
        "value-W10": "12",
    }
    assert english.post(path, {**values, "submit": "1"}).status_code == 302
    english.force_login(frse)
    reason = {"return": "1", "reason-W9": "Podaj źródło danych"}
    assert english.post(path + "ocena/", reason).status_code == 302

    report = page(english, path)
    for typed in (
        PERIOD,
        "Według list obecności",
        "Nowe umowy szkół z pracodawcami",  # the value, and "after" in the history
        "Podaj źródło danych",  # on the value, in the list above, in the history
        "(osoby)",
        "Co udało się osiągnąć w okresie.",
    ):
        assert languages_of(report, typed) == {"pl"}, typed
    for interface in ("Report: łódzkie, ", "Returned for correction", "History of changes"):
        assert languages_of(report, interface) == {"en"}, interface
    assert languages_of(report, "Main results") == {"en"}
    # Where the catalogue has the English text, it is English.
    assert languages_of(report, "Schools the actions reached.") == {"en"}
    assert languages_of(report, "(schools)") == {"en"}

    english.force_login(anna)
    listing = page(english, "/sprawozdania/")
    assert languages_of(listing, PERIOD) == {"pl"}
    assert languages_of(listing, "Reporting periods") == {"en"}
    start = page(english, "/pulpit/")
    assert languages_of(start, PERIOD) == {"pl"}
    assert languages_of(start, "Report for ") == {"en"}


def test_action_titles_are_polish_in_the_register_the_region_and_the_action(english):
    action = ActionFactory(
        title="Konkurs Kręci Mnie Mój Zawód",
        lead_region=region("lodzkie"),
        planned_start=date(2026, 3, 1),
    )
    ActionPartner.objects.create(
        action=action, region=region("opolskie"), contribution="Jury konkursu"
    )
    Milestone.objects.create(action=action, date=date(2026, 4, 1), title="Gala finałowa")

    register = page(english, "/dzialania/")
    assert languages_of(register, "Konkurs Kręci Mnie Mój Zawód") == {"pl"}
    assert languages_of(register, "Actions register") == {"en"}
    region_page = page(english, "/regiony/lodzkie/")
    assert languages_of(region_page, "Konkurs Kręci Mnie Mój Zawód") == {"pl"}
    assert languages_of(region_page, "No visits or inspirations recorded yet.") == {"en"}
    detail = page(english, action.get_absolute_url())
    for typed in ("Konkurs Kręci Mnie Mój Zawód", "Jury konkursu", "Gala finałowa"):
        assert languages_of(detail, typed) == {"pl"}, typed
    assert languages_of(detail, "not done yet") == {"en"}
