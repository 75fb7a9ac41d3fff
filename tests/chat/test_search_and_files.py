"""Searching discussions, files sent with messages, the composer's people and the header's
counts, over HTTP; each permission seen from an outsider's side too."""

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from odf.opendocument import OpenDocumentText
from odf.text import P
from openpyxl import Workbook
from PIL import Image

from chat import attachments, ratelimit, services
from chat.errors import BadRequest
from chat.models import Attachment, Mention, Message, Room
from chat.permissions import access_room
from network.choices import Role
from tests.factories import MembershipFactory, NetworkFactory, UserFactory, region

pytestmark = pytest.mark.django_db


def png(size=(40, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "red").save(buffer, "PNG")
    return buffer.getvalue()


def xlsx() -> bytes:
    buffer = io.BytesIO()
    book = Workbook()
    book.active["A1"] = "Budżet"
    book.save(buffer)
    return buffer.getvalue()


def odt() -> bytes:
    buffer = io.BytesIO()
    document = OpenDocumentText()
    document.text.addElement(P(text="Program"))
    document.write(buffer)
    return buffer.getvalue()


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def send(user, room, body, *, topic="Plan", **kwargs) -> Message:
    message, _created = services.message_send(
        user=user, room=room, topic=topic, body=body, client_id=f"c-{body[:40]}", **kwargs
    )
    return message


@pytest.fixture
def member(client, anna):
    client.force_login(anna)
    return client


@pytest.fixture
def other_room(db):
    membership = MembershipFactory()
    return access_room(membership.user, Room.key_for_network(membership.network)), membership.user


# --- Search ----------------------------------------------------------------------------------


def search(client, q, **params):
    return client.get("/rozmowy/szukaj/", {"q": q, **params})


def found(response) -> list[str]:
    assert response.status_code == 200
    return [result["message"].body for result in response.context["results"]]


def test_search_ignores_diacritics_and_case_and_finds_word_beginnings(member, room, anna):
    send(anna, room, "Spotkanie w Łodzi, ul. Piotrkowska")
    send(anna, room, "Młodzież z Opola")
    assert found(search(member, "lodz")) == ["Spotkanie w Łodzi, ul. Piotrkowska"]
    assert found(search(member, "ŁÓDŹ piotrk")) == ["Spotkanie w Łodzi, ul. Piotrkowska"]
    assert found(search(member, "mlodziez")) == ["Młodzież z Opola"]
    assert found(search(member, "odzi")) == []


def test_search_finds_a_file_by_its_name(member, room, anna):
    send(anna, room, "W załączniku", attachment=upload("Budżet-targów.xlsx", xlsx()))
    assert found(search(member, "budzet targow")) == ["W załączniku"]


def test_search_follows_edits_and_deletions(member, room, anna):
    message = send(anna, room, "Wstępny termin: maj")
    services.message_edit(user=anna, message_id=message.pk, body="Termin: czerwiec")
    assert found(search(member, "maj")) == []
    assert found(search(member, "czerwiec")) == ["Termin: czerwiec"]
    services.message_delete(user=anna, message_id=message.pk)
    assert found(search(member, "czerwiec")) == []


def test_search_finds_only_in_rooms_one_may_enter(client, room, anna, other_room):
    elsewhere, stranger = other_room
    send(anna, room, "Tajny budżet sieci")
    send(stranger, elsewhere, "Budżet innej sieci")
    client.force_login(stranger)
    assert found(search(client, "budzet")) == ["Budżet innej sieci"]
    # Naming a room one may not enter is answered as for a room that does not exist.
    assert search(client, "budzet", pokoj=room.key).status_code == 404
    assert search(client, "budzet", pokoj="network:nie-ma-takiej").status_code == 404


def test_search_in_one_room_and_its_links(member, room, anna, jan):
    message = send(jan, room, "Harmonogram targów")
    response = search(member, "harmonogram", pokoj=room.key)
    assert found(response) == ["Harmonogram targów"]
    url = response.context["results"][0]["url"]
    assert (
        url == f"/sieci/{room.network.slug}/rozmowa/?przed={message.pk + 1}#wiadomosc-{message.pk}"
    )
    page = member.get(url.split("#")[0])
    assert f'id="wiadomosc-{message.pk}"' in page.content.decode()


@pytest.mark.parametrize("q", ["", "   ", "!!!", "' OR 1=1 --", "a" * 200, "a:* & b | !c"])
def test_odd_queries_are_answered_calmly(member, room, anna, q):
    send(anna, room, "Zwykła wiadomość")
    assert search(member, q).status_code == 200


def test_search_asks_anonymous_visitors_to_log_in(client):
    response = search(client, "budzet")
    assert response.status_code == 302
    assert "/konto/logowanie/" in response.url


def test_a_guest_and_a_member_of_no_network_find_nothing(client, room, anna):
    send(anna, room, "Budżet sieci")
    client.force_login(UserFactory())
    assert found(search(client, "budzet")) == []


def test_search_takes_the_same_queries_however_many_rooms_and_results(
    client, django_assert_num_queries
):
    user = UserFactory()
    client.force_login(user)

    def add_room():
        network = NetworkFactory()
        MembershipFactory(network=network, user=user)
        room = access_room(user, Room.key_for_network(network))
        writer = MembershipFactory(network=network).user
        send(writer, room, f"Budżet {network.slug}", topic=f"T {network.slug}")

    add_room()
    with django_assert_num_queries(QUERIES) as first:
        found(search(client, "budzet"))
    for _ in range(4):
        add_room()
    with django_assert_num_queries(len(first.captured_queries)):
        assert len(found(search(client, "budzet"))) == 5


# Session and user; the rooms each kind of room lists (networks, events, documents); their
# rows; the messages found; their attachments.
QUERIES = 8


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(q=st.text(max_size=300))
def test_any_query_string_is_answered_without_an_error(member, room, q):
    response = member.get("/rozmowy/szukaj/", {"q": q, "pokoj": room.key})
    assert response.status_code == 200


# --- Files -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content"),
    [("plan.png", png()), ("budzet.xlsx", xlsx()), ("program.odt", odt()), ("a.pdf", PDF)],
)
def test_documents_and_images_are_recognised_by_content(name, content):
    checked, _alt = attachments.check(upload(name, content), alt_text="Plan")
    assert checked.name == name


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("plan.pdf", b"not a pdf at all"),
        ("plan.jpg", png()),  # a PNG called JPEG
        ("skrypt.exe", b"MZ\x90\x00"),
        ("strona.html", b"<script>alert(1)</script>"),
        ("arkusz.xlsx", odt()),
        ("notatki.txt", b"\xff\xfe\x00binary"),
        ("bez-rozszerzenia", PDF),
    ],
)
def test_files_that_are_not_what_they_claim_are_refused(name, content):
    with pytest.raises(BadRequest, match=r"nie może być załącznikiem|cannot be attached"):
        attachments.check(upload(name, content), alt_text="Plan")


