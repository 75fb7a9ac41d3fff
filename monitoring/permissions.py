"""Every rule of who may see or do what in monitoring: the actions register, reports, the
catalogue, exports and imports. Views, the API, services and tasks ask these.

A refused lookup is a plain 404, the same as for something that does not exist."""

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from monitoring.choices import ReportState
from monitoring.models import Action, Evidence, ExportFile, ImportFile, Period, Recorder, Report
from network.choices import Role
from network.models import Region
from network.permissions import (
    is_member,
    is_national_staff,
    is_region_coordinator,
)

# --- Recording: actions and reports of one's own region -------------------------------------


def can_record(user, region: Region | int | None) -> bool:
    """The region's coordinator, and members the coordinator allows (``Recorder``)."""
    region_id = getattr(region, "pk", region)
    if region_id is None or not is_member(user) or user.region_id != region_id:
        return False
    if user.role == Role.COORDINATOR:
        return True
    return Recorder.objects.filter(user=user, region_id=region_id).exists()


def can_manage_recorders(user) -> bool:
    return is_member(user) and is_region_coordinator(user, user.region_id)


def recording_region(user) -> Region | None:
    """The region ``user`` records for, if any."""
    if can_record(user, user.region_id if is_member(user) else None):
        return user.region
    return None


# --- Actions ---------------------------------------------------------------------------------


def visible_actions_filter(user) -> Q:
    """Public actions for everyone; members-only ones for members and national staff."""
    return Q() if is_member(user) else Q(is_public=True)


def can_see_action(user, action: Action) -> bool:
    return action.is_public or is_member(user)


def can_edit_action(user, action: Action) -> bool:
    """The lead region's coordinator and recorders."""
    return can_record(user, action.lead_region_id)


def access_action(user, pk) -> Action:
    action = get_object_or_404(Action.objects.select_related("lead_region"), pk=pk)
    if not can_see_action(user, action):
        raise Http404
    return action


def access_action_for_edit(user, pk) -> Action:
    action = access_action(user, pk)
    if not can_edit_action(user, action):
        raise Http404
    return action


# --- Reports ---------------------------------------------------------------------------------


def can_see_report_in_state(user, region: Region | int, state: str | None) -> bool:
    """A region's report page, by its report's state (None: not started yet). Approved
    reports: anyone (public funds). Otherwise the region's own members and national staff.

    Takes the state rather than the report so that a listing (the dashboard's grid) can ask
    for every cell from one query."""
    return state == ReportState.APPROVED or can_see_all_states(user, region)


def can_see_report(user, report: Report) -> bool:
    return can_see_report_in_state(user, report.region_id, report.state)


def can_see_all_states(user, region: Region | int | None = None) -> bool:
    """Sees reports in any state: national staff everywhere, members in their own region."""
    if is_national_staff(user):
        return True
    region_id = getattr(region, "pk", region)
    return region_id is not None and is_member(user) and user.region_id == region_id


def can_see_reporting_grid(user) -> bool:
    """The dashboard's who-has-reported grid: members and national staff."""
    return is_member(user)


def can_fill_report(user, report: Report) -> bool:
    """The region's recorders, while the report is a draft or returned and the period open."""
    return (
        can_record(user, report.region_id)
        and report.state in (ReportState.DRAFT, ReportState.RETURNED)
        and not report.period.is_locked
    )


def can_start_report(user, region: Region, period: Period) -> bool:
    return can_record(user, region) and not period.is_locked


def can_review_report(user, report: Report) -> bool:
    """National staff approve or return a submitted report of an open period."""
    return (
        is_national_staff(user)
        and report.state == ReportState.SUBMITTED
        and not report.period.is_locked
    )


def can_manage_periods(user) -> bool:
    """Lock and reopen periods: national staff."""
    return is_national_staff(user)


def can_see_evidence(user, evidence: Evidence) -> bool:
    """Evidence files are for members (and national staff) who may see the report."""
    return is_member(user) and can_see_report(user, evidence.value.report)


def access_evidence(user, pk) -> Evidence:
    evidence = get_object_or_404(Evidence.objects.select_related("value__report__period"), pk=pk)
    if not can_see_evidence(user, evidence):
        raise Http404
    return evidence


# --- Exports and imports ---------------------------------------------------------------------


def can_export(user) -> bool:
    return is_member(user)


def can_import(user) -> bool:
    return recording_region(user) is not None


def access_export(user, pk) -> ExportFile:
    """Only its owner downloads an export."""
    if not is_member(user):
        raise Http404
    return get_object_or_404(ExportFile, pk=pk, owner=user)


def access_import(user, pk) -> ImportFile:
    if not is_member(user):
        raise Http404
    return get_object_or_404(ImportFile, pk=pk, owner=user)
