"""Reads for monitoring: the actions register and its facets, a region's report grid with its
history, the national dashboard's figures, and what a region learnt from whom."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, F, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone

from cms.forms import search_terms
from cms.selectors import FacetOption, regions_for_facets
from monitoring import grid_marks, metrics, permissions
from monitoring.choices import (
    ActionKind,
    ActionStatus,
    Aggregation,
    GridState,
    KpoTask,
    ReportState,
)
from monitoring.models import (
    Action,
    ActionPartner,
    Evidence,
    Indicator,
    Period,
    Report,
    ReportValue,
    Target,
)
from network.models import Region
from network.text import fold

# --- The actions register --------------------------------------------------------------------


@dataclass(frozen=True)
class ActionFilters:
    region: Region | None = None
    kind: str | None = None
    status: str | None = None
    year: int | None = None
    kpo_task: int | None = None
    q: str = ""

    @property
    def terms(self) -> list[str]:
        return search_terms(self.q)


@dataclass
class ActionFacets:
    total: int = 0
    region: list[FacetOption] = field(default_factory=list)
    kind: list[FacetOption] = field(default_factory=list)
    status: list[FacetOption] = field(default_factory=list)
    year: list[FacetOption] = field(default_factory=list)
    kpo_task: list[FacetOption] = field(default_factory=list)


def action_search_document(action: Action, partner_names=()) -> str:
    """What the listing's search matches, folded ("lodz" finds "Łódź")."""
    parts = [action.title, action.description, action.external_id, action.lead_region.name]
    return fold(" ".join([*parts, *partner_names]))


def visible_actions(user) -> QuerySet[Action]:
    return Action.objects.filter(permissions.visible_actions_filter(user))


def actions_filtered(user, filters: ActionFilters, *, ignore: str = "") -> QuerySet[Action]:
    actions = visible_actions(user)
    if filters.region is not None and ignore != "region":
        actions = actions.filter(lead_region=filters.region)
    if filters.kind and ignore != "kind":
        actions = actions.filter(kind=filters.kind)
    if filters.status and ignore != "status":
        actions = actions.filter(status=filters.status)
    if filters.year and ignore != "year":
        actions = actions.filter(planned_start__year=filters.year)
    if filters.kpo_task and ignore != "kpo_task":
        actions = actions.filter(kpo_task=filters.kpo_task)
    for term in filters.terms:
        actions = actions.filter(search_document__regex=rf"(^|[^a-z0-9]){term}")
    return actions


def action_facets(user, filters: ActionFilters, *, regions: list[Region]) -> ActionFacets:
    """For every filter, how many actions each option gives with the other filters as set:
    one grouped query per filter."""

    def counts(dimension: str, column) -> dict:
        rows = (
            actions_filtered(user, filters, ignore=dimension)
            .annotate(value=column)
            .values("value")
            .annotate(n=Count("pk"))
            .order_by()
        )
        return {row["value"]: row["n"] for row in rows}

    by_region = counts("region", F("lead_region_id"))
    by_kind = counts("kind", F("kind"))
    by_status = counts("status", F("status"))
    by_year = counts("year", ExtractYear("planned_start"))
    by_task = counts("kpo_task", F("kpo_task"))
    facets = ActionFacets()
    facets.total = (
        by_region.get(filters.region.pk, 0)
        if filters.region is not None
        else sum(by_region.values())
    )
    facets.region = [
        FacetOption(r.slug, r.name, by_region.get(r.pk, 0), r == filters.region)
        for r in regions  # TERYT order, which is the regions' Polish alphabetical order
    ]
    facets.kind = [
        FacetOption(k.value, str(k.label), by_kind.get(k.value, 0), k == filters.kind)
        for k in ActionKind
    ]
    facets.status = [
        FacetOption(s.value, str(s.label), by_status.get(s.value, 0), s == filters.status)
        for s in ActionStatus
    ]
    facets.year = [
        FacetOption(str(year), str(year), n, year == filters.year)
        for year, n in sorted(by_year.items(), reverse=True)
    ]
    facets.kpo_task = [
        FacetOption(str(t.value), str(t.label), by_task.get(t.value, 0), t == filters.kpo_task)
        for t in KpoTask
    ]
    return facets


def with_cards(actions: QuerySet[Action]) -> QuerySet[Action]:
    """What a listing row shows, in a fixed number of queries."""
    return actions.select_related("lead_region").prefetch_related(
        Prefetch("partners", queryset=ActionPartner.objects.select_related("region"))
    )


