"""The document's room ``opinion:<id>``: the region's WZK members talk in it (mentions, unread,
the rooms page); everyone else is answered ``not_found``, as for a room that does not exist."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from chat import services as chat_services
from chat.models import Mention
from chat.permissions import access_room
from opinions.models import Document, opinion_room_key
from tests.chat.conftest import close_worker_connections, fresh_layer_and_presence  # noqa: F401
from tests.chat.test_consumer import error, receive, send, socket, subscribe
from tests.factories import UserFactory, region
from tests.opinions.factories import adopted, draft

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("fresh_layer_and_presence", "close_worker_connections"),
]


@pytest.mark.asyncio
async def test_the_wzks_members_talk_and_outsiders_get_not_found(
    coordinator, member, secretariat, outsider, other_coordinator, national, guest
):
    from asgiref.sync import sync_to_async

    document = await sync_to_async(draft)(coordinator)
    key = opinion_room_key(document.pk)
    async with socket(coordinator) as one, socket(secretariat) as two:
        await subscribe(one, key)
        await subscribe(two, key)
        await send(two, key, "Proponuję dopisać poradnie.")
        await receive(two, "ack")
        message = await receive(one, "message")
        assert message["message"]["body"] == "Proponuję dopisać poradnie."
    for person in (outsider, other_coordinator, national, guest):
        async with socket(person) as ws:
            await ws.send_json_to({"type": "subscribe", "room": key})
            refusal = await error(ws)
            assert (refusal["code"], refusal["ref"]) == ("not_found", key)


def test_a_mention_reaches_a_member_and_not_an_outsider(coordinator, member):
    UserFactory(region=region("mazowieckie"), email="ola@mazowieckie.example")  # may not enter
    document = draft(coordinator)

    room = access_room(coordinator, opinion_room_key(document.pk))
    chat_services.message_send(
        user=coordinator,
        room=room,
        topic="Akapit 2",
        body="@czlonek i @ola – zerknijcie",
        client_id="a1",
    )
    assert list(Mention.objects.values_list("user_id", flat=True)) == [member.pk]


def test_the_room_page_works_without_javascript_and_is_listed(
    client, coordinator, member, outsider
):
    document = draft(coordinator)
    client.force_login(member)
    page = client.get(reverse("opinions:room", args=[document.pk]))
    assert page.status_code == 200
    assert f"Rozmowa: {document.title}" in page.content.decode()
    client.post(
        reverse("opinions:room_send", args=[document.pk]),
        {"topic": "Termin", "body": "Do piątku?", "client_id": "c1"},
    )
    assert "Do piątku?" in client.get(reverse("opinions:room", args=[document.pk])).content.decode()
    assert document.title in client.get(reverse("chat:rooms")).content.decode()
    client.force_login(outsider)
    assert client.get(reverse("opinions:room", args=[document.pk])).status_code == 404
    assert document.title not in client.get(reverse("chat:rooms")).content.decode()


def test_search_reaches_the_room_of_a_document_decided_long_ago(client, coordinator, member):
    """The rooms page leaves a document adopted two months ago out; search still finds what
    its WZK said in its room."""
    document = adopted(coordinator)
    chat_services.message_send(
        user=coordinator,
        room=access_room(coordinator, opinion_room_key(document.pk)),
        topic="Akapit 2",
        body="Poprawka o poradniach przyjęta",
        client_id="s1",
    )
    Document.objects.filter(pk=document.pk).update(updated_at=timezone.now() - timedelta(days=60))
    client.force_login(member)
    assert document.title not in client.get(reverse("chat:rooms")).content.decode()
    results = client.get(reverse("chat:search"), {"q": "poradniach"}).context["results"]
    assert [result["room_title"] for result in results] == [document.title]