def test_an_image_needs_its_description_and_a_size_limit_holds(settings):
    with pytest.raises(BadRequest):
        attachments.check(upload("plan.png", png()), alt_text="  ")
    settings.CHAT_ATTACHMENT_MAX_BYTES = 100
    with pytest.raises(BadRequest):
        attachments.check(upload("a.pdf", PDF * 10))


def send_url(room) -> str:
    return f"/sieci/{room.network.slug}/rozmowa/wyslij/"


def test_a_file_is_stored_with_its_message_and_broadcast_with_it(member, room, anna, jan):
    form = {
        "topic": "Plan",
        "body": "Plan stoiska",
        "client_id": "plik-1",
        "alt_text": "Stół i dwa roll-upy",
        "attachment": upload("stoisko.png", png()),
    }
    response = member.post(send_url(room), form, HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    payload = response.json()["message"]
    [file] = payload["attachments"]
    assert file["name"] == "stoisko.png"
    assert file["image"] is True
    assert file["alt"] == "Stół i dwa roll-upy"
    assert (file["width"], file["height"]) == (40, 30)
    stored = Attachment.objects.get()
    assert stored.file.name.startswith("chat/attachments/")
    assert "stoisko" not in stored.file.name
    assert member.get(file["url"]).status_code == 200


def test_a_refused_file_stores_nothing_and_says_why(member, room):
    form = {
        "topic": "Plan",
        "body": "Program",
        "client_id": "plik-2",
        "attachment": upload("program.pdf", b"tekst"),
    }
    response = member.post(send_url(room), form, HTTP_ACCEPT="application/json")
    assert response.status_code == 400
    assert "program.pdf" in response.json()["message"]
    assert not Message.objects.exists()
    assert not Attachment.objects.exists()
    # Without JavaScript: the page again, with what was typed and the reason.
    form["attachment"] = upload("program.pdf", b"tekst")
    form["client_id"] = "plik-3"
    page = member.post(send_url(room), form)
    assert page.status_code == 400
    assert "Program</textarea>" in page.content.decode()
    assert "program.pdf" in page.content.decode()


def test_only_those_who_may_enter_the_room_download_its_files(client, member, room, anna):
    content = xlsx()
    message = send(anna, room, "Budżet", attachment=upload("budzet.xlsx", content))
    url = f"/rozmowy/zalaczniki/{message.attachments.get().pk}/"
    response = member.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == content
    member.logout()
    assert client.get(url).status_code == 302  # anonymous: log in first
    for outsider in (
        MembershipFactory().user,  # a member of another network
        UserFactory(region=region("opolskie")),  # another region, no network
        UserFactory(region=None, role=Role.GUEST),  # a guest invited to an event
    ):
        client.force_login(outsider)
        assert client.get(url).status_code == 404
    assert client.get("/rozmowy/zalaczniki/999999/").status_code == 404


def test_a_deleted_messages_files_go_with_it(
    member, room, anna, django_capture_on_commit_callbacks
):
    message = send(anna, room, "Budżet", attachment=upload("budzet.xlsx", xlsx()))
    stored = message.attachments.get()
    path = Path(stored.file.path)
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.message_delete(user=anna, message_id=message.pk)
    assert member.get(f"/rozmowy/zalaczniki/{stored.pk}/").status_code == 404
    assert not path.exists()


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=st.text(min_size=0, max_size=300))
def test_any_upload_name_is_stored_safely_or_refused_clearly(member, room, name, monkeypatch):
    # Twenty quick uploads by one member: the send limit is not what is tested here.
    monkeypatch.setattr(ratelimit, "_limits", ratelimit.TokenBuckets())
    form = {"topic": "Plan", "body": "Plik", "client_id": f"n-{abs(hash(name))}"}
    form["attachment"] = upload(f"{name}.pdf" if name else "x.pdf", PDF)
    response = member.post(send_url(room), form, HTTP_ACCEPT="application/json")
    assert response.status_code in (200, 400)
    if response.status_code == 200:
        [file] = response.json()["message"]["attachments"]
        assert "/" not in file["name"]
        assert "\\" not in file["name"]
        assert all(ord(c) >= 32 for c in file["name"])
        assert len(file["name"]) <= 200


