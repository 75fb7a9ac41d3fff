"""Reading an actions spreadsheet (the export's template) into checked rows: every problem is
an error with its row, column and what is wrong, in the importer's language."""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from monitoring import spreadsheets
from monitoring.choices import ActionKind, ActionStatus, FundingSource, KpoTask
from monitoring.datasets import ACTION_COLUMNS, VALUE_COLUMNS
from network.api import FIRST_DAY, LAST_DAY
from network.ids import MAX_ID
from network.models import Region
from network.text import fold

MAX_ERRORS = 10_000
TRUE = {"1", "true", "tak", "yes", "prawda"}
FALSE = {"0", "false", "nie", "no", "fałsz", "falsz", ""}
COUNT_COLUMNS = [name for name in ACTION_COLUMNS if name.startswith("participants_")]
TEXT_LIMITS = {"title": 200, "external_id": 64}


@dataclass
class Row:
    number: int
    id: int | None
    lead_region: Region
    partners: list[Region]
    fields: dict


@dataclass
class Parsed:
    rows: list[Row] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)
    bad_rows: set[int] = field(default_factory=set)

    def error(self, row: int, column: str, message: str) -> None:
        self.bad_rows.add(row)
        if len(self.errors) < MAX_ERRORS:
            self.errors.append({"row": row, "column": column, "message": message})


class RegionLookup:
    """A region by TERYT code (10 or "10"), slug or name, diacritics ignored."""

    def __init__(self, regions):
        self.by_key = {}
        for region in regions:
            for key in (region.teryt, str(int(region.teryt)), region.slug, fold(region.name)):
                self.by_key[key] = region

    def __call__(self, value) -> Region | None:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return self.by_key.get(fold(str(value).strip()))


def _choice(choices, value):
    """A choice by its stored value or its label in either language."""
    text = fold(str(value).strip())
    for choice in choices:
        if text in (fold(str(choice.value)), fold(str(choice.label))):
            return choice.value
    return None


def parse(path, *, regions) -> Parsed:
    """The file's rows, checked. A file that is not a spreadsheet or whose columns are not
    the template's is one error on row 1."""
    parsed = Parsed()
    try:
        headers, rows = spreadsheets.read_xlsx(path)
    except spreadsheets.NotASpreadsheet:
        parsed.error(1, "", _("The file is not an XLSX spreadsheet."))
        return parsed
    missing = [name for name in ACTION_COLUMNS if name not in headers]
    unknown = [name for name in headers if name and name not in ACTION_COLUMNS]
    if missing or unknown:
        if missing:
            parsed.error(1, ", ".join(missing), _("Columns missing from the template."))
        if unknown:
            parsed.error(1, ", ".join(unknown), _("Columns that are not in the template."))
        return parsed
    position = {name: headers.index(name) for name in ACTION_COLUMNS}
    region_of = RegionLookup(regions)
    seen_ids, seen_external = {}, {}
    for number, values in rows:
        cells = {
            name: (values[index] if index < len(values) else None)
            for name, index in position.items()
        }
        row = _row(parsed, number, cells, region_of)
        if row is None:
            continue
        key = row.id or (row.lead_region.pk, row.fields["external_id"])
        duplicates = seen_ids if row.id else seen_external
        if row.id or row.fields["external_id"]:
            if key in duplicates:
                column = "id" if row.id else "external_id"
                parsed.error(
                    number,
                    column,
                    _("The same action is already in row %(row)s.") % {"row": duplicates[key]},
                )
                continue
            duplicates[key] = number
        parsed.rows.append(row)
    return parsed


