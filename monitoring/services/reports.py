"""A region's report and its states, as one state machine:

    draft → submitted → returned (a reason on each value it concerns) → submitted → approved

The region's coordinator and recorders fill and submit; national staff return or approve; a
locked period refuses every change until national staff reopen it. Every change to a value or
a state is recorded by django-simple-history with who made it (``_history_user``) and, for
returns, locks and reopenings, the reason."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from monitoring import metrics, notifications, permissions, selectors
from monitoring.choices import Measure, ReportState
from monitoring.models import Evidence, Indicator, Period, Report, ReportValue
from monitoring.notifications import Change
from network.models import Region, User

MAX_NUMBER = Decimal("999999999999.99")
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
EVIDENCE_EXTENSIONS = ("pdf", "docx", "xlsx", "odt", "ods", "jpg", "jpeg", "png", "csv", "txt")


# --- Values ----------------------------------------------------------------------------------


def clean_value(indicator: Indicator, raw) -> tuple[Decimal | None, str]:
    """(number, text) from what someone typed or sent, or a ValidationError in words they
    understand: a text for text indicators; otherwise a number, whole and not negative for
    counts, from 0 to 100 for percentages. Empty is allowed (until submission)."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None, ""
    if indicator.measure == Measure.TEXT:
        return None, str(raw).strip()
    if isinstance(raw, bool):
        raise ValidationError(_("Give a number."), code="invalid")
    try:
        text = str(raw).strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
        number = Decimal(text)
    except (InvalidOperation, ValueError):
        raise ValidationError(_("Give a number, e.g. 12 or 12,5."), code="invalid") from None
    if not number.is_finite():
        raise ValidationError(_("Give a number, e.g. 12 or 12,5."), code="invalid")
    if number < 0:
        raise ValidationError(_("The value cannot be negative."), code="min_value")
    if indicator.measure == Measure.PERCENTAGE and number > 100:
        raise ValidationError(_("A percentage is from 0 to 100."), code="max_value")
    if indicator.measure == Measure.COUNT and number != number.to_integral_value():
        raise ValidationError(_("A count is a whole number."), code="invalid")
    if number > MAX_NUMBER:
        raise ValidationError(_("This number is too large."), code="max_value")
    if number.as_tuple().exponent < -2:
        raise ValidationError(_("Give at most two decimal places."), code="invalid")
    return number, ""


def clean_evidence(upload) -> None:
    name = (upload.name or "").lower()
    if upload.size > EVIDENCE_MAX_BYTES:
        raise ValidationError(_("The file is larger than 10 MB."), code="too_large")
    if "." not in name or name.rsplit(".", 1)[1] not in EVIDENCE_EXTENSIONS:
        raise ValidationError(
            _("Allowed files: %(extensions)s.") % {"extensions": ", ".join(EVIDENCE_EXTENSIONS)},
            code="extension",
        )


# --- Starting and filling --------------------------------------------------------------------


@transaction.atomic
def report_start(*, actor: User, region: Region, period: Period) -> Report:
    """The region's report for the period, created as a draft with a row per indicator."""
    if period.is_locked:
        raise ValidationError(_("The period is locked: its reports cannot change."))
    if not permissions.can_start_report(actor, region, period):
        raise PermissionDenied(_("You cannot report for this region."))
    report = Report.objects.filter(region=region, period=period).first()
    if report is None:
        report = Report(region=region, period=period)
        report._history_user = actor
        report.save()
    _ensure_rows(report)
    return report


def _ensure_rows(report: Report) -> None:
    """A row for every active indicator (one added to the catalogue later gets one too)."""
    present = set(report.values.values_list("indicator_id", flat=True))
    for indicator in selectors.indicators().exclude(pk__in=present):
        ReportValue.objects.create(report=report, indicator=indicator)


def _locked_for_filling(actor: User, report: Report) -> Report:
    """The report, row-locked, if ``actor`` may still fill it; otherwise a clear refusal."""
    report = Report.objects.select_for_update().select_related("period", "region").get(pk=report.pk)
    if report.period.is_locked:
        raise ValidationError(_("The period is locked: its reports cannot change."))
    if not permissions.can_record(actor, report.region_id):
        raise PermissionDenied(_("You cannot report for this region."))
    if report.state not in (ReportState.DRAFT, ReportState.RETURNED):
        raise ValidationError(
            _("The report is %(state)s: it cannot change now.")
            % {"state": ReportState(report.state).label.lower()}
        )
    return report


