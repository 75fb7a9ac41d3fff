"""JSON API for monitoring (django-ninja), served under ``/api/v1/`` by ``config.api``:
actions (list with the register's filters, detail, create and update for the region),
indicators, periods, report values (read; write for the region while the period is open;
approve or return for FRSE).

The same permissions and services as the pages, so the API can neither see nor do more.
Session authentication; writes need the CSRF token. Errors are those of ``network.api``
(400 bad input with field errors, 403 not allowed, 404 not found or not yours to see, 409 the
report's state or a locked period does not allow it)."""

import datetime
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from ninja.security import django_auth
from pydantic import StrictBool, StrictInt

from cms.selectors import regions_for_facets
from monitoring import permissions, selectors, services
from monitoring.choices import ActionKind, ActionStatus, FundingSource, KpoTask, ReportState
from monitoring.models import Action, ActionPartner, Period, Report, ReportValue
from network.api import FIRST_DAY, LAST_DAY, ErrorOut, Pagination, errors
from network.emails import absolute_url
from network.models import Region
from network.permissions import is_member

router = Router(tags=["monitoring"])


# --- Schemas ---------------------------------------------------------------------------------


class RegionRef(Schema):
    slug: str
    name: str
    teryt: str


class PartnerOut(Schema):
    region: RegionRef
    contribution: str


class MilestoneOut(Schema):
    date: datetime.date
    title: str
    done: bool


class ActionOut(Schema):
    id: int
    title: str
    kind: str
    kpo_task: int
    status: str
    lead_region: RegionRef
    partner_regions: list[RegionRef]
    planned_start: date
    planned_end: date | None
    actual_start: date | None
    actual_end: date | None
    external_id: str
    is_public: bool
    url: str

    @staticmethod
    def resolve_partner_regions(action):
        return [partner.region for partner in action.partners.all()]

    @staticmethod
    def resolve_url(action):
        return absolute_url(action.get_absolute_url())


class ActionDetailOut(ActionOut):
    description: str
    partners: list[PartnerOut]
    milestones: list[MilestoneOut]
    participants_pupils: int
    participants_adults: int
    participants_teachers: int
    participants_employers: int
    participants_institutions: int
    participants_at_events: int
    budget_planned: Decimal | None
    budget_spent: Decimal | None
    funding_source: str

    @staticmethod
    def resolve_partners(action):
        return list(action.partners.all())

    @staticmethod
    def resolve_milestones(action):
        return list(action.milestones.all())

    @staticmethod
    def resolve_participants_at_events(action):
        return action.attended


def _choices(enum) -> str:
    return "One of: " + ", ".join(str(value) for value in enum.values)


class PartnerIn(Schema):
    region: str = Field(description="The partner region's slug.")
    contribution: str = ""


class MilestoneIn(Schema):
    date: datetime.date = Field(ge=FIRST_DAY, le=LAST_DAY)
    title: str = Field(min_length=1, max_length=200)
    done: StrictBool = False


class ActionIn(Schema):
    """Create: your region is the lead region. Update: only the fields sent change."""

    title: str = Field(min_length=1, max_length=200)
    kind: ActionKind = Field(description=_choices(ActionKind))
    kpo_task: KpoTask = Field(KpoTask.ACTIONS, description=_choices(KpoTask))
    status: ActionStatus = Field(ActionStatus.PLANNED, description=_choices(ActionStatus))
    description: str = ""
    planned_start: date = Field(ge=FIRST_DAY, le=LAST_DAY)
    planned_end: date | None = Field(None, ge=FIRST_DAY, le=LAST_DAY)
    actual_start: date | None = Field(None, ge=FIRST_DAY, le=LAST_DAY)
    actual_end: date | None = Field(None, ge=FIRST_DAY, le=LAST_DAY)
    participants_pupils: StrictInt = Field(0, ge=0, le=10**9)
    participants_adults: StrictInt = Field(0, ge=0, le=10**9)
    participants_teachers: StrictInt = Field(0, ge=0, le=10**9)
    participants_employers: StrictInt = Field(0, ge=0, le=10**9)
    participants_institutions: StrictInt = Field(0, ge=0, le=10**9)
    budget_planned: Decimal | None = Field(
        None, ge=0, le=Decimal("9999999999.99"), decimal_places=2
    )
    budget_spent: Decimal | None = Field(None, ge=0, le=Decimal("9999999999.99"), decimal_places=2)
    funding_source: FundingSource | None = Field(None, description=_choices(FundingSource))
    external_id: str = Field("", max_length=64)
    is_public: StrictBool = True
    partners: list[PartnerIn] = Field(default_factory=list, max_length=15)
    milestones: list[MilestoneIn] = Field(default_factory=list, max_length=50)


