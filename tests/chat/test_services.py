"""Writes and reads for discussions, below the socket: what is stored, what is announced."""

import itertools
from concurrent.futures import ThreadPoolExecutor
from unittest import mock

import pytest
from asgiref.sync import async_to_sync
from django.db import connection, transaction

from chat import broadcast, events, presence, selectors, services
from chat.errors import BadRequest, NotFound, TooLarge
from chat.models import Mention, Message, ReadMarker, Room, Topic
from chat.permissions import access_room
from network import notices
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def nobody_online(monkeypatch):
    """Presence of this process only, empty: no state left by other tests or in Redis."""
    store = presence.LocalPresence()
    monkeypatch.setattr(presence, "_store", store)
    return store


@pytest.fixture
def broadcasts(monkeypatch):
    """Every frame the services hand to the channel layer, which still delivers them."""
    sent = []
    deliver = broadcast.to_group

    def record(group, frame, **scope):
        sent.append((group, frame))
        deliver(group, frame, **scope)

    monkeypatch.setattr(broadcast, "to_group", record)
    return sent


_client_ids = itertools.count()


def send(user, room, body="Dzień dobry", *, topic="Plan", client_id=None):
    client_id = client_id or f"c{next(_client_ids)}"
    message, _created = services.message_send(
        user=user, room=room, topic=topic, body=body, client_id=client_id
    )
    return message


def frames(recorded, kind):
    return [(group, frame) for group, frame in recorded if frame["type"] == kind]


# --- sending -------------------------------------------------------------------------------------


def test_ids_ascend_within_a_room_in_sending_order(room, anna, jan):
    sent = [send(anna, room), send(jan, room, topic="Budżet"), send(anna, room), send(jan, room)]
    ids = [message.pk for message in sent]
    assert ids == sorted(ids)
    window, has_more = selectors.room_messages(room)
    assert [message.pk for message in window] == ids
    assert has_more is False


def test_room_messages_after_returns_exactly_the_gap(room, anna):
    ids = [send(anna, room, f"{n}").pk for n in range(6)]

    def window(**kwargs):
        messages, has_more = selectors.room_messages(room, **kwargs)
        return [message.pk for message in messages], has_more

    assert window(after=ids[1]) == (ids[2:], False)
    assert window(after=ids[1], limit=2) == (ids[2:4], True)
    assert window(after=ids[-1]) == ([], False)
    assert window(before=ids[3]) == (ids[:3], False)
    assert window(before=ids[3], limit=2) == (ids[1:3], True)
    assert window(limit=4) == (ids[2:], True)
    services.message_delete(user=anna, message_id=ids[3])
    assert window(after=ids[1]) == ([ids[2], *ids[4:]], False)


def test_the_same_client_id_is_one_message(
    room, anna, broadcasts, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first, created = services.message_send(
            user=anna, room=room, topic="Plan", body="Raz", client_id="abc"
        )
        again, created_again = services.message_send(
            user=anna, room=room, topic="Plan", body="Raz", client_id="abc"
        )
    assert (created, created_again) == (True, False)
    assert again.pk == first.pk
    assert Message.objects.filter(author=anna).count() == 1
    assert len(frames(broadcasts, events.MESSAGE)) == 1


def test_a_client_id_racing_in_from_another_socket_returns_the_winner(room, anna):
    """The check before the insert missed the other socket's row; the constraint catches it."""
    winner = send(anna, room, client_id="race")
    real_existing = services._existing
    looked_up = []

    def not_yet_committed_then_real(user, client_id):
        looked_up.append(client_id)
        return None if len(looked_up) == 1 else real_existing(user, client_id)

    with mock.patch.object(services, "_existing", not_yet_committed_then_real):
        message, created = services.message_send(
            user=anna, room=room, topic="Plan", body="Dzień dobry", client_id="race"
        )
    assert len(looked_up) == 2
    assert (message.pk, created) == (winner.pk, False)
    assert Message.objects.filter(author=anna).count() == 1


def test_the_same_client_id_from_two_authors_is_two_messages(room, anna, jan):
    assert send(anna, room, client_id="1").pk != send(jan, room, client_id="1").pk


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"topic": " "}, BadRequest),
        ({"topic": "t" * 61}, BadRequest),
        ({"body": ""}, BadRequest),
        ({"body": "x" * 4001}, TooLarge),
        ({"body": None}, BadRequest),
        ({"client_id": "c" * 65}, BadRequest),
    ],
)
def test_invalid_fields_are_refused_and_nothing_is_stored(room, anna, fields, error):
    with pytest.raises(error):
        services.message_send(
            user=anna, room=room, **{"topic": "Plan", "body": "x", "client_id": "c", **fields}
        )
    assert not Message.objects.exists()


