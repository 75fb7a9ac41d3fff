"""Votes under contention, on real PostgreSQL, each thread with its own connection: the same
member voting from many tabs at once counts once; ballots racing the closing are each either
in the recorded count or refused with a message, never lost."""

import threading
from datetime import timedelta
from functools import partial

import pytest
from django.core.exceptions import ValidationError
from django.db import connections
from django.utils import timezone

from opinions import services
from opinions.models import Ballot, Vote
from tests.factories import CoordinatorFactory, UserFactory, region
from tests.opinions.factories import in_vote

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

TABS = 20
VOTERS = 30
ROUNDS = 5


def _all_at_once(calls) -> list:
    """Run every call at the same moment; each one's result or exception."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=30)
            results[index] = call()
        except BaseException as error:  # reported by the test
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=item) for item in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def test_one_member_voting_from_twenty_tabs_at_once_counts_once():
    coordinator = CoordinatorFactory(region=region("lodzkie"))
    member = UserFactory(region=coordinator.region)
    for _round in range(ROUNDS):
        document = in_vote(coordinator, title=f"Runda {_round}")
        results = _all_at_once(
            [partial(services.ballot_cast, actor=member, document=document, choice="for")] * TABS
        )
        counted = [r for r in results if isinstance(r, tuple)]
        refused = [r for r in results if isinstance(r, ValidationError)]
        assert len(counted) == 1 and len(refused) == TABS - 1, results
        assert all("Już zagłosowano" in " ".join(r.messages) for r in refused)
        assert Ballot.objects.filter(vote__document=document, member=member).count() == 1


def test_ballots_racing_the_closing_are_counted_or_refused_never_lost():
    coordinator = CoordinatorFactory(region=region("lodzkie"))
    voters = [UserFactory(region=coordinator.region) for _ in range(VOTERS)]
    for _round in range(ROUNDS):
        document = in_vote(coordinator, title=f"Zamknięcie {_round}")
        vote = Vote.objects.get(document=document)
        # The vote closes while the ballots arrive: a closing call races 30 ballots.
        Vote.objects.filter(pk=vote.pk).update(
            opens_at=timezone.now() - timedelta(hours=1),
            closes_at=timezone.now() + timedelta(milliseconds=30),
        )
        calls = [
            partial(services.ballot_cast, actor=m, document=document, choice="for") for m in voters
        ]
        closing = partial(services.vote_close, vote=vote, actor=coordinator)
        results = _all_at_once([*calls, closing])
        ballot_results = results[:-1]
        unexpected = [r for r in ballot_results if not isinstance(r, tuple | ValidationError)]
        assert unexpected == []
        accepted = sum(1 for r in ballot_results if isinstance(r, tuple))
        refused = [r for r in ballot_results if isinstance(r, ValidationError)]
        assert all("nie został policzony" in " ".join(r.messages) for r in refused)
        services.close_due_votes()
        vote.refresh_from_db()
        assert vote.is_recorded
        # Every ballot told "recorded" is in the count; every other one was told it was not.
        assert vote.for_count == accepted == Ballot.objects.filter(vote=vote).count()
        assert accepted + len(refused) == VOTERS
