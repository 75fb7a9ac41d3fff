"""Discussions over plain HTTP: the history API, and the pages that work without JavaScript."""

import re
import uuid

import pytest
from django.db import connection
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.test.utils import CaptureQueriesContext

from chat import broadcast, events, ratelimit, services
from chat.models import Message, ReadMarker, Topic
from chat.ratelimit import BURST
from network import notices
from tests.factories import MembershipFactory, NetworkFactory, UserFactory
from tests.html import languages_of, parse

pytestmark = pytest.mark.django_db


def needs_template(name: str) -> None:
    """Pages whose template is still being written elsewhere are skipped, saying so."""
    try:
        get_template(name)
    except TemplateDoesNotExist:
        pytest.skip(f"template {name} does not exist yet")


@pytest.fixture
def network(db):
    return NetworkFactory(slug="ksztalcenie-branzowe")


@pytest.fixture
def member(client, anna):
    client.force_login(anna)
    return client


@pytest.fixture
def outsider(client):
    client.force_login(MembershipFactory().user)
    return client


def stored(room, author, count: int, *, body: str = "Wiadomość {n}") -> list[int]:
    topic, _created = Topic.objects.get_or_create(room=room, name="Plan")
    Message.objects.bulk_create(
        Message(
            room=room,
            topic=topic,
            author=author,
            body=body.format(n=n),
            client_id=uuid.uuid4().hex,
        )
        for n in range(count)
    )
    return list(Message.objects.filter(room=room).values_list("id", flat=True).order_by("id"))


def history_url(key: str) -> str:
    return f"/chat/api/rooms/{key}/messages/"


# --- history API -------------------------------------------------------------------------------


def test_history_gives_the_latest_fifty_oldest_first(member, room, anna):
    ids = stored(room, anna, 60)
    response = member.get(history_url(room.key))
    assert response.status_code == 200
    data = response.json()
    assert [message["id"] for message in data["messages"]] == ids[-50:]
    assert data["has_more"] is True
    first = data["messages"][0]
    assert set(first) == {
        "id",
        "room",
        "topic",
        "body",
        "author",
        "created_at",
        "edited_at",
        "client_id",
        "attachments",
    }
    assert first["author"] == {
        "id": anna.pk,
        "name": anna.get_full_name(),
        "region": "łódzkie",
        "guest": False,
    }


def test_history_pages_back_and_forth(member, room, anna):
    ids = stored(room, anna, 30)

    def window(query: str):
        data = member.get(history_url(room.key) + query).json()
        return [message["id"] for message in data["messages"]], data["has_more"]

    assert window(f"?before={ids[20]}&limit=5") == (ids[15:20], True)
    assert window(f"?before={ids[3]}&limit=5") == (ids[:3], False)
    assert window(f"?after={ids[5]}&limit=3") == (ids[6:9], True)
    assert window(f"?after={ids[25]}") == (ids[26:], False)
    assert window(f"?after={ids[-1]}") == ([], False)
    assert window("?limit=7") == (ids[-7:], True)


def test_history_gives_at_most_200(member, room, anna):
    ids = stored(room, anna, 205)
    data = member.get(history_url(room.key) + "?after=0&limit=1000").json()
    assert [message["id"] for message in data["messages"]] == ids[:200]
    assert data["has_more"] is True


def test_history_queries_do_not_grow_with_the_messages(member, room, anna, jan):
    stored(room, anna, 3)
    few = _queries(member, room.key)
    stored(room, jan, 40)
    assert _queries(member, room.key) == few


