"""The start page (/pulpit/): who may open it, its blocks and their honest empty states, each
block as a fragment for the live refresh, and a constant number of queries."""

import pytest
from django.urls import reverse

from network import dashboard
from network.services import member_sync_groups
from tests.factories import CoordinatorFactory, NationalModeratorFactory, UserFactory, region
from tests.visits.factories import EventFactory, InvitationFactory

pytestmark = pytest.mark.django_db

START = "/pulpit/"


def _block(response, name):
    return [s for s in response.context["sections"] if s["block"].name == name]


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(START)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("network:login"))
    assert client.get("/pulpit/bloki/zaproszenia/").status_code == 302


def test_an_email_guest_goes_to_their_profile(client):
    from visits import services

    host = CoordinatorFactory(region=region("lodzkie"))
    event = EventFactory(organiser=host, host_region=host.region)
    invitation = services.guest_invite(
        actor=host, event=event, email="gosc@szkola.example", first_name="Gość", last_name="Test"
    )
    guest = invitation.user
    guest.is_active = True
    guest.save()
    client.force_login(guest)
    response = client.get(START)
    assert response.status_code == 302
    assert response["Location"] == reverse("network:profile")
    assert client.get("/pulpit/bloki/zaproszenia/").status_code == 404


def test_a_member_sees_every_block_of_theirs_with_honest_empty_states(client):
    member = UserFactory(region=region("opolskie"), first_name="Jan")
    client.force_login(member)
    response = client.get(START)
    assert response.status_code == 200
    page = response.text
    assert "Witaj, Jan" in page
    assert "Żadne zaproszenie nie czeka na Twoją odpowiedź." in page
    assert "Brak nadchodzących wydarzeń Twoich ani Twojego województwa." in page
    assert "Żadne głosowanie nie czeka na Twój głos." in page
    # Blocks of work a plain member does not have are left out, not shown empty.
    assert not _block(response, "praktyki")
    assert not _block(response, "sprawozdania")


def test_coordinators_and_national_staff_see_their_review_work(client):
    member = UserFactory(region=region("opolskie"))
    member_sync_groups(member=member)
    client.force_login(member)
    assert not _block(client.get(START), "praktyki")  # an author, not a reviewer

    coordinator = CoordinatorFactory(region=region("opolskie"))
    member_sync_groups(member=coordinator)
    client.force_login(coordinator)
    response = client.get(START)
    assert _block(response, "praktyki")
    assert "Żadna dobra praktyka nie czeka na Twoją ocenę." in response.text
    assert "Twoje województwo nie ma sprawozdania do wypełnienia ani poprawy." in response.text

    moderator = NationalModeratorFactory()
    member_sync_groups(member=moderator)
    client.force_login(moderator)
    response = client.get(START)
    assert _block(response, "praktyki")
    assert "Żadne złożone sprawozdanie nie czeka na Twoją decyzję." in response.text
    assert not _block(response, "glosowania")


def test_each_block_is_a_fragment_and_unknown_ones_are_404(client):
    member = UserFactory(region=region("opolskie"))
    client.force_login(member)
    fragment = client.get("/pulpit/bloki/zaproszenia/")
    assert fragment.status_code == 200
    assert "<html" not in fragment.text
    assert "Żadne zaproszenie nie czeka" in fragment.text
    assert client.get("/pulpit/bloki/nie-ma-takiego/").status_code == 404
    # A block not for this member is not found either.
    assert client.get("/pulpit/bloki/praktyki/").status_code == 404


def test_blocks_say_which_notices_refresh_them(client):
    client.force_login(UserFactory(region=region("opolskie")))
    page = client.get(START).text
    assert 'data-dashboard-block="zaproszenia"' in page
    assert 'data-refresh-on="visit"' in page
    assert 'data-refresh-on="mention"' in page
    assert 'data-refresh-on="opinion"' in page


def test_a_block_name_must_be_a_slug_and_registered_once():
    with pytest.raises(ValueError):
        dashboard.register(dashboard.Block(name="no spaces", title="x", render=lambda r: ""))
    existing = dashboard.block("zaproszenia")
    with pytest.raises(ValueError):
        dashboard.register(dashboard.Block(name="zaproszenia", title="x", render=lambda r: ""))
    assert dashboard.block("zaproszenia") is existing


def test_the_start_page_costs_the_same_queries_however_many_invitations(
    client, django_assert_max_num_queries
):
    coordinator = CoordinatorFactory(region=region("opolskie"))
    for _ in range(2):
        InvitationFactory(user=None, region=coordinator.region)
    client.force_login(coordinator)
    client.get(START)  # warm caches (content types, site)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(START).status_code == 200
    for _ in range(6):
        InvitationFactory(user=None, region=coordinator.region)
        InvitationFactory(user=coordinator)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(START)
    assert response.text.count('class="dashboard-invitation"') == 14


def test_the_home_page_and_the_header_link_to_the_start_page(client):
    client.force_login(UserFactory(region=region("opolskie")))
    home = client.get("/")
    assert 'href="/pulpit/"' in home.text
    assert "Twój pulpit: co na Ciebie czeka" in home.text
