"""National staff manage regions, networks and members in the Wagtail admin."""

import pytest

from network.models import Network, User
from network.services import member_sync_groups
from tests.factories import CoordinatorFactory, NationalModeratorFactory, UserFactory, region

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator(client):
    user = NationalModeratorFactory()
    member_sync_groups(member=user)
    client.force_login(user)
    return user


@pytest.mark.parametrize(
    "path", ["/admin/wzk_regions/", "/admin/wzk_networks/", "/admin/wzk_members/"]
)
def test_national_moderator_opens_the_viewsets(client, moderator, path):
    response = client.get(path)
    assert response.status_code == 200


def test_national_moderator_creates_a_network_in_the_admin(client, moderator):
    response = client.post(
        "/admin/wzk_networks/new/",
        {"name": "Edukacja w terenie", "slug": "edukacja-w-terenie", "description": "Opis."},
    )
    assert response.status_code == 302
    assert Network.objects.filter(slug="edukacja-w-terenie").exists()


def test_national_moderator_lists_members_filtered_by_region(client, moderator):
    UserFactory(region=region("podlaskie"), last_name="Podlaska")
    UserFactory(region=region("lubuskie"), last_name="Lubuska")
    text = client.get("/admin/wzk_members/", {"region": region("podlaskie").pk}).text
    assert "Podlaska" in text
    assert "Lubuska" not in text


@pytest.mark.parametrize("factory", [UserFactory, CoordinatorFactory])
def test_regional_members_enter_the_admin_but_not_the_member_viewsets(client, factory):
    """Regional members use the admin to write practices, never to manage people."""
    member = factory(region=region("lodzkie"))
    member_sync_groups(member=member)
    client.force_login(member)
    assert client.get("/admin/").status_code == 200
    for path in ("/admin/wzk_members/", "/admin/wzk_networks/new/", "/admin/wzk_regions/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == "/admin/"
    client.post("/admin/wzk_networks/new/", {"name": "Przejęta", "slug": "przejeta"})
    assert not Network.objects.filter(slug="przejeta").exists()


def test_members_without_admin_access_are_told_so(client):
    client.force_login(UserFactory(region=region("lodzkie")))
    response = client.get("/admin/wzk_members/", follow=True)
    assert response.status_code == 403
    assert "Brak dostępu" in response.text


def test_anonymous_is_sent_to_the_platform_login(client):
    response = client.get("/admin/wzk_members/")
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/logowanie/")


def test_promoting_to_national_moderator_in_the_admin_grants_admin_access(client, moderator):
    member = UserFactory(region=region("opolskie"))
    data = {
        "email": member.email,
        "first_name": member.first_name,
        "last_name": member.last_name,
        "region": "",
        "role": "national_moderator",
        "institution_name": "FRSE",
        "institution_type": "other",
        "position": "",
        "phone": "",
        "language": "pl",
        "is_active": "on",
    }
    response = client.post(f"/admin/wzk_members/edit/{member.pk}/", data)
    assert response.status_code == 302, response.content[:2000]
    member = User.objects.get(pk=member.pk)
    assert member.has_perm("wagtailadmin.access_admin")


def test_the_admin_loads_no_avatar_from_gravatar(client, moderator):
    """A public body does not send hashes of its staff's e-mails to a third party."""
    for path in ("/admin/", "/admin/wzk_members/", "/admin/account/"):
        response = client.get(path, follow=True)
        assert response.status_code == 200
        assert b"gravatar" not in response.content