class ActionPatch(Schema):
    """The fields to change; those not sent stay as they are."""

    title: str | None = Field(None, min_length=1, max_length=200)
    kind: ActionKind | None = None
    kpo_task: KpoTask | None = None
    status: ActionStatus | None = None
    description: str | None = None
    planned_start: date | None = Field(None, ge=FIRST_DAY, le=LAST_DAY)
    planned_end: date | None = Field(None, ge=FIRST_DAY, le=LAST_DAY)
    actual_start: date | None = Field(None, ge=FIRST_DAY, le=LAST_DAY)
    actual_end: date | None = Field(None, ge=FIRST_DAY, le=LAST_DAY)
    participants_pupils: StrictInt | None = Field(None, ge=0, le=10**9)
    participants_adults: StrictInt | None = Field(None, ge=0, le=10**9)
    participants_teachers: StrictInt | None = Field(None, ge=0, le=10**9)
    participants_employers: StrictInt | None = Field(None, ge=0, le=10**9)
    participants_institutions: StrictInt | None = Field(None, ge=0, le=10**9)
    budget_planned: Decimal | None = Field(
        None, ge=0, le=Decimal("9999999999.99"), decimal_places=2
    )
    budget_spent: Decimal | None = Field(None, ge=0, le=Decimal("9999999999.99"), decimal_places=2)
    funding_source: FundingSource | None = None
    external_id: str | None = Field(None, max_length=64)
    is_public: StrictBool | None = None
    partners: list[PartnerIn] | None = Field(None, max_length=15)
    milestones: list[MilestoneIn] | None = Field(None, max_length=50)


# Fields that may be cleared with null; the others must have a value.
NULLABLE = {
    "planned_end",
    "actual_start",
    "actual_end",
    "budget_planned",
    "budget_spent",
    "funding_source",
}


class ActionFilters(Schema):
    region: str | None = Field(None, description="The lead region's slug.")
    kind: ActionKind | None = Field(None, description=_choices(ActionKind))
    status: ActionStatus | None = Field(None, description=_choices(ActionStatus))
    year: int | None = Field(None, ge=2000, le=2100)
    kpo_task: KpoTask | None = None
    q: str = Field("", max_length=200, description="Words, diacritics ignored.")


class IndicatorOut(Schema):
    code: str
    name_pl: str
    name_en: str
    # ``definition`` and ``unit`` were Polish before the English ones came; v1 keeps them so.
    definition: str = Field(description="In Polish.")
    definition_en: str = Field(description="In English; empty when not translated.")
    unit: str = Field(description="In Polish.")
    unit_en: str = Field(description="In English; empty when not translated.")
    measure: str
    aggregation: str
    level: str
    source: str
    metric: str
    event_kind: str

    @staticmethod
    def resolve_definition(indicator):
        return indicator.definition_pl

    @staticmethod
    def resolve_unit(indicator):
        return indicator.unit_pl


class PeriodOut(Schema):
    id: int
    name: str
    start: date
    end: date
    due_date: date
    locked: bool

    @staticmethod
    def resolve_locked(period):
        return period.is_locked


class ValueOut(Schema):
    period: int
    region: str
    indicator: str
    value: Decimal | str | None
    note: str
    return_reason: str
    state: str

    @staticmethod
    def resolve_period(value):
        return value.report.period_id

    @staticmethod
    def resolve_region(value):
        return value.report.region.slug

    @staticmethod
    def resolve_indicator(value):
        return value.indicator.code

    @staticmethod
    def resolve_value(value):
        return value.text if value.indicator.is_text else value.number

    @staticmethod
    def resolve_state(value):
        return value.report.state


class ValueFilters(Schema):
    period: int | None = Field(None, ge=1, le=2**31)
    region: str | None = Field(None, description="The region's slug.")
    indicator: str | None = Field(None, description="The indicator's code.")


