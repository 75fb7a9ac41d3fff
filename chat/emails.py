"""E-mails about @mentions a member was not online to see: one batch per member, at most one
every 15 minutes. Run by ``manage.py send_mention_emails`` (every minute, from cron or a loop).
"""

import logging
from datetime import datetime, timedelta
from itertools import groupby

from django.db import transaction
from django.db.models import Exists, F, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from chat.models import Mention, MentionDigest, ReadMarker
from network.emails import absolute_url, send_templated_mail

logger = logging.getLogger(__name__)

DIGEST_INTERVAL = timedelta(minutes=15)
EXCERPT_LENGTH = 200


def pending_mentions(*, now: datetime) -> QuerySet[Mention]:
    """Mentions still worth an e-mail, grouped by member: made while they were offline, not
    e-mailed, not deleted, not read since, in a room they may still enter, and the member has
    had no such e-mail in the last 15 minutes."""
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
            message__room__network__memberships__user=F("user"),
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
    for _user_id, mentions in groupby(pending_mentions(now=now), key=lambda m: m.user_id):
        mentions = list(mentions)
        try:
            sent += _digest_send(user=mentions[0].user, mentions=mentions, now=now)
        except Exception:
            # The claim rolled back with the failure: the next run tries this member again.
            logger.exception("Mention e-mail to member %s not sent", mentions[0].user_id)
    return sent


def _digest_send(*, user, mentions: list[Mention], now: datetime) -> bool:
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
            context={"mentions": [_summary(mention) for mention in mentions]},
        )
    return True


def _summary(mention: Mention) -> dict:
    message = mention.message
    body = message.body
    return {
        "room": str(message.room),
        "topic": message.topic.name,
        "author": message.author.get_full_name() or message.author.email,
        "excerpt": body[:EXCERPT_LENGTH] + ("…" if len(body) > EXCERPT_LENGTH else ""),
        "url": absolute_url(reverse("chat:discussion", kwargs={"slug": message.room.network.slug})),
    }