def actions_for_region(region: Region, *, user) -> QuerySet[Action]:
    """Actions the region leads or takes part in, that ``user`` may see, newest first."""
    return (
        visible_actions(user)
        .filter(Q(lead_region=region) | Q(partners__region=region))
        .distinct()
        .order_by("-planned_start", "-pk")
    )


def action_detail(action: Action) -> Action:
    """The action with its partners, milestones, target groups, practices and events, and
    the participants the linked events' attendance records count."""
    action = (
        Action.objects.select_related("lead_region", "created_by")
        .prefetch_related(
            Prefetch("partners", queryset=ActionPartner.objects.select_related("region")),
            "milestones",
            "target_groups",
            "practices",
            "events__host_region",
        )
        .get(pk=action.pk)
    )
    action.attended = (
        action.events.filter(cancelled_at__isnull=True).aggregate(n=Sum("attendance__count"))["n"]
        or 0
    )
    return action


# --- Reports ---------------------------------------------------------------------------------


def region_by_slug(slug: str) -> Region | None:
    """One of the 16 regions, from the cached list (no query on a cache hit)."""
    return next((region for region in regions_for_facets() if region.slug == slug), None)


def indicators() -> QuerySet[Indicator]:
    return Indicator.objects.filter(is_active=True)


def periods() -> QuerySet[Period]:
    return Period.objects.all()


def span_of(period: Period) -> metrics.Span:
    return metrics.Span(period.start, period.end)


@dataclass
class GridRow:
    indicator: Indicator
    value: ReportValue | None
    target: Target | None
    computed: int | None = None
    records_url: str = ""

    @property
    def number(self):
        if self.indicator.is_computed and self.computed is not None:
            return self.computed
        return self.value.number if self.value else None


@dataclass
class ReportPage:
    region: Region
    period: Period
    report: Report | None
    rows: list[GridRow]
    history: list[dict]

    @property
    def state(self) -> str:
        return self.report.state if self.report else GridState.NOT_STARTED

    @property
    def returned_rows(self) -> list[GridRow]:
        return [row for row in self.rows if row.value and row.value.return_reason]


def report_page(region: Region, period: Period, *, with_history: bool = True) -> ReportPage:
    """A region's report for a period, row by row: each active indicator with its value, the
    region's target and, for computed ones not yet submitted, the platform's count now.
    A fixed number of queries however many indicators."""
    from django.urls import reverse

    report = Report.objects.filter(region=region, period=period).first()
    if report is not None:
        report.region, report.period = region, period
    values = {}
    if report is not None:
        values = {
            value.indicator_id: value
            for value in ReportValue.objects.filter(report=report).prefetch_related(
                Prefetch("evidence", queryset=Evidence.objects.order_by("uploaded_at", "pk"))
            )
        }
    catalogue = list(indicators())
    targets = {t.indicator_id: t for t in Target.objects.filter(region=region)}
    live = report is None or report.state in (ReportState.DRAFT, ReportState.RETURNED)
    counts = metrics.metric_counts(span_of(period), catalogue) if live else {}
    rows = []
    for indicator in catalogue:
        row = GridRow(indicator, values.get(indicator.pk), targets.get(indicator.pk))
        if indicator.is_computed:
            row.records_url = reverse(
                "monitoring:report_records",
                kwargs={"period": period.pk, "region": region.slug, "code": indicator.code},
            )
            if live:
                row.computed = counts[indicator.pk].get(region.pk, 0)
        rows.append(row)
    history = report_history(report) if report is not None and with_history else []
    return ReportPage(region, period, report, rows, history)


