"""Pages of the actions register, the reports, the national dashboard and the exports. Thin:
permissions decide, services write, selectors read."""

import csv

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cms.selectors import regions_for_facets
from monitoring import metrics, permissions, selectors, services, spreadsheets
from monitoring.choices import Dataset, FlowKind, GridState, JobStatus, ReportState
from monitoring.forms import (
    PAGE_SIZE,
    ActionFilterForm,
    ActionForm,
    ExportForm,
    ImportForm,
    MilestoneFormSet,
    PartnerFormSet,
    ReopenForm,
    ReportForm,
    ReviewForm,
)
from monitoring.models import ExportFile, ImportFile, Indicator, Period
from network.models import Region
from network.permissions import is_member

# --- The actions register --------------------------------------------------------------------


def action_list(request):
    regions = regions_for_facets()
    form = ActionFilterForm(request.GET or None, regions=regions)
    values, ignored = form.valid_filters() if request.GET else ({}, [])
    filters = selectors.ActionFilters(
        region=values.get("region"),
        kind=values.get("kind"),
        status=values.get("status"),
        year=values.get("year"),
        kpo_task=values.get("kpo_task"),
        q=values.get("q", ""),
    )
    facets = selectors.action_facets(request.user, filters, regions=regions)
    actions = selectors.with_cards(
        selectors.actions_filtered(request.user, filters).order_by("-planned_start", "-pk")
    )
    paginator = Paginator(actions, PAGE_SIZE)
    paginator.count = facets.total  # the facets counted them: no COUNT query
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return TemplateResponse(
        request,
        "monitoring/action_list.html",
        {
            "filters": filters,
            "facets": facets,
            "ignored_filters": ignored,
            "results": page,
            "query": query.urlencode(),
            "recording_region": permissions.recording_region(request.user),
            "can_export": permissions.can_export(request.user),
        },
    )


def action_detail(request, pk):
    action = selectors.action_detail(permissions.access_action(request.user, pk))
    return TemplateResponse(
        request,
        "monitoring/action_detail.html",
        {"action": action, "can_edit": permissions.can_edit_action(request.user, action)},
    )


def _partners(formset) -> list[services.Partner]:
    return [
        services.Partner(form.cleaned_data["region"], form.cleaned_data.get("contribution", ""))
        for form in formset
        if form.cleaned_data.get("region") and not form.cleaned_data.get("DELETE")
    ]


def _milestones(formset) -> list[services.MilestoneData]:
    return [
        services.MilestoneData(
            form.cleaned_data["date"], form.cleaned_data["title"], form.cleaned_data["done"]
        )
        for form in formset
        if form.cleaned_data.get("title")
    ]


def _action_form_page(request, *, action=None):
    region = action.lead_region if action else permissions.recording_region(request.user)
    if region is None:
        raise Http404
    data = request.POST if request.method == "POST" else None
    form = ActionForm(data, instance=action, region=region)
    partner_initial = milestone_initial = None
    if action is not None:
        partner_initial = [
            {"region": p.region, "contribution": p.contribution}
            for p in action.partners.select_related("region")
        ]
        milestone_initial = [
            {"date": m.date, "title": m.title, "done": m.done} for m in action.milestones.all()
        ]
    partners = PartnerFormSet(data, prefix="partners", initial=partner_initial)
    milestones = MilestoneFormSet(data, prefix="milestones", initial=milestone_initial)
    if data is not None and form.is_valid() and partners.is_valid() and milestones.is_valid():
        relations = {
            "partners": _partners(partners),
            "milestones": _milestones(milestones),
            "target_groups": form.cleaned_data["target_groups"],
            "practices": form.cleaned_data["practices"],
            "events": form.cleaned_data["events"],
        }
        try:
            if action is None:
                action = services.action_create(
                    actor=request.user, lead_region=region, **relations, **form.service_fields()
                )
                messages.success(request, _("The action has been recorded."))
            else:
                action = services.action_update(
                    actor=request.user, action=action, **relations, **form.service_fields()
                )
                messages.success(request, _("The action has been saved."))
            return redirect(action)
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                target = field if field in form.fields else None
                for problem in problems:
                    form.add_error(target, problem)
    return TemplateResponse(
        request,
        "monitoring/action_form.html",
        {
            "form": form,
            "partners": partners,
            "milestones": milestones,
            "action": action,
            "region": region,
        },
    )


@login_required
def action_create(request):
    return _action_form_page(request)


