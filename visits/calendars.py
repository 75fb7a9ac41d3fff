"""Reads for the calendars: who sees which events, a month's events by Warsaw day, the month
grid, and the filters from shareable GET parameters.

Visibility: public events for everyone; members-only events for logged-in members and
national staff; an e-mail guest sees, besides public events, only their own event while their
pass is valid. Days are Europe/Warsaw days, whatever the server's or the visitor's clock."""

import calendar as pycalendar
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cms.selectors import regions_for_facets
from network.api import FIRST_YEAR, LAST_YEAR
from network.forms import FilterForm
from network.models import Region
from visits import selectors
from visits.choices import EventKind
from visits.ical import WARSAW
from visits.models import Event

AGENDA = "nadchodzace"
LIST = "lista"
MONTH = "miesiac"
VIEWS = ((AGENDA, _("Upcoming")), (LIST, _("Month list")), (MONTH, _("Month grid")))
# How many upcoming events the agenda lists.
AGENDA_SIZE = 50
MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")


# --- Months and days -------------------------------------------------------------------------


def this_month(now: datetime | None = None) -> date:
    today = timezone.localtime(now or timezone.now(), WARSAW).date()
    return today.replace(day=1)


def day_start(day: date) -> datetime:
    """Midnight at the start of ``day`` in Warsaw."""
    return datetime.combine(day, time.min, tzinfo=WARSAW)


def month_bounds(month: date) -> tuple[datetime, datetime]:
    """The first moment of the month and of the next one, in Warsaw time."""
    return day_start(month), day_start(next_month(month))


def next_month(month: date) -> date:
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1)


def previous_month(month: date) -> date:
    return (month - timedelta(days=1)).replace(day=1)


def warsaw_days(event: Event) -> list[date]:
    """Every Warsaw day the event touches; an end at midnight does not touch the next day."""
    first = timezone.localtime(event.starts_at, WARSAW).date()
    end = timezone.localtime(event.ends_at, WARSAW)
    last = end.date() if end.time() != time.min else end.date() - timedelta(days=1)
    last = max(first, last)
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def month_events(events: QuerySet[Event], month: date) -> QuerySet[Event]:
    """Events that touch the month, earliest first."""
    start, end = month_bounds(month)
    return events.filter(starts_at__lt=end, ends_at__gt=start).order_by("starts_at", "pk")


def events_by_day(events, month: date) -> dict[date, list[Event]]:
    """Each day of the month that has events, with them in order of starting."""
    days: dict[date, list[Event]] = {}
    for event in events:
        for day in warsaw_days(event):
            if day.year == month.year and day.month == month.month:
                days.setdefault(day, []).append(event)
    return dict(sorted(days.items()))


@dataclass
class Day:
    date: date
    in_month: bool
    is_today: bool
    events: list[Event] = field(default_factory=list)


def month_grid(by_day: dict[date, list[Event]], month: date, *, today: date) -> list[list[Day]]:
    """Weeks from Monday to Sunday covering the month; days of the neighbouring months are
    there to fill the rows, without events."""
    weeks = pycalendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month)
    return [
        [
            Day(
                date=day,
                in_month=day.month == month.month,
                is_today=day == today,
                events=by_day.get(day, []) if day.month == month.month else [],
            )
            for day in week
        ]
        for week in weeks
    ]


# --- Filters ---------------------------------------------------------------------------------


class CalendarFilterForm(FilterForm):
    """The calendar's filters from shareable GET parameters, all optional."""

    widok = forms.ChoiceField(label=_("View"), choices=VIEWS, required=False)
    miesiac = forms.CharField(label=_("Month"), required=False)
    rodzaj = forms.ChoiceField(label=_("Kind"), choices=EventKind.choices, required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)

    def __init__(self, *args, regions: list[Region], **kwargs):
        super().__init__(*args, **kwargs)
        self.regions = {region.slug: region for region in regions}
        self.fields["region"].choices = [("", "")] + [(slug, slug) for slug in self.regions]

    def clean_miesiac(self):
        value = self.cleaned_data["miesiac"].strip()
        if not value:
            return None
        match = MONTH_PATTERN.match(value)
        if not match:
            raise forms.ValidationError(_("Give the month as YYYY-MM."))
        year, month = int(match[1]), int(match[2])
        if not (FIRST_YEAR <= year <= LAST_YEAR and 1 <= month <= 12):
            raise forms.ValidationError(_("Give the month as YYYY-MM."))
        return date(year, month, 1)

    def clean_region(self):
        return self.regions.get(self.cleaned_data["region"])


@dataclass
class CalendarFilters:
    view: str
    month: date
    kind: str = ""
    region: Region | None = None


def calendar_filters(params, *, region: Region | None = None) -> tuple[CalendarFilters, list[str]]:
    """Read the filters from GET parameters; in a region's calendar the region is fixed."""
    form = CalendarFilterForm(params or None, regions=regions_for_facets())
    values, ignored = form.valid_filters() if params else ({}, [])
    # A month asked for without a view is that month's list; nothing asked: what is coming.
    filters = CalendarFilters(
        view=values.get("widok") or (LIST if values.get("miesiac") else AGENDA),
        month=values.get("miesiac") or this_month(),
        kind=values.get("rodzaj", ""),
        region=region or values.get("region"),
    )
    return filters, ignored


def calendar_events(user, filters: CalendarFilters, *, now: datetime | None = None):
    """The events the user may see, filtered by kind and host region: the month's, or for the
    agenda the next ``AGENDA_SIZE`` not yet ended."""
    events = selectors.visible_events(user)
    if filters.kind:
        events = events.filter(kind=filters.kind)
    if filters.region is not None:
        events = events.filter(host_region=filters.region)
    if filters.view == AGENDA:
        return events.filter(ends_at__gte=now or timezone.now()).order_by("starts_at", "pk")[
            :AGENDA_SIZE
        ]
    return month_events(events, filters.month)


def agenda_by_day(events) -> dict[date, list[Event]]:
    """Upcoming events under the Warsaw day they start (an event under way: today)."""
    today = timezone.localtime(timezone.now(), WARSAW).date()
    by_day: dict[date, list[Event]] = {}
    for event in events:
        day = max(timezone.localtime(event.starts_at, WARSAW).date(), today)
        by_day.setdefault(day, []).append(event)
    return by_day


def public_events(*, region: Region | None = None, now: datetime | None = None):
    """The public feed's events: public ones (cancelled ones stay, marked so) from 90 days ago
    on, nationally or hosted by ``region``."""
    since = (now or timezone.now()) - timedelta(days=90)
    events = Event.objects.filter(is_public=True, ends_at__gte=since).select_related(
        "host_region", "organiser"
    )
    if region is not None:
        events = events.filter(host_region=region)
    return events.order_by("starts_at", "pk")
