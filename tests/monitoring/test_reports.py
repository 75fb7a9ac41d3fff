"""A region's report: the grid, its states (draft → submitted → returned with a reason on a
value → submitted → approved), the locked period, the history, who is told, and who may do
what."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from monitoring import services
from monitoring.choices import ReportState
from monitoring.models import Evidence, Indicator, Period, Report, ReportReminder, ReportValue
from tests.factories import region
from tests.monitoring.conftest import as_user
from tests.monitoring.factories import ComputedIndicatorFactory, IndicatorFactory, PeriodFactory
from tests.visits.factories import EventFactory
from visits.choices import EventKind

pytestmark = pytest.mark.django_db


def url(period, slug="lodzkie"):
    return f"/sprawozdania/{period.pk}/{slug}/"


@pytest.fixture
def grid(period, participants, share):
    return period


def fill(client, period, **values):
    data = {f"value-{code}": value for code, value in values.items()}
    return client.post(url(period), data)


def test_the_coordinator_fills_saves_and_submits_and_frse_is_told(
    client, anna, frse, grid, outbox, django_capture_on_commit_callbacks
):
    as_user(client, anna)
    page = client.get(url(grid))
    assert page.status_code == 200
    assert 'name="value-W7"' in page.content.decode()
    response = fill(client, grid, W7="1 250", W8="62,5")
    assert response.status_code == 302
    report = Report.objects.get()
    assert report.state == ReportState.DRAFT
    values = {v.indicator.code: v.number for v in report.values.select_related("indicator")}
    assert values == {"W7": 1250, "W8": pytest.approx(62.5)}

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(grid), {"value-W7": "1250", "value-W8": "62,5", "submit": "1"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED and report.submitted_at
    assert [message.to for message in outbox] == [[frse.email]]
    assert "łódzkie" in outbox[0].subject and grid.name in outbox[0].subject


def test_submitting_needs_every_value_and_says_which_is_missing(client, anna, grid):
    as_user(client, anna)
    response = client.post(url(grid), {"value-W7": "10", "value-W8": "", "submit": "1"})
    assert response.status_code == 200
    assert "Podaj wartość przed złożeniem." in response.content.decode()
    # What was typed is saved; the report stays a draft.
    report = Report.objects.get()
    assert report.state == ReportState.DRAFT


@pytest.mark.parametrize(
    ("code", "typed", "message"),
    [
        ("W8", "101", "Odsetek wynosi od 0 do 100."),
        ("W7", "-5", "Wartość nie może być ujemna."),
        ("W7", "dużo", "Podaj liczbę, np. 12 lub 12,5."),
        ("W7", "12,5", "Liczba musi być całkowita."),
        ("W7", "NaN", "Podaj liczbę, np. 12 lub 12,5."),
    ],
)
def test_bad_values_get_a_field_error_and_nothing_is_saved(
    client, anna, grid, code, typed, message
):
    as_user(client, anna)
    response = fill(client, grid, **{"W7": "10", "W8": "50", code: typed})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ReportValue.objects.exclude(number=None).exists()


def test_frse_returns_with_a_reason_shown_on_the_value_and_the_region_corrects(
    client, anna, frse, grid, outbox, django_capture_on_commit_callbacks
):
    as_user(client, anna)
    client.post(url(grid), {"value-W7": "1250", "value-W8": "62", "submit": "1"})
    outbox.clear()
    as_user(client, frse)
    # A return needs a written reason.
    response = client.post(url(grid) + "ocena/", {"return": "1"})
    assert response.status_code == 400
    assert "Wpisz powód zwrotu przy co najmniej jednej wartości." in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url(grid) + "ocena/",
            {"return": "1", "reason-W7": "Nie zgadza się z listami obecności."},
        )
    assert response.status_code == 302
    report = Report.objects.get()
    assert report.state == ReportState.RETURNED
    assert [m.to for m in outbox] == [[anna.email]]
    assert "Nie zgadza się z listami obecności." in outbox[0].body

    as_user(client, anna)
    page = client.get(url(grid)).content.decode()
    row = page.split('id="row-W7"')[1].split("</tr>")[0]
    assert "Nie zgadza się z listami obecności." in row
    assert (
        'id="row-W8"' in page and "Nie zgadza" not in page.split('id="row-W8"')[1].split("</tr>")[0]
    )
    client.post(url(grid), {"value-W7": "1180", "value-W8": "62", "submit": "1"})
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED
    assert ReportValue.objects.get(indicator__code="W7").return_reason == ""

    as_user(client, frse)
    assert client.post(url(grid) + "ocena/", {"approve": "1"}).status_code == 302
    report.refresh_from_db()
    assert report.state == ReportState.APPROVED


def test_the_history_shows_who_when_and_old_to_new(client, anna, frse, grid):
    as_user(client, anna)
    fill(client, grid, W7="100", W8="50")
    fill(client, grid, W7="120", W8="50")
    client.post(url(grid), {"value-W7": "120", "value-W8": "50", "submit": "1"})
    as_user(client, frse)
    client.post(url(grid) + "ocena/", {"return": "1", "reason-W8": "Podaj źródło."})
    page = client.get(url(grid))
    history = page.context["page"].history
    changes = [(e["what"], e["old"], e["new"], e["who"]) for e in history]
    assert ("W7 – wartość", "100", "120", anna) in changes
    assert ("W8 – powód zwrotu", "", "Podaj źródło.", frse) in changes
    assert ("stan", "Złożone", "Zwrócone do poprawy", frse) in changes
    assert "Historia zmian" in page.content.decode()


def test_a_locked_period_refuses_changes_until_frse_reopens_it_with_a_reason(
    client, anna, frse, grid
):
    as_user(client, anna)
    fill(client, grid, W7="100")
    as_user(client, frse)
    assert client.post(f"/sprawozdania/okresy/{grid.pk}/zamknij/").status_code == 302
    grid.refresh_from_db()
    assert grid.is_locked

    as_user(client, anna)
    response = fill(client, grid, W7="200")
    assert response.status_code == 409
    assert "Sprawozdania nie można teraz zmienić." in response.content.decode()
    assert ReportValue.objects.get(indicator__code="W7").number == 100
    with pytest.raises(Exception, match="zamknięty"):
        services.report_save(
            actor=anna, report=Report.objects.get(), entries={"W7": {"value": "300"}}
        )

    as_user(client, frse)
    client.post(f"/sprawozdania/okresy/{grid.pk}/otworz/", {"reason": ""})
    grid.refresh_from_db()
    assert grid.is_locked
    client.post(f"/sprawozdania/okresy/{grid.pk}/otworz/", {"reason": "Korekta danych KPO"})
    grid.refresh_from_db()
    assert not grid.is_locked
    reopened = Period.history.filter(id=grid.pk).order_by("-history_id").first()
    assert reopened.history_user == frse
    assert reopened.history_change_reason == "Korekta danych KPO"
    as_user(client, anna)
    assert fill(client, grid, W7="200").status_code == 302


def test_computed_values_are_read_only_with_the_records_behind_them(client, anna, period):
    sessions = ComputedIndicatorFactory(code="W1", event_kind=EventKind.WZK_SESSION)
    # Midnight (Polish time) on the period's first day: inside the period and already begun,
    # whatever today is (on the first day, "a day into the period" would still be to come).
    start = timezone.make_aware(
        timezone.datetime.combine(period.start, timezone.datetime.min.time())
    )
    held = EventFactory(
        host_region=region("lodzkie"),
        organiser=anna,
        kind=EventKind.WZK_SESSION,
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        rsvp_deadline=start,
        title="Posiedzenie z gośćmi",
    )
    EventFactory(
        host_region=region("opolskie"),
        kind=EventKind.WZK_SESSION,
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        rsvp_deadline=start,
    )
    as_user(client, anna)
    page = client.get(url(period))
    text = page.content.decode()
    assert 'name="value-W1"' not in text
    assert '<span data-value="W1">1</span>' in text
    records = client.get(f"/sprawozdania/{period.pk}/lodzkie/zrodla/W1/")
    assert records.status_code == 200
    assert held.title in records.content.decode()
    # Typing a computed value is refused, through any entry point.
    report = services.report_start(actor=anna, region=region("lodzkie"), period=period)
    with pytest.raises(Exception, match="oblicza platforma"):
        services.report_save(actor=anna, report=report, entries={"W1": {"value": "9"}})
    assert sessions.values.get().number is None


def test_evidence_files_are_kept_and_served_only_to_members_who_see_the_report(
    client, anna, opole_member, grid
):
    as_user(client, anna)
    upload = SimpleUploadedFile("lista.pdf", b"%PDF-1.4 lista", content_type="application/pdf")
    client.post(url(grid), {"value-W7": "10", "evidence-W7": upload})
    evidence = Evidence.objects.get()
    assert client.get(f"/sprawozdania/dowody/{evidence.pk}/").status_code == 200
    bad = SimpleUploadedFile("skrypt.exe", b"MZ", content_type="application/octet-stream")
    response = client.post(url(grid), {"value-W7": "10", "evidence-W7": bad})
    assert "Dozwolone pliki" in response.content.decode()
    assert Evidence.objects.count() == 1
    for outsider in (None, opole_member):
        as_user(client, outsider)
        assert client.get(f"/sprawozdania/dowody/{evidence.pk}/").status_code == 404


@pytest.mark.parametrize(
    "who", ["anonymous", "another region's member", "another region's coordinator", "a guest"]
)
def test_outsiders_neither_see_a_draft_nor_write_nor_review(
    client, outsiders, anna, frse, grid, who
):
    as_user(client, anna)
    fill(client, grid, W7="100", W8="50")
    as_user(client, outsiders[who])
    assert client.get(url(grid)).status_code == 404
    assert client.post(url(grid), {"value-W7": "999"}).status_code == 404
    assert client.post(url(grid) + "ocena/", {"approve": "1"}).status_code in (404, 405)
    assert client.post(f"/sprawozdania/okresy/{grid.pk}/zamknij/").status_code in (302, 404)
    assert not Period.objects.get(pk=grid.pk).is_locked
    assert ReportValue.objects.get(indicator__code="W7").number == 100
    listing = client.get("/sprawozdania/")
    expected = {"anonymous": 302, "a guest": 404}.get(who, 200)
    assert listing.status_code == expected
    if expected == 200:  # their own region's reports, not łódzkie's
        assert "łódzkie" not in listing.content.decode().split("<main")[1]


def test_a_coordinator_cannot_approve_and_a_member_not_allowed_cannot_write(
    client, anna, lodz_member, opole_coordinator, grid
):
    as_user(client, anna)
    client.post(url(grid), {"value-W7": "1", "value-W8": "2", "submit": "1"})
    assert client.post(url(grid) + "ocena/", {"approve": "1"}).status_code == 404
    as_user(client, lodz_member)
    assert client.get(url(grid)).status_code == 200  # a member of the region reads it
    report = Report.objects.get()
    assert report.state == ReportState.SUBMITTED
    # Another region's coordinator sees its own region's report page, not łódzkie's draft.
    as_user(client, opole_coordinator)
    assert client.get(url(grid, "opolskie")).status_code == 200


def test_an_approved_report_is_public(client, anna, frse, grid):
    as_user(client, anna)
    client.post(url(grid), {"value-W7": "1250", "value-W8": "62", "submit": "1"})
    as_user(client, frse)
    client.post(url(grid) + "ocena/", {"approve": "1"})
    as_user(client, None)
    page = client.get(url(grid))
    assert page.status_code == 200
    assert "1\xa0250" in page.content.decode()


def test_the_report_page_costs_a_constant_number_of_queries(client, anna, period):
    for _ in range(5):
        IndicatorFactory()
    # One of each kind of source: events (and their attendance), visits, practices.
    ComputedIndicatorFactory(metric="guests_received")
    ComputedIndicatorFactory(metric="visits_made")
    ComputedIndicatorFactory(metric="practices_published")
    as_user(client, anna)
    fill(client, period)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url(period)).status_code == 200
        return len(queries)

    few = count()
    for _ in range(30):
        IndicatorFactory()
    ComputedIndicatorFactory(metric="participants_recorded")
    ComputedIndicatorFactory(metric="practices_inspired")
    for index in range(6):
        ComputedIndicatorFactory(metric="events_hosted", event_kind=EventKind.values[index])
    services.report_save(
        actor=anna, report=Report.objects.get(), entries={}
    )  # rows for the new indicators
    many = count()
    assert many <= 15 and many == few


def test_reminders_go_7_and_1_days_before_and_never_twice(
    anna, lodz_member, frse, outbox, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    period = PeriodFactory(
        start=today - timedelta(days=60),
        end=today - timedelta(days=1),
        due_date=today + timedelta(days=7),
    )
    services.recorder_set(actor=anna, member=lodz_member, allowed=True)
    Report.objects.create(region=region("opolskie"), period=period, state=ReportState.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.report_reminders_send(today=today)
    assert sent == 15  # every region but opolskie, which has submitted
    lodz = sorted(m.to[0] for m in outbox if m.to[0].endswith("lodzkie.example"))
    assert lodz == [anna.email, lodz_member.email]
    assert "za 7 dni" in outbox[0].subject
    assert services.report_reminders_send(today=today) == 0
    assert services.report_reminders_send(today=today + timedelta(days=3)) == 0
    outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.report_reminders_send(today=today + timedelta(days=6)) == 15
    assert "jutro" in outbox[0].subject
    assert ReportReminder.objects.count() == 30
    assert services.report_reminders_send(today=today + timedelta(days=6)) == 0


def test_the_reminder_command_runs(anna, capsys):
    from django.core.management import call_command

    today = timezone.localdate()
    PeriodFactory(start=today - timedelta(days=30), end=today, due_date=today + timedelta(days=1))
    call_command("send_report_reminders")
    assert "Report reminders sent: 16" in capsys.readouterr().out
    call_command("send_report_reminders")
    assert capsys.readouterr().out == ""


# --- The catalogue's texts in the interface's language -------------------------------------


@pytest.fixture
def described(period):
    """W7 has its definition and unit in both languages; W5's English ones are empty."""
    IndicatorFactory(
        code="W7",
        name_pl="Uczestnicy działań",
        name_en="Participants of actions",
        definition_pl="Uczniowie i nauczyciele objęci działaniami w okresie.",
        definition_en="Pupils and teachers reached by actions in the period.",
        unit_pl="osoby",
        unit_en="people",
    )
    IndicatorFactory(
        code="W5",
        name_pl="Opublikowane dobre praktyki",
        name_en="Good practices published",
        definition_pl="Dobre praktyki regionu opublikowane na platformie.",
        unit_pl="praktyki",
    )
    return period