def _row(parsed: Parsed, number: int, cells: dict, region_of) -> Row | None:
    fields = {}

    def fail(column, message):
        parsed.error(number, column, message)

    def text(name, required=False):
        value = "" if cells[name] is None else str(cells[name]).strip()
        if required and not value:
            fail(name, _("This column is required."))
        limit = TEXT_LIMITS.get(name)
        if limit and len(value) > limit:
            fail(name, _("At most %(limit)s characters.") % {"limit": limit})
        return value

    def day(name, required=False):
        try:
            value = spreadsheets.as_date(cells[name])
        except (TypeError, ValueError):
            fail(name, _("Give a date as YYYY-MM-DD."))
            return None
        if value is None:
            if required:
                fail(name, _("This column is required."))
            return None
        if not FIRST_DAY <= value <= LAST_DAY:
            fail(
                name,
                _("Give a date between %(first)s and %(last)s.")
                % {"first": FIRST_DAY.isoformat(), "last": LAST_DAY.isoformat()},
            )
            return None
        return value

    def count(name):
        value = cells[name]
        if value in (None, ""):
            return 0
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation:
            fail(name, _("Give a whole number."))
            return 0
        if number != number.to_integral_value():
            fail(name, _("Give a whole number."))
        elif number < 0:
            fail(name, _("The number cannot be negative."))
        elif number > 10**9:
            fail(name, _("This number is too large."))
        else:
            return int(number)
        return 0

    def money(name):
        value = cells[name]
        if value in (None, ""):
            return None
        try:
            number = Decimal(str(value).strip().replace(",", "."))
        except InvalidOperation:
            fail(name, _("Give an amount in PLN, e.g. 1500.50."))
            return None
        if not number.is_finite() or number < 0 or number >= 10**10:
            fail(name, _("Give an amount in PLN, e.g. 1500.50."))
            return None
        return number.quantize(Decimal("0.01"))

    action_id = None
    if cells["id"] not in (None, ""):
        try:
            action_id = int(Decimal(str(cells["id"]).strip()))
            if not 0 < action_id <= MAX_ID:
                raise ValueError
        except (InvalidOperation, ValueError):
            fail("id", _("Give the platform's number of the action, or leave it empty."))
    lead_region = region_of(cells["lead_region"]) if cells["lead_region"] is not None else None
    if lead_region is None:
        fail("lead_region", _("Unknown region: give its TERYT code, e.g. 10 for łódzkie."))
    partners = []
    for part in str(cells["partner_regions"] or "").replace(";", ",").split(","):
        if part.strip():
            region = region_of(part)
            if region is None:
                fail("partner_regions", _("Unknown region: %(value)s.") % {"value": part.strip()})
            elif region not in partners:
                partners.append(region)
    if lead_region is not None and lead_region in partners:
        fail("partner_regions", _("The lead region cannot also be a partner region."))
    fields["external_id"] = text("external_id")
    fields["title"] = text("title", required=True)
    fields["description"] = text("description")
    for name, choices in (
        ("kind", ActionKind),
        ("status", ActionStatus),
        ("kpo_task", KpoTask),
    ):
        value = cells[name]
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        chosen = _choice(choices, value) if value not in (None, "") else None
        if chosen is None:
            fail(
                name,
                _("Unknown value “%(value)s”; allowed: %(allowed)s.")
                % {
                    "value": "" if value is None else value,
                    "allowed": ", ".join(str(choice.value) for choice in choices),
                },
            )
        fields[name] = chosen
    funding = cells["funding_source"]
    fields["funding_source"] = ""
    if funding not in (None, ""):
        fields["funding_source"] = _choice(FundingSource, funding)
        if fields["funding_source"] is None:
            fail(
                "funding_source",
                _("Unknown value “%(value)s”; allowed: %(allowed)s.")
                % {"value": funding, "allowed": ", ".join(FundingSource.values)},
            )
    for name in ("planned_start", "planned_end", "actual_start", "actual_end"):
        fields[name] = day(name, required=name == "planned_start")
    for first, last in (("planned_start", "planned_end"), ("actual_start", "actual_end")):
        if fields[first] and fields[last] and fields[last] < fields[first]:
            fail(last, _("The end cannot be before the start."))
    for name in COUNT_COLUMNS:
        fields[name] = count(name)
    fields["budget_planned"] = money("budget_planned")
    fields["budget_spent"] = money("budget_spent")
    public = fold(str(cells["is_public"] if cells["is_public"] is not None else "1").strip())
    if public in TRUE:
        fields["is_public"] = True
    elif public in FALSE:
        fields["is_public"] = False
    else:
        fail("is_public", _("Give 1 (public) or 0 (members only)."))
    if number in parsed.bad_rows:
        return None
    return Row(number, action_id, lead_region, partners, fields)


# --- Report values ---------------------------------------------------------------------------


@dataclass
class ValueRow:
    number: int
    period: object
    region: Region
    indicator: object
    value: object
    note: str


def _headers_match(parsed: Parsed, headers: list[str], expected: list[str]) -> bool:
    missing = [name for name in expected if name not in headers]
    unknown = [name for name in headers if name and name not in expected]
    if missing:
        parsed.error(1, ", ".join(missing), _("Columns missing from the template."))
    if unknown:
        parsed.error(1, ", ".join(unknown), _("Columns that are not in the template."))
    return not (missing or unknown)


def parse_values(path, *, regions, periods, indicators) -> tuple[Parsed, list[ValueRow]]:
    """The rows of a report-values file (the values export's template): period by name,
    region, indicator by code, the value and a note; the other columns are read-only."""
    parsed, rows = Parsed(), []
    try:
        headers, numbered = spreadsheets.read_xlsx(path)
    except spreadsheets.NotASpreadsheet:
        parsed.error(1, "", _("The file is not an XLSX spreadsheet."))
        return parsed, rows
    if not _headers_match(parsed, headers, VALUE_COLUMNS):
        return parsed, rows
    position = {name: headers.index(name) for name in VALUE_COLUMNS}
    region_of = RegionLookup(regions)
    by_name = {fold(period.name): period for period in periods}
    by_code = {fold(indicator.code): indicator for indicator in indicators}
    seen = {}
    for number, values in numbered:
        cells = {name: values[i] if i < len(values) else None for name, i in position.items()}
        period = by_name.get(fold(str(cells["period"] or "")))
        if period is None:
            parsed.error(
                number,
                "period",
                _("Unknown reporting period: %(value)s.") % {"value": cells["period"] or ""},
            )
        region = region_of(cells["region"]) if cells["region"] is not None else None
        if region is None:
            parsed.error(
                number, "region", _("Unknown region: give its TERYT code, e.g. 10 for łódzkie.")
            )
        indicator = by_code.get(fold(str(cells["indicator"] or "")))
        if indicator is None:
            parsed.error(
                number,
                "indicator",
                _("Unknown indicator: %(value)s.") % {"value": cells["indicator"] or ""},
            )
        if number in parsed.bad_rows:
            continue
        key = (period.pk, region.pk, indicator.pk)
        if key in seen:
            parsed.error(
                number,
                "indicator",
                _("The same value is already in row %(row)s.") % {"row": seen[key]},
            )
            continue
        seen[key] = number
        note = "" if cells["note"] is None else str(cells["note"]).strip()
        rows.append(ValueRow(number, period, region, indicator, cells["value"], note))
    return parsed, rows
