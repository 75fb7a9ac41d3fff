"""What the platform counts from its own records (visits' events, invitations and attendance,
cms' good practices): the computed indicators and the who-learns-from-whom flows.

Each count is made for every region at once, in one query, so a report page or the dashboard
costs the same however many regions and records there are. A *visit* is a region's people
going to another region's event that has taken place (started, not cancelled): an accepted
invitation (to the region or to one of its members) or the host's attendance record."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import connection
from django.db.models import Count, F, Q, QuerySet, Sum
from django.utils import timezone

from cms.models import GoodPracticePage
from monitoring.choices import Metric
from network.models import User
from visits.choices import InvitationStatus
from visits.models import Attendance, Event, Invitation


@dataclass(frozen=True)
class Span:
    """Days from ``start`` to ``end`` inclusive, in Polish time."""

    start: date
    end: date

    @property
    def since(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.start, time.min))

    @property
    def until(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.end + timedelta(days=1), time.min))

    @classmethod
    def year(cls, year: int) -> "Span":
        return cls(date(year, 1, 1), date(year, 12, 31))


def _events_in(span: Span) -> QuerySet[Event]:
    return Event.objects.filter(
        starts_at__gte=span.since,
        starts_at__lt=min(span.until, timezone.now()),
        cancelled_at__isnull=True,
    )


def _practices_in(span: Span) -> QuerySet[GoodPracticePage]:
    return GoodPracticePage.objects.filter(
        listed=True, published_at__gte=span.since, published_at__lt=span.until
    )


# --- Records behind each metric (one region) -------------------------------------------------


def hosted_events(region_id: int, span: Span, *, kind: str = "") -> QuerySet[Event]:
    events = _events_in(span).filter(host_region_id=region_id)
    return events.filter(kind=kind) if kind else events


def visited_events(region_id: int, span: Span) -> QuerySet[Event]:
    """Other regions' events the region's people went to."""
    went = (
        Q(attendance__region_id=region_id)
        | Q(invitations__status=InvitationStatus.ACCEPTED, invitations__region_id=region_id)
        | Q(
            invitations__status=InvitationStatus.ACCEPTED,
            invitations__user__region_id=region_id,
        )
    )
    ids = _events_in(span).exclude(host_region_id=region_id).filter(went).values("pk")
    return Event.objects.filter(pk__in=ids)


def published_practices(region_id: int, span: Span) -> QuerySet[GoodPracticePage]:
    return _practices_in(span).filter(region_id=region_id)


def inspired_practices(region_id: int, span: Span) -> QuerySet[GoodPracticePage]:
    """The region's practices published in the span that another region's practice
    inspired."""
    ids = (
        published_practices(region_id, span)
        .filter(inspired_by__listed=True)
        .exclude(inspired_by__region_id=region_id)
        .values("pk")
    )
    return GoodPracticePage.objects.filter(pk__in=ids)


# --- Counts for every region at once ----------------------------------------------------------


def _visit_pairs(span: Span) -> tuple[str, list]:
    """SQL for the distinct (guest region, host region, event) of every visit in the span."""
    attendance, invitation = Attendance._meta.db_table, Invitation._meta.db_table
    event, user = Event._meta.db_table, User._meta.db_table
    held = "e.starts_at >= %s AND e.starts_at < %s AND e.cancelled_at IS NULL"
    guest = "COALESCE(i.region_id, u.region_id)"
    sql = (
        f"SELECT a.region_id AS guest, e.host_region_id AS host, e.id AS event"  # noqa: S608 - table names from model metadata; values are parameters
        f" FROM {event} e JOIN {attendance} a ON a.event_id = e.id"
        f" WHERE {held} AND a.region_id IS NOT NULL AND a.region_id <> e.host_region_id"
        f" UNION SELECT {guest}, e.host_region_id, e.id"
        f" FROM {event} e JOIN {invitation} i ON i.event_id = e.id"
        f" LEFT JOIN {user} u ON u.id = i.user_id"
        f" WHERE {held} AND i.status = %s"
        f" AND {guest} IS NOT NULL AND {guest} <> e.host_region_id"
    )
    bounds = [span.since, min(span.until, timezone.now())]
    return sql, [*bounds, *bounds, InvitationStatus.ACCEPTED]


def visit_flows(span: Span) -> dict[tuple[int, int], int]:
    """(guest region, host region) → number of visits in the span."""
    pairs_sql, params = _visit_pairs(span)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT guest, host, COUNT(*) FROM ({pairs_sql}) v GROUP BY guest, host",  # noqa: S608 - built above from model metadata
            params,
        )
        return {(guest, host): count for guest, host, count in cursor.fetchall()}


def inspiration_flows(span: Span) -> dict[tuple[int, int], int]:
    """(region of the inspiring practice, region of the inspired one) → number of pairs, for
    practices published in the span; a region inspiring itself is not a flow."""
    links = GoodPracticePage.inspired_by.through.objects.filter(
        from_goodpracticepage__in=_practices_in(span),
        to_goodpracticepage__listed=True,
    ).exclude(to_goodpracticepage__region_id=F("from_goodpracticepage__region_id"))
    rows = links.values_list(
        "to_goodpracticepage__region_id", "from_goodpracticepage__region_id"
    ).annotate(n=Count("pk"))
    return {(source, target): n for source, target, n in rows.order_by()}


def metric_counts(span: Span, indicators) -> dict[int, dict[int, int]]:
    """indicator id → region id → the platform's count, for the computed ``indicators``: at
    most three queries (events with their attendance, visits, practices), whatever the
    number of indicators and regions."""
    cache: dict[str, dict] = {}

    def source(name: str, read) -> dict:
        if name not in cache:
            cache[name] = read(span)
        return cache[name]

    counts = {}
    for indicator in indicators:
        if not indicator.is_computed:
            continue
        metric = indicator.metric
        if metric == Metric.EVENTS_HOSTED:
            by_kind = source("events", _events)["by_kind"]
            counts[indicator.pk] = _total(by_kind, indicator.event_kind)
        elif metric in (Metric.GUESTS_RECEIVED, Metric.PARTICIPANTS_RECORDED):
            counts[indicator.pk] = source("events", _events)[metric]
        elif metric == Metric.VISITS_MADE:
            counts[indicator.pk] = source("visits", _visits_made)
        elif metric in (Metric.PRACTICES_PUBLISHED, Metric.PRACTICES_INSPIRED):
            counts[indicator.pk] = source("practices", _practices)[metric]
        else:
            raise ValueError(f"Unknown metric {metric!r}")
    return counts


def _total(by_kind: dict[tuple[int, str], int], kind: str) -> dict[int, int]:
    totals: dict[int, int] = defaultdict(int)
    for (region_id, event_kind), n in by_kind.items():
        if not kind or kind == event_kind:
            totals[region_id] += n
    return dict(totals)


def _events(span: Span) -> dict:
    """Events hosted by region and kind, with the people their attendance records count (all,
    and those from other regions): one query."""
    guests = Q(attendance__region__isnull=False) & ~Q(attendance__region_id=F("host_region_id"))
    rows = (
        _events_in(span)
        .values_list("host_region_id", "kind")
        .annotate(
            n=Count("pk", distinct=True),
            everyone=Sum("attendance__count"),
            guests=Sum("attendance__count", filter=guests),
        )
        .order_by()
    )
    result: dict = {
        "by_kind": {},
        Metric.PARTICIPANTS_RECORDED: defaultdict(int),
        Metric.GUESTS_RECEIVED: defaultdict(int),
    }
    for region_id, kind, n, everyone, guests_count in rows:
        result["by_kind"][(region_id, kind)] = n
        result[Metric.PARTICIPANTS_RECORDED][region_id] += int(everyone or 0)
        result[Metric.GUESTS_RECEIVED][region_id] += int(guests_count or 0)
    return result


def _visits_made(span: Span) -> dict[int, int]:
    totals: dict[int, int] = defaultdict(int)
    for (guest, _host), visits in visit_flows(span).items():
        totals[guest] += visits
    return dict(totals)


def _practices(span: Span) -> dict[str, dict[int, int]]:
    inspired = Q(inspired_by__listed=True) & ~Q(inspired_by__region_id=F("region_id"))
    rows = (
        _practices_in(span)
        .values("region_id")
        .annotate(
            published=Count("pk", distinct=True),
            inspired=Count("pk", distinct=True, filter=inspired),
        )
        .values_list("region_id", "published", "inspired")
        .order_by()
    )
    result: dict[str, dict[int, int]] = {
        Metric.PRACTICES_PUBLISHED: {},
        Metric.PRACTICES_INSPIRED: {},
    }
    for region_id, published, inspired_count in rows:
        result[Metric.PRACTICES_PUBLISHED][region_id] = published
        result[Metric.PRACTICES_INSPIRED][region_id] = inspired_count
    return result


def records(metric: str, region_id: int, span: Span, *, kind: str = ""):
    """The events or practices behind one region's count, for the page that lists them."""
    if metric == Metric.EVENTS_HOSTED:
        return hosted_events(region_id, span, kind=kind)
    if metric in (Metric.GUESTS_RECEIVED, Metric.PARTICIPANTS_RECORDED):
        return hosted_events(region_id, span).filter(attendance__isnull=False).distinct()
    if metric == Metric.VISITS_MADE:
        return visited_events(region_id, span)
    if metric == Metric.PRACTICES_PUBLISHED:
        return published_practices(region_id, span)
    if metric == Metric.PRACTICES_INSPIRED:
        return inspired_practices(region_id, span)
    raise ValueError(f"Unknown metric {metric!r}")
