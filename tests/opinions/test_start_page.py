"""Opinions' block on the start page: open votes of the member's WZK in which they have not
voted yet; nothing to vote on for other regions, national staff or the secretariat."""

import pytest

from opinions import services
from tests.opinions.factories import in_vote

pytestmark = pytest.mark.django_db

BLOCK = "/pulpit/bloki/glosowania/"


def test_an_open_vote_waits_until_the_member_votes(client, coordinator, member):
    document = in_vote(coordinator, title="Opinia o programie doradztwa")
    client.force_login(member)
    assert "Opinia o programie doradztwa" in client.get(BLOCK).text
    services.ballot_cast(actor=member, document=document, choice="for")
    block = client.get(BLOCK).text
    assert "Opinia o programie doradztwa" not in block
    assert "Żadne głosowanie nie czeka na Twój głos." in block


def test_other_regions_and_those_without_a_vote_do_not_see_it(
    client, coordinator, outsider, secretariat, national
):
    in_vote(coordinator, title="Opinia o programie doradztwa")
    client.force_login(outsider)
    assert "Opinia o programie doradztwa" not in client.get(BLOCK).text
    for user in (secretariat, national):
        client.force_login(user)
        assert client.get(BLOCK).status_code == 404
