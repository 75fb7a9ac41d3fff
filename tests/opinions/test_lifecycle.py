"""A document from draft to resolution, through the services: versions, the consultation and
its comments, the vote, adoption with the region's next resolution number, follow-up. Each
refusal is a clear message."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from opinions import services
from opinions.choices import DocumentStatus, Implementation
from opinions.models import Comment, Document
from tests.factories import UserFactory, region
from tests.opinions.factories import TEXT, adopted, draft, in_consultation, in_vote

pytestmark = pytest.mark.django_db


def _message(error: ValidationError) -> str:
    return " ".join(error.messages)


def test_a_member_drafts_and_a_new_text_is_a_new_version_the_old_one_frozen(member):
    document = draft(member)
    assert document.status == DocumentStatus.DRAFT
    assert document.region == member.region
    [first] = document.versions.all()
    assert first.number == 1 and not first.is_frozen
    assert '<div class="paragraph" id="akapit-2"><p>WZK rekomenduje' in first.html

    second = services.document_revise(
        actor=member,
        document=document,
        text_source=TEXT.replace("wzmocnienie", "pilne wzmocnienie"),
        note="Dopisano „pilne”",
        title=document.title,
    )
    first.refresh_from_db()
    assert second.number == 2 and first.is_frozen
    # Saving the same text again writes no version.
    assert (
        services.document_revise(actor=member, document=document, text_source=second.source).number
        == 2
    )


def test_text_with_markup_is_sanitised(member):
    document = draft(
        member, text_source="Akapit <script>alert(1)</script> [x](javascript:alert(1))"
    )
    html = document.versions.get().html
    assert "<script>" not in html and 'href="javascript' not in html
    assert "&lt;script&gt;" in html  # shown as the text it was


def test_an_empty_text_is_refused_with_a_message(member):
    with pytest.raises(ValidationError) as refusal:
        draft(member, text_source="   \n\n  ")
    assert refusal.value.message_dict == {"text": ["Wpisz treść dokumentu."]}


def test_only_the_drafter_and_the_coordinator_edit(member, second_member, coordinator):
    document = draft(member)
    with pytest.raises(PermissionDenied):
        services.document_revise(actor=second_member, document=document, text_source="Inny tekst")
    services.document_revise(
        actor=coordinator, document=document, text_source="Tekst koordynatorki"
    )


def test_members_comment_on_a_paragraph_and_generally_while_the_consultation_is_open(
    coordinator, member
):
    document = in_consultation(coordinator)
    on_paragraph = services.comment_add(
        actor=member, document=document, version_number=1, paragraph=2, body="Dodajmy poradnie."
    )
    general = services.comment_add(
        actor=member, document=document, version_number=1, body="Dobrze."
    )
    assert (on_paragraph.paragraph, general.paragraph) == (2, None)


def test_a_paragraph_that_does_not_exist_is_refused(coordinator, member):
    document = in_consultation(coordinator)
    with pytest.raises(ValidationError) as refusal:
        services.comment_add(
            actor=member, document=document, version_number=1, paragraph=9, body="x"
        )
    assert "akapit od 1 do 4" in _message(refusal.value)


def test_a_comment_on_a_frozen_version_is_refused_and_names_the_current_one(coordinator, member):
    document = in_consultation(coordinator)
    services.document_revise(actor=coordinator, document=document, text_source=TEXT + "\n\nNowy.")
    with pytest.raises(ValidationError) as refusal:
        services.comment_add(actor=member, document=document, version_number=1, body="Spóźniony")
    assert _message(refusal.value) == (
        "Wersja 1 jest zamrożona i nie przyjmuje już komentarzy: skomentuj wersję 2."
    )
    assert not Comment.objects.exists()


def test_no_comments_before_the_consultation_or_after_it_closes(coordinator, member):
    document = draft(coordinator)
    with pytest.raises(ValidationError) as refusal:
        services.comment_add(actor=member, document=document, version_number=1, body="Za wcześnie")
    assert "Konsultacje nie są otwarte" in _message(refusal.value)
    document = in_consultation(coordinator, title="Druga")
    Document.objects.filter(pk=document.pk).update(
        consultation_closes_at=timezone.now() - timedelta(minutes=1)
    )
    document.refresh_from_db()
    with pytest.raises(ValidationError) as refusal:
        services.comment_add(actor=member, document=document, version_number=1, body="Za późno")
    assert "Konsultacje zakończyły się" in _message(refusal.value)


def test_an_outsider_cannot_comment_or_vote(coordinator, outsider, other_coordinator, secretariat):
    document = in_consultation(coordinator)
    for person in (outsider, other_coordinator):
        with pytest.raises(PermissionDenied):
            services.comment_add(actor=person, document=document, version_number=1, body="x")
    document = in_vote(coordinator, title="Głosowanie")
    for person in (outsider, other_coordinator, secretariat):
        with pytest.raises(PermissionDenied):
            services.ballot_cast(actor=person, document=document, choice="for")


def test_a_consultation_of_less_than_an_hour_is_refused(coordinator):
    document = draft(coordinator)
    with pytest.raises(ValidationError) as refusal:
        services.consultation_open(
            actor=coordinator, document=document, closes_at=timezone.now() + timedelta(minutes=5)
        )
    assert "closes_at" in refusal.value.message_dict


def test_putting_to_the_vote_freezes_the_version_and_ends_the_consultation(coordinator, member):
    document = in_consultation(coordinator)
    vote = services.vote_open(
        actor=coordinator, document=document, closes_at=timezone.now() + timedelta(days=2)
    )
    document.refresh_from_db()
    assert document.status == DocumentStatus.VOTING
    assert vote.version.is_frozen is False  # the object from before; the row is frozen:
    vote.version.refresh_from_db()
    assert vote.version.is_frozen
    assert not document.consultation_is_open()
    assert vote.eligible_count == 2  # the coordinator and the member; not the secretariat
    with pytest.raises(PermissionDenied):
        services.document_revise(actor=coordinator, document=document, text_source="Zmiana")


def test_a_member_votes_once_changes_until_closing_and_a_second_identical_vote_is_refused(
    coordinator, member
):
    document = in_vote(coordinator)
    ballot, changed = services.ballot_cast(actor=member, document=document, choice="for")
    assert not changed
    with pytest.raises(ValidationError) as refusal:
        services.ballot_cast(actor=member, document=document, choice="for")
    assert _message(refusal.value).startswith("Już zagłosowano „Za”. Możesz zmienić głos do ")
    ballot, changed = services.ballot_cast(actor=member, document=document, choice="against")
    assert changed and ballot.choice == "against"
    assert document.votes.get().ballots.count() == 1


def test_a_vote_after_closing_is_refused_and_the_result_is_recorded_once(coordinator, member):
    document = in_vote(coordinator)
    services.ballot_cast(actor=coordinator, document=document, choice="for")
    vote = document.votes.get()
    vote.opens_at = timezone.now() - timedelta(hours=1)
    vote.closes_at = timezone.now() - timedelta(seconds=1)
    vote.save()
    with pytest.raises(ValidationError) as refusal:
        services.ballot_cast(actor=member, document=document, choice="for")
    assert "nie został policzony" in _message(refusal.value)
    assert services.close_due_votes() == 1
    assert services.close_due_votes() == 0
    vote.refresh_from_db()
    assert (vote.for_count, vote.against_count, vote.abstain_count) == (1, 0, 0)
    # One of two voted: 50% quorum needs 1. For > against: adopted.
    assert vote.quorum_met and vote.passed
    document.refresh_from_db()
    assert document.status == DocumentStatus.ADOPTED


def test_without_quorum_the_document_is_not_adopted_and_can_be_revised(coordinator, member):
    for index in range(3):
        UserFactory(region=region("lodzkie"), email=f"glosujacy{index}@lodzkie.example")
    document = in_vote(coordinator)
    services.ballot_cast(actor=coordinator, document=document, choice="for")
    vote = services.vote_close(vote=document.votes.get(), actor=coordinator)
    assert (vote.eligible_count, vote.quorum_needed, vote.quorum_met, vote.passed) == (
        5,
        3,
        False,
        False,
    )
    document.refresh_from_db()
    assert document.status == DocumentStatus.NOT_ADOPTED
    assert document.resolution_number is None
    services.document_revise(actor=coordinator, document=document, text_source="Poprawiony tekst")
    document.refresh_from_db()
    assert document.status == DocumentStatus.DRAFT


def test_resolutions_are_numbered_per_region_and_year(coordinator, member, other_coordinator):
    first = adopted(coordinator, title="Pierwsza")
    second = adopted(coordinator, title="Druga")
    elsewhere = adopted(other_coordinator, title="Mazowiecka")
    year = timezone.localdate().year
    assert (first.resolution_number, second.resolution_number) == (1, 2)
    assert elsewhere.resolution_number == 1
    assert second.resolution_label == f"Uchwała nr 2/{year} WZK Województwa Łódzkiego"
    assert elsewhere.resolution_label == f"Uchwała nr 1/{year} WZK Województwa Mazowieckiego"
    assert second.adopted_on == timezone.localdate()
    assert second.adopted_version.is_frozen
    with pytest.raises(ValidationError):
        services.vote_open(
            actor=coordinator, document=second, closes_at=timezone.now() + timedelta(days=1)
        )


def test_follow_up_keeps_the_response_and_dated_notes(coordinator, member):
    document = adopted(coordinator)
    services.follow_up_record(
        actor=coordinator,
        document=document,
        addressee_response="Zarząd przyjął rekomendację do realizacji.",
        response_received_on=date(2026, 1, 15),
        implementation=Implementation.IN_PROGRESS,
        noted_on=date(2026, 2, 1),
        note="Ogłoszono nabór do programu.",
    )
    document.refresh_from_db()
    assert document.implementation == Implementation.IN_PROGRESS
    [note] = document.notes.all()
    assert (note.noted_on, note.implementation) == (date(2026, 2, 1), Implementation.IN_PROGRESS)
    with pytest.raises(ValidationError) as refusal:
        services.follow_up_record(
            actor=coordinator, document=document, implementation=Implementation.IMPLEMENTED
        )
    assert refusal.value.message_dict == {"note": ["Opisz w notatce, co się wydarzyło."]}
    with pytest.raises(PermissionDenied):
        services.follow_up_record(actor=member, document=document, note="x")


def test_the_quorum_is_the_wzks_own(coordinator, other_coordinator, member):
    services.rules_set(actor=coordinator, region=coordinator.region, quorum_percent=100)
    document = in_vote(coordinator)
    assert document.votes.get().quorum_percent == 100
    with pytest.raises(PermissionDenied):
        services.rules_set(actor=other_coordinator, region=coordinator.region, quorum_percent=10)
    with pytest.raises(ValidationError):
        services.rules_set(actor=coordinator, region=coordinator.region, quorum_percent=0)
