"""The event page's parts about guests, the room and what happened after the visit, so the
event page needs one line to show them."""

from django import template

from visits import permissions, selectors

register = template.Library()


@register.inclusion_tag("visits/includes/after_visit.html", takes_context=True)
def event_after_visit(context, event):
    user = context["request"].user
    can_manage = permissions.can_manage_event(user, event)
    started = permissions.has_started(event)
    totals = selectors.totals(event) if started else None
    # The host region sees every report, a guest their own: theirs is among these.
    event_reports = list(selectors.reports_for(user, event)) if started else []
    return {
        "event": event,
        "user": user,
        "can_manage": can_manage,
        "can_enter_room": permissions.can_enter_event_room(user, event),
        "can_record_attendance": permissions.can_record_attendance(user, event),
        "totals": totals,
        "can_write_report": permissions.can_write_report(user, event),
        "own_report": next((r for r in event_reports if r.author_id == user.pk), None),
        "reports": event_reports,
        "can_read_all_reports": permissions.can_read_all_reports(user, event),
        "csrf_token": context.get("csrf_token"),
    }
