"""Exports (XLSX, CSV, ODS, opened back with their own libraries) and imports of actions from
the export's template: matched on id or external_id, all or nothing, with an error report."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from odf.opendocument import load as load_ods
from odf.table import Table, TableCell, TableRow
from odf.text import P
from openpyxl import Workbook, load_workbook

from monitoring import services
from monitoring.choices import JobStatus, ReportState
from monitoring.datasets import ACTION_COLUMNS
from monitoring.models import Action, ExportFile, ImportFile, Report, ReportValue
from tests.factories import region
from tests.monitoring.conftest import as_user
from tests.monitoring.factories import ActionFactory, IndicatorFactory, PeriodFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def run_tasks(django_capture_on_commit_callbacks):
    def run(call):
        with django_capture_on_commit_callbacks(execute=True):
            return call()

    return run


def export(client, run_tasks, **data):
    response = run_tasks(lambda: client.post("/eksporty/", data))
    assert response.status_code == 302
    return ExportFile.objects.latest("pk")


def download(client, export_file) -> bytes:
    response = client.get(f"/eksporty/{export_file.pk}/pobierz/")
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_actions_export_in_three_formats_opened_back(client, anna, run_tasks):
    action = ActionFactory(
        title='=HYPERLINK("http://zlo.example")',
        external_id="X-1",
        participants_pupils=1200,
        description="+48 22 000 00 00",
    )
    services.action_update(
        actor=anna, action=action, partners=[services.Partner(region("opolskie"))]
    )
    as_user(client, anna)

    xlsx = export(client, run_tasks, dataset="actions", format="xlsx")
    assert xlsx.status == JobStatus.DONE and xlsx.rows == 1
    sheet = load_workbook(io.BytesIO(download(client, xlsx))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == ACTION_COLUMNS
    row = dict(zip(ACTION_COLUMNS, rows[1], strict=True))
    assert row["title"] == '\'=HYPERLINK("http://zlo.example")'  # text, not a formula
    assert row["description"] == "'+48 22 000 00 00"
    assert row["participants_pupils"] == 1200 and row["lead_region"] == "10"
    assert row["partner_regions"] == "16" and row["planned_start"].date() == date(2026, 3, 1)

    text = download(client, export(client, run_tasks, dataset="actions", format="csv"))
    reader = list(csv.reader(io.StringIO(text.decode("utf-8-sig")), delimiter=";"))
    assert reader[0] == ACTION_COLUMNS
    assert reader[1][ACTION_COLUMNS.index("title")].startswith("'=")
    assert reader[1][ACTION_COLUMNS.index("planned_start")] == "2026-03-01"

    document = load_ods(
        io.BytesIO(download(client, export(client, run_tasks, dataset="actions", format="ods")))
    )
    table_rows = document.spreadsheet.getElementsByType(Table)[0].getElementsByType(TableRow)
    cells = [
        "".join(str(p) for p in cell.getElementsByType(P))
        for cell in table_rows[1].getElementsByType(TableCell)
    ]
    assert cells[ACTION_COLUMNS.index("title")].startswith("'=")
    assert cells[ACTION_COLUMNS.index("participants_pupils")] == "1200"


def test_value_exports_hold_approved_values_and_the_members_own_region(
    client, anna, opole_member, run_tasks
):
    period = PeriodFactory()
    indicator = IndicatorFactory(code="W7")
    for slug, state, number in (
        ("lodzkie", ReportState.DRAFT, 5),
        ("slaskie", ReportState.APPROVED, 7),
    ):
        report = Report.objects.create(region=region(slug), period=period, state=state)
        ReportValue.objects.create(report=report, indicator=indicator, number=number)
    as_user(client, opole_member)
    sheet = load_workbook(
        io.BytesIO(download(client, export(client, run_tasks, dataset="values", format="xlsx")))
    ).active
    regions = [row[3] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert regions == ["24"]
    as_user(client, anna)
    sheet = load_workbook(
        io.BytesIO(download(client, export(client, run_tasks, dataset="values", format="xlsx")))
    ).active
    assert sorted(row[3] for row in sheet.iter_rows(min_row=2, values_only=True)) == ["10", "24"]


@pytest.mark.parametrize(
    ("language", "name", "unit"),
    [("en", "Participants", "people"), ("pl", "Uczestnicy", "osoby")],
)
def test_a_value_export_names_indicators_and_units_in_its_owners_language(
    client, anna, run_tasks, language, name, unit
):
    anna.language = language
    anna.save()
    period = PeriodFactory()
    participants = IndicatorFactory(
        code="W7", name_pl="Uczestnicy", name_en="Participants", unit_pl="osoby", unit_en="people"
    )
    # No English unit: the Polish one, in either language.
    share = IndicatorFactory(code="W8", name_pl="Odsetek szkół", unit_pl="%", position=99)
    report = Report.objects.create(region=region("lodzkie"), period=period)
    ReportValue.objects.create(report=report, indicator=participants, number=5)
    ReportValue.objects.create(report=report, indicator=share, number=50)
    as_user(client, anna)
    sheet = load_workbook(
        io.BytesIO(download(client, export(client, run_tasks, dataset="values", format="xlsx")))
    ).active
    header, *rows = sheet.iter_rows(values_only=True)
    named = {row[header.index("indicator")]: row for row in rows}
    assert named["W7"][header.index("indicator_name")] == name
    assert named["W7"][header.index("unit")] == unit
    assert named["W8"][header.index("unit")] == "%"


def test_downloads_are_for_the_owner_only_and_links_expire(client, anna, lodz_member, run_tasks):
    as_user(client, anna)
    made = export(client, run_tasks, dataset="flows", format="csv")
    assert client.get("/eksporty/").status_code == 200
    as_user(client, lodz_member)
    assert client.get(f"/eksporty/{made.pk}/pobierz/").status_code == 404
    as_user(client, None)
    assert client.get(f"/eksporty/{made.pk}/pobierz/").status_code == 302
    as_user(client, anna)
    ExportFile.objects.filter(pk=made.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = client.get(f"/eksporty/{made.pk}/pobierz/", follow=True)
    assert "Ten odnośnik wygasł" in response.content.decode()
    assert services.files_purge() == 1
    assert not ExportFile.objects.exists()


def test_a_guest_and_anonymous_visitors_cannot_export(client, guest):
    assert client.post("/eksporty/", {"dataset": "actions", "format": "csv"}).status_code == 302
    as_user(client, guest)
    assert client.post("/eksporty/", {"dataset": "actions", "format": "csv"}).status_code == 404
    assert not ExportFile.objects.exists()


# --- Imports ---------------------------------------------------------------------------------


def workbook(rows, headers=ACTION_COLUMNS) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(name) for name in headers])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def row(**overrides):
    data = {
        "external_id": "NEW-1",
        "lead_region": "10",
        "kind": "festival",
        "kpo_task": 2,
        "title": "Festiwal Zawodów",
        "status": "planned",
        "planned_start": date(2026, 9, 15),
        "is_public": 1,
    }
    data.update(overrides)
    return data


def upload(client, run_tasks, content: bytes, *, name="dzialania.xlsx", valid_rows_only=False):
    data = {"file": SimpleUploadedFile(name, content)}
    if valid_rows_only:
        data["valid_rows_only"] = "on"
    response = run_tasks(lambda: client.post("/dzialania/import/", data))
    return response, ImportFile.objects.order_by("pk").last()


def test_an_export_edited_and_imported_again_updates_instead_of_duplicating(
    client, anna, run_tasks
):
    kept = ActionFactory(title="Stary tytuł", external_id="")
    keyed = ActionFactory(title="Edubus", external_id="EDU-1")
    as_user(client, anna)
    book = load_workbook(
        io.BytesIO(download(client, export(client, run_tasks, dataset="actions", format="xlsx")))
    )
    sheet = book.active
    title = ACTION_COLUMNS.index("title") + 1
    for cells in sheet.iter_rows(min_row=2):
        cells[title - 1].value = cells[title - 1].value + " (poprawione)"
    sheet.append([row(title="Nowe działanie").get(name) for name in ACTION_COLUMNS])
    out = io.BytesIO()
    book.save(out)
    response, job = upload(client, run_tasks, out.getvalue())
    assert response.status_code == 302
    assert (job.status, job.created, job.updated, job.errors) == (JobStatus.DONE, 1, 2, [])
    assert Action.objects.count() == 3
    kept.refresh_from_db()
    keyed.refresh_from_db()
    assert kept.title == "Stary tytuł (poprawione)" and keyed.title == "Edubus (poprawione)"
    # Matched on external_id, a second import of the same rows changes nothing new.
    response, job = upload(client, run_tasks, workbook([row(title="Nowe działanie")]))
    assert (job.created, job.updated) == (0, 1) and Action.objects.count() == 3


def _errors(job):
    return {(error["row"], error["column"]): error["message"] for error in job.errors}


def test_every_bad_row_is_reported_and_nothing_is_half_imported(client, anna, run_tasks):
    as_user(client, anna)
    rows = [
        row(),
        row(external_id="A", lead_region="99"),
        row(external_id="B", kind="cyrk"),
        row(external_id="C", planned_start=date(1990, 1, 1)),
        row(external_id="D", participants_pupils="dużo"),
        row(external_id="NEW-1"),
        row(external_id="E", lead_region="16"),
        row(external_id="F", planned_start="15.09.2026"),
    ]
    _response, job = upload(client, run_tasks, workbook(rows))
    assert job.status == JobStatus.FAILED and not Action.objects.exists()
    errors = _errors(job)
    assert errors[(3, "lead_region")].startswith("Nieznane województwo")
    assert errors[(4, "kind")].startswith("Nieznana wartość „cyrk”")
    assert errors[(5, "planned_start")] == "Podaj datę od 2000-01-01 do 2100-12-31."
    assert errors[(6, "participants_pupils")] == "Podaj liczbę całkowitą."
    assert errors[(7, "external_id")] == "To samo działanie jest już w wierszu 2."
    assert errors[(8, "lead_region")] == "Nie możesz rejestrować działań województwa opolskie."
    assert errors[(9, "planned_start")] == "Podaj datę w formacie RRRR-MM-DD."
    report = client.get(f"/eksporty/import/{job.pk}/bledy.csv")
    lines = list(csv.reader(io.StringIO(report.content.decode("utf-8-sig")), delimiter=";"))
    assert lines[0] == ["Wiersz", "Kolumna", "Co jest nie tak"]
    assert ["4", "kind", errors[(4, "kind")]] in lines
    page = client.get("/eksporty/").content.decode()
    assert "niczego nie zaimportowano" in page


def test_valid_rows_can_be_imported_on_request(client, anna, run_tasks):
    as_user(client, anna)
    rows = [row(), row(external_id="A", kind="cyrk")]
    _response, job = upload(client, run_tasks, workbook(rows), valid_rows_only=True)
    assert (job.status, job.created) == (JobStatus.DONE, 1)
    assert list(_errors(job)) == [(3, "kind")]
    assert Action.objects.get().external_id == "NEW-1"


def test_wrong_columns_are_one_clear_error(client, anna, run_tasks):
    as_user(client, anna)
    headers = [name for name in ACTION_COLUMNS if name != "kind"] + ["kolor"]
    _response, job = upload(client, run_tasks, workbook([row()], headers=headers))
    assert _errors(job) == {
        (1, "kind"): "Brakuje kolumn wzoru.",
        (1, "kolor"): "Kolumny spoza wzoru.",
    }
    assert not Action.objects.exists()


def test_files_that_are_not_spreadsheets_or_too_large_are_refused_at_once(
    client, anna, run_tasks, settings
):
    as_user(client, anna)
    response, job = upload(client, run_tasks, b"to nie jest arkusz", name="dzialania.xlsx")
    assert response.status_code == 400 and job is None
    assert "Plik nie jest arkuszem XLSX." in response.content.decode()
    # A zip that is not a workbook passes the form and fails in the queue, clearly.
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("a.txt", "x")
    response, job = upload(client, run_tasks, out.getvalue())
    assert _errors(job) == {(1, ""): "Plik nie jest arkuszem XLSX."}
    settings.MONITORING_IMPORT_MAX_BYTES = 100
    response, _job = upload(client, run_tasks, workbook([row()]))
    assert response.status_code == 400
    assert "Plik jest większy niż 100" in response.content.decode()


@pytest.mark.parametrize("who", ["anonymous", "another region's member", "a guest"])
def test_outsiders_cannot_import(client, outsiders, anna, run_tasks, who):
    as_user(client, outsiders[who])
    response, job = upload(client, run_tasks, workbook([row()]))
    assert response.status_code in (302, 404) and job is None


def test_an_import_error_report_is_for_its_owner_only(client, anna, opole_coordinator, run_tasks):
    as_user(client, anna)
    _response, job = upload(client, run_tasks, workbook([row(kind="cyrk")]))
    as_user(client, opole_coordinator)
    assert client.get(f"/eksporty/import/{job.pk}/bledy.csv").status_code == 404


# --- Importing report values -----------------------------------------------------------------


def test_report_values_come_back_from_their_export(client, anna, frse, run_tasks):
    from monitoring.datasets import VALUE_COLUMNS

    period = PeriodFactory(name="IV kwartał")
    share = IndicatorFactory(code="W8", measure="percentage")
    count = IndicatorFactory(code="W7")
    as_user(client, anna)
    services.report_start(actor=anna, region=region("lodzkie"), period=period)
    book = load_workbook(
        io.BytesIO(download(client, export(client, run_tasks, dataset="values", format="xlsx")))
    )
    sheet = book.active
    value = VALUE_COLUMNS.index("value")
    for cells in sheet.iter_rows(min_row=2):
        cells[value].value = {"W7": 1250, "W8": "62,5"}[
            cells[VALUE_COLUMNS.index("indicator")].value
        ]
    out = io.BytesIO()
    book.save(out)
    data = {"file": SimpleUploadedFile("wartosci.xlsx", out.getvalue()), "dataset": "values"}
    response = run_tasks(lambda: client.post("/dzialania/import/", data))
    assert response.status_code == 302
    job = ImportFile.objects.get()
    assert (job.status, job.updated, job.errors) == (JobStatus.DONE, 2, [])
    numbers = dict(ReportValue.objects.values_list("indicator__code", "number"))
    assert numbers == {"W7": 1250, "W8": pytest.approx(62.5)}
    history = ReportValue.history.filter(indicator=count).latest("history_id")
    assert history.history_user == anna
    assert share.pk


def test_bad_report_values_import_nothing(client, anna, opole_coordinator, frse, run_tasks):
    from monitoring.datasets import VALUE_COLUMNS

    period = PeriodFactory(name="IV kwartał")
    IndicatorFactory(code="W8", measure="percentage")
    IndicatorFactory(code="W7")
    locked = PeriodFactory(name="III kwartał", locked_at=timezone.now())
    rows = [
        {"period": "IV kwartał", "region": "10", "indicator": "W7", "value": 10},
        {"period": "IV kwartał", "region": "10", "indicator": "W8", "value": 120},
        {"period": "IV kwartał", "region": "16", "indicator": "W7", "value": 5},
        {"period": "III kwartał", "region": "10", "indicator": "W7", "value": 5},
        {"period": "IV kwartał", "region": "10", "indicator": "W7", "value": 11},
        {"period": "V kwartał", "region": "10", "indicator": "W9", "value": 1},
    ]
    as_user(client, anna)
    data = {
        "file": SimpleUploadedFile("w.xlsx", workbook(rows, headers=VALUE_COLUMNS)),
        "dataset": "values",
    }
    run_tasks(lambda: client.post("/dzialania/import/", data))
    job = ImportFile.objects.get()
    errors = _errors(job)
    assert errors[(3, "value")] == "Odsetek wynosi od 0 do 100."
    assert errors[(4, "region")] == "Nie możesz składać sprawozdań tego województwa."
    assert errors[(5, "period")] == "Okres jest zamknięty: jego sprawozdań nie można zmieniać."
    assert errors[(6, "indicator")] == "Ta sama wartość jest już w wierszu 2."
    assert set(errors) >= {(7, "period"), (7, "indicator")}
    assert job.status == JobStatus.FAILED
    assert not ReportValue.objects.exclude(number=None).exists()
    assert locked.pk and period.pk
