"""Chat's block on the start page: the rooms with unread messages, mentions first, with an
honest "all read" state; every room of the member listed (hidden) for its quiet subscription."""

import pytest

from chat import services

pytestmark = pytest.mark.django_db

BLOCK = "/pulpit/bloki/rozmowy/"


def test_unread_messages_and_mentions_are_counted_until_read(client, room, anna, jan, network):
    client.force_login(jan)
    block = client.get(BLOCK).text
    assert "Wszystko w Twoich rozmowach jest przeczytane." in block
    assert f'data-chat-room="{room.key}"' in block

    local = jan.email.split("@")[0]
    services.message_send(user=anna, room=room, topic="Dojazd", body="Kto jedzie?", client_id="a1")
    message, _ = services.message_send(
        user=anna, room=room, topic="Dojazd", body=f"@{local} czy jedziesz?", client_id="a2"
    )
    block = client.get(BLOCK).text
    assert network.name in block
    assert "2 nieprzeczytane wiadomości" in block
    assert "1 wzmianka o Tobie" in block

    services.read_mark(user=jan, room=room, up_to=message.pk)
    assert "Wszystko w Twoich rozmowach jest przeczytane." in client.get(BLOCK).text


def test_a_member_of_no_network_is_told_so(client):
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    assert "nie należysz" in client.get(BLOCK).text.lower()