def test_topic_and_body_are_stored_trimmed_and_topics_match_case_insensitively(room, anna):
    first = send(anna, room, "  Dzień dobry \n", topic=" Plan ")
    second = send(anna, room, topic="PLAN")
    assert (first.topic.name, first.body) == ("Plan", "Dzień dobry")
    assert second.topic_id == first.topic_id


def _committed_elsewhere(message_id: int) -> bool:
    """Whether another connection sees the row, i.e. whether it has been committed."""

    def look():
        try:
            return Message.objects.filter(pk=message_id).exists()
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(look).result()


@pytest.mark.django_db(transaction=True)
def test_a_message_is_committed_before_it_is_broadcast(room, anna, monkeypatch):
    seen = []
    deliver = broadcast.to_group

    def record(group, frame, **scope):
        if frame["type"] == events.MESSAGE:
            seen.append((group, _committed_elsewhere(frame["message"]["id"])))
        deliver(group, frame, **scope)

    monkeypatch.setattr(broadcast, "to_group", record)
    send(anna, room)
    assert seen == [(events.room_group(room.key), True)]


@pytest.mark.django_db(transaction=True)
def test_nothing_is_broadcast_when_the_transaction_rolls_back(room, anna, jan, broadcasts):
    with pytest.raises(RuntimeError), transaction.atomic():
        send(anna, room, "@jan.kowalski zobacz")
        raise RuntimeError("something later in the same transaction failed")
    assert broadcasts == []
    assert not Message.objects.exists()
    assert not Mention.objects.exists()


# --- mentions ------------------------------------------------------------------------------------


def test_mentions_resolve_only_room_members(
    room, anna, jan, broadcasts, django_capture_on_commit_callbacks
):
    outsider = MembershipFactory(user__email="obcy@example.org").user
    body = "@JAN.kowalski, @obcy i @anna.nowak: zob. adres biuro@jan.kowalski oraz @jan.kowalski."
    with django_capture_on_commit_callbacks(execute=True):
        message = send(anna, room, body)

    assert list(Mention.objects.values_list("message_id", "user_id", "was_online")) == [
        (message.pk, jan.pk, False)
    ]
    notified = [group for group, _frame in frames(broadcasts, notices.NOTIFICATION)]
    assert notified == [events.user_group(jan.pk)]
    assert events.user_group(outsider.pk) not in [group for group, _frame in broadcasts]
    [(_group, unread)] = frames(broadcasts, events.UNREAD)
    assert (unread["count"], unread["mentions"]) == (1, 1)


def test_a_mention_remembers_whether_the_member_was_online(room, anna, jan, nobody_online):
    async_to_sync(nobody_online.connected)(jan.pk, "socket-1")
    send(anna, room, "@jan.kowalski")
    assert Mention.objects.get(user=jan).was_online is True


# --- read markers and unread counts ---------------------------------------------------------


def test_read_markers_only_move_forward(
    room, anna, jan, broadcasts, django_capture_on_commit_callbacks
):
    ids = [send(jan, room).pk for _n in range(4)]
    assert selectors.unread_counts(anna, room) == (4, 0)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.read_mark(user=anna, room=room, up_to=ids[2]) == (1, 0)
        assert services.read_mark(user=anna, room=room, up_to=ids[0]) == (1, 0)
    assert selectors.last_read_id(anna, room) == ids[2]
    assert [frame for _group, frame in broadcasts] == [
        {"type": events.UNREAD, "room": room.key, "count": 1, "mentions": 0}
    ] * 2
    assert {group for group, _frame in broadcasts} == {events.user_group(anna.pk)}


def test_reading_past_the_newest_message_stops_at_it(room, anna, jan):
    newest = send(jan, room)
    services.read_mark(user=anna, room=room, up_to=newest.pk + 1000)
    assert selectors.last_read_id(anna, room) == newest.pk
    # Later messages are unread, however far the client claimed to have read.
    send(jan, room)
    assert selectors.unread_counts(anna, room) == (1, 0)


@pytest.mark.parametrize("up_to", [True, -1, "5", None, 1.5])
def test_read_up_to_must_be_a_message_id(room, anna, up_to):
    with pytest.raises(BadRequest):
        services.read_mark(user=anna, room=room, up_to=up_to)


