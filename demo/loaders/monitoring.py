"""Demo monitoring (``data/monitoring.yaml``): the indicator catalogue, targets, two reporting
periods with reports in every state, and actions for all 16 regions.

Idempotent: indicators are keyed by code, targets by indicator and region, periods by name,
reports by region and period, actions by lead region and ``external_id``; a row is saved only
when it changes, so a second run adds nothing to the reports' history. Dates follow the day it
runs: the previous quarter (approved, locked) and the current one (open). Rows are written
directly, as an import would be: no notices or e-mails go out for demo data."""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from cms.models import Audience
from demo import accounts
from demo.loaders import read
from monitoring.choices import ReportState
from monitoring.metrics import metric_counts
from monitoring.models import (
    Action,
    ActionPartner,
    Indicator,
    Milestone,
    Period,
    Report,
    ReportValue,
    Target,
)
from monitoring.selectors import action_search_document, span_of
from network.models import Region, User

DATA = read("monitoring")
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def quarter(day: date, offset: int = 0) -> tuple[str, date, date]:
    """The quarter ``offset`` quarters from the one holding ``day``: name, first, last day."""
    index = (day.year * 4 + (day.month - 1) // 3) + offset
    year, number = divmod(index, 4)
    start = date(year, number * 3 + 1, 1)
    end = (date(year + (number == 3), (number * 3 + 3) % 12 + 1, 1)) - timedelta(days=1)
    return f"{ROMAN[number + 1]} kwartał {year}", start, end


def seed_monitoring() -> int:
    """Create or update the demo monitoring data; returns the number of demo actions."""
    regions = list(Region.objects.order_by("teryt"))
    indicators = _indicators()
    _targets(indicators, regions)
    today = timezone.localdate()
    moderator = User.objects.get(email=accounts.MODERATOR)
    approved = _period(*quarter(today, -1), locked=True)
    current = _period(*quarter(today))
    counted = {
        period.pk: metric_counts(span_of(period), indicators.values())
        for period in (approved, current)
    }
    for index, region in enumerate(regions):
        recorder = User.objects.get(email=accounts.coordinator_email(region.slug))
        for period, state in (
            (approved, ReportState.APPROVED),
            (current, DATA["open_period_states"].get(region.slug)),
        ):
            if state:
                rows = Rows(region, index, indicators, counted[period.pk])
                _report(period, rows, state, recorder, moderator)
    return _actions(regions)


def _indicators() -> dict[str, Indicator]:
    found = {}
    for position, data in enumerate(DATA["indicators"], start=1):
        fields = {**data, "position": position, "metric": data.get("metric", "")}
        fields.setdefault("event_kind", "")
        code = fields.pop("code")
        found[code], _created = Indicator.objects.update_or_create(code=code, defaults=fields)
    return found


def _targets(indicators, regions) -> None:
    year = timezone.localdate().year
    for code, rule in DATA["targets"].items():
        for index, region in enumerate(regions):
            Target.objects.update_or_create(
                indicator=indicators[code],
                region=region,
                defaults={
                    "baseline_value": Decimal(rule["baseline"]),
                    "baseline_date": date(year - 1, 12, 31),
                    "target_value": Decimal(rule["base"] + rule["step"] * index),
                    "target_date": date(year + 1, 12, 31),
                },
            )


def _period(name: str, start: date, end: date, *, locked: bool = False) -> Period:
    period, _created = Period.objects.get_or_create(
        name=name, defaults={"start": start, "end": end, "due_date": end + timedelta(days=15)}
    )
    if locked and not period.is_locked:
        period.locked_at = timezone.now()
        period.save()
    return period


class Rows:
    """What one region's report holds: its index (TERYT order) and the platform's counts."""

    def __init__(self, region, index, indicators, counts):
        self.region, self.index, self.indicators, self.counts = region, index, indicators, counts


def _report(period, rows: Rows, state, recorder, moderator) -> None:
    region, index, indicators = rows.region, rows.index, rows.indicators
    report = Report.objects.filter(region=region, period=period).first()
    if report is None:
        report = Report(region=region, period=period)
        report._history_user = recorder
        report.save()
    for code, indicator in indicators.items():
        value, _created = ReportValue.objects.get_or_create(report=report, indicator=indicator)
        number, text = None, ""
        if code in DATA["values"]:
            rule = DATA["values"][code]
            number = Decimal(str(rule["base"] + rule["step"] * index)).quantize(Decimal("0.01"))
        elif indicator.is_text:
            text = DATA["result_text"]
        elif indicator.is_computed and state != ReportState.DRAFT:
            number = Decimal(rows.counts[indicator.pk].get(region.pk, 0))
        reason = DATA["returned_reason"].get(code, "") if state == ReportState.RETURNED else ""
        if (value.number, value.text, value.return_reason) != (number, text, reason):
            value.number, value.text, value.return_reason = number, text, reason
            value._history_user = moderator if reason else recorder
            value.save()
    if report.state != state:
        report.state = state
        now = timezone.now()
        report.submitted_at = now if state != ReportState.DRAFT else None
        report.decided_at = now if state in (ReportState.APPROVED, ReportState.RETURNED) else None
        decided = state in (ReportState.APPROVED, ReportState.RETURNED)
        report._history_user = moderator if decided else recorder
        report.save()


def _day(spec: dict) -> date:
    return date(timezone.localdate().year + spec["year"], spec["month"], spec["day"])


def _actions(regions) -> int:
    by_slug = {region.slug: region for region in regions}
    audiences = {audience.key: audience for audience in Audience.objects.all()}
    entries = list(DATA["actions"])
    for slug, (kind, title) in DATA["regional_actions"].items():
        entries.append(
            {
                "external_id": f"{slug.upper()[:12]}-1",
                "lead_region": slug,
                "title": title,
                "kind": kind,
                "kpo_task": 2,
                "status": "in_progress",
                "planned_start": {"year": 0, "month": 4, "day": 1},
                "planned_end": {"year": 0, "month": 12, "day": 15},
                "description": "Działanie regionalnego WZK na rzecz kształcenia zawodowego "
                "i uczenia się przez całe życie.",
                "participants": {"pupils": 300, "adults": 120, "teachers": 40},
                "funding_source": "kpo",
            }
        )
    for entry in entries:
        _action(entry, by_slug, audiences)
    return len(entries)


def _action(entry, by_slug, audiences) -> Action:
    region = by_slug[entry["lead_region"]]
    participants = entry.get("participants", {})
    fields = {
        "title": entry["title"],
        "kind": entry["kind"],
        "kpo_task": entry["kpo_task"],
        "status": entry["status"],
        "description": entry.get("description", ""),
        "planned_start": _day(entry["planned_start"]),
        "planned_end": _day(entry["planned_end"]) if "planned_end" in entry else None,
        "actual_start": _day(entry["actual_start"]) if "actual_start" in entry else None,
        "actual_end": _day(entry["actual_end"]) if "actual_end" in entry else None,
        "budget_planned": entry.get("budget_planned"),
        "budget_spent": entry.get("budget_spent"),
        "funding_source": entry.get("funding_source", ""),
        "created_by": User.objects.get(email=accounts.coordinator_email(region.slug)),
        **{f"participants_{kind}": participants.get(kind, 0) for kind in PARTICIPANT_KINDS},
    }
    action, _created = Action.objects.update_or_create(
        lead_region=region, external_id=entry["external_id"], defaults=fields
    )
    partners = entry.get("partners", [])
    ActionPartner.objects.filter(action=action).exclude(
        region__slug__in=[p["region"] for p in partners]
    ).delete()
    for partner in partners:
        ActionPartner.objects.update_or_create(
            action=action,
            region=by_slug[partner["region"]],
            defaults={"contribution": partner.get("contribution", "")},
        )
    Milestone.objects.filter(action=action).delete()
    Milestone.objects.bulk_create(
        Milestone(action=action, date=_day(m["date"]), title=m["title"], done=m["done"])
        for m in entry.get("milestones", [])
    )
    action.target_groups.set([audiences[key] for key in entry.get("target_groups", [])])
    names = [by_slug[p["region"]].name for p in partners]
    Action.objects.filter(pk=action.pk).update(
        search_document=action_search_document(action, names)
    )
    return action


PARTICIPANT_KINDS = ("pupils", "adults", "teachers", "employers", "institutions")
