"""The event's room ``event:<id>`` over the discussions WebSocket: who may enter, answered from
the outsider's side, and losing access when an invitation is withdrawn or an accept undone."""

from datetime import timedelta

import pytest
from asgiref.sync import sync_to_async
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from chat import selectors as chat_selectors
from chat import services as chat_services
from chat.emails import mention_emails_send
from chat.models import Mention, Message
from chat.permissions import access_room
from network.choices import Role
from network.models import User
from tests.chat.conftest import close_worker_connections, fresh_layer_and_presence  # noqa: F401
from tests.chat.test_consumer import error, kinds_within, receive, send, socket, subscribe
from tests.factories import CoordinatorFactory, MembershipFactory, UserFactory, region
from tests.visits.factories import EventFactory, InvitationFactory
from visits import services
from visits.models import GuestPass
from visits.models import event_room_key as room_key

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("fresh_layer_and_presence", "close_worker_connections"),
]


def key_of(event) -> str:
    return room_key(event.pk)


@pytest.fixture
def key(event):
    return room_key(event.pk)


@pytest.fixture
def accepted(event, opole_member):
    invitation = InvitationFactory(event=event, user=opole_member)
    services.invitation_accept(actor=opole_member, invitation=invitation)
    return invitation


def _guest(event, host, *, valid=True) -> User:
    guest = User.objects.create_user(
        "gosc@szkola.example", "Gosc-haslo-2026", role=Role.GUEST, region=None
    )
    invitation = InvitationFactory(event=event, user=guest, invited_by=host)
    GuestPass.objects.create(
        user=guest,
        event=event,
        invitation=invitation,
        sponsor=host,
        expires_at=timezone.now() + timedelta(days=1 if valid else -1),
    )
    services.invitation_accept(actor=guest, invitation=invitation)
    return guest


async def _refused(user, key) -> None:
    """Subscribe and send are both answered ``not_found``, exactly as for no such room."""
    async with socket(user) as ws:
        await ws.send_json_to({"type": "subscribe", "room": key})
        refusal = await error(ws)
        assert (refusal["code"], refusal["ref"]) == ("not_found", key)
        client_id = await send(ws, key)
        refusal = await error(ws)
        assert (refusal["code"], refusal["ref"]) == ("not_found", client_id)
        await ws.send_json_to({"type": "subscribe", "room": "event:999999"})
        assert (await error(ws))["message"] == refusal["message"]


@pytest.mark.asyncio
async def test_the_host_regions_members_and_an_accepted_guest_talk_in_the_room(
    host_member, accepted, opole_member, key
):
    async with socket(host_member) as host_ws, socket(opole_member) as guest_ws:
        await subscribe(host_ws, key)
        await subscribe(guest_ws, key)
        await send(guest_ws, key, "Dzień dobry z Opola")
        await receive(guest_ws, "ack")
        message = await receive(host_ws, "message")
    assert message["room"] == key
    assert message["message"]["body"] == "Dzień dobry z Opola"


@pytest.mark.asyncio
async def test_a_member_of_an_uninvited_region_gets_not_found(outsider, event, key):
    await _refused(outsider, key)


@pytest.mark.asyncio
async def test_an_invited_member_who_has_not_accepted_gets_not_found(event, opole_member, key):
    await sync_to_async(InvitationFactory)(event=event, user=opole_member)
    await _refused(opole_member, key)