class EntryIn(Schema):
    value: Decimal | str | None = None
    note: str | None = None


class ValuesIn(Schema):
    values: dict[str, EntryIn] = Field(description="By indicator code.")


class ReportOut(Schema):
    period: int
    region: str
    state: str
    values: list[ValueOut]

    @staticmethod
    def resolve_period(report):
        return report.period_id

    @staticmethod
    def resolve_region(report):
        return report.region.slug

    @staticmethod
    def resolve_values(report):
        return list(
            report.values.select_related("indicator", "report__region").order_by(
                "indicator__position", "indicator__code"
            )
        )


class ReturnIn(Schema):
    reasons: dict[str, str] = Field(description="A reason per indicator code; at least one.")


# --- Actions ---------------------------------------------------------------------------------


def _actions(user):
    return (
        selectors.visible_actions(user)
        .select_related("lead_region")
        .prefetch_related(
            Prefetch("partners", queryset=ActionPartner.objects.select_related("region"))
        )
    )


@router.get("/actions", response={200: list[ActionOut], **errors(400)}, summary="List actions")
@paginate(Pagination)
def action_list(request, filters: Query[ActionFilters]):
    region = Region.objects.filter(slug=filters.region).first() if filters.region else None
    if filters.region and region is None:
        return Action.objects.none()
    chosen = selectors.ActionFilters(
        region=region,
        kind=filters.kind,
        status=filters.status,
        year=filters.year,
        kpo_task=filters.kpo_task,
        q=filters.q,
    )
    ids = selectors.actions_filtered(request.user, chosen).values("pk")
    return _actions(request.user).filter(pk__in=ids).order_by("-planned_start", "-pk")


@router.get(
    "/actions/{action_id}",
    response={200: ActionDetailOut, **errors(400, 404)},
    summary="One action",
)
def action_detail(request, action_id: int):
    return selectors.action_detail(permissions.access_action(request.user, action_id))


def _relations(payload) -> dict:
    regions = {region.slug: region for region in regions_for_facets()}
    partners, milestones = payload.partners or [], payload.milestones or []
    unknown = [p.region for p in partners if p.region not in regions]
    if unknown:
        raise DjangoValidationError(
            {"partners": [_("Unknown region: %(value)s.") % {"value": ", ".join(unknown)}]}
        )
    return {
        "partners": [services.Partner(regions[p.region], p.contribution) for p in partners],
        "milestones": [services.MilestoneData(m.date, m.title, m.done) for m in milestones],
    }


def _fields(payload, *, only_sent: bool) -> dict:
    data = payload.dict(exclude_unset=only_sent, exclude={"partners", "milestones"})
    required = [name for name, value in data.items() if value is None and name not in NULLABLE]
    if required:
        raise DjangoValidationError({name: [_("This field is required.")] for name in required})
    if "funding_source" in data:
        data["funding_source"] = data["funding_source"] or ""
    return data


@router.post(
    "/actions",
    auth=django_auth,
    response={201: ActionDetailOut, **errors(400, 401, 403, 404)},
    summary="Record an action of your region",
)
def action_create(request, payload: ActionIn):
    region = permissions.recording_region(request.user)
    if region is None:
        raise PermissionDenied(_("You cannot record actions of this region."))
    action = services.action_create(
        actor=request.user,
        lead_region=region,
        **_relations(payload),
        **_fields(payload, only_sent=False),
    )
    return Status(201, selectors.action_detail(action))


@router.patch(
    "/actions/{action_id}",
    auth=django_auth,
    response={200: ActionDetailOut, **errors(400, 401, 403, 404)},
    summary="Change an action of your region",
)
def action_update(request, action_id: int, payload: ActionPatch):
    action = permissions.access_action_for_edit(request.user, action_id)
    relations = _relations(payload)
    sent = payload.model_fields_set
    action = services.action_update(
        actor=request.user,
        action=action,
        partners=relations["partners"] if "partners" in sent else None,
        milestones=relations["milestones"] if "milestones" in sent else None,
        **_fields(payload, only_sent=True),
    )
    return selectors.action_detail(action)


# --- The catalogue ---------------------------------------------------------------------------


