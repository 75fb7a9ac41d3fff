"""E-mails about @mentions a member was not online to see: one batch per member, at most one
every 15 minutes. Run by ``manage.py send_mention_emails`` (every minute, from cron or a loop).
"""

import logging
from datetime import datetime, timedelta
from itertools import groupby

from django.db import transaction
from django.db.models import Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from chat import permissions, selectors
from chat.models import Mention, MentionDigest, ReadMarker
from network.emails import absolute_url, send_templated_mail
from network.models import NetworkMembership

logger = logging.getLogger(__name__)

DIGEST_INTERVAL = timedelta(minutes=15)
EXCERPT_LENGTH = 200


def pending_mentions(*, now: datetime) -> QuerySet[Mention]:
    """Mentions still worth an e-mail, grouped by member: made while they were offline, not
    e-mailed, not deleted, not read since, and the member has had no such e-mail in the last
    15 minutes. Whether they may still enter the room: for networks' rooms here, for other
    rooms in ``_still_allowed``."""
    read_up_to = ReadMarker.objects.filter(
        user=OuterRef("user"), room=OuterRef("message__room")
    ).values("last_read_id")[:1]
    recently_emailed = MentionDigest.objects.filter(
        user=OuterRef("user"), last_sent_at__gt=now - DIGEST_INTERVAL
    )
    return (
        Mention.objects.filter(
            was_online=False,
            emailed_at__isnull=True,
            message__deleted_at__isnull=True,
            user__is_active=True,
        )
        .filter(
            Exists(
                NetworkMembership.objects.filter(
                    network=OuterRef("message__room__network"), user=OuterRef("user")
                )
            )
            | Q(message__room__network__isnull=True)
        )
        .annotate(read_up_to=Coalesce(Subquery(read_up_to), Value(0), output_field=IntegerField()))
        .filter(message_id__gt=F("read_up_to"))
        .filter(~Exists(recently_emailed))
        .select_related("user", "message__room__network", "message__topic", "message__author")
        .order_by("user_id", "message_id")
    )


def mention_emails_send(*, now: datetime | None = None) -> int:
    """E-mail every member their pending mentions; the number of e-mails sent.

    Safe to run again at any time, also while another run is going: each mention is claimed
    under a row lock before it is e-mailed, so none is e-mailed twice.
    """
    now = now or timezone.now()
    sent = 0
    rooms = _RoomFacts()
    for _user_id, mentions in groupby(pending_mentions(now=now), key=lambda m: m.user_id):
        mentions = [mention for mention in mentions if rooms.allows(mention)]
        if not mentions:
            continue
        try:
            sent += _digest_send(user=mentions[0].user, mentions=mentions, now=now, rooms=rooms)
        except Exception:
            # The claim rolled back with the failure: the next run tries this member again.
            logger.exception("Mention e-mail to member %s not sent", mentions[0].user_id)
    return sent


class _RoomFacts:
    """Who may enter, the title and the page of each room a run meets, looked up once per room
    (not once per mention)."""

    def __init__(self):
        self._entrants, self._titles = {}, {}

    def allows(self, mention: Mention) -> bool:
        room = mention.message.room
        if room.network_id is not None:
            return True  # checked in the query
        if room.pk not in self._entrants:
            self._entrants[room.pk] = permissions.mentionable_ids(room)
        return mention.user_id in self._entrants[room.pk]

    def title(self, room) -> str:
        if room.pk not in self._titles:
            self._titles[room.pk] = selectors.room_title(room)
        return self._titles[room.pk]


def _digest_send(*, user, mentions: list[Mention], now: datetime, rooms: _RoomFacts) -> bool:
    with transaction.atomic():
        digest = MentionDigest.objects.select_for_update().filter(user=user).first()
        if digest is not None and digest.last_sent_at > now - DIGEST_INTERVAL:
            return False  # another run has just e-mailed this member
        claimed = set(
            Mention.objects.select_for_update()
            .filter(pk__in=[mention.pk for mention in mentions], emailed_at__isnull=True)
            .values_list("pk", flat=True)
        )
        mentions = [mention for mention in mentions if mention.pk in claimed]
        if not mentions:
            return False
        Mention.objects.filter(pk__in=claimed).update(emailed_at=now)
        MentionDigest.objects.update_or_create(user=user, defaults={"last_sent_at": now})
        send_templated_mail(
            to=user,
            template="chat/emails/mentions",
            context={"mentions": [_summary(mention, rooms) for mention in mentions]},
        )
    return True


def _summary(mention: Mention, rooms: _RoomFacts) -> dict:
    message = mention.message
    body = message.body
    return {
        "room": rooms.title(message.room),
        "topic": message.topic.name,
        "author": message.author.get_full_name() or message.author.email,
        "excerpt": body[:EXCERPT_LENGTH] + ("…" if len(body) > EXCERPT_LENGTH else ""),
        "url": absolute_url(selectors.room_url(message.room)),
    }