@pytest.mark.asyncio
async def test_an_e_mail_guest_enters_only_with_a_valid_pass(event, host, key):
    guest = await sync_to_async(_guest)(event, host)
    async with socket(guest) as ws:
        subscribed = await subscribe(ws, key)
        await send(ws, key, "Dzień dobry, tu gość")
        ack = await receive(ws, "ack")
    assert subscribed["room"] == key
    # Shown as a guest (not as national staff, who also have no region).
    assert (ack["message"]["author"]["region"], ack["message"]["author"]["guest"]) == (None, True)
    await GuestPass.objects.filter(user=guest).aupdate(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    await _refused(guest, key)


@pytest.mark.asyncio
async def test_a_guest_of_another_event_gets_not_found(event, host, key):
    other = await sync_to_async(EventFactory)(organiser=host, host_region_id=host.region_id)
    guest = await sync_to_async(_guest)(other, host)
    await _refused(guest, key)


@pytest.mark.asyncio
async def test_a_withdrawn_invitation_cuts_the_guest_off_at_once(
    host, host_member, accepted, opole_member, key
):
    async with socket(host_member) as host_ws, socket(opole_member) as guest_ws:
        await subscribe(host_ws, key)
        await subscribe(guest_ws, key)
        await sync_to_async(services.invitation_cancel)(actor=host, invitation=accepted)
        assert await receive(guest_ws, "revoked") == {"type": "revoked", "room": key}

        await send(host_ws, key, "Już bez gościa")
        await receive(host_ws, "ack")
        assert "message" not in await kinds_within(guest_ws)
        client_id = await send(guest_ws, key)
        refusal = await error(guest_ws)
        assert (refusal["code"], refusal["ref"]) == ("not_found", client_id)
    assert not await Message.objects.filter(author=opole_member).aexists()


@pytest.mark.asyncio
async def test_declining_after_accepting_leaves_the_room(accepted, opole_member, key):
    async with socket(opole_member) as ws:
        await subscribe(ws, key)
        await sync_to_async(services.invitation_decline)(
            actor=opole_member, invitation=accepted, reason="Choroba"
        )
        assert await receive(ws, "revoked") == {"type": "revoked", "room": key}


@pytest.mark.asyncio
async def test_a_host_member_stays_when_someone_else_declines(
    host_member, accepted, opole_member, key
):
    async with socket(host_member) as ws:
        await subscribe(ws, key)
        await sync_to_async(services.invitation_decline)(actor=opole_member, invitation=accepted)
        assert "revoked" not in await kinds_within(ws)


def test_the_room_page_and_its_link_are_only_for_those_who_may_enter(
    client, event, host_member, outsider, accepted, opole_member
):
    url = reverse("visits:event_room", args=[event.pk])
    for person in (host_member, opole_member):
        client.force_login(person)
        assert client.get(url).status_code == 200
        assert url in client.get(event.get_absolute_url()).text
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    assert url not in client.get(event.get_absolute_url()).text
    response = client.post(
        reverse("visits:event_room_send", args=[event.pk]),
        {"topic": "Plan", "body": "Wchodzę bez zaproszenia", "client_id": "x1"},
    )
    assert response.status_code == 404
    for name in ("event_room_read", "event_room_resolve"):
        response = client.post(reverse(f"visits:{name}", args=[event.pk]), {"topic": "Plan"})
        assert response.status_code == 404
    assert not Message.objects.filter(author=outsider).exists()


def test_the_room_page_sends_without_javascript(client, event, host_member):
    client.force_login(host_member)
    response = client.post(
        reverse("visits:event_room_send", args=[event.pk]),
        {"topic": "Plan", "body": "Plan posiedzenia", "client_id": "bez-js-1"},
        follow=True,
    )
    assert "Plan posiedzenia" in response.text
    assert Message.objects.get(author=host_member).room.key == room_key(event.pk)


@pytest.mark.asyncio
async def test_the_events_organiser_deletes_a_guests_message_and_others_cannot(
    host, host_member, accepted, opole_member, key
):
    async with socket(opole_member) as guest_ws, socket(host_member) as member_ws:
        await subscribe(guest_ws, key)
        await send(guest_ws, key, "Reklama")
        message_id = (await receive(guest_ws, "ack"))["message"]["id"]
        await receive(guest_ws, "message")  # the room's broadcast of it
        await member_ws.send_json_to({"type": "delete", "message_id": message_id})
        assert (await error(member_ws))["code"] == "not_found"
        async with socket(host) as host_ws:
            await subscribe(host_ws, key)
            await host_ws.send_json_to({"type": "delete", "message_id": message_id})
            deleted = await receive(guest_ws, "message_deleted")
    assert deleted["message_id"] == message_id
    assert await Message.objects.filter(pk=message_id, deleted_at__isnull=False).aexists()


def test_the_room_page_is_the_discussions_page_with_the_events_own_urls(client, event, host_member):
    """One template renders both kinds of room; what differs is what the view says."""
    client.force_login(host_member)
    response = client.get(reverse("visits:event_room", args=[event.pk]))
    assert response.templates[0].name == "chat/discussion.html"
    page = response.text
    assert f"Discussion: {event.title}" in page or f"Rozmowa: {event.title}" in page
    assert f'href="{event.get_absolute_url()}">{event.title}</a>' in page
    for name in ("event_room_send", "event_room_read", "event_room_resolve"):
        assert reverse(f"visits:{name}", args=[event.pk]) in page
    assert f'data-room="{room_key(event.pk)}"' in page
    assert 'action="/sieci/' not in page
    assert 'data-resolve-url="/sieci/' not in page


def test_reading_and_resolving_without_javascript_in_the_event_room(client, event, host_member):
    client.force_login(host_member)
    send_url = reverse("visits:event_room_send", args=[event.pk])
    client.post(send_url, {"topic": "Plan", "body": "Pierwsza", "client_id": "r1"})
    response = client.post(
        reverse("visits:event_room_resolve", args=[event.pk]),
        {"topic": "plan", "resolved": "1"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("visits:event_room", args=[event.pk])
    assert Message.objects.get().topic.resolved
    response = client.post(reverse("visits:event_room_read", args=[event.pk]))
    assert response.url == reverse("visits:event_room", args=[event.pk])


# --- Mentions ------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_a_mention_in_the_event_room_notifies_an_accepted_guest(
    event, key, accepted, host_member, opole_member
):
    # The guest is on another page: not subscribed to the room, still notified.
    async with socket(opole_member) as guest_ws:
        async with socket(host_member) as host_ws:
            await subscribe(host_ws, key)
            await send(host_ws, key, "@czlonek proszę o listę uczestników z Opola")
            await receive(host_ws, "ack")
        notification = await receive(guest_ws, "notification")
        unread = await receive(guest_ws, "unread")
    assert notification["kind"] == "mention"
    assert notification["room"] == key
    assert notification["url"] == reverse("visits:event_room", args=[event.pk])
    assert event.title in notification["text"]
    assert (unread["room"], unread["mentions"]) == (key, 1)
    assert await Mention.objects.filter(user=opole_member).aexists()


@pytest.mark.asyncio
async def test_someone_who_may_not_enter_the_event_room_is_not_notified_even_if_named(
    host_member, outsider, event, key
):
    # A member of mazowieckie (not invited) and one of opolskie whose invitation is pending:
    # both are "czlonek@…", like the guests who may be mentioned.
    pending = await sync_to_async(
        lambda: InvitationFactory(
            event=event,
            user=UserFactory(region=region("opolskie"), email="czlonek@szkola-opole.example"),
        )
    )()
    async with socket(outsider) as outsider_ws, socket(host_member) as host_ws:
        await subscribe(host_ws, key)
        await send(host_ws, key, "@czlonek czy ktoś z innych regionów?")
        await receive(host_ws, "ack")
        assert "notification" not in await kinds_within(outsider_ws)
    assert not await Mention.objects.filter(user__in=[outsider.pk, pending.user_id]).aexists()


def _post(author, event, body: str, *, client_id: str) -> None:
    chat_services.message_send(
        user=author,
        room=access_room(author, key_of(event)),
        topic="Plan",
        body=body,
        client_id=client_id,
    )


def test_an_offline_guest_gets_the_mention_by_e_mail_with_the_rooms_link(
    event, host_member, accepted, opole_member, mailoutbox
):
    mailoutbox.clear()  # the invitation's own e-mails
    _post(host_member, event, "@czlonek pociąg o 8:10", client_id="e1")
    assert mention_emails_send() == 1
    [email] = mailoutbox
    assert email.to == [opole_member.email]
    assert event.title in email.body
    assert f"{settings.SITE_URL}{reverse('visits:event_room', args=[event.pk])}" in email.body


def test_no_mention_e_mail_once_the_guest_has_lost_the_room(
    event, host, host_member, accepted, mailoutbox
):
    _post(host_member, event, "@czlonek pociąg o 8:10", client_id="e2")
    services.invitation_cancel(actor=host, invitation=accepted)
    assert mention_emails_send() == 0
    assert not [email for email in mailoutbox if "pociąg o 8:10" in email.body]


# --- The rooms list ------------------------------------------------------------------------


def _listed(client, user) -> dict[str, tuple[int, int]]:
    client.force_login(user)
    response = client.get(reverse("chat:rooms"))
    assert response.status_code == 200
    return {row["key"]: (row["unread"], row["mentions"]) for row in response.context["rooms"]}


def test_the_rooms_list_shows_the_event_room_to_a_guest_with_counts(
    client, event, host_member, accepted, opole_member
):
    for n, body in enumerate(("Dzień dobry", "@czlonek do zobaczenia")):
        _post(host_member, event, body, client_id=f"l{n}")
    assert _listed(client, opole_member) == {key_of(event): (2, 1)}
    assert _listed(client, host_member) == {key_of(event): (0, 0)}
    page = client.get(reverse("chat:rooms")).text
    assert reverse("visits:event_room", args=[event.pk]) in page
    assert f'data-chat-room="{key_of(event)}"' in page


def test_the_rooms_list_hides_the_event_room_from_an_uninvited_member(
    client, event, outsider, opole_member
):
    InvitationFactory(event=event, user=opole_member)  # invited, not yet accepted
    assert _listed(client, outsider) == {}
    assert _listed(client, opole_member) == {}
    assert event.title not in client.get(reverse("chat:rooms")).text


def test_the_rooms_list_leaves_out_cancelled_events_and_those_long_over(client, host, host_member):
    now = timezone.now()
    recent = EventFactory(
        organiser=host,
        starts_at=now - timedelta(days=29, hours=5),
        ends_at=now - timedelta(days=29),
        rsvp_deadline=now - timedelta(days=35),
    )
    EventFactory(
        organiser=host,
        starts_at=now - timedelta(days=31, hours=5),
        ends_at=now - timedelta(days=31),
        rsvp_deadline=now - timedelta(days=35),
    )
    EventFactory(organiser=host, cancelled_at=now)
    assert list(_listed(client, host_member)) == [key_of(recent)]


def test_search_across_my_rooms_reaches_an_event_long_over(client, host, host_member, outsider):
    """The rooms page leaves an event ended two months ago out; search still finds what was
    said in its room, linking to the message."""
    now = timezone.now()
    past = EventFactory(
        organiser=host,
        starts_at=now - timedelta(days=60, hours=5),
        ends_at=now - timedelta(days=60),
        rsvp_deadline=now - timedelta(days=65),
    )
    _post(host_member, past, "Protokół z wizyty w Zgierzu", client_id="s1")
    message = Message.objects.get(body="Protokół z wizyty w Zgierzu")
    assert list(_listed(client, host_member)) == []
    response = client.get(reverse("chat:search"), {"q": "protokol zgierz"})
    assert response.status_code == 200
    [result] = response.context["results"]
    assert result["message"].pk == message.pk
    assert result["room_title"] == past.title
    room_url = reverse("visits:event_room", args=[past.pk])
    assert result["url"] == f"{room_url}?przed={message.pk + 1}#wiadomosc-{message.pk}"
    # Someone who may not enter the room does not find it.
    client.force_login(outsider)
    assert client.get(reverse("chat:search"), {"q": "protokol"}).context["results"] == []


def test_the_rooms_list_makes_the_same_queries_for_one_event_room_and_many(
    host, opole_member, django_assert_num_queries
):
    """Six queries: networks, events, WZK documents, rooms, counts, newest ids; however many
    rooms."""

    def unread_in_the_list():
        with django_assert_num_queries(6):
            return [row["unread"] for row in chat_selectors.rooms_for(opole_member)]

    def invited_event(n: int):
        event = EventFactory(organiser=host)
        invitation = InvitationFactory(event=event, region=opole_member.region, user=None)
        services.invitation_accept(actor=opole_coordinator, invitation=invitation)
        _post(host, event, "Zapraszamy", client_id=f"q{n}")

    opole_coordinator = CoordinatorFactory(region=opole_member.region)
    invited_event(0)
    assert unread_in_the_list() == [1]
    for n in range(1, 5):
        invited_event(n)
    MembershipFactory(user=opole_member)
    assert unread_in_the_list() == [0] + [1] * 5