def _queries(client, key: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(history_url(key)).status_code == 200
    return len(captured)


def test_history_of_a_room_one_may_not_enter_is_not_found_like_no_room(client, room, anna):
    stored(room, anna, 1)
    anonymous = client.get(history_url(room.key))
    client.force_login(MembershipFactory().user)
    foreign = client.get(history_url(room.key))
    missing = client.get(history_url("network:nie-ma-takiej-sieci"))
    malformed = client.get(history_url("cokolwiek"))

    for response in (anonymous, foreign, missing, malformed):
        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"
    assert anonymous.content == foreign.content == missing.content == malformed.content
    assert anonymous.json()["error"] == "not_found"


@pytest.mark.parametrize(
    "query",
    ["?limit=abc", "?before=-1", "?after=1.5", "?limit=", "?before=²", "?before=1&after=2"],
)
def test_history_refuses_malformed_parameters(member, room, query):
    response = member.get(history_url(room.key) + query)
    assert response.status_code == 400
    assert response.json()["error"] == "bad_request"
    assert response.json()["message"]


def test_history_is_read_only(member, room):
    assert member.post(history_url(room.key)).status_code == 405


# --- the page without JavaScript ------------------------------------------------------------------


def test_the_discussion_page_asks_anonymous_visitors_to_log_in(client, network):
    response = client.get(f"/sieci/{network.slug}/rozmowa/")
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/logowanie/?next=")


def test_the_discussion_page_is_not_found_for_non_members(outsider, network):
    assert outsider.get(f"/sieci/{network.slug}/rozmowa/").status_code == 404
    assert outsider.get("/sieci/nie-ma-takiej-sieci/rozmowa/").status_code == 404


def test_the_discussion_page_shows_message_bodies_as_text(member, room, jan):
    needs_template("chat/discussion.html")
    stored(room, jan, 1, body="<script>alert(1)</script> & <b>pogrubienie</b>")
    response = member.get(f"/sieci/{room.network.slug}/rozmowa/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content
    assert "<script>alert(1)</script>" not in content
    assert "<b>pogrubienie</b>" not in content


def test_the_discussion_page_makes_links_clickable(member, room, jan):
    needs_template("chat/discussion.html")
    stored(room, jan, 1, body="Program: https://wzk.example/program?dzien=1 do przejrzenia")
    content = member.get(f"/sieci/{room.network.slug}/rozmowa/").content.decode()
    assert 'href="https://wzk.example/program?dzien=1"' in content


def test_the_discussion_page_pages_back_with_przed(member, room, anna):
    needs_template("chat/discussion.html")
    ids = stored(room, anna, 60)
    response = member.get(f"/sieci/{room.network.slug}/rozmowa/?przed={ids[10]}")
    assert [message.pk for message in response.context["chat_messages"]] == ids[:10]
    # Not a number: the latest messages, not an error.
    response = member.get(f"/sieci/{room.network.slug}/rozmowa/?przed=²")
    assert response.status_code == 200
    assert [message.pk for message in response.context["chat_messages"]] == ids[-50:]


def test_sending_without_javascript_stores_one_message_per_client_id(
    member, room, anna, jan, monkeypatch, django_capture_on_commit_callbacks
):
    sent = []
    monkeypatch.setattr(
        broadcast, "to_group", lambda group, frame, **scope: sent.append((group, frame))
    )
    url = f"/sieci/{room.network.slug}/rozmowa/wyslij/"
    form = {"topic": "Plan", "body": "Bez skryptów @jan.kowalski", "client_id": "form-1"}

    with django_capture_on_commit_callbacks(execute=True):
        response = member.post(url, form)
        again = member.post(url, form)

    assert response.status_code == again.status_code == 302
    assert response["Location"] == f"/sieci/{room.network.slug}/rozmowa/"
    message = Message.objects.get()
    assert (message.author, message.body, message.topic.name) == (
        anna,
        "Bez skryptów @jan.kowalski",
        "Plan",
    )
    # The same events as a send over the socket: the room's, and the mention's.
    assert [(group, frame["type"]) for group, frame in sent] == [
        (events.room_group(room.key), events.MESSAGE),
        (events.user_group(jan.pk), notices.NOTIFICATION),
        (events.user_group(jan.pk), events.UNREAD),
    ]


@pytest.mark.parametrize(
    "form",
    [
        {"topic": "Plan", "body": "", "client_id": "f"},
        {"topic": "", "body": "Treść", "client_id": "f"},
        {"topic": "Plan", "body": "   ", "client_id": "f"},
        {"topic": "t" * 61, "body": "Treść", "client_id": "f"},
        {"topic": "Plan", "body": "x" * 4001, "client_id": "f"},
        {"topic": "Plan", "body": "Treść"},
    ],
    ids=["empty body", "empty topic", "blank body", "long topic", "long body", "no client_id"],
)
def test_sending_an_invalid_form_stores_nothing_and_keeps_what_was_typed(member, room, form):
    response = member.post(f"/sieci/{room.network.slug}/rozmowa/wyslij/", form)
    assert response.status_code == 400
    assert not Message.objects.exists()
    page = response.content.decode()
    assert 'role="alert"' in page
    if form["topic"] == "Plan":
        assert 'value="Plan"' in page


def test_sending_into_a_room_one_may_not_enter_is_not_found(outsider, network):
    form = {"topic": "Plan", "body": "Treść", "client_id": "f"}
    assert outsider.post(f"/sieci/{network.slug}/rozmowa/wyslij/", form).status_code == 404
    assert not Message.objects.exists()


def test_sending_asks_anonymous_visitors_to_log_in(client, network):
    form = {"topic": "Plan", "body": "Treść", "client_id": "f"}
    response = client.post(f"/sieci/{network.slug}/rozmowa/wyslij/", form)
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/logowanie/")
    assert not Message.objects.exists()


def test_marking_everything_read_without_javascript(member, room, anna, jan):
    ids = stored(room, jan, 3)
    response = member.post(f"/sieci/{room.network.slug}/rozmowa/przeczytane/")
    assert response.status_code == 302
    assert ReadMarker.objects.get(user=anna, room=room).last_read_id == ids[-1]


# --- resolving a topic ---------------------------------------------------------------------------


@pytest.fixture
def room_broadcasts(monkeypatch):
    sent = []
    monkeypatch.setattr(
        broadcast, "to_group", lambda group, frame, **scope: sent.append((group, frame))
    )
    return sent


def test_resolving_a_topic_without_javascript_is_announced_to_the_room(
    member, room, anna, jan, room_broadcasts, django_capture_on_commit_callbacks
):
    stored(room, jan, 1)
    url = f"/sieci/{room.network.slug}/rozmowa/temat/"
    with django_capture_on_commit_callbacks(execute=True):
        resolved = member.post(url, {"topic": "Plan", "resolved": "1"}, follow=True)
    assert Topic.objects.get(room=room).resolved is True
    assert "Temat „Plan” oznaczono jako rozwiązany." in resolved.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        member.post(url, {"topic": "Plan", "resolved": "0"})
    assert Topic.objects.get(room=room).resolved is False
    assert [(group, frame["type"], frame["resolved"]) for group, frame in room_broadcasts] == [
        (events.room_group(room.key), events.TOPIC_UPDATED, True),
        (events.room_group(room.key), events.TOPIC_UPDATED, False),
    ]


def test_resolving_an_unknown_topic_says_so_and_changes_nothing(
    member, room, jan, room_broadcasts, django_capture_on_commit_callbacks
):
    stored(room, jan, 1)
    with django_capture_on_commit_callbacks(execute=True):
        response = member.post(
            f"/sieci/{room.network.slug}/rozmowa/temat/",
            {"topic": "Nie ma takiego", "resolved": "1"},
            follow=True,
        )
    assert response.status_code == 200
    assert "Ta rozmowa nie ma takiego tematu." in response.content.decode()
    assert not Topic.objects.filter(resolved=True).exists()
    assert room_broadcasts == []


def test_an_outsider_cannot_resolve_a_topic(
    outsider, room, jan, room_broadcasts, django_capture_on_commit_callbacks
):
    stored(room, jan, 1)
    with django_capture_on_commit_callbacks(execute=True):
        response = outsider.post(
            f"/sieci/{room.network.slug}/rozmowa/temat/", {"topic": "Plan", "resolved": "1"}
        )
    assert response.status_code == 404
    assert Topic.objects.get(room=room).resolved is False
    assert room_broadcasts == []


def test_resolving_asks_anonymous_visitors_to_log_in(client, room, jan):
    stored(room, jan, 1)
    response = client.post(
        f"/sieci/{room.network.slug}/rozmowa/temat/", {"topic": "Plan", "resolved": "1"}
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/logowanie/")
    assert Topic.objects.get(room=room).resolved is False


# --- the list of rooms ---------------------------------------------------------------------------


def test_the_rooms_list_asks_anonymous_visitors_to_log_in(client):
    response = client.get("/rozmowy/")
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/logowanie/")


def test_the_rooms_list_shows_the_members_networks_with_unread_counts(member, room, anna, jan):
    needs_template("chat/rooms.html")
    stored(room, jan, 3)
    other = MembershipFactory(user=anna, network__name="Doradztwo zawodowe").network
    NetworkFactory(name="Sieć, do której Anna nie należy")

    response = member.get("/rozmowy/")
    assert response.status_code == 200
    rows = {row["title"]: (row["unread"], row["mentions"]) for row in response.context["rooms"]}
    assert rows == {room.network.name: (3, 0), other.name: (0, 0)}
    content = response.content.decode()
    assert room.network.name in content
    assert "Sieć, do której Anna nie należy" not in content
    # The live counts start from the newest message, without fetching a window of history.
    newest = Message.objects.filter(room=room).latest("id").pk
    assert f'data-chat-room="{room.key}" data-chat-latest="{newest}"' in content


def test_a_member_without_networks_sees_an_empty_list(client):
    needs_template("chat/rooms.html")
    client.force_login(UserFactory())
    response = client.get("/rozmowy/")
    assert response.status_code == 200
    assert response.context["rooms"] == []


@pytest.mark.parametrize("length", [61, 50_000])
def test_resolving_a_topic_longer_than_any_topic_says_there_is_none(member, room, jan, length):
    stored(room, jan, 1)
    url = f"/sieci/{room.network.slug}/rozmowa/temat/"
    response = member.post(url, {"topic": "P" * length, "resolved": "1"}, follow=True)
    assert response.status_code == 200
    assert "Ta rozmowa nie ma takiego tematu." in response.content.decode()
    assert Topic.objects.get(room=room).resolved is False


def test_in_english_messages_and_topics_are_marked_polish(member, room, jan):
    stored(room, jan, 1, body="Spotkanie w Łodzi")
    member.cookies["wzk_language"] = "en"
    content = member.get(f"/sieci/{room.network.slug}/rozmowa/").content.decode()
    assert '<div class="chat-body" lang="pl">Spotkanie w Łodzi</div>' in content
    assert '<span data-topic-name lang="pl">Plan</span>' in content
    member.cookies["wzk_language"] = "pl"
    content = member.get(f"/sieci/{room.network.slug}/rozmowa/").content.decode()
    assert '<div class="chat-body">Spotkanie w Łodzi</div>' in content


def test_in_english_the_rooms_name_and_topics_are_marked_polish_in_sentences_and_lists(
    member, room, jan
):
    room.network.name = "Kształcenie branżowe"
    room.network.save()
    services.message_send(
        user=jan, room=room, topic="Harmonogram targów", body="Spotkanie w Łodzi", client_id="c-1"
    )
    member.cookies["wzk_language"] = "en"
    discussion = parse(member.get(f"/sieci/{room.network.slug}/rozmowa/").content)
    # The heading, the breadcrumb; "Reply in this topic: <topic>" for a screen reader.
    assert languages_of(discussion, "Kształcenie branżowe") == {"pl"}
    assert languages_of(discussion, "Harmonogram targów") == {"pl"}
    for interface in ("Discussion: ", "Thematic networks", "Reply in this topic"):
        assert languages_of(discussion, interface) == {"en"}, interface
    rooms = parse(member.get("/rozmowy/").content)
    assert languages_of(rooms, "Kształcenie branżowe") == {"pl"}
    found = parse(member.get("/rozmowy/szukaj/", {"q": "spotkanie"}).content)
    for typed in ("Kształcenie branżowe › Harmonogram targów", "Spotkanie w Łodzi"):
        assert languages_of(found, typed) == {"pl"}, typed
    assert languages_of(found, "1 message found") == {"en"}


# --- The send limit: the socket's bucket, over HTTP too ----------------------------------------


@pytest.fixture
def slow_refill(monkeypatch):
    """The real burst; the refill slowed down so a slow machine cannot earn a token mid-burst."""
    monkeypatch.setattr(ratelimit, "_limits", ratelimit.TokenBuckets(burst=BURST, rate=0.001))


def _form(n) -> dict:
    return {"topic": "Plan", "body": f"Szybka wiadomość {n}", "client_id": f"szybko-{n}"}


def test_the_sixth_quick_send_without_javascript_is_refused_keeping_the_message(
    member, room, anna, slow_refill
):
    url = f"/sieci/{room.network.slug}/rozmowa/wyslij/"
    for n in range(BURST):
        assert member.post(url, _form(n)).status_code == 302
    typed = {"topic": "Zaproszenie", "body": "Ta wiadomość poczeka", "client_id": "szybko-6"}
    response = member.post(url, typed)

    assert response.status_code == 429
    page = response.content.decode()
    assert 'role="alert"' in page
    assert "Wysyłasz zbyt szybko. Odczekaj chwilę i spróbuj ponownie." in page
    assert 'value="Zaproszenie"' in page
    assert re.search(r"<textarea [^>]*>\s*Ta wiadomość poczeka</textarea>", page)
    assert Message.objects.filter(author=anna).count() == BURST
    assert not Message.objects.filter(body="Ta wiadomość poczeka").exists()


def test_the_sixth_quick_send_in_json_is_answered_429(member, room, anna, slow_refill):
    url = f"/sieci/{room.network.slug}/rozmowa/wyslij/"
    for n in range(BURST):
        assert member.post(url, _form(n), HTTP_ACCEPT="application/json").status_code == 200
    response = member.post(url, _form(BURST), HTTP_ACCEPT="application/json")

    assert response.status_code == 429
    assert response.json() == {
        "error": "rate_limited",
        "message": "Wysyłasz zbyt szybko. Odczekaj chwilę i spróbuj ponownie.",
    }
    assert Message.objects.filter(author=anna).count() == BURST


def test_the_send_limit_is_per_member_over_http(member, room, jan, client, slow_refill):
    url = f"/sieci/{room.network.slug}/rozmowa/wyslij/"
    for n in range(BURST + 1):
        member.post(url, _form(n))
    client.force_login(jan)
    assert client.post(url, _form("jan")).status_code == 302
    assert Message.objects.filter(author=jan).count() == 1
