"""Demo discussions in ``seed_demo``: each demo network's room holds its history, written by the
network's members; a second run posts nothing."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings

from chat.models import Message, Room
from demo.accounts import ANNA, JAN
from demo.loaders.discussions import DISCUSSIONS, seed_discussions

pytestmark = pytest.mark.django_db


def seed() -> None:
    with override_settings(DEBUG=True):
        call_command("seed_demo", "--without-practices", stdout=StringIO())


def test_every_demo_network_room_has_its_history_once():
    seed()
    for slug, topics in DISCUSSIONS.items():
        room = Room.objects.get(network__slug=slug)
        history = room.messages.order_by("id").select_related("topic", "author")
        expected = [(topic["topic"], m["body"]) for topic in topics for m in topic["messages"]]
        assert [(message.topic.name, message.body) for message in history] == expected
        for message in history:
            assert message.author.networks.filter(slug=slug).exists(), message.author.email
    advice = Room.objects.get(network__slug="doradztwo-zawodowe").messages
    assert {ANNA, JAN} <= set(advice.values_list("author__email", flat=True))

    count = Message.objects.count()
    seed()
    assert seed_discussions() == 0
    assert Message.objects.count() == count
