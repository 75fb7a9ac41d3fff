"""Pages for the event's room, attendance and visit reports. Permission first (404 for those
who may not see), then a service; what a service refuses comes back as a message."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chat import views as chat_views
from chat.errors import NotFound
from chat.permissions import access_room
from chat.views import RoomPage
from network.views import _add_errors
from visits import permissions, selectors, services
from visits.forms_after import AttendanceRowForm, VisitReportForm
from visits.models import VisitReport, event_room_key

# --- The event's room ------------------------------------------------------------------------


def _room_page(request, pk) -> RoomPage:
    """The event's room as a discussions page: the same page as a network's, other URLs."""
    event = permissions.access_event(request.user, pk)
    try:
        chat_room = access_room(request.user, event_room_key(event.pk))
    except NotFound:
        raise Http404 from None
    return RoomPage(
        room=chat_room,
        title=event.title,
        breadcrumbs=[(event.title, event.get_absolute_url())],
        url=reverse("visits:event_room", args=[event.pk]),
        send_url=reverse("visits:event_room_send", args=[event.pk]),
        read_url=reverse("visits:event_room_read", args=[event.pk]),
        resolve_url=reverse("visits:event_room_resolve", args=[event.pk]),
    )


event_room, event_room_send, event_room_read, event_room_resolve = chat_views.room_views(_room_page)


# --- Attendance ------------------------------------------------------------------------------


@login_required
def event_attendance(request, pk):
    """The host ticks who came and adds rows for people without accounts."""
    event = permissions.access_event_for_management(request.user, pk)
    if not permissions.can_record_attendance(request.user, event):
        messages.error(request, _("Attendance can be recorded once the event has started."))
        return redirect(event)
    row_form = AttendanceRowForm(request.POST if "add_row" in request.POST else None)
    if request.method == "POST":
        try:
            if "add_row" in request.POST:
                if not row_form.is_valid():
                    raise ValidationError(_("Please correct the errors below."))
                services.attendance_add(actor=request.user, event=event, **row_form.cleaned_data)
                messages.success(request, _("The row has been added."))
            elif "remove_row" in request.POST:
                row_id = request.POST["remove_row"]
                services.attendance_remove(
                    actor=request.user,
                    event=event,
                    row_id=int(row_id) if row_id.isdecimal() else 0,
                )
                messages.success(request, _("The row has been removed."))
            else:
                present = [value for value in request.POST.getlist("present") if value.isdecimal()]
                services.attendance_mark(actor=request.user, event=event, present=present)
                messages.success(request, _("The list of those present has been saved."))
        except ValidationError as error:
            if row_form.is_bound:
                _add_errors(row_form, error)
            else:
                messages.error(request, " ".join(error.messages))
        else:
            return redirect("visits:event_attendance", pk=event.pk)
    return render(
        request,
        "visits/event_attendance.html",
        {
            "event": event,
            "expected": selectors.expected_people(event),
            "present": selectors.present_user_ids(event),
            "rows": selectors.count_rows(event),
            "row_form": row_form,
            "totals": selectors.totals(event),
        },
        status=400 if row_form.errors else 200,
    )


# --- Visit reports ---------------------------------------------------------------------------


@login_required
def event_report(request, pk):
    """A guest who came writes (or rewrites) their report."""
    event = permissions.access_event(request.user, pk)
    if not permissions.can_write_report(request.user, event):
        raise Http404
    report = selectors.own_report(request.user, event)
    initial = (
        {"what_we_saw": report.what_we_saw, "what_we_take_home": report.what_we_take_home}
        if report
        else None
    )
    form = VisitReportForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_write(actor=request.user, event=event, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Thank you: your visit report has been saved."))
            return redirect(event)
    return render(
        request,
        "visits/event_report.html",
        {"event": event, "form": form, "report": report},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def event_report_practice(request, pk, report_id):
    """One click: a draft good practice in the host region's section, from the report."""
    event = permissions.access_event(request.user, pk)
    report = get_object_or_404(VisitReport, pk=report_id, event=event)
    if not permissions.can_start_practice(request.user, report):
        raise Http404
    had_draft = report.draft_practice_id is not None
    try:
        practice = services.report_start_practice(actor=request.user, report=report)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(event)
    if had_draft:
        messages.info(
            request, _("A draft good practice had already been started from this report.")
        )
    else:
        messages.success(
            request,
            _("A draft good practice has been started. Complete it and submit it for moderation."),
        )
    return redirect("wagtailadmin_pages:edit", practice.pk)
