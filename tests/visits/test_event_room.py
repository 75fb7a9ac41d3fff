"""The event's room ``event:<id>`` over the discussions WebSocket: who may enter, answered from
the outsider's side, and losing access when an invitation is withdrawn or an accept undone."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from asgiref.sync import sync_to_async
from django.urls import reverse
from django.utils import timezone

from chat.models import Message
from network.choices import Role
from network.models import User
from network.visits import services
from network.visits.models import GuestPass
from network.visits.room import room_key
from tests.chat.conftest import close_worker_connections, fresh_layer_and_presence  # noqa: F401
from tests.chat.test_consumer import error, kinds_within, receive, send, socket, subscribe
from tests.visits.factories import EventFactory, InvitationFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("fresh_layer_and_presence", "close_worker_connections"),
]


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
    assert subscribed["room"] == key
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


def test_the_room_page_gives_the_discussions_script_everything_the_network_page_does():
    """The event room page is a copy of the network discussion page with other URLs: when the
    discussions page gains an element or a string the script reads, this page needs it too."""
    root = Path(__file__).resolve().parents[2]
    network_page = (root / "chat/templates/chat/discussion.html").read_text()
    event_page = (root / "network/visits/templates/visits/event_room.html").read_text()
    for pattern in (r"data-[\w-]+(?==)", r'\bid="[\w-]+"'):
        assert set(re.findall(pattern, network_page)) <= set(re.findall(pattern, event_page))
