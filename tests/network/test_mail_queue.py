"""Every e-mail leaves through the task queue (the database queue and its worker, as in
production): nothing is sent inside the request, the worker delivers each once, a mail server
that is down is tried again later and the mail arrives once, and a notice to 300 people costs
the request what a notice to 3 does."""

import socket
import time
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from chat import emails as chat_emails
from chat import presence
from chat import services as chat_services
from chat.models import Room
from chat.permissions import access_room
from config.settings import base as base_settings
from network import services as network_services
from network.mail import deliver_email
from tests.cms.test_moderation import _synced, submit_new_practice, workflow_action
from tests.factories import (
    CoordinatorFactory,
    MembershipFactory,
    NetworkFactory,
    UserFactory,
    region,
)
from tests.visits.factories import EventFactory, InvitationFactory
from visits import services as visits_services
from visits.choices import InvitationStatus

pytestmark = pytest.mark.django_db

QUEUED = "network.mail.QueuedEmailBackend"


@pytest.fixture
def queue(settings, monkeypatch):
    """E-mail and notices go to the database queue; ``run()`` is one pass of the worker."""
    # Between tasks the worker drops a connection that is not in autocommit, as a long-running
    # process should; here that would end the transaction the test runs in.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    settings.EMAIL_BACKEND = QUEUED
    settings.MAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
        "platform": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    }

    def run():
        call_command(
            "db_worker", "--batch", "--backend", "platform", "--no-startup-delay", "--no-reload"
        )

    return run


def queued(task_name: str) -> int:
    return DBTaskResult.objects.filter(task_path__endswith=task_name, status="READY").count()


def test_production_and_development_send_through_the_queue():
    assert base_settings.EMAIL_BACKEND == QUEUED
    assert base_settings.MAIL_DELIVERY_BACKEND != QUEUED


def test_activation_is_queued_then_delivered_once_by_the_worker(queue):
    coordinator = CoordinatorFactory(region=region("lodzkie"))
    network_services.member_invite(
        actor=coordinator, email="nowa.osoba@lodzkie.example", first_name="Nowa", last_name="Osoba"
    )
    assert mail.outbox == []
    assert queued("deliver_email") == 1

    queue()
    queue()
    assert [message.to for message in mail.outbox] == [["nowa.osoba@lodzkie.example"]]
    assert "/konto/aktywacja/" in mail.outbox[0].body


def test_password_reset_is_queued(client, queue):
    UserFactory(email="ewa@mazowieckie.example")
    client.post("/konto/haslo/reset/", {"email": "ewa@mazowieckie.example"})
    assert mail.outbox == []
    queue()
    assert [message.to for message in mail.outbox] == [["ewa@mazowieckie.example"]]


def test_invitations_changes_and_cancellations_are_queued_with_their_calendar(queue):
    host = CoordinatorFactory(region=region("lodzkie"))
    guest = UserFactory(region=region("opolskie"))
    event = EventFactory(organiser=host, host_region=host.region)

    visits_services.invitations_send(actor=host, event=event, users=[guest])
    assert mail.outbox == []
    queue()
    visits_services.event_update(actor=host, event=event, title="Posiedzenie WZK (zmiana)")
    queue()
    visits_services.event_cancel(actor=host, event=event, reason="Choroba prowadzącego")
    queue()
    to_guest = [message for message in mail.outbox if message.to == [guest.email]]
    assert len(to_guest) == 3
    methods = [
        part.get_param("method")
        for message in to_guest
        for part in message.attachments
        if part.get_content_type() == "text/calendar"
    ]
    assert methods == ["REQUEST", "REQUEST", "CANCEL"]


def test_reminders_are_queued(queue):
    host = CoordinatorFactory(region=region("lodzkie"))
    start = timezone.now() + timedelta(days=1)
    event = EventFactory(
        organiser=host,
        host_region=host.region,
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        rsvp_deadline=start - timedelta(hours=2),
    )
    accepted = InvitationFactory(event=event, status=InvitationStatus.ACCEPTED)
    call_command("send_event_reminders", verbosity=0)
    assert mail.outbox == []
    queue()
    assert [message.to for message in mail.outbox] == [[accepted.user.email]]


def test_guest_links_are_queued(queue):
    host = CoordinatorFactory(region=region("lodzkie"))
    event = EventFactory(organiser=host, host_region=host.region)
    visits_services.guest_invite(
        actor=host, event=event, email="gosc@szkola.example", first_name="Gość", last_name="Szkolny"
    )
    assert mail.outbox == []
    queue()
    assert [message.to for message in mail.outbox] == [["gosc@szkola.example"]]
    assert "/goscie/" in mail.outbox[0].body


def test_mention_digests_are_queued(queue, monkeypatch):
    monkeypatch.setattr(presence, "_store", presence.LocalPresence())
    network = NetworkFactory()
    anna = MembershipFactory(network=network, user__email="anna.nowak@lodzkie.example").user
    jan = MembershipFactory(network=network, user__email="jan.kowalski@opolskie.example").user
    room = access_room(anna, Room.key_for_network(network))
    chat_services.message_send(
        user=anna, room=room, topic="Plan", body="@jan.kowalski zobacz", client_id="m-1"
    )
    queue()  # the mention's live notice
    assert chat_emails.mention_emails_send() == 1
    assert mail.outbox == []
    queue()
    assert [message.to for message in mail.outbox] == [[jan.email]]