def test_sending_marks_ones_own_message_read(room, anna, jan):
    send(jan, room)
    mine = send(anna, room)
    assert selectors.last_read_id(anna, room) == mine.pk
    assert selectors.unread_counts(anna, room) == (0, 0)


def test_unread_and_mentions_ignore_deleted_messages(room, anna, jan):
    message = send(jan, room, "@anna.nowak pilne")
    send(jan, room)
    assert selectors.unread_counts(anna, room) == (2, 1)
    services.message_delete(user=jan, message_id=message.pk)
    assert selectors.unread_counts(anna, room) == (1, 0)


def test_topics_with_unread_count_per_topic(room, anna, jan):
    plan = send(jan, room, topic="Plan")
    send(jan, room, topic="Plan")
    send(jan, room, topic="Budżet")
    send(anna, room, topic="Wizyta")  # one's own messages are never unread
    ReadMarker.objects.filter(user=anna, room=room).update(last_read_id=plan.pk)

    topics = selectors.topics_with_unread(anna, room)
    assert [(topic.name, topic.unread) for topic in topics] == [
        ("Wizyta", 0),
        ("Budżet", 1),
        ("Plan", 1),
    ]


# --- rooms_for -----------------------------------------------------------------------------------


ROOMS_FOR_QUERIES = 6


def test_rooms_for_lists_the_members_networks_with_their_counts(
    room, network, anna, jan, django_assert_num_queries
):
    piotr = MembershipFactory(network=network, user__email="piotr@example.org").user
    send(jan, room, "@anna.nowak @piotr wspólny temat")  # two mentions, still one message
    send(jan, room)
    send(anna, room)
    quiet = MembershipFactory(user=anna, network__name="Aaa cicha sieć").network
    MembershipFactory(network__name="Obca sieć")  # anna is not a member

    # One query per kind of room (networks, events, WZK documents) and the counts'.
    with django_assert_num_queries(ROOMS_FOR_QUERIES):
        rooms = selectors.rooms_for(anna)
    newest = Message.objects.filter(room=room).latest("id").pk
    assert [
        (row["title"], row["key"], row["unread"], row["mentions"], row["latest"]) for row in rooms
    ] == [
        (quiet.name, Room.key_for_network(quiet), 0, 0, 0),
        (network.name, room.key, 0, 0, newest),
    ]
    assert selectors.rooms_for(piotr)[0]["unread"] == 3
    assert selectors.rooms_for(piotr)[0]["mentions"] == 1

    ReadMarker.objects.filter(user=anna).update(last_read_id=0)
    [_quiet, counted] = selectors.rooms_for(anna)
    assert (counted["unread"], counted["mentions"]) == (2, 1)


def test_rooms_for_makes_the_same_queries_for_many_rooms(anna, jan, django_assert_num_queries):
    for _n in range(5):
        membership = MembershipFactory(user=anna)
        MembershipFactory(user=jan, network=membership.network)
        send(jan, access_room(anna, Room.key_for_network(membership.network)))
    with django_assert_num_queries(ROOMS_FOR_QUERIES):
        rooms = selectors.rooms_for(anna)
    assert sorted(row["unread"] for row in rooms) == [0, 1, 1, 1, 1, 1]


# --- edit and delete -----------------------------------------------------------------------------


def test_edit_and_delete_are_announced_after_commit(
    room, anna, broadcasts, django_capture_on_commit_callbacks
):
    message = send(anna, room, "Spotknie")
    with django_capture_on_commit_callbacks(execute=True):
        services.message_edit(user=anna, message_id=message.pk, body="Spotkanie")
        services.message_delete(user=anna, message_id=message.pk)
    updated, deleted = (frame for _group, frame in broadcasts)
    assert (updated["type"], updated["message"]["body"]) == (events.MESSAGE_UPDATED, "Spotkanie")
    assert deleted == {"type": events.MESSAGE_DELETED, "room": room.key, "message_id": message.pk}
    message.refresh_from_db()
    assert (message.body, message.is_deleted) == ("", True)
    with pytest.raises(NotFound):
        services.message_edit(user=anna, message_id=message.pk, body="Jednak")


# --- resolving topics ----------------------------------------------------------------------------


def _topic_resolved_elsewhere(topic_id: int) -> bool:
    """The topic's state as another connection sees it, i.e. as committed."""

    def look():
        try:
            return Topic.objects.get(pk=topic_id).resolved
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(look).result()


