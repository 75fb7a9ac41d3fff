"""The last seat under contention, on real PostgreSQL: 50 members accept at the same moment,
each in its own thread with its own database connection; exactly one gets the seat, every
time, and the others queue in a strict order."""

import threading

import pytest
from django.db import connections

from tests.factories import CoordinatorFactory, UserFactory, region
from tests.visits.factories import EventFactory
from visits import selectors, services
from visits.choices import InvitationStatus
from visits.models import Invitation

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

CONTENDERS = 50
ROUNDS = 20


def _accept_all_at_once(invitations) -> tuple[list[str], list[BaseException]]:
    barrier = threading.Barrier(len(invitations))
    statuses, errors = [], []
    lock = threading.Lock()

    def accept(invitation):
        try:
            barrier.wait(timeout=30)
            answered, _changed = services.invitation_accept(
                actor=invitation.user, invitation=invitation
            )
            with lock:
                statuses.append(answered.status)
        except BaseException as error:  # reported by the test, not lost in the thread
            with lock:
                errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=accept, args=(inv,)) for inv in invitations]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return statuses, errors


def test_fifty_concurrent_accepts_for_the_last_seat_exactly_one_wins_every_round():
    host = CoordinatorFactory(region=region("lodzkie"))
    guests = [UserFactory(region=region("opolskie")) for _ in range(CONTENDERS)]
    for round_number in range(ROUNDS):
        event = EventFactory(organiser=host, host_region=host.region, guest_seats=1)
        Invitation.objects.bulk_create(
            Invitation(event=event, user=guest, invited_by=host) for guest in guests
        )
        invitations = list(event.invitations.select_related("user"))

        statuses, errors = _accept_all_at_once(invitations)

        assert errors == [], f"round {round_number}: {errors[:3]}"
        assert statuses.count(InvitationStatus.ACCEPTED) == 1, f"round {round_number}"
        assert statuses.count(InvitationStatus.WAITLISTED) == CONTENDERS - 1
        assert selectors.seats_taken(event) == 1
        tickets = list(selectors.waiting_list(event).values_list("waitlist_position", flat=True))
        assert tickets == list(range(1, CONTENDERS))

        # The winner gives the seat back: the first in line, and only they, get it.
        winner = event.invitations.get(status=InvitationStatus.ACCEPTED)
        first_in_line = selectors.waiting_list(event).first()
        services.invitation_decline(actor=winner.user, invitation=winner)
        first_in_line.refresh_from_db()
        assert first_in_line.status == InvitationStatus.ACCEPTED
        assert selectors.seats_taken(event) == 1
        assert selectors.waiting_list(event).count() == CONTENDERS - 2