@router.get("/indicators", response=list[IndicatorOut], summary="The indicator catalogue")
def indicator_list(request):
    return list(selectors.indicators())


@router.get("/periods", response=list[PeriodOut], summary="Reporting periods")
def period_list(request):
    return list(selectors.periods())


# --- Reports ---------------------------------------------------------------------------------


@router.get(
    "/report-values", response={200: list[ValueOut], **errors(400)}, summary="Report values"
)
@paginate(Pagination)
def value_list(request, filters: Query[ValueFilters]):
    """Approved values for everyone; your own region's and, for national staff, every
    region's values in any state."""
    user = request.user
    values = ReportValue.objects.select_related("report__region", "indicator")
    if not permissions.can_see_all_states(user):
        own = user.region_id if is_member(user) else None
        values = values.filter(Q(report__state=ReportState.APPROVED) | Q(report__region_id=own))
    if filters.period:
        values = values.filter(report__period_id=filters.period)
    if filters.region:
        values = values.filter(report__region__slug=filters.region)
    if filters.indicator:
        values = values.filter(indicator__code=filters.indicator)
    return values.order_by(
        "report__period__start", "report__region__teryt", "indicator__position", "pk"
    )


def _report(request, period_id: int, region_slug: str) -> tuple[Period, Region, Report | None]:
    period = get_object_or_404(Period, pk=period_id)
    region = get_object_or_404(Region, slug=region_slug)
    report = (
        Report.objects.select_related("region", "period")
        .filter(region=region, period=period)
        .first()
    )
    state = report.state if report else None
    if not permissions.can_see_report_in_state(request.user, region, state):
        raise Http404
    return period, region, report


@router.get(
    "/reports/{period_id}/{region_slug}",
    response={200: ReportOut, **errors(400, 404)},
    summary="A region's report for a period",
)
def report_detail(request, period_id: int, region_slug: str):
    _period, _region, report = _report(request, period_id, region_slug)
    if report is None:
        raise Http404
    return report


@router.put(
    "/reports/{period_id}/{region_slug}/values",
    auth=django_auth,
    response={
        200: ReportOut,
        400: ErrorOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        409: ErrorOut,
    },
    summary="Save values of your region's report",
)
def report_save(request, period_id: int, region_slug: str, payload: ValuesIn):
    period, region, report = _report(request, period_id, region_slug)
    if not permissions.can_record(request.user, region):
        raise PermissionDenied(_("You cannot report for this region."))
    report = report or services.report_start(actor=request.user, region=region, period=period)
    entries = {code: entry.dict(exclude_unset=True) for code, entry in payload.values.items()}
    services.report_save(actor=request.user, report=report, entries=entries)
    return report


@router.post(
    "/reports/{period_id}/{region_slug}/submit",
    auth=django_auth,
    response={
        200: ReportOut,
        400: ErrorOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        409: ErrorOut,
    },
    summary="Submit your region's report",
)
def report_submit(request, period_id: int, region_slug: str):
    period, region, report = _report(request, period_id, region_slug)
    if not permissions.can_record(request.user, region):
        raise PermissionDenied(_("You cannot report for this region."))
    report = report or services.report_start(actor=request.user, region=region, period=period)
    return services.report_submit(actor=request.user, report=report)


def _to_review(request, period_id, region_slug) -> Report:
    _period, _region, report = _report(request, period_id, region_slug)
    if report is None:
        raise Http404
    return report


@router.post(
    "/reports/{period_id}/{region_slug}/approve",
    auth=django_auth,
    response={200: ReportOut, **errors(400, 401, 403, 404, 409)},
    summary="Approve a submitted report (national staff)",
)
def report_approve(request, period_id: int, region_slug: str):
    report = _to_review(request, period_id, region_slug)
    return services.report_approve(actor=request.user, report=report)


@router.post(
    "/reports/{period_id}/{region_slug}/return",
    auth=django_auth,
    response={
        200: ReportOut,
        400: ErrorOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        409: ErrorOut,
    },
    summary="Return a submitted report for correction (national staff)",
)
def report_return(request, period_id: int, region_slug: str, payload: ReturnIn):
    report = _to_review(request, period_id, region_slug)
    return services.report_return(actor=request.user, report=report, reasons=payload.reasons)
