"""Writing rows to XLSX (openpyxl, write-only: memory does not grow with the rows), CSV and
ODS (odfpy), and reading an XLSX back. Text that a spreadsheet would run as a formula is
neutralised on the way out."""

import csv
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import IO

from monitoring.choices import FileFormat

# A cell starting with one of these is a formula (or DDE) to Excel and LibreOffice.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_DELIMITER = ";"  # what a Polish spreadsheet opens as columns
CONTENT_TYPES = {
    FileFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    FileFormat.CSV: "text/csv; charset=utf-8",
    FileFormat.ODS: "application/vnd.oasis.opendocument.spreadsheet",
}


def neutralise(value):
    """Text that starts like a formula gets a leading apostrophe, so it stays text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _cell(value):
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if value is None:
        return ""
    return neutralise(value)


def write(fmt: str, out: IO[bytes], headers: list[str], rows: Iterable[list], *, title: str):
    """Write ``headers`` and ``rows`` to ``out`` in ``fmt``; returns the number of rows."""
    writer = {FileFormat.XLSX: _xlsx, FileFormat.CSV: _csv, FileFormat.ODS: _ods}[fmt]
    return writer(out, headers, ([_cell(value) for value in row] for row in rows), title)


def _xlsx(out, headers, rows, title) -> int:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    sheet.append(headers)
    count = 0
    for row in rows:
        sheet.append(row)
        count += 1
    book.save(out)
    return count


def _csv(out, headers, rows, title) -> int:
    import io

    text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="")
    writer = csv.writer(text, delimiter=CSV_DELIMITER)
    writer.writerow(headers)
    count = 0
    for row in rows:
        writer.writerow([value.isoformat() if isinstance(value, date) else value for value in row])
        count += 1
    text.flush()
    text.detach()
    return count


def _ods(out, headers, rows, title) -> int:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    table = Table(name=title[:31])

    def add(values):
        row = TableRow()
        for value in values:
            if isinstance(value, int | float):
                cell = TableCell(valuetype="float", value=value)
                cell.addElement(P(text=str(value)))
            elif isinstance(value, date):
                cell = TableCell(valuetype="date", datevalue=value.isoformat())
                cell.addElement(P(text=value.isoformat()))
            else:
                cell = TableCell(valuetype="string")
                cell.addElement(P(text=str(value)))
            row.addElement(cell)
        table.addElement(row)

    add(headers)
    count = 0
    for row in rows:
        add(row)
        count += 1
    document.spreadsheet.addElement(table)
    document.write(out)
    return count


# --- Reading ---------------------------------------------------------------------------------


class NotASpreadsheet(Exception):
    pass


def read_xlsx(path) -> tuple[list[str], Iterable[tuple[int, tuple]]]:
    """The first sheet's header row and its other rows, numbered as the spreadsheet numbers
    them; blank rows are skipped."""
    from zipfile import BadZipFile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(path, read_only=True, data_only=True)
        sheet = book.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        headers = next(rows, ())
    except (BadZipFile, InvalidFileException, KeyError, OSError, IndexError, ValueError) as e:
        raise NotASpreadsheet from e
    header_names = [str(value).strip() if value is not None else "" for value in headers]

    def numbered():
        for number, row in enumerate(rows, start=2):
            if any(value not in (None, "") for value in row):
                yield number, row
        book.close()

    return header_names, numbered()


def as_date(value) -> date | None:
    """A date from a date cell or text in ISO form (YYYY-MM-DD); None for empty."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value).strip())