@login_required
def action_edit(request, pk):
    return _action_form_page(request, action=permissions.access_action_for_edit(request.user, pk))


@login_required
def recorders(request):
    """The coordinator chooses which members of the region may record actions and reports."""
    if not permissions.can_manage_recorders(request.user):
        raise Http404
    region = request.user.region
    if request.method == "POST":
        member = get_object_or_404(
            selectors.region_members_for_recording(region), pk=_int(request.POST.get("member"))
        )
        services.recorder_set(
            actor=request.user, member=member, allowed=request.POST.get("allowed") == "1"
        )
        messages.success(request, _("The list of recorders has been saved."))
        return redirect("monitoring:recorders")
    members = selectors.region_members_for_recording(region)
    return TemplateResponse(
        request, "monitoring/recorders.html", {"region": region, "members": members}
    )


def _int(value) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**31 else None


# --- Reports ---------------------------------------------------------------------------------


@login_required
def report_list(request):
    if not is_member(request.user):
        raise Http404
    periods = list(selectors.periods().order_by("-start"))
    national = permissions.can_manage_periods(request.user)
    region = None if national else request.user.region
    reports = {(r.region_id, r.period_id): r for r in selectors.reports_for_user(request.user)}
    rows = []
    for period in periods:
        if national:
            states = [r.state for (_region, pid), r in reports.items() if pid == period.pk]
            waiting = [
                r
                for (_region, pid), r in reports.items()
                if pid == period.pk and r.state == ReportState.SUBMITTED
            ]
            rows.append({"period": period, "states": states, "waiting": waiting})
        else:
            report = reports.get((region.pk, period.pk)) if region else None
            rows.append({"period": period, "report": report})
    return TemplateResponse(
        request,
        "monitoring/report_list.html",
        {
            "rows": rows,
            "national": national,
            "region": region,
            "reopen_form": ReopenForm(),
            "can_manage_recorders": permissions.can_manage_recorders(request.user),
        },
    )


def _report_target(period_id, region_slug) -> tuple[Period, Region]:
    region = selectors.region_by_slug(region_slug)
    if region is None:
        raise Http404
    return get_object_or_404(Period, pk=period_id), region


def _visible_page(user, period, region) -> selectors.ReportPage:
    page = selectors.report_page(region, period)
    state = page.report.state if page.report else None
    if not permissions.can_see_report_in_state(user, region, state):
        raise Http404
    return page


def report_detail(request, period, region):
    period, region = _report_target(period, region)
    page = _visible_page(request.user, period, region)
    report = page.report
    can_fill = (
        permissions.can_fill_report(request.user, report)
        if report
        else permissions.can_start_report(request.user, region, period)
    )
    form = ReportForm(rows=page.rows) if can_fill else None
    if request.method == "POST":
        if not can_fill:
            return _refused(request, page, _("The report cannot be changed now."))
        form = ReportForm(request.POST, request.FILES, rows=page.rows)
        if form.is_valid():
            try:
                report = report or services.report_start(
                    actor=request.user, region=region, period=period
                )
                services.report_save(
                    actor=request.user,
                    report=report,
                    entries=form.entries(),
                    evidence=form.evidence(),
                )
                if "submit" in request.POST:
                    services.report_submit(actor=request.user, report=report)
                    messages.success(request, _("The report has been submitted to FRSE."))
                else:
                    messages.success(request, _("The report has been saved."))
                return redirect(report.get_absolute_url())
            except ValidationError as error:
                _form_errors(form, error, prefix="value-")
        messages.error(request, _("Nothing has been saved: correct the marked values."))
    return _report_response(request, page, form=form, can_fill=can_fill)


def _form_errors(form, error: ValidationError, *, prefix: str) -> None:
    for code, problems in error.message_dict.items():
        field = f"{prefix}{code}"
        for problem in problems:
            form.add_error(field if field in form.fields else None, problem)


def _refused(request, page, message):
    messages.error(request, message)
    return _report_response(request, page, form=None, can_fill=False, status=409)


def _report_response(request, page, *, form, can_fill, review=None, status=200):
    user = request.user
    report = page.report
    can_review = report is not None and permissions.can_review_report(user, report)
    if can_review and review is None:
        review = ReviewForm(rows=page.rows)
    return TemplateResponse(
        request,
        "monitoring/report_detail.html",
        {
            "page": page,
            "report": report,
            "form": form,
            "can_fill": can_fill,
            "review": review,
            "can_review": can_review,
            "show_evidence": is_member(user),
            "grid_state": GridState(page.state).label,
        },
        status=status,
    )