def test_wagtail_rejections_are_queued(client, queue):
    author = _synced(UserFactory(region=region("lodzkie")))
    coordinator = _synced(CoordinatorFactory(region=region("lodzkie")))
    practice = submit_new_practice(client, author, title="Warsztaty zawodowe w Łodzi")
    queue()
    mail.outbox.clear()

    workflow_action(client, coordinator, practice, "reject", comment="Dodaj liczbę uczestników.")
    assert mail.outbox == []
    queue()
    to_author = [message for message in mail.outbox if message.to == [author.email]]
    assert len(to_author) == 1
    assert "Dodaj liczbę uczestników." in to_author[0].body


# --- A mail server that is down --------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope.content.decode("utf-8", "replace"))
        return "250 OK"


def test_a_mail_server_that_is_down_is_tried_again_and_the_mail_arrives_once(queue, settings):
    port = _free_port()
    settings.MAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5

    user = UserFactory(email="ewa@mazowieckie.example")
    mail.EmailMessage("Zaproszenie", "Treść", to=[user.email]).send()

    queue()  # nothing listens on the port: the send fails and is queued again for later
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.args_kwargs["args"][1] == 2  # the second attempt
    assert retry.run_after > timezone.now() + timedelta(seconds=30)

    inbox = Inbox()
    server = Controller(inbox, hostname="127.0.0.1", port=port)
    server.start()
    try:
        queue()  # the pause has not passed yet: nothing is sent
        assert inbox.messages == []
        DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
        queue()
        queue()
        deadline = time.monotonic() + 5
        while not inbox.messages and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        server.stop()
    assert len(inbox.messages) == 1
    assert "\nSubject: Zaproszenie\r\n" in inbox.messages[0]
    assert DBTaskResult.objects.filter(status="READY").count() == 0


def test_a_mail_that_keeps_failing_stays_in_the_queue_as_failed(queue, settings, caplog):
    settings.MAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", _free_port()
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    message = {
        "subject": "Ostatnia próba",
        "body": "Treść",
        "from_email": "noreply@wzk.example",
        "to": ["ewa@mazowieckie.example"],
        "cc": [],
        "bcc": [],
        "reply_to": [],
        "headers": {},
        "alternatives": [],
        "attachments": [],
    }
    deliver_email.enqueue(message, 8)
    queue()
    failed = DBTaskResult.objects.get()
    assert failed.status == "FAILED"
    assert failed.args_kwargs["args"][0]["subject"] == "Ostatnia próba"
    assert "not sent after 8 attempts" in caplog.text


# --- Many recipients, one request's worth of work --------------------------------------------


def _cost(**recipients) -> tuple[int, int, int]:
    """Queries the request makes besides writing the invitations' rows, the statements that
    write them (SQLite inserts in batches of its variable limit), and tasks it queues."""
    host = CoordinatorFactory(region=region("lodzkie"))
    event = EventFactory(organiser=host, host_region=host.region, guest_seats=1000)
    before = DBTaskResult.objects.count()
    with CaptureQueriesContext(connection) as queries:
        visits_services.invitations_send(actor=host, event=event, **recipients)
    inserts = [q for q in queries if q["sql"].startswith('INSERT INTO "visits_invitation"')]
    return len(queries) - len(inserts), len(inserts), DBTaskResult.objects.count() - before


def test_inviting_300_members_costs_the_request_what_inviting_3_does(queue):
    few = UserFactory.create_batch(3, region=region("opolskie"))
    many = UserFactory.create_batch(300, region=region("opolskie"))
    few_queries, few_inserts, few_tasks = _cost(users=few)
    many_queries, many_inserts, many_tasks = _cost(users=many)
    assert many_queries == few_queries
    assert few_tasks == many_tasks == 1
    assert few_inserts == 1
    assert many_inserts <= 300 // 50  # in bulk: at least 50 rows a statement

    queue()
    queue()
    received = sorted(message.to[0] for message in mail.outbox)
    assert received == sorted(user.email for user in [*few, *many])


def test_inviting_a_region_of_300_members_costs_what_a_region_of_3_does(queue):
    small, large = region("opolskie"), region("slaskie")
    coordinators = []
    for place, count in ((small, 3), (large, 300)):
        coordinators.append(CoordinatorFactory(region=place))
        UserFactory.create_batch(count, region=place)
    assert _cost(regions=[small]) == _cost(regions=[large])

    queue()
    queue()
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        coordinator.email for coordinator in coordinators
    )


def test_a_notice_queued_under_the_tasks_old_path_is_still_delivered(queue):
    """Rows queued before the delivery task moved from chat to network keep its old path."""
    host = CoordinatorFactory(region=region("lodzkie"))
    guest = UserFactory(region=region("opolskie"))
    event = EventFactory(organiser=host, host_region=host.region)
    visits_services.invitations_send(actor=host, event=event, users=[guest])
    moved = DBTaskResult.objects.filter(task_path="network.notices.deliver_notice")
    assert moved.update(task_path="chat.notices.deliver_notice") == 1
    queue()  # the notice, which queues its e-mail
    queue()
    assert DBTaskResult.objects.get(task_path="chat.notices.deliver_notice").status == "SUCCESSFUL"
    assert [message.to for message in mail.outbox] == [[guest.email]]
