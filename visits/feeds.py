"""Personal calendar feeds: a secret URL a calendar application subscribes to, listing the
events a member hosts, is invited to or has accepted, and their region's events.

The URL carries the token's id and its secret. The id finds the row; the secret is compared in
constant time, so response times tell nothing about how much of a guess was right. A revoked
or unknown token is a plain 404."""

import hmac
from datetime import datetime, timedelta

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from network.choices import Role
from network.models import User
from visits import calendars, ical, permissions, selectors
from visits.choices import InvitationStatus
from visits.models import CalendarFeedToken, Event, Invitation

# Past events stay in the feed this long, so a calendar keeps recent history.
FEED_PAST_DAYS = 90
# Personal invitations the member still expects to go to.
EXPECTING = (InvitationStatus.PENDING, InvitationStatus.ACCEPTED, InvitationStatus.WAITLISTED)


# --- Reading a feed --------------------------------------------------------------------------


def feed_owner(*, token_id: int, secret: str) -> User:
    """The member whose active token this is, or 404."""
    token = (
        CalendarFeedToken.objects.select_related("user", "user__guest_pass")
        .filter(pk=token_id, revoked_at__isnull=True)
        .first()
    )
    expected = token.token if token is not None else "-" * 43
    matches = hmac.compare_digest(expected.encode(), (secret or "").encode())
    if token is None or not matches or not permissions.may_have_feed(token.user):
        raise Http404
    return token.user


def feed_events(user: User, *, now: datetime | None = None) -> QuerySet[Event]:
    """What the member's feed lists: the events they organise, their region's events, events
    they are personally invited to (not declined), and events their region accepted (for its
    coordinator also those it has not answered yet). Cancelled events stay, marked so."""
    now = now or timezone.now()
    mine = Q(organiser=user) | Exists(
        Invitation.objects.filter(event=OuterRef("pk"), user=user, status__in=EXPECTING)
    )
    if user.region_id is not None:
        region_statuses = (
            EXPECTING if user.role == Role.COORDINATOR else (InvitationStatus.ACCEPTED,)
        )
        mine |= Q(host_region_id=user.region_id) | Exists(
            Invitation.objects.filter(
                event=OuterRef("pk"), region_id=user.region_id, status__in=region_statuses
            )
        )
    return (
        selectors.visible_events(user)
        .filter(mine, ends_at__gte=now - timedelta(days=FEED_PAST_DAYS))
        .order_by("starts_at", "pk")
    )


def feed_ics(user: User) -> bytes:
    """The feed as an iCalendar document (METHOD PUBLISH), named in the member's language."""
    vevents = [ical.event_vevent(event) for event in feed_events(user)]
    with translation.override(user.language or None):
        name = _("WZK – my events")
    return ical.calendar(vevents, method=ical.PUBLISH, name=name).to_ical()


def public_feed_ics(*, region=None) -> bytes:
    """The public events (national, or one region's) as a subscribable iCalendar document;
    the organiser is the host WZK, never a person's address."""
    vevents = [
        ical.event_vevent(event, personal_contact=False)
        for event in calendars.public_events(region=region)
    ]
    if region is None:
        name = _("WZK – public events")
    else:
        name = _("WZK – public events, %(region)s") % {"region": region.name}
    return ical.calendar(vevents, method=ical.PUBLISH, name=name).to_ical()


def event_ics(event: Event, *, personal_contact: bool) -> bytes:
    """One event for download: the same UID and SEQUENCE as the invitation e-mails. Without
    ``personal_contact`` the organiser is the host WZK (see ``ical.event_vevent``)."""
    vevent = ical.event_vevent(event, personal_contact=personal_contact)
    return ical.calendar([vevent], method=ical.PUBLISH).to_ical()