@require_POST
def report_review(request, period, region):
    period, region = _report_target(period, region)
    page = _visible_page(request.user, period, region)
    if page.report is None or not permissions.can_manage_periods(request.user):
        raise Http404
    if not permissions.can_review_report(request.user, page.report):
        return _refused(
            request,
            page,
            _("Only a submitted report of an open period can be approved or returned."),
        )
    review = ReviewForm(request.POST, rows=page.rows)
    if review.is_valid():
        try:
            if "approve" in request.POST:
                services.report_approve(actor=request.user, report=page.report)
                messages.success(request, _("The report has been approved."))
            else:
                services.report_return(
                    actor=request.user, report=page.report, reasons=review.reasons()
                )
                messages.success(request, _("The report has been returned for correction."))
            return redirect(page.report.get_absolute_url())
        except ValidationError as error:
            _form_errors(review, error, prefix="reason-")
    return _report_response(request, page, form=None, can_fill=False, review=review, status=400)


def report_records(request, period, region, code):
    """The events or practices behind a computed value."""
    period, region = _report_target(period, region)
    page = _visible_page(request.user, period, region)
    indicator = get_object_or_404(Indicator, code=code, metric__gt="")
    found = metrics.records(
        indicator.metric, region.pk, selectors.span_of(period), kind=indicator.event_kind
    )
    found = found.order_by("-pk")[:500]
    return TemplateResponse(
        request,
        "monitoring/report_records.html",
        {
            "page": page,
            "indicator": indicator,
            "records": found,
            "period": period,
            "region": region,
        },
    )


def evidence_download(request, pk):
    evidence = permissions.access_evidence(request.user, pk)
    return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.name)


@login_required
@require_POST
def period_lock(request, pk):
    if not permissions.can_manage_periods(request.user):
        raise Http404
    period = get_object_or_404(Period, pk=pk)
    services.period_lock(actor=request.user, period=period)
    messages.success(request, _("The period %(name)s is locked.") % {"name": period.name})
    return redirect("monitoring:report_list")


@login_required
@require_POST
def period_reopen(request, pk):
    if not permissions.can_manage_periods(request.user):
        raise Http404
    period = get_object_or_404(Period, pk=pk)
    form = ReopenForm(request.POST)
    if form.is_valid():
        services.period_reopen(
            actor=request.user, period=period, reason=form.cleaned_data["reason"]
        )
        messages.success(request, _("The period %(name)s is open again.") % {"name": period.name})
    else:
        messages.error(request, _("Write why the period is reopened."))
    return redirect("monitoring:report_list")


# --- The national dashboard ------------------------------------------------------------------


def dashboard(request):
    regions = regions_for_facets()
    periods = list(selectors.periods())
    catalogue = list(selectors.indicators())
    today = timezone.localdate()
    years = sorted({p.start.year for p in periods}, reverse=True) or [today.year]
    year = _int(request.GET.get("rok"))
    year = year if year in years else (today.year if today.year in years else years[0])
    period = None
    if periods:
        chosen_id = _int(request.GET.get("okres"))
        closed = [p for p in periods if p.end < today] or periods
        period = next((p for p in periods if p.pk == chosen_id), closed[-1])
    code = request.GET.get("wskaznik")
    numeric = [i for i in catalogue if not i.is_text]
    indicator = next((i for i in numeric if i.code == code), numeric[0] if numeric else None)
    flow_kind = request.GET.get("przeplyw")
    flow_kind = flow_kind if flow_kind in FlowKind.values else FlowKind.VISITS
    flow_year = _int(request.GET.get("rok_przeplywu")) or year
    flow_year = flow_year if 2000 <= flow_year <= 2100 else today.year

    progress = selectors.progress(regions, period, catalogue) if period else []
    if code is None and progress:
        # Without a choice, the first indicator with figures to show.
        shown = next((p for p in progress if p.total and not p.indicator.is_text), None)
        indicator = shown.indicator if shown else indicator
    chosen = next((p for p in progress if p.indicator == indicator), None)
    span = metrics.Span.year(flow_year)
    flows = (
        metrics.visit_flows(span)
        if flow_kind == FlowKind.VISITS
        else metrics.inspiration_flows(span)
    )
    matrix = selectors.flow_matrix(regions, flows)
    grid = None
    if permissions.can_see_reporting_grid(request.user):
        grid = selectors.reporting_grid(
            regions, [p for p in periods if p.start.year == year], viewer=request.user, today=today
        )
    return TemplateResponse(
        request,
        "monitoring/dashboard.html",
        {
            "regions": regions,
            "periods": periods,
            "period": period,
            "years": years,
            "year": year,
            "grid": grid,
            "grid_periods": [p for p in periods if p.start.year == year],
            "grid_states": GridState,
            "progress": progress,
            "indicators": numeric,
            "indicator": indicator,
            "chosen": chosen,
            "flow_kind": flow_kind,
            "flow_kinds": FlowKind,
            "flow_year": flow_year,
            "flow_years": list(range(today.year, today.year - 6, -1)),
            "matrix": list(zip(regions, matrix, strict=True)),
            "flow_total": sum(flows.values()),
            "top_flows": _top_flows(regions, flows),
            "chart_data": _chart_data(regions, chosen, matrix),
        },
    )


