"""What each export holds: its columns and rows, read a chunk at a time so a 5,000-row export
needs the memory of a few hundred rows. The actions' columns are also the import template."""

import itertools
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from django.db.models import Q

from monitoring import metrics, permissions, selectors
from monitoring.choices import Dataset, FlowKind, ReportState
from monitoring.models import ACTION_FIELDS, ActionPartner, ReportValue
from network.models import Region, User
from network.permissions import is_member

CHUNK = 500

# The actions' template: an export opens, is edited, and comes back as an import.
ACTION_COLUMNS = ["id", "lead_region", "partner_regions", *ACTION_FIELDS]
VALUE_COLUMNS = [
    "period",
    "period_start",
    "period_end",
    "region",
    "region_name",
    "indicator",
    "indicator_name",
    "unit",
    "value",
    "state",
    "note",
]
FLOW_COLUMNS = [
    "year",
    "kind",
    "from_region",
    "from_region_name",
    "to_region",
    "to_region_name",
    "count",
]


@dataclass(frozen=True)
class Table:
    title: str
    headers: list[str]
    rows: Iterator[list]


def table(dataset: str, *, user: User, filters: dict) -> Table:
    if dataset == Dataset.ACTIONS:
        return Table("actions", ACTION_COLUMNS, action_rows(user, filters))
    if dataset == Dataset.VALUES:
        return Table("values", VALUE_COLUMNS, value_rows(user, filters))
    if dataset == Dataset.FLOWS:
        return Table("flows", FLOW_COLUMNS, flow_rows(filters))
    raise ValueError(dataset)


def action_filters(filters: dict) -> selectors.ActionFilters:
    region = Region.objects.filter(slug=filters.get("region") or "").first()
    return selectors.ActionFilters(
        region=region,
        kind=filters.get("kind") or None,
        status=filters.get("status") or None,
        year=_int(filters.get("year")),
        kpo_task=_int(filters.get("kpo_task")),
        q=filters.get("q") or "",
    )


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def action_row(action, partner_teryts: list[str]) -> list:
    return [
        action.pk,
        action.lead_region.teryt,
        ", ".join(partner_teryts),
        *(getattr(action, name) for name in ACTION_FIELDS),
    ]


def action_rows(user: User, filters: dict) -> Iterator[list]:
    actions = (
        selectors.actions_filtered(user, action_filters(filters))
        .select_related("lead_region")
        .order_by("lead_region__teryt", "planned_start", "pk")
    )
    # Partners a chunk at a time (prefetch_related with iterator() holds on to memory).
    rows = actions.iterator(chunk_size=CHUNK)
    while chunk := list(itertools.islice(rows, CHUNK)):
        partners = defaultdict(list)
        found = ActionPartner.objects.filter(action__in=[action.pk for action in chunk])
        for action_id, teryt in found.order_by("region__teryt").values_list(
            "action_id", "region__teryt"
        ):
            partners[action_id].append(teryt)
        for action in chunk:
            yield action_row(action, partners[action.pk])


def value_rows(user: User, filters: dict) -> Iterator[list]:
    """Approved values for everyone; a member's own region and national staff also see the
    other states."""
    values = ReportValue.objects.select_related(
        "report__period", "report__region", "indicator"
    ).order_by("report__period__start", "report__region__teryt", "indicator__position", "pk")
    if not permissions.can_see_all_states(user):
        own = user.region_id if is_member(user) else None
        values = values.filter(Q(report__state=ReportState.APPROVED) | Q(report__region_id=own))
    for name, lookup in (
        ("period", "report__period_id"),
        ("region", "report__region__slug"),
        ("indicator", "indicator__code"),
    ):
        if filters.get(name):
            values = values.filter(**{lookup: filters[name]})
    for value in values.iterator(chunk_size=CHUNK):
        report, indicator = value.report, value.indicator
        yield [
            report.period.name,
            report.period.start,
            report.period.end,
            report.region.teryt,
            report.region.name,
            indicator.code,
            indicator.name,
            indicator.unit,
            value.text if indicator.is_text else value.number,
            report.state,
            value.note,
        ]


def flow_rows(filters: dict) -> Iterator[list]:
    year = _int(filters.get("year")) or date.today().year
    kind = filters.get("kind") or FlowKind.VISITS
    span = metrics.Span.year(year)
    flows = (
        metrics.visit_flows(span) if kind == FlowKind.VISITS else metrics.inspiration_flows(span)
    )
    regions = {region.pk: region for region in Region.objects.all()}
    for (source, target), count in sorted(
        flows.items(), key=lambda item: (regions[item[0][0]].teryt, regions[item[0][1]].teryt)
    ):
        yield [
            year,
            kind,
            regions[source].teryt,
            regions[source].name,
            regions[target].teryt,
            regions[target].name,
            count,
        ]
