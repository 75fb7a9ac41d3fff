"""Votes: the coordinator puts the current version to the vote; each WZK member with a vote
votes for, against or abstains, and may change their vote until it closes; the result is
counted and recorded once, when it closes.

Every ballot and the closing take a row lock on the vote and read the time from the database
clock after taking it, so the one rule "a ballot counts if it is written before the vote
closes" is decided in one place, one at a time: a ballot at the closing second is either in
the count or refused with a message, never lost."""

from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Count, Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from network.models import User
from opinions import notifications, permissions
from opinions.choices import DocumentStatus, VoteChoice
from opinions.models import Ballot, Document, Version, Vote, VoteReminder
from opinions.services.adoption import document_adopt
from opinions.services.follow_up import rules_for

SHORTEST = timedelta(minutes=10)
LONGEST = timedelta(days=90)
# Members who have not voted hear this long before the vote closes.
REMIND_BEFORE = timedelta(days=1)


def database_now() -> datetime:
    """The database's clock at this moment (not at the start of the transaction)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT clock_timestamp()")
            return cursor.fetchone()[0]
    return timezone.now()


def _when(value: datetime) -> str:
    return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")


def current_vote(document: Document) -> Vote | None:
    return document.votes.order_by("-opens_at", "-pk").first()


def vote_open(
    *,
    actor: User,
    document: Document,
    closes_at: datetime,
    opens_at: datetime | None = None,
    secret: bool = False,
) -> Vote:
    """Put the current version to the vote: the version is frozen, the consultation ends."""
    if not permissions.can_manage_document(actor, document):
        raise PermissionDenied
    now = timezone.now()
    opens_at = max(opens_at or now, now)
    if closes_at < opens_at + SHORTEST:
        raise ValidationError(
            {"closes_at": _("The vote must last at least 10 minutes: choose a later closing time.")}
        )
    if closes_at > opens_at + LONGEST:
        raise ValidationError({"closes_at": _("A vote can last at most 90 days.")})
    with transaction.atomic():
        document = Document.objects.select_for_update().get(pk=document.pk)
        if document.status not in permissions.EDITABLE:
            raise ValidationError(
                _("The document is already being voted on.")
                if document.status == DocumentStatus.VOTING
                else _("The document has been adopted: it is not voted on again.")
            )
        eligible = permissions.voters(document.region_id).count()
        if eligible == 0:
            raise ValidationError(_("Nobody in the WZK has a vote."))
        version = document.versions.order_by("-number").first()
        Version.objects.filter(pk=version.pk).update(frozen_at=now)
        vote = Vote.objects.create(
            document=document,
            version=version,
            opens_at=opens_at,
            closes_at=closes_at,
            secret=secret,
            quorum_percent=rules_for(document.region).quorum_percent,
            eligible_count=eligible,
            opened_by=actor,
        )
        document.status = DocumentStatus.VOTING
        if document.consultation_is_open(now):
            document.consultation_closes_at = now
        document.save(update_fields=["status", "consultation_closes_at", "updated_at"])
        notifications.notify(
            change=notifications.Change.VOTE_OPENED,
            document=document,
            vote=vote,
            recipients=permissions.voters(document.region_id),
        )
    return vote


def ballot_cast(*, actor: User, document: Document, choice: str) -> tuple[Ballot, bool]:
    """Vote, or change one's vote. Returns the ballot and whether it changed an earlier one.
    A second identical vote, a vote outside the voting time and an outsider's vote are
    refused."""
    if not permissions.can_vote(actor, document):
        raise PermissionDenied
    if choice not in VoteChoice.values:
        raise ValidationError({"choice": _("Choose for, against or abstain.")})
    with transaction.atomic():
        vote = (
            Vote.objects.select_for_update()
            .filter(document_id=document.pk)
            .order_by("-opens_at", "-pk")
            .first()
        )
        if vote is None:
            raise ValidationError(_("This document has not been put to the vote."))
        now = database_now()
        if vote.is_recorded or now >= vote.closes_at:
            raise ValidationError(
                _("The vote closed on %(when)s: your vote was not counted.")
                % {"when": _when(vote.closes_at)}
            )
        if now < vote.opens_at:
            raise ValidationError(_("The vote opens on %(when)s.") % {"when": _when(vote.opens_at)})
        ballot = Ballot.objects.filter(vote=vote, member=actor).first()
        if ballot is None:
            ballot = Ballot.objects.create(
                vote=vote, member=actor, choice=choice, cast_at=now, changed_at=now
            )
            return ballot, False
        if ballot.choice == choice:
            raise ValidationError(
                _("You have already voted “%(choice)s”. You can change your vote until %(when)s.")
                % {"choice": VoteChoice(choice).label, "when": _when(vote.closes_at)}
            )
        ballot.choice, ballot.changed_at = choice, now
        ballot.save(update_fields=["choice", "changed_at"])
        return ballot, True


def vote_close(*, vote: Vote, actor: User | None = None) -> Vote:
    """Count and record the result once the vote has closed; with an ``actor`` (the
    coordinator), close it now. A vote that passes adopts the document. Recording twice
    changes nothing."""
    if actor is not None and not permissions.can_manage_document(actor, vote.document):
        raise PermissionDenied
    with transaction.atomic():
        vote = Vote.objects.select_for_update().select_related("document__region").get(pk=vote.pk)
        if vote.is_recorded:
            return vote
        now = database_now()
        if actor is not None and now < vote.closes_at:
            if now <= vote.opens_at:
                raise ValidationError(_("The vote has not opened yet."))
            vote.closes_at = now
        elif now < vote.closes_at:
            return vote
        counts = vote.ballots.aggregate(
            **{
                name: Count("pk", filter=Q(choice=choice))
                for name, choice in (
                    ("for_count", VoteChoice.FOR),
                    ("against_count", VoteChoice.AGAINST),
                    ("abstain_count", VoteChoice.ABSTAIN),
                )
            }
        )
        for name, value in counts.items():
            setattr(vote, name, value)
        vote.closed_at = now
        vote.quorum_met = vote.cast_count >= vote.quorum_needed
        # Adopted by a simple majority of the votes cast, with the quorum present.
        vote.passed = vote.quorum_met and vote.for_count > vote.against_count
        vote.save()
        document = Document.objects.select_for_update().get(pk=vote.document_id)
        if vote.passed:
            document_adopt(document=document, vote=vote)
        else:
            document.status = DocumentStatus.NOT_ADOPTED
            document.save(update_fields=["status", "updated_at"])
            notifications.notify(
                change=notifications.Change.NOT_ADOPTED,
                document=document,
                vote=vote,
                recipients=permissions.wzk_members(document.region_id),
            )
    return vote


def close_due_votes() -> int:
    """Record the result of every vote whose time is up; returns how many."""
    due = Vote.objects.filter(closed_at__isnull=True, closes_at__lte=timezone.now())
    closed = 0
    for vote in due.order_by("closes_at"):
        if vote_close(vote=vote).is_recorded:
            closed += 1
    return closed


def vote_reminders_send(*, now: datetime | None = None) -> int:
    """A day before a vote closes, remind the members with a vote who have not voted. Each
    reminder is recorded before it is sent: a second run sends nothing. Returns how many."""
    now = now or timezone.now()
    sent = 0
    closing = Vote.objects.filter(
        closed_at__isnull=True,
        opens_at__lte=now,
        closes_at__gt=now,
        closes_at__lte=now + REMIND_BEFORE,
    )
    for vote_id in closing.values_list("pk", flat=True):
        with transaction.atomic():
            vote = Vote.objects.select_for_update().select_related("document").get(pk=vote_id)
            missing = list(
                permissions.voters(vote.document.region_id)
                .exclude(opinion_ballots__vote=vote)
                .exclude(pk__in=VoteReminder.objects.filter(vote=vote).values("member_id"))
            )
            if not missing:
                continue
            VoteReminder.objects.bulk_create(VoteReminder(vote=vote, member=m) for m in missing)
            notifications.notify(
                change=notifications.Change.VOTE_REMINDER,
                document=vote.document,
                vote=vote,
                recipients=missing,
            )
            sent += len(missing)
    return sent
