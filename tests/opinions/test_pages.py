"""The pages, from a member's side and from every outsider's: anonymous visitors and other
regions' members see adopted documents only; a WZK's work in progress answers 404 to them, and
every page that writes answers 404 to anyone but those allowed."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from opinions.choices import DocumentStatus
from opinions.models import Ballot, Comment, Document
from tests.opinions.factories import TEXT, adopted, draft, in_consultation, in_vote

pytestmark = pytest.mark.django_db


def _pages(document) -> dict[str, tuple[str, str]]:
    """Every page of a document: name → (method, URL)."""
    pk = document.pk
    return {
        "detail": ("get", reverse("opinions:document_detail", args=[pk])),
        "edit": ("get", reverse("opinions:document_edit", args=[pk])),
        "changes": ("get", reverse("opinions:version_changes", args=[pk, 1])),
        "comment": ("post", reverse("opinions:comment_add", args=[pk])),
        "consultation": ("get", reverse("opinions:consultation_open", args=[pk])),
        "vote_open": ("get", reverse("opinions:vote_open", args=[pk])),
        "ballot": ("post", reverse("opinions:ballot_cast", args=[pk])),
        "vote_close": ("post", reverse("opinions:vote_close", args=[pk])),
        "pdf": ("get", reverse("opinions:resolution_pdf", args=[pk])),
        "follow_up": ("get", reverse("opinions:follow_up", args=[pk])),
        "attachment": ("post", reverse("opinions:attachment_add", args=[pk])),
        "room": ("get", reverse("opinions:room", args=[pk])),
        "room_send": ("post", reverse("opinions:room_send", args=[pk])),
        "room_read": ("post", reverse("opinions:room_read", args=[pk])),
        "room_resolve": ("post", reverse("opinions:room_resolve", args=[pk])),
    }


def _status(client, method, url, **data):
    return getattr(client, method)(url, data).status_code


def test_every_page_of_a_draft_is_not_found_for_every_outsider(client, coordinator, outsiders):
    document = in_vote(coordinator)
    for who, person in outsiders.items():
        client.force_login(person)
        for name, (method, url) in _pages(document).items():
            assert _status(client, method, url, choice="for", body="x", version=1) == 404, (
                who,
                name,
            )
    assert not Ballot.objects.exists() and not Comment.objects.exists()


def test_an_anonymous_visitor_gets_not_found_or_the_login_page(client, coordinator):
    document = in_consultation(coordinator)
    for name, (method, url) in _pages(document).items():
        status = _status(client, method, url)
        assert status in (302, 404), name
        if status == 302:
            assert client.get(url).url.startswith("/konto/logowanie/"), name
    assert client.get(reverse("opinions:document_detail", args=[document.pk])).status_code == 404


def test_an_adopted_document_is_public_but_its_writing_pages_are_not(
    client, coordinator, member, outsiders
):
    document = adopted(coordinator, voters=[member])
    public = {"detail", "pdf"}
    for who, person in [("anonymous", None), *outsiders.items()]:
        client.logout()
        if person is not None:
            client.force_login(person)
        for name, (method, url) in _pages(document).items():
            status = _status(client, method, url)
            if name in public:
                assert status == 200, (who, name)
            else:
                assert status in (302, 404), (who, name)
    client.logout()
    page = client.get(document.get_absolute_url()).content.decode()
    assert document.resolution_label in page
    assert "Uwagi z konsultacji" not in page  # comments stay the WZK's own


def test_the_member_sees_the_draft_and_comments_on_a_paragraph_without_javascript(
    client, coordinator, member
):
    document = in_consultation(coordinator)
    client.force_login(member)
    page = client.get(document.get_absolute_url())
    assert page.status_code == 200
    assert 'id="akapit-2"' in page.content.decode()
    response = client.post(
        reverse("opinions:comment_add", args=[document.pk]),
        {"version": 1, "paragraph": "2", "body": "Warto dodać poradnie."},
    )
    assert response.url == document.get_absolute_url() + "#akapit-2"
    page = client.get(response.url).content.decode()
    assert "Dziękujemy: komentarz został dodany." in page
    assert "1 komentarz do akapitu 2" in page


def test_a_comment_on_a_frozen_version_comes_back_as_a_message(client, coordinator, member):
    document = in_consultation(coordinator)
    client.force_login(coordinator)
    client.post(
        reverse("opinions:document_edit", args=[document.pk]),
        {
            "kind": "recommendation",
            "title": document.title,
            "subject": document.subject,
            "addressee": document.addressee,
            "text": TEXT + "\n\nDodany akapit.",
        },
    )
    client.force_login(member)
    response = client.post(
        reverse("opinions:comment_add", args=[document.pk]),
        {"version": 1, "body": "Stara wersja"},
        follow=True,
    )
    assert "Wersja 1 jest zamrożona i nie przyjmuje już komentarzy: skomentuj wersję 2." in (
        response.content.decode()
    )
    assert not Comment.objects.exists()


def test_the_comparison_shows_removed_and_added_words(client, coordinator):
    document = draft(coordinator)
    client.force_login(coordinator)
    client.post(
        reverse("opinions:document_edit", args=[document.pk]),
        {
            "kind": "recommendation",
            "title": document.title,
            "subject": document.subject,
            "addressee": document.addressee,
            "text": TEXT.replace("wzmocnienie", "pilne wzmocnienie"),
            "note": "Pilne",
        },
    )
    page = client.get(reverse("opinions:version_changes", args=[document.pk, 2])).content.decode()
    assert "<ins> pilne</ins>" in page
    assert "Zmieniono 1 akapit." in page
    assert client.get(reverse("opinions:version_changes", args=[document.pk, 9])).status_code == 404


def test_bad_input_gets_field_errors_not_a_crash(client, coordinator):
    client.force_login(coordinator)
    response = client.post(reverse("opinions:document_create"), {"kind": "nonsense", "text": ""})
    assert response.status_code == 400
    assert not Document.objects.exists()
    document = draft(coordinator)
    # Noon yesterday: far short of the 10 minutes a vote lasts. (This moment plus a little is
    # not a time to type: in the hour the clocks go back it names two moments.)
    yesterday = f"{timezone.localdate() - timedelta(days=1)}T12:00"
    response = client.post(
        reverse("opinions:vote_open", args=[document.pk]), {"closes_at": yesterday}
    )
    assert response.status_code == 400
    assert "co najmniej 10 minut" in response.content.decode()
    response = client.post(
        reverse("opinions:vote_open", args=[document.pk]), {"closes_at": "jutro"}
    )
    assert response.status_code == 400
    assert client.get(reverse("opinions:document_detail", args=[2**70])).status_code == 404


def test_the_coordinator_puts_to_the_vote_members_vote_the_result_stays_hidden_until_closed(
    client, coordinator, member
):
    document = draft(coordinator)
    client.force_login(coordinator)
    # Noon the day after tomorrow: a time that names one moment on every date (this moment
    # two days on may fall in the hour the clocks skip or repeat).
    closes = f"{timezone.localdate() + timedelta(days=2)}T12:00"
    client.post(reverse("opinions:vote_open", args=[document.pk]), {"closes_at": closes})
    document.refresh_from_db()
    assert document.status == DocumentStatus.VOTING
    client.force_login(member)
    client.post(reverse("opinions:ballot_cast", args=[document.pk]), {"choice": "against"})
    response = client.post(
        reverse("opinions:ballot_cast", args=[document.pk]), {"choice": "against"}, follow=True
    )
    page = response.content.decode()
    assert "Już zagłosowano „Przeciw”" in page
    assert "Wynik będzie widoczny po zakończeniu głosowania." in page
    assert "Wynik głosowania" not in page
    client.force_login(coordinator)
    client.post(reverse("opinions:ballot_cast", args=[document.pk]), {"choice": "for"})
    client.post(reverse("opinions:ballot_cast", args=[document.pk]), {"choice": "abstain"})
    response = client.post(reverse("opinions:vote_close", args=[document.pk]), follow=True)
    page = response.content.decode()
    assert "Głosowanie zakończone: dokumentu nie przyjęto." in page
    assert "Wynik głosowania" in page
    # An open ballot: names once it is closed, in Polish order (Nowak before Żak).
    assert page.index("Anna Nowak: Wstrzymuję się") < page.index("Łukasz Żak: Przeciw")


def test_a_secret_ballot_never_shows_who_voted_how(client, coordinator, member):
    document = in_vote(coordinator, secret=True)
    from opinions import services

    services.ballot_cast(actor=member, document=document, choice="for")
    services.vote_close(vote=document.votes.get(), actor=coordinator)
    client.force_login(coordinator)
    page = client.get(document.get_absolute_url()).content.decode()
    assert "Wynik głosowania" in page
    assert "Jak głosowali członkowie" not in page


def test_the_team_page_and_rules_are_the_regions_own(client, coordinator, member, outsiders):
    draft(member)
    client.force_login(member)
    assert client.get(reverse("opinions:team_documents")).status_code == 200
    assert client.get(reverse("opinions:rules")).status_code == 404
    client.force_login(coordinator)
    response = client.post(reverse("opinions:rules"), {"quorum_percent": "150"})
    assert response.status_code == 400
    assert "od 1 do 100" in response.content.decode()
    for person in outsiders.values():
        client.force_login(person)
        if person.region_id is None:
            assert client.get(reverse("opinions:team_documents")).status_code == 404
        else:
            page = client.get(reverse("opinions:team_documents")).content.decode()
            assert "Rekomendacja w sprawie" not in page


def test_attachments_refuse_wrong_files_and_keep_right_ones(client, coordinator, outsider):
    from django.core.files.uploadedfile import SimpleUploadedFile

    document = draft(coordinator)
    client.force_login(coordinator)
    url = reverse("opinions:attachment_add", args=[document.pk])
    response = client.post(url, {"file": SimpleUploadedFile("skrypt.exe", b"MZ")}, follow=True)
    assert "Nie można dołączać plików tego rodzaju." in response.content.decode()
    client.post(url, {"title": "Analiza", "file": SimpleUploadedFile("analiza.pdf", b"%PDF-1.4")})
    [attachment] = document.attachments.all()
    download = reverse("opinions:attachment_download", args=[document.pk, attachment.pk])
    assert client.get(download).status_code == 200
    client.force_login(outsider)
    assert client.get(download).status_code == 404