def report_history(report: Report) -> list[dict]:
    """Every change to the report's state and values, newest first: who, when, what, old →
    new (django-simple-history's records, compared field by field)."""
    entries = []
    states = list(
        Report.history.filter(id=report.pk).select_related("history_user").order_by("history_id")
    )
    previous = None
    for record in states:
        if previous is None or previous.state != record.state:
            entries.append(
                {
                    "when": record.history_date,
                    "who": record.history_user,
                    "what": str(Report._meta.get_field("state").verbose_name),
                    "old": ReportState(previous.state).label if previous else "",
                    "new": ReportState(record.state).label,
                    "reason": record.history_change_reason or "",
                    "free_text": False,
                }
            )
        previous = record
    value_records = (
        ReportValue.history.filter(report_id=report.pk)
        .select_related("history_user", "indicator")
        .order_by("id", "history_id")
    )
    last: dict[int, object] = {}
    tracked = ("number", "text", "note", "return_reason")
    for record in value_records:
        before = last.get(record.id)
        for name in tracked:
            old = getattr(before, name) if before is not None else None
            new = getattr(record, name)
            if _blank(old) and _blank(new):
                continue
            if before is not None and old == new:
                continue
            entries.append(
                {
                    "when": record.history_date,
                    "who": record.history_user,
                    "what": f"{record.indicator.code} – "
                    f"{ReportValue._meta.get_field(name).verbose_name}",
                    "old": _shown(old),
                    "new": _shown(new),
                    "reason": record.history_change_reason or "",
                    # What a member or FRSE typed, in Polish (a state's label is translated).
                    "free_text": name != "number",
                }
            )
        last[record.id] = record
    entries.sort(key=lambda entry: entry["when"], reverse=True)
    return entries


def _blank(value) -> bool:
    return value is None or value == ""


def _shown(value) -> str:
    from django.utils.formats import number_format

    if isinstance(value, Decimal):
        return number_format(value.normalize() if value == value.to_integral() else value)
    return "" if value is None else str(value)


def region_members_for_recording(region: Region) -> QuerySet:
    """The region's active members besides its coordinators, each with whether they may
    record actions and reports."""
    from django.db.models import Exists, OuterRef

    from monitoring.models import Recorder
    from network.choices import Role
    from network.models import User

    return (
        User.objects.filter(region=region, is_active=True, role__in=[Role.MEMBER, Role.SECRETARIAT])
        .annotate(may_record=Exists(Recorder.objects.filter(user=OuterRef("pk"), region=region)))
        .order_by("last_name", "first_name")
    )


def reports_for_user(user, *, year: int | None = None) -> QuerySet[Report]:
    """Reports ``user`` works on: national staff all, a member their region's."""
    reports = Report.objects.select_related("region", "period")
    if not permissions.can_see_all_states(user):
        reports = reports.filter(region_id=user.region_id)
    if year:
        reports = reports.filter(period__start__year=year)
    return reports


# --- The national dashboard ------------------------------------------------------------------


@dataclass
class GridCell:
    region: Region
    period: Period
    state: str
    # The report's page, or "" when the viewer may not open it.
    url: str = ""
    # What apps above add to the cell (``monitoring.grid_marks``).
    marks: list = field(default_factory=list)

    @property
    def label(self) -> str:
        return str(GridState(self.state).label)


def reporting_grid(
    regions: list[Region], chosen: list[Period], *, viewer, today: date | None = None
) -> list[tuple[Region, list[GridCell]]]:
    """16 regions × the chosen periods: each report's state, "not started", or "late" for a
    report not submitted by its due date; a link where ``viewer`` may open the report."""
    from monitoring.models import report_url

    today = today or timezone.localdate()
    states = {
        (region_id, period_id): state
        for region_id, period_id, state in Report.objects.filter(period__in=chosen).values_list(
            "region_id", "period_id", "state"
        )
    }
    extra = grid_marks.marks(regions, chosen, viewer=viewer)
    rows = []
    for region in regions:
        cells = []
        for period in chosen:
            report_state = states.get((region.pk, period.pk))
            state = report_state or GridState.NOT_STARTED
            waiting = state in (GridState.NOT_STARTED, GridState.DRAFT, GridState.RETURNED)
            if waiting and period.is_overdue(today):
                state = GridState.LATE
            opens = permissions.can_see_report_in_state(viewer, region, report_state)
            cells.append(
                GridCell(
                    region,
                    period,
                    state,
                    url=report_url(period.pk, region.slug) if opens else "",
                    marks=extra.get((region.pk, period.pk), []),
                )
            )
        rows.append((region, cells))
    return rows


def approved_values(period: Period) -> dict[int, dict[int, ReportValue]]:
    """indicator id → region id → the approved value, for one period (one query)."""
    values: dict[int, dict[int, ReportValue]] = {}
    approved = ReportValue.objects.filter(
        report__period=period, report__state=ReportState.APPROVED
    ).values_list("indicator_id", "report__region_id", "number", "text")
    for indicator_id, region_id, number, text in approved:
        values.setdefault(indicator_id, {})[region_id] = (number, text)
    return values