# --- Mentions by name, the composer's people and the header's counts ---------------------------


def test_a_full_name_mentions_that_person(room, anna, jan):
    message = send(anna, room, f"@{jan.get_full_name()} zerkniesz?")
    assert list(Mention.objects.filter(message=message).values_list("user", flat=True)) == [jan.pk]
    stranger = MembershipFactory().user
    other = send(anna, room, f"@{stranger.get_full_name()} nie jest w sieci")
    assert not Mention.objects.filter(message=other).exists()


def test_the_composer_lists_the_rooms_people_by_name(member, room, anna, jan, client):
    response = member.get(f"/chat/api/rooms/{room.key}/people/")
    names = [person["name"] for person in response.json()["people"]]
    assert set(names) == {anna.get_full_name(), jan.get_full_name()}
    assert "email" not in str(response.json())
    client.force_login(MembershipFactory().user)
    assert client.get(f"/chat/api/rooms/{room.key}/people/").status_code == 404


def test_the_header_counts_come_from_the_rooms_one_may_enter(client, room, anna, jan):
    send(anna, room, f"@{jan.get_full_name()} cześć")
    send(anna, room, "Druga")
    client.force_login(jan)
    rows = client.get("/chat/api/unread/").json()["rooms"]
    [row] = [row for row in rows if row["key"] == room.key]
    assert (row["unread"], row["mentions"]) == (2, 1)
    client.logout()
    assert client.get("/chat/api/unread/").status_code == 404
