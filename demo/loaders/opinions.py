"""Demo opinions and recommendations (``data/opinions.yaml``): documents in every state the
demo needs, with versions, comments, votes and ballots, and a closed review of initiatives.

Idempotent: documents are keyed by region and title, versions by number, comments by their
version, author and text, ballots by vote and member, the review by region and period. Rows
are written directly, as an import would be: no e-mails go out for demo data. The adopted
document's PDF is made by the platform itself."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from demo.loaders import read
from monitoring.models import Period
from network.models import Region, User
from opinions import permissions, services, text
from opinions.choices import DocumentStatus
from opinions.models import Ballot, Comment, Document, ReviewItem, ReviewRound, Version, Vote
from opinions.services.documents import search_document
from opinions.services.reviews import region_actions

DATA = read("opinions")
DOCUMENT_FIELDS = ("kind", "title", "subject", "addressee")


def _at(when: dict) -> datetime:
    day = timezone.localdate() + timedelta(days=when["days"])
    return timezone.make_aware(datetime.combine(day, time(when.get("hour", 12))))


def _person(who: dict) -> User:
    if "coordinator" in who:
        return permissions.voters(Region.objects.get(slug=who["coordinator"]).pk).get(
            role="coordinator"
        )
    region = Region.objects.get(slug=who["member"])
    members = permissions.voters(region.pk).exclude(role="coordinator").order_by("email")
    return members[who["slot"] - 1]


def seed_opinions() -> int:
    for data in DATA["documents"].values():
        _document(data)
    _review(DATA["review"])
    return Document.objects.filter(
        title__in=[d["title"] for d in DATA["documents"].values()]
    ).count()


def _document(data: dict) -> Document:
    region = Region.objects.get(slug=data["region"])
    author = _person(data["author"])
    fields = {name: data[name] for name in DOCUMENT_FIELDS}
    fields["strategy_document"] = data.get("strategy_document", "")
    document, _created = Document.objects.get_or_create(
        region=region, title=data["title"], defaults={**fields, "created_by": author}
    )
    sources = data["versions"]
    for number, source in enumerate(sources, start=1):
        frozen = None if number == len(sources) else timezone.now()
        Version.objects.update_or_create(
            document=document,
            number=number,
            defaults={
                "source": source,
                "html": text.render(source),
                "created_by": author,
                "frozen_at": frozen,
            },
        )
    latest = document.versions.get(number=len(sources))
    for entry in data.get("comments", ()):
        Comment.objects.get_or_create(
            version=document.versions.get(number=entry["version"]),
            author=_person(entry["by"]),
            body=entry["body"],
            defaults={"paragraph": entry.get("paragraph")},
        )
    if "consultation" in data:
        document.status = DocumentStatus.CONSULTATION
        document.consultation_opens_at = _at(data["consultation"]["opens"])
        document.consultation_closes_at = _at(data["consultation"]["closes"])
    if "vote" in data:
        _vote(document, latest, data["vote"], author)
    if "adopted" in data:
        _adopt(document, latest, data)
    document.search_document = search_document(document, latest.source)
    document.save()
    if document.is_published:
        services.resolution_pdf(document=document)
    return document


def _vote(document: Document, version: Version, data: dict, author: User) -> Vote:
    voters = list(permissions.voters(document.region_id).order_by("-role", "email"))
    vote, _created = Vote.objects.update_or_create(
        document=document,
        version=version,
        defaults={
            "opens_at": _at(data["opens"]),
            "closes_at": _at(data["closes"]),
            "secret": data["secret"],
            "quorum_percent": services.rules_for(document.region).quorum_percent,
            "eligible_count": len(voters),
            "opened_by": author,
        },
    )
    Version.objects.filter(pk=version.pk).update(frozen_at=vote.opens_at)
    for member, choice in zip(voters, data["ballots"], strict=False):
        Ballot.objects.update_or_create(
            vote=vote,
            member=member,
            defaults={"choice": choice, "cast_at": vote.opens_at, "changed_at": vote.opens_at},
        )
    document.status = DocumentStatus.VOTING
    if vote.closes_at <= timezone.now():
        ballots = list(vote.ballots.values_list("choice", flat=True))
        vote.for_count = ballots.count("for")
        vote.against_count = ballots.count("against")
        vote.abstain_count = ballots.count("abstain")
        vote.closed_at = vote.closes_at
        vote.quorum_met = vote.cast_count >= vote.quorum_needed
        vote.passed = vote.quorum_met and vote.for_count > vote.against_count
        vote.save()
    return vote


def _adopt(document: Document, version: Version, data: dict) -> None:
    vote = document.votes.get()
    document.status = DocumentStatus.ADOPTED
    document.resolution_number = data["adopted"]["resolution_number"]
    document.adopted_on = timezone.localtime(vote.closes_at).date()
    document.resolution_year = document.adopted_on.year
    document.adopted_version = version
    document.published_at = document.published_at or vote.closes_at
    follow_up = data.get("follow_up")
    if follow_up:
        document.implementation = follow_up["implementation"]
        document.addressee_response = follow_up["addressee_response"]
        document.response_received_on = timezone.localdate() + timedelta(
            days=follow_up["response_days"]
        )
        for note in follow_up["notes"]:
            document.notes.get_or_create(
                text=note["text"],
                defaults={
                    "noted_on": timezone.localdate() + timedelta(days=note["days"]),
                    "implementation": note["implementation"],
                    "author": vote.opened_by,
                },
            )


def _review(data: dict) -> ReviewRound | None:
    """The region's review of the last locked (approved) period, closed."""
    period = Period.objects.filter(locked_at__isnull=False).order_by("-start").first()
    if period is None:
        return None
    region = Region.objects.get(slug=data["region"])
    coordinator = _person({"coordinator": data["region"]})
    review, _created = ReviewRound.objects.get_or_create(
        region=region, period=period, defaults={"opened_by": coordinator}
    )
    members = list(permissions.voters(region.pk).order_by("email"))
    verdicts = data["verdicts"]
    for index, action in enumerate(region_actions(region, period)):
        verdict = verdicts[index % len(verdicts)]
        ReviewItem.objects.update_or_create(
            review=review,
            action=action,
            defaults={
                "title": action.title,
                "assessed_by": members[index % len(members)],
                "assessed_at": timezone.now(),
                **verdict,
            },
        )
    for index, entry in enumerate(data["initiatives"]):
        ReviewItem.objects.update_or_create(
            review=review,
            action=None,
            title=entry["title"],
            defaults={
                "assessment": entry["assessment"],
                "justification": entry["justification"],
                "assessed_by": members[index % len(members)],
                "assessed_at": timezone.now(),
            },
        )
    if not review.is_closed:
        review.closed_at, review.closed_by = timezone.now(), coordinator
        review.save(update_fields=["closed_at", "closed_by"])
    return review