def national_total(indicator: Indicator, numbers: list[Decimal]) -> Decimal | None:
    """The national figure by the indicator's aggregation rule (None when it does not add up
    or no region has a value)."""
    if not numbers or indicator.aggregation == Aggregation.NONE or indicator.is_text:
        return None
    total = sum(numbers, Decimal(0))
    if indicator.aggregation == Aggregation.AVERAGE:
        return (total / len(numbers)).quantize(Decimal("0.01"))
    return total


@dataclass
class Progress:
    indicator: Indicator
    total: Decimal | None
    reported: int
    # region → (value, target value)
    by_region: list[tuple[Region, Decimal | None, Decimal | None]]


def progress(regions: list[Region], period: Period, catalogue: list[Indicator]) -> list[Progress]:
    """Per indicator: the national total of approved values and each region's value against
    its target (two queries)."""
    values = approved_values(period)
    targets = {
        (t.indicator_id, t.region_id): t.target_value
        for t in Target.objects.filter(indicator__in=catalogue)
    }
    result = []
    for indicator in catalogue:
        mine = values.get(indicator.pk, {})
        numbers = [number for number, _text in mine.values() if number is not None]
        result.append(
            Progress(
                indicator,
                national_total(indicator, numbers),
                len(mine),
                [
                    (
                        region,
                        mine.get(region.pk, (None, ""))[0],
                        targets.get((indicator.pk, region.pk)),
                    )
                    for region in regions
                ],
            )
        )
    return result


def flow_matrix(regions: list[Region], flows: dict[tuple[int, int], int]) -> list[list[int]]:
    """Rows: the region people came from (or whose practice inspired); columns: the region
    they went to (or that was inspired)."""
    return [[flows.get((source.pk, target.pk), 0) for target in regions] for source in regions]


@dataclass
class Learning:
    learnt_from: list[tuple[Region, int, int]]  # region, visits we made there, inspirations
    learnt_from_us: list[tuple[Region, int, int]]  # region, its visits here, inspirations


def region_learning(region: Region, *, regions: list[Region]) -> Learning:
    """Whom the region learnt from (its visits there, their practices inspiring ours) and
    who learnt from it, over every year (two queries)."""
    span = metrics.Span(date(2000, 1, 1), timezone.localdate())
    visits, inspirations = metrics.visit_flows(span), metrics.inspiration_flows(span)
    by_id = {r.pk: r for r in regions}

    def side(mine_first: bool) -> list[tuple[Region, int, int]]:
        rows = []
        for other in by_id.values():
            if other.pk == region.pk:
                continue
            if mine_first:  # we went there; their practice inspired ours
                visits_count = visits.get((region.pk, other.pk), 0)
                inspired = inspirations.get((other.pk, region.pk), 0)
            else:
                visits_count = visits.get((other.pk, region.pk), 0)
                inspired = inspirations.get((region.pk, other.pk), 0)
            if visits_count or inspired:
                rows.append((other, visits_count, inspired))
        return sorted(rows, key=lambda row: (-(row[1] + row[2]), row[0].teryt))

    return Learning(side(True), side(False))


# --- The start page --------------------------------------------------------------------------


@dataclass
class ReportDue:
    region: Region
    period: Period
    report: Report | None

    @property
    def state_label(self) -> str:
        if self.report is None:
            return str(GridState.NOT_STARTED.label)
        return self.report.get_state_display()

    @property
    def url(self) -> str:
        from monitoring.models import report_url

        return report_url(self.period.pk, self.region.slug)


def reports_due(region: Region, *, today: date) -> list[ReportDue]:
    """The region's reports still to do: every open period that has begun whose report is not
    started, a draft, or returned for correction; earliest due date first (two queries)."""
    periods = list(
        Period.objects.filter(locked_at__isnull=True, start__lte=today).order_by("due_date", "pk")
    )
    reports = {
        report.period_id: report
        for report in Report.objects.filter(region=region, period__in=periods)
    }
    due = []
    for period in periods:
        report = reports.get(period.pk)
        if report is None or report.state in (ReportState.DRAFT, ReportState.RETURNED):
            due.append(ReportDue(region=region, period=period, report=report))
    return due


def reports_to_review() -> QuerySet[Report]:
    """Submitted reports of open periods, waiting for national staff."""
    return (
        Report.objects.filter(state=ReportState.SUBMITTED, period__locked_at__isnull=True)
        .select_related("region", "period")
        .order_by("submitted_at", "pk")
    )