@pytest.mark.django_db(transaction=True)
def test_resolving_a_topic_is_committed_then_announced_to_the_room(room, anna, jan, monkeypatch):
    topic_id = send(anna, room, topic="Plan").topic_id
    seen = []
    deliver = broadcast.to_group

    def record(group, frame, **scope):
        if frame["type"] == events.TOPIC_UPDATED:
            seen.append((group, frame, _topic_resolved_elsewhere(topic_id)))
        deliver(group, frame, **scope)

    monkeypatch.setattr(broadcast, "to_group", record)
    # Any letter case names the topic; the frame carries its stored name.
    services.topic_set_resolved(user=jan, room=room, topic="plan", resolved=True)
    services.topic_set_resolved(user=anna, room=room, topic="Plan", resolved=False)

    jan_payload = {"id": jan.pk, "name": jan.get_full_name(), "region": "łódzkie", "guest": False}
    anna_payload = {**jan_payload, "id": anna.pk, "name": anna.get_full_name()}
    assert seen == [
        (
            events.room_group(room.key),
            {
                "type": "topic_updated",
                "room": room.key,
                "topic": "Plan",
                "resolved": True,
                "user": jan_payload,
            },
            True,
        ),
        (
            events.room_group(room.key),
            {
                "type": "topic_updated",
                "room": room.key,
                "topic": "Plan",
                "resolved": False,
                "user": anna_payload,
            },
            False,
        ),
    ]


@pytest.mark.django_db(transaction=True)
def test_a_resolve_that_rolls_back_announces_nothing(room, anna, broadcasts):
    send(anna, room, topic="Plan")
    broadcasts.clear()
    with pytest.raises(RuntimeError), transaction.atomic():
        services.topic_set_resolved(user=anna, room=room, topic="Plan", resolved=True)
        raise RuntimeError("something later in the same transaction failed")
    assert broadcasts == []
    assert Topic.objects.get(room=room).resolved is False


def test_a_topic_already_so_or_unknown_changes_nothing_and_announces_nothing(
    room, anna, broadcasts, django_capture_on_commit_callbacks
):
    send(anna, room, topic="Plan")
    broadcasts.clear()
    with django_capture_on_commit_callbacks(execute=True):
        # A page out of date sends "open it again" for a topic that is open.
        topic = services.topic_set_resolved(user=anna, room=room, topic="Plan", resolved=False)
        for unknown in ("Budżet", "", None):
            with pytest.raises(NotFound):
                services.topic_set_resolved(user=anna, room=room, topic=unknown, resolved=True)
    assert topic.resolved is False
    assert broadcasts == []
    assert not Topic.objects.filter(resolved=True).exists()


def test_a_topic_of_another_room_is_not_found(room, anna, broadcasts):
    other = MembershipFactory(user=anna).network
    other_room = access_room(anna, Room.key_for_network(other))
    send(anna, other_room, topic="Plan")
    broadcasts.clear()
    with pytest.raises(NotFound):
        services.topic_set_resolved(user=anna, room=room, topic="Plan", resolved=True)
    assert broadcasts == []
    assert Topic.objects.get(room=other_room).resolved is False


def test_a_new_message_opens_a_resolved_topic_again(room, anna, jan):
    send(anna, room, topic="Plan")
    services.topic_set_resolved(user=anna, room=room, topic="Plan", resolved=True)
    send(jan, room, topic="PLAN")
    assert Topic.objects.get(room=room).resolved is False


def test_a_send_costs_the_same_few_queries_however_big_the_room(
    room, anna, jan, django_assert_max_num_queries
):
    """What one `send` frame asks of the database, access check included: it bounds how many
    messages a second one process stores (docs/scaling.md). Eight in production; the test's
    own transaction adds a savepoint and its release."""
    for _ in range(30):
        MembershipFactory(network=room.network)
    send(anna, room, "Pierwsza")  # the topic exists from now on, as in a live room
    user = type(anna).objects.select_related("region").get(pk=anna.pk)  # as the socket holds it
    with django_assert_max_num_queries(10):
        message, created = services.message_send(
            user=user,
            room=access_room(user, room.key),
            topic="Plan",
            body="Druga",
            client_id="druga",
        )
        selectors.message_payload(message)
    assert created
    assert ReadMarker.objects.get(user=anna, room=room).last_read_id == message.pk
