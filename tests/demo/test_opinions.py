"""Demo opinions in ``seed_demo``: łódzkie's adopted recommendation with its vote and PDF, a
małopolskie opinion in consultation with comments, an open vote in opolskie, a closed review
of initiatives; a second run creates nothing new."""

import io

import pytest
from pypdf import PdfReader

from opinions.choices import DocumentStatus
from opinions.models import Ballot, Comment, Document, ReviewItem, ReviewRound, Version
from tests.demo.test_visits import seed

pytestmark = pytest.mark.django_db


def test_the_demo_has_documents_in_every_state_and_a_closed_review(client):
    seed()
    adopted = Document.objects.get(region__slug="lodzkie")
    assert adopted.status == DocumentStatus.ADOPTED
    assert adopted.resolution_label.startswith("Uchwała nr 3/")
    assert adopted.resolution_label.endswith("WZK Województwa Łódzkiego")
    vote = adopted.votes.get()
    assert (vote.for_count, vote.against_count, vote.abstain_count, vote.passed) == (3, 0, 1, True)
    pdf = client.get(f"/opinie/{adopted.pk}/uchwala.pdf")
    text = " ".join(PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text().split())
    assert "Uchwała nr 3/" in text and "Łódzkiego" in text
    assert adopted.versions.count() == 2

    consulted = Document.objects.get(region__slug="malopolskie")
    assert consulted.consultation_is_open()
    assert Comment.objects.filter(version__document=consulted).count() == 3
    assert consulted.versions.get().comments.filter(paragraph=None).get().body == (
        "Dobra opinia, popieram w całości."
    )

    voting = Document.objects.get(region__slug="opolskie")
    assert voting.status == DocumentStatus.VOTING
    open_vote = voting.votes.get()
    assert open_vote.secret and not open_vote.is_recorded

    review = ReviewRound.objects.get(region__slug="lodzkie")
    assert review.is_closed
    assert not review.items.filter(assessment="").exists()
    assert review.items.filter(action__isnull=True).count() == 1

    counts = [
        model.objects.count()
        for model in (Document, Version, Comment, Ballot, ReviewRound, ReviewItem)
    ]
    seed()
    assert counts == [
        model.objects.count()
        for model in (Document, Version, Comment, Ballot, ReviewRound, ReviewItem)
    ]
