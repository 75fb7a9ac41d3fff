"""Documents made through the services, in the states a test needs."""

from datetime import timedelta

from django.utils import timezone

from opinions import services
from opinions.models import Document

TEXT = """## Rekomendacja w sprawie doradztwa zawodowego

WZK rekomenduje wzmocnienie doradztwa zawodowego w szkołach branżowych i w poradniach.

Zalecamy, aby szkoły współpracowały z pracodawcami z regionu.

- wizyty w zakładach pracy
- praktyki zawodowe"""


def draft(author, **overrides) -> Document:
    fields = {
        "kind": "recommendation",
        "title": "Rekomendacja w sprawie doradztwa zawodowego w Łodzi",
        "subject": "Doradztwo zawodowe w szkołach województwa",
        "addressee": "Zarząd Województwa Łódzkiego",
        "text_source": TEXT,
    }
    fields.update(overrides)
    return services.document_create(actor=author, **fields)


def in_consultation(coordinator, **overrides) -> Document:
    document = draft(coordinator, **overrides)
    return services.consultation_open(
        actor=coordinator, document=document, closes_at=timezone.now() + timedelta(days=7)
    )


def in_vote(coordinator, *, secret=False, hours=24, **overrides) -> Document:
    document = draft(coordinator, **overrides)
    services.vote_open(
        actor=coordinator,
        document=document,
        closes_at=timezone.now() + timedelta(hours=hours),
        secret=secret,
    )
    document.refresh_from_db()
    return document


def adopted(coordinator, voters=(), **overrides) -> Document:
    """Voted for by the coordinator and ``voters``, closed at once."""
    document = in_vote(coordinator, **overrides)
    for member in (coordinator, *voters):
        services.ballot_cast(actor=member, document=document, choice="for")
    services.vote_close(vote=document.votes.get(), actor=coordinator)
    document.refresh_from_db()
    return document