@transaction.atomic
def report_save(
    *,
    actor: User,
    report: Report,
    entries: dict[str, dict],
    evidence: dict[str, object] | None = None,
) -> Report:
    """Save values: ``entries`` maps an indicator's code to ``{"value": …, "note": …}``
    (either may be missing). Computed indicators are not typed in. Only what changed is
    written, so the history holds real changes. Field errors name the indicator's code."""
    report = _locked_for_filling(actor, report)
    _ensure_rows(report)
    rows = {
        value.indicator.code: value
        for value in report.values.select_related("indicator").select_for_update(of=("self",))
    }
    errors, changed = {}, []
    for code, entry in entries.items():
        value = rows.get(code)
        if value is None:
            errors[code] = [_("There is no such indicator in this report.")]
            continue
        if value.indicator.is_computed:
            if "value" in entry and entry["value"] not in (None, ""):
                errors[code] = [_("This value is computed by the platform.")]
            continue
        before = (value.number, value.text, value.note)
        if "value" in entry:
            try:
                value.number, value.text = clean_value(value.indicator, entry["value"])
            except ValidationError as error:
                errors[code] = error.messages
                continue
        if "note" in entry:
            value.note = str(entry["note"] or "").strip()
        if (value.number, value.text, value.note) != before:
            changed.append(value)
    for code, upload in (evidence or {}).items():
        try:
            clean_evidence(upload)
        except ValidationError as error:
            errors[code] = error.messages
    if errors:
        raise ValidationError(errors)
    for value in changed:
        value._history_user = actor
        value.save()
    for code, upload in (evidence or {}).items():
        Evidence.objects.create(
            value=rows[code], file=upload, name=upload.name[:200], uploaded_by=actor
        )
    return report


# --- States ----------------------------------------------------------------------------------


@transaction.atomic
def report_submit(*, actor: User, report: Report) -> Report:
    """Submit for review: every value given; computed values are kept as counted now; the
    reasons of a previous return are cleared (the history keeps them). National staff are
    told."""
    report = _locked_for_filling(actor, report)
    _ensure_rows(report)
    values = list(report.values.select_related("indicator").select_for_update(of=("self",)))
    counts = metrics.metric_counts(
        selectors.span_of(report.period), [value.indicator for value in values]
    )
    missing = {}
    for value in values:
        if value.indicator.is_computed:
            value.number = Decimal(counts[value.indicator_id].get(report.region_id, 0))
        elif value.is_empty:
            missing[value.indicator.code] = [_("Give a value before submitting.")]
    if missing:
        raise ValidationError(missing)
    for value in values:
        stored = ReportValue.objects.get(pk=value.pk)
        if (stored.number, stored.return_reason) != (value.number, ""):
            value.return_reason = ""
            value._history_user = actor
            value.save()
    _change_state(report, ReportState.SUBMITTED, actor=actor, submitted_at=timezone.now())
    notifications.notify(
        change=Change.SUBMITTED,
        region=report.region,
        period=report.period,
        recipients=notifications.national_staff(),
    )
    return report


def _for_review(actor: User, report: Report) -> Report:
    report = Report.objects.select_for_update().select_related("period", "region").get(pk=report.pk)
    if report.period.is_locked:
        raise ValidationError(_("The period is locked: its reports cannot change."))
    if not permissions.can_review_report(actor, report):
        if report.state != ReportState.SUBMITTED and permissions.can_manage_periods(actor):
            raise ValidationError(_("Only a submitted report can be approved or returned."))
        raise PermissionDenied(_("Only national staff approve or return reports."))
    return report


