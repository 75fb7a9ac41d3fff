"""The header's account menu: "Administracja" only for those with work in the admin."""

import pytest

from network.services import member_sync_groups
from tests.factories import CoordinatorFactory, NationalModeratorFactory, UserFactory, region

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("make", "sees_admin", "sees_my_practices"),
    [
        (lambda: UserFactory(region=region("lodzkie")), False, True),
        (lambda: CoordinatorFactory(region=region("lodzkie")), True, True),
        (lambda: NationalModeratorFactory(), True, False),
    ],
    ids=["member", "coordinator", "national moderator"],
)
def test_the_admin_link_is_for_those_with_admin_work(client, make, sees_admin, sees_my_practices):
    user = make()
    member_sync_groups(member=user)
    client.force_login(user)
    header = client.get("/regiony/").text.split("</header>", 1)[0]
    assert ('href="/admin/"' in header) is sees_admin
    assert ('href="/dobre-praktyki/moje/"' in header) is sees_my_practices
    assert 'aria-controls="site-menu"' in header
    assert "Mój profil" in header


def test_visitors_see_no_account_menu(client):
    header = client.get("/regiony/").text.split("</header>", 1)[0]
    assert 'href="/admin/"' not in header
    assert "account-menu" not in header
    assert "Zaloguj się" in header
