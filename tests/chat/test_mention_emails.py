"""Mentions a member missed while offline reach them by e-mail: batched, one per 15 minutes."""

import itertools
from datetime import timedelta
from unittest import mock

import pytest
from asgiref.sync import async_to_sync
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from chat import emails, presence, services
from chat.models import Mention, MentionDigest, Room
from chat.permissions import access_room
from network.models import NetworkMembership
from tests.factories import MembershipFactory, NetworkFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def nobody_online(monkeypatch):
    store = presence.LocalPresence()
    monkeypatch.setattr(presence, "_store", store)
    return store


@pytest.fixture
def network(db):
    return NetworkFactory(name="Kształcenie branżowe", slug="ksztalcenie-branzowe")


@pytest.fixture
def anna(network):
    return MembershipFactory(
        network=network, user__email="anna.nowak@example.org", user__first_name="Anna"
    ).user


@pytest.fixture
def jan(network):
    return MembershipFactory(
        network=network, user__email="jan.kowalski@example.org", user__language="en"
    ).user


@pytest.fixture
def room(network, anna):
    return access_room(anna, Room.key_for_network(network))


_client_ids = itertools.count()


def mention(room, author, body="@jan.kowalski czy możesz sprawdzić program?", topic="Program"):
    message, _created = services.message_send(
        user=author, room=room, topic=topic, body=body, client_id=f"m{next(_client_ids)}"
    )
    return message


def run() -> int:
    return emails.mention_emails_send()


def test_an_offline_mention_brings_one_email(room, anna, jan, mailoutbox):
    mention(room, anna)
    assert run() == 1
    assert run() == 0

    [email] = mailoutbox
    assert email.to == [jan.email]
    assert email.subject == f"You were mentioned in a discussion on {settings.WAGTAIL_SITE_NAME}"
    assert f"Hello {jan.get_full_name()}," in email.body
    assert f"{anna.get_full_name()} in Kształcenie branżowe, topic “Program”:" in email.body
    assert "@jan.kowalski czy możesz sprawdzić program?" in email.body
    assert f"{settings.SITE_URL}/sieci/ksztalcenie-branzowe/rozmowa/" in email.body
    assert Mention.objects.get().emailed_at is not None
    assert MentionDigest.objects.get(user=jan).last_sent_at is not None


def test_more_mentions_within_fifteen_minutes_wait_for_one_later_email(room, anna, jan, mailoutbox):
    mention(room, anna, "@jan.kowalski pierwsze")
    assert run() == 1
    mention(room, anna, "@jan.kowalski drugie")
    mention(room, anna, "@jan.kowalski trzecie")
    assert run() == 0

    digest = MentionDigest.objects.get(user=jan)
    digest.last_sent_at = timezone.now() - timedelta(minutes=14)
    digest.save()
    assert run() == 0

    digest.last_sent_at = timezone.now() - timedelta(minutes=15, seconds=1)
    digest.save()
    assert run() == 1
    assert run() == 0

    first, batch = mailoutbox
    assert "pierwsze" in first.body
    assert "pierwsze" not in batch.body
    assert "drugie" in batch.body
    assert "trzecie" in batch.body
    assert (
        batch.subject
        == f"You were mentioned 2 times in discussions on {settings.WAGTAIL_SITE_NAME}"
    )
    assert not Mention.objects.filter(emailed_at__isnull=True).exists()


def test_a_mention_seen_online_brings_no_email(room, anna, jan, nobody_online, mailoutbox):
    async_to_sync(nobody_online.connected)(jan.pk, "socket-1")
    mention(room, anna)
    assert Mention.objects.get().was_online is True
    assert run() == 0
    assert mailoutbox == []


def test_a_mention_read_before_the_run_brings_no_email(room, anna, jan, mailoutbox):
    message = mention(room, anna)
    services.read_mark(user=jan, room=room, up_to=message.pk)
    assert run() == 0
    assert mailoutbox == []


def test_only_unread_mentions_are_listed(room, anna, jan, mailoutbox):
    read = mention(room, anna, "@jan.kowalski przeczytane")
    services.read_mark(user=jan, room=room, up_to=read.pk)
    mention(room, anna, "@jan.kowalski nowe")
    assert run() == 1
    assert "nowe" in mailoutbox[0].body
    assert "przeczytane" not in mailoutbox[0].body


def test_a_deleted_message_brings_no_email(room, anna, jan, mailoutbox):
    message = mention(room, anna)
    services.message_delete(user=anna, message_id=message.pk)
    assert run() == 0


def test_a_member_who_left_the_network_gets_no_email_about_it(room, network, anna, jan, mailoutbox):
    mention(room, anna)
    NetworkMembership.objects.filter(network=network, user=jan).delete()
    assert run() == 0


def test_the_email_quotes_the_first_200_characters(room, anna, jan, mailoutbox):
    body = "@jan.kowalski " + "a" * 186 + "KONIEC-WIDOCZNY" + "b" * 100
    mention(room, anna, body)
    run()
    assert body[:200] + "…" in mailoutbox[0].body
    assert "KONIEC-WIDOCZNY" not in mailoutbox[0].body
    assert "b" * 10 not in mailoutbox[0].body


def test_the_email_is_in_each_members_language(room, anna, jan, mailoutbox):
    jan.language = "pl"
    jan.save()
    mention(room, anna)
    run()
    assert f"Dzień dobry, {jan.get_full_name()}," in mailoutbox[0].body


def test_each_member_gets_their_own_email(room, network, anna, jan, mailoutbox):
    piotr = MembershipFactory(network=network, user__email="piotr.wisniewski@example.org").user
    mention(room, anna, "@jan.kowalski @piotr.wisniewski spotkanie?")
    assert run() == 2
    assert sorted(email.to for email in mailoutbox) == sorted([[jan.email], [piotr.email]])


def test_replying_in_the_room_counts_as_having_read_the_mention(room, anna, jan, mailoutbox):
    mention(room, anna)
    mention(room, jan, "Tak, sprawdzę.")
    assert run() == 0


def test_a_failed_email_is_tried_again_on_the_next_run(room, anna, jan, mailoutbox):
    mention(room, anna)
    with mock.patch.object(emails, "send_templated_mail", side_effect=OSError("SMTP down")):
        assert run() == 0
    assert Mention.objects.get().emailed_at is None
    assert not MentionDigest.objects.exists()
    assert run() == 1
    assert len(mailoutbox) == 1


def test_the_command_sends_and_can_run_every_minute(room, anna, jan, mailoutbox):
    mention(room, anna)
    call_command("send_mention_emails", verbosity=0)
    call_command("send_mention_emails", verbosity=0)
    assert len(mailoutbox) == 1
