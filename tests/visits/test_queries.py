"""Pages whose SQL query count does not grow with the number of invitations (pinned at the
figures measured with 2 and 20)."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory, region
from tests.visits.factories import EventFactory, InvitationFactory
from visits.choices import InvitationStatus

pytestmark = pytest.mark.django_db


def _queries(client, url, django_assert_max_num_queries, limit):
    with django_assert_max_num_queries(limit):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("count", [2, 20])
def test_my_invitations_in_a_fixed_number_of_queries(
    client, host, opole_member, count, django_assert_max_num_queries
):
    for _ in range(count):
        event = EventFactory(organiser=host, host_region=host.region)
        InvitationFactory(event=event, user=opole_member)
        InvitationFactory(event=event, region=region("opolskie"), user=None)
    client.force_login(opole_member)
    _queries(client, reverse("visits:my_invitations"), django_assert_max_num_queries, 10)
    client.force_login(host)
    _queries(client, reverse("visits:my_invitations"), django_assert_max_num_queries, 10)


@pytest.mark.parametrize("count", [2, 20])
def test_event_page_and_invitations_list_in_a_fixed_number_of_queries(
    client, host, count, django_assert_max_num_queries
):
    event = EventFactory(organiser=host, host_region=host.region, guest_seats=100)
    for _ in range(count):
        InvitationFactory(
            event=event,
            user=UserFactory(region=region("opolskie")),
            status=InvitationStatus.ACCEPTED,
            agree_to_be_listed=True,
        )
    client.force_login(host)
    _queries(client, event.get_absolute_url(), django_assert_max_num_queries, 13)
    _queries(
        client,
        reverse("visits:event_invitations", args=[event.pk]),
        django_assert_max_num_queries,
        10,
    )