def _row(page: str, code: str) -> str:
    """The report grid's row of one indicator, as text."""
    start = page.index(f'id="row-{code}"')
    return page[start : page.index("</tr>", start)]


def test_in_english_the_report_shows_the_english_definition_and_unit(client, anna, described):
    as_user(client, anna)
    client.cookies["wzk_language"] = "en"
    page = client.get(url(described)).content.decode()
    row = _row(page, "W7")
    assert "Participants of actions" in row and '<span class="unit">(people)</span>' in row
    assert "Pupils and teachers reached by actions in the period." in row
    assert "osoby" not in row and "Uczniowie" not in row


def test_in_polish_the_report_shows_the_polish_definition_and_unit(client, anna, described):
    as_user(client, anna)
    page = client.get(url(described)).content.decode()
    row = _row(page, "W7")
    assert "Uczestnicy działań" in row and '<span class="unit">(osoby)</span>' in row
    assert "Uczniowie i nauczyciele objęci działaniami w okresie." in row
    assert "people" not in row and "Pupils" not in row


def test_in_english_an_untranslated_definition_and_unit_fall_back_to_polish(
    client, anna, described
):
    as_user(client, anna)
    client.cookies["wzk_language"] = "en"
    row = _row(client.get(url(described)).content.decode(), "W5")
    assert (
        "Good practices published" in row
        and '<span class="unit" lang="pl">(praktyki)</span>' in row
    )  # read as Polish
    assert "Dobre praktyki regionu opublikowane na platformie." in row


