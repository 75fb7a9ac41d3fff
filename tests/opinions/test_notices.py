"""Members are told live and by e-mail (in their language) when a consultation opens, a vote
opens, a day before it closes if they have not voted (once, however often the command runs),
and when a document is adopted."""

from datetime import timedelta

import pytest
from asgiref.sync import sync_to_async
from django.core.management import call_command
from django.utils import timezone

from opinions import services
from opinions.models import Vote
from opinions.notifications import Change, OpinionNotice
from tests.chat.conftest import close_worker_connections, fresh_layer_and_presence  # noqa: F401
from tests.chat.test_consumer import receive, socket
from tests.factories import CoordinatorFactory, UserFactory, region
from tests.notices import written
from tests.opinions.factories import draft, in_vote

pytestmark = pytest.mark.django_db


def _to(outbox, person):
    return [message for message in outbox if message.to == [person.email]]


def test_a_consultation_tells_the_wzk_by_e_mail_in_each_ones_language(
    coordinator, member, outsider, outbox, django_capture_on_commit_callbacks
):
    english = UserFactory(region=region("lodzkie"), email="en@lodzkie.example", language="en")
    document = draft(coordinator)
    outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.consultation_open(
            actor=coordinator, document=document, closes_at=timezone.now() + timedelta(days=3)
        )
    [polish] = _to(outbox, member)
    assert polish.subject.startswith(f"Konsultacje dokumentu „{document.title}” trwają do ")
    assert f"/opinie/{document.pk}/" in polish.body
    [message] = _to(outbox, english)
    assert message.subject.startswith(f"Consultation of “{document.title}” is open until ")
    assert not _to(outbox, outsider) and not _to(outbox, coordinator)


def test_the_reminder_goes_once_a_day_before_closing_to_those_who_have_not_voted(
    coordinator, member, second_member, outbox, django_capture_on_commit_callbacks
):
    document = in_vote(coordinator, hours=20)
    services.ballot_cast(actor=member, document=document, choice="for")
    outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("run_opinion_deadlines")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("run_opinion_deadlines")
    reminded = sorted(address for message in outbox for address in message.to)
    assert reminded == sorted([coordinator.email, second_member.email])
    assert outbox[0].subject.startswith(f"Nie zagłosowano jeszcze nad „{document.title}”")


def test_no_reminder_for_a_vote_closing_in_more_than_a_day(
    coordinator, member, outbox, django_capture_on_commit_callbacks
):
    in_vote(coordinator, hours=30)
    outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("run_opinion_deadlines")
    assert outbox == []


def test_the_command_records_a_result_when_the_time_is_up_and_tells_of_the_adoption(
    coordinator, member, outbox, django_capture_on_commit_callbacks
):
    document = in_vote(coordinator)
    services.ballot_cast(actor=member, document=document, choice="for")
    Vote.objects.filter(document=document).update(
        opens_at=timezone.now() - timedelta(hours=2), closes_at=timezone.now() - timedelta(hours=1)
    )
    outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("run_opinion_deadlines")
    document.refresh_from_db()
    assert document.is_published
    [message] = _to(outbox, member)
    assert message.subject == f"„{document.title}” został przyjęty: {document.resolution_label}"
    assert "Wynik: za 1, przeciw 0, wstrzymało się 0; kworum osiągnięte." in message.body
    # Live, the title and the resolution's name are what the WZK wrote: marked Polish.
    [frame] = OpinionNotice(Change.ADOPTED, document).frames(member)
    assert written(frame.dump()) == [document.title, document.resolution_label]


@pytest.mark.django_db(transaction=True)
@pytest.mark.asyncio
@pytest.mark.usefixtures("fresh_layer_and_presence", "close_worker_connections")
async def test_a_vote_opening_reaches_members_live():
    coordinator = await sync_to_async(CoordinatorFactory)(
        region=await sync_to_async(region)("lodzkie")
    )
    voter = await sync_to_async(UserFactory)(region=coordinator.region)
    document = await sync_to_async(draft)(coordinator)
    async with socket(voter) as ws:
        await sync_to_async(services.vote_open)(
            actor=coordinator, document=document, closes_at=timezone.now() + timedelta(days=1)
        )
        frame = await receive(ws, "notification")
    assert frame["kind"] == "opinion"
    assert frame["change"] == "vote_opened"
    assert frame["document"] == {
        "id": document.pk,
        "title": document.title,
        "url": f"/opinie/{document.pk}/",
        "status": "voting",
    }
    assert frame["text"].startswith(f"Głosowanie nad „{document.title}”: od ")
    assert written(frame) == [document.title]