@transaction.atomic
def report_return(*, actor: User, report: Report, reasons: dict[str, str]) -> Report:
    """Return for correction: ``reasons`` maps indicator codes to the reason, shown on that
    value; at least one is required. The region is told."""
    report = _for_review(actor, report)
    reasons = {code: (text or "").strip() for code, text in reasons.items()}
    reasons = {code: text for code, text in reasons.items() if text}
    if not reasons:
        raise ValidationError(
            {"__all__": [_("Write the reason for returning on at least one value.")]}
        )
    values = {v.indicator.code: v for v in report.values.select_related("indicator")}
    unknown = sorted(set(reasons) - set(values))
    if unknown:
        raise ValidationError(
            {code: [_("There is no such indicator in this report.")] for code in unknown}
        )
    for code, text in reasons.items():
        value = values[code]
        value.return_reason = text
        value._history_user = actor
        value.save()
    _change_state(report, ReportState.RETURNED, actor=actor, decided_at=timezone.now())
    notifications.notify(
        change=Change.RETURNED,
        region=report.region,
        period=report.period,
        recipients=notifications.region_recorders(report.region_id),
    )
    return report


@transaction.atomic
def report_approve(*, actor: User, report: Report) -> Report:
    report = _for_review(actor, report)
    _change_state(report, ReportState.APPROVED, actor=actor, decided_at=timezone.now())
    notifications.notify(
        change=Change.APPROVED,
        region=report.region,
        period=report.period,
        recipients=notifications.region_recorders(report.region_id),
    )
    return report


def _change_state(report: Report, state: str, *, actor: User, reason: str = "", **fields):
    report.state = state
    for name, value in fields.items():
        setattr(report, name, value)
    report._history_user = actor
    report._change_reason = reason
    report.save()


# --- Periods ---------------------------------------------------------------------------------


@transaction.atomic
def period_lock(*, actor: User, period: Period) -> Period:
    if not permissions.can_manage_periods(actor):
        raise PermissionDenied(_("Only national staff lock periods."))
    period = Period.objects.select_for_update().get(pk=period.pk)
    if not period.is_locked:
        period.locked_at = timezone.now()
        period._history_user = actor
        period.save()
    return period


@transaction.atomic
def period_reopen(*, actor: User, period: Period, reason: str) -> Period:
    """Reopen a locked period; the reason is required and kept in the period's history."""
    if not permissions.can_manage_periods(actor):
        raise PermissionDenied(_("Only national staff reopen periods."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Write why the period is reopened.")]})
    period = Period.objects.select_for_update().get(pk=period.pk)
    if period.is_locked:
        period.locked_at = None
        period._history_user = actor
        period._change_reason = reason[:100]
        period.save()
    return period


# --- Importing values ------------------------------------------------------------------------


@transaction.atomic
def values_import(*, actor: User, parsed, rows, valid_rows_only: bool) -> int:
    """Write the checked rows of a report-values file (``imports.parse_values``): each row is
    a value of a report ``actor`` may fill (the region's recorder, the period open, the report
    a draft or returned) of an entered indicator, checked as typed values are. With any error
    and not ``valid_rows_only``, nothing is written. Returns the number of values written."""
    reports = {}
    groups: dict[tuple, dict] = {}
    for row in rows:
        key = (row.region.pk, row.period.pk)
        if key not in reports:
            reports[key] = Report.objects.filter(region=row.region, period=row.period).first()
        report = reports[key]
        problem = None
        if not permissions.can_record(actor, row.region):
            problem = ("region", _("You cannot report for this region."))
        elif row.period.is_locked:
            problem = ("period", _("The period is locked: its reports cannot change."))
        elif report is not None and report.state not in (ReportState.DRAFT, ReportState.RETURNED):
            problem = (
                "period",
                _("The report is %(state)s: it cannot change now.")
                % {"state": ReportState(report.state).label.lower()},
            )
        elif row.indicator.is_computed:
            problem = ("value", _("This value is computed by the platform."))
        else:
            try:
                clean_value(row.indicator, row.value)
            except ValidationError as error:
                problem = ("value", " ".join(error.messages))
        if problem:
            parsed.error(row.number, *problem)
            continue
        groups.setdefault(key, {})[row.indicator.code] = {"value": row.value, "note": row.note}
    if parsed.errors and not valid_rows_only:
        return 0
    written = 0
    for (region_id, period_id), entries in groups.items():
        row = next(r for r in rows if (r.region.pk, r.period.pk) == (region_id, period_id))
        report = reports[(region_id, period_id)] or report_start(
            actor=actor, region=row.region, period=row.period
        )
        report_save(actor=actor, report=report, entries=entries)
        written += len(entries)
    return written