def test_frse_gives_an_indicator_its_english_definition_and_unit_in_the_admin(
    client, anna, frse, described
):
    from network.services import member_sync_groups

    member_sync_groups(member=frse)
    as_user(client, frse)
    indicator = Indicator.objects.get(code="W5")
    edit = f"/admin/monitoring_indicators/edit/{indicator.pk}/"
    form = client.get(edit).content.decode()
    assert 'name="definition_en"' in form and 'name="unit_en"' in form
    data = {
        "code": "W5",
        "name_pl": indicator.name_pl,
        "name_en": indicator.name_en,
        "definition_pl": indicator.definition_pl,
        "definition_en": "Good practices of the region published on the platform.",
        "unit_pl": "praktyki",
        "unit_en": "practices",
        "measure": indicator.measure,
        "aggregation": indicator.aggregation,
        "level": indicator.level,
        "source": indicator.source,
        "metric": "",
        "event_kind": "",
        "position": indicator.position,
        "is_active": "on",
    }
    assert client.post(edit, data).status_code == 302
    as_user(client, anna)
    client.cookies["wzk_language"] = "en"
    row = _row(client.get(url(described)).content.decode(), "W5")
    assert '<span class="unit">(practices)</span>' in row
    assert "Good practices of the region published on the platform." in row