def _top_flows(regions, flows, limit=3):
    by_id = {r.pk: r for r in regions}
    ordered = sorted(flows.items(), key=lambda item: (-item[1], item[0]))
    return [(by_id[s], by_id[t], n) for (s, t), n in ordered[:limit] if s in by_id and t in by_id]


def _number(value):
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _chart_data(regions, chosen, matrix) -> dict:
    return {
        "regions": [
            {"teryt": r.teryt, "name": r.name, "url": r.get_absolute_url()} for r in regions
        ],
        "values": [_number(value) for _region, value, _target in chosen.by_region]
        if chosen
        else [],
        "targets": [_number(target) for _region, _value, target in chosen.by_region]
        if chosen
        else [],
        "matrix": matrix,
    }


# --- Exports and imports ---------------------------------------------------------------------


@login_required
def exports(request):
    if not permissions.can_export(request.user):
        raise Http404
    if request.method == "POST":
        form = ExportForm(request.POST)
        if form.is_valid():
            services.export_request(
                actor=request.user,
                dataset=form.cleaned_data["dataset"],
                fmt=form.cleaned_data["format"],
                filters=form.filters(),
            )
            messages.success(
                request, _("The export is being prepared. It will appear below when ready.")
            )
            return redirect("monitoring:exports")
        messages.error(request, _("Choose the data and the format of the export."))
    now = timezone.now()
    return TemplateResponse(
        request,
        "monitoring/exports.html",
        {
            "exports": ExportFile.objects.filter(owner=request.user, expires_at__gt=now)[:50],
            "imports": ImportFile.objects.filter(owner=request.user)[:20],
            "form": ExportForm(initial={"dataset": Dataset.ACTIONS}),
            "can_import": permissions.can_import(request.user),
            "days": settings.MONITORING_EXPORT_DAYS,
        },
    )


@login_required
def export_download(request, pk):
    export = permissions.access_export(request.user, pk)
    if export.is_expired() or export.status != JobStatus.DONE or not export.file:
        messages.error(request, _("This download link has expired or the file is not ready."))
        return redirect("monitoring:exports")
    name = export.file.name.rsplit("/", 1)[-1]
    response = FileResponse(export.file.open("rb"), as_attachment=True, filename=name)
    response["Content-Type"] = spreadsheets.CONTENT_TYPES[export.format]
    return response


@login_required
def import_upload(request):
    if not permissions.can_import(request.user):
        raise Http404
    form = ImportForm()
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            services.import_request(
                actor=request.user,
                upload=form.cleaned_data["file"],
                valid_rows_only=form.cleaned_data["valid_rows_only"],
                dataset=form.cleaned_data["dataset"],
            )
            messages.success(request, _("The file is being imported. The outcome appears below."))
            return redirect("monitoring:exports")
    return TemplateResponse(
        request, "monitoring/import.html", {"form": form}, status=400 if form.errors else 200
    )


@login_required
def import_errors(request, pk):
    """The per-row error report of an import, as CSV."""
    job = permissions.access_import(request.user, pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="bledy-importu-{job.pk}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=spreadsheets.CSV_DELIMITER)
    writer.writerow([_("Row"), _("Column"), _("What is wrong")])
    for error in job.errors:
        writer.writerow(
            [
                error["row"],
                spreadsheets.neutralise(error["column"]),
                spreadsheets.neutralise(error["message"]),
            ]
        )
    return response
