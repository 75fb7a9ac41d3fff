"""What visitors and members see: home, regions, networks, the members' directory."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from network.models import Region
from tests.factories import (
    MembershipFactory,
    NationalModeratorFactory,
    NetworkFactory,
    UserFactory,
    region,
)

pytestmark = pytest.mark.django_db


def test_the_16_regions_exist_with_teryt_codes_and_ascii_slugs():
    regions = list(Region.objects.values_list("teryt", "name", "slug"))
    assert len(regions) == 16
    assert ("10", "łódzkie", "lodzkie") in regions
    assert ("24", "śląskie", "slaskie") in regions
    assert ("28", "warmińsko-mazurskie", "warminsko-mazurskie") in regions
    assert all(slug.isascii() for _teryt, _name, slug in regions)


def test_home_page_in_polish_with_funding_marking_and_accessibility_link(client):
    response = client.get("/")
    assert response.status_code == 200
    assert '<html lang="pl">' in response.text
    assert "Sfinansowane przez Unię Europejską NextGenerationEU" in response.text
    assert "Krajowy Plan Odbudowy" in response.text
    assert 'href="/deklaracja-dostepnosci/"' in response.text
    assert "Przejdź do treści głównej" in response.text
    for name in ("łódzkie", "opolskie", "zachodniopomorskie"):
        assert name in response.text


def test_home_page_in_english_when_chosen(english):
    response = english.get("/")
    assert '<html lang="en">' in response.text
    assert "Funded by the European Union NextGenerationEU" in response.text


def test_accessibility_statement(client):
    response = client.get("/deklaracja-dostepnosci/")
    assert response.status_code == 200
    assert "Deklaracja dostępności" in response.text
    assert "Rzecznik" in response.text


def test_unknown_page_is_a_polish_404(client):
    response = client.get("/nie-ma-takiej-strony/")
    assert response.status_code == 404
    assert "Nie znaleziono strony" in response.text


def test_region_page_hides_contacts_from_visitors(client):
    lodzkie = region("lodzkie")
    UserFactory(region=lodzkie, email="kontakt@lodzkie.example", phone="+48 42 111 22 33")
    visitor = client.get("/regiony/lodzkie/")
    assert visitor.status_code == 200
    assert "kontakt@lodzkie.example" not in visitor.text
    assert "111 22 33" not in visitor.text
    client.force_login(UserFactory(region=region("opolskie")))
    member = client.get("/regiony/lodzkie/")
    assert "kontakt@lodzkie.example" in member.text
    assert "+48 42 111 22 33" in member.text


def test_unknown_region_is_404(client):
    assert client.get("/regiony/atlantyda/").status_code == 404


class TestNetworks:
    def test_description_is_public_member_list_only_for_members(self, client):
        network = NetworkFactory(description="Doradcy zawodowi wymieniają doświadczenia.")
        MembershipFactory(network=network, user=UserFactory(last_name="Kowalski"))
        visitor = client.get(f"/sieci/{network.slug}/")
        assert "Doradcy zawodowi wymieniają doświadczenia." in visitor.text
        assert "Kowalski" not in visitor.text
        client.force_login(UserFactory())
        assert "Kowalski" in client.get(f"/sieci/{network.slug}/").text

    @pytest.mark.parametrize(
        ("count", "phrase"),
        [(1, "1 osoba"), (2, "2 osoby"), (5, "5 osób"), (12, "12 osób"), (22, "22 osoby")],
    )
    def test_member_count_uses_polish_plural_forms(self, client, count, phrase):
        network = NetworkFactory()
        for _index in range(count):
            MembershipFactory(network=network)
        assert phrase in client.get(f"/sieci/{network.slug}/").text

    def test_network_moderator_adds_a_member_from_another_region(self, client):
        network = NetworkFactory()
        moderator = UserFactory(region=region("lodzkie"))
        MembershipFactory(network=network, user=moderator, is_moderator=True)
        guest = UserFactory(region=region("podlaskie"), email="gosc@podlaskie.example")
        client.force_login(moderator)
        response = client.post(
            f"/sieci/{network.slug}/czlonkowie/", {"email": "GOSC@podlaskie.example"}
        )
        assert response.status_code == 302
        assert network.members.filter(pk=guest.pk).exists()
        client.post(f"/sieci/{network.slug}/czlonkowie/{guest.pk}/usun/")
        assert not network.members.filter(pk=guest.pk).exists()

    def test_unknown_email_gets_a_message_and_nothing_changes(self, client):
        network = NetworkFactory()
        moderator = UserFactory()
        MembershipFactory(network=network, user=moderator, is_moderator=True)
        client.force_login(moderator)
        response = client.post(f"/sieci/{network.slug}/czlonkowie/", {"email": "nikt@x.example"})
        assert response.status_code == 200
        assert network.members.count() == 1

    def test_ordinary_member_cannot_manage_membership(self, client):
        network = NetworkFactory()
        member = MembershipFactory(network=network).user
        other = MembershipFactory(network=network).user
        client.force_login(member)
        assert client.get(f"/sieci/{network.slug}/czlonkowie/").status_code == 404
        assert client.post(f"/sieci/{network.slug}/czlonkowie/{other.pk}/usun/").status_code == 404
        assert network.members.filter(pk=other.pk).exists()

    def test_national_moderator_manages_any_network(self, client):
        network = NetworkFactory()
        client.force_login(NationalModeratorFactory())
        assert client.get(f"/sieci/{network.slug}/czlonkowie/").status_code == 200


class TestDirectory:
    def test_filters_by_region_institution_type_and_network(self, client):
        client.force_login(UserFactory(last_name="Zalogowany", region=region("lubuskie")))
        network = NetworkFactory(slug="doradztwo")
        in_network = UserFactory(
            region=region("opolskie"), institution_type="university", last_name="Alfa"
        )
        MembershipFactory(network=network, user=in_network)
        UserFactory(region=region("opolskie"), institution_type="school", last_name="Beta")
        UserFactory(region=region("lubelskie"), institution_type="university", last_name="Gamma")

        def names(query):
            page = client.get("/czlonkowie/", query).context["page"]
            return sorted(member.last_name for member in page.object_list)

        assert names({"region": "opolskie"}) == ["Alfa", "Beta"]
        assert names({"institution_type": "university"}) == ["Alfa", "Gamma"]
        assert names({"network": "doradztwo"}) == ["Alfa"]
        assert names({"region": "opolskie", "institution_type": "school"}) == ["Beta"]

    def test_anonymous_visitors_cannot_list_a_networks_members(self, client):
        """The network page hides its members from anonymous visitors; so does the directory,
        and so does a member's page (network_members rule in network.permissions)."""
        network = NetworkFactory(slug="doradztwo", name="Doradztwo zawodowe")
        member = MembershipFactory(network=network, user__last_name="Alfa").user
        UserFactory(last_name="Beta")
        response = client.get("/czlonkowie/", {"network": "doradztwo"})
        assert response.status_code == 200
        names = sorted(user.last_name for user in response.context["page"].object_list)
        assert names == ["Alfa", "Beta"]  # the filter is not applied
        assert "sieć tematyczna (dla zalogowanych członków)" in response.text
        assert 'name="network"' not in response.text
        detail = client.get(f"/czlonkowie/{member.pk}/")
        assert "Doradztwo zawodowe" not in detail.text
        assert "Zaloguj się, aby zobaczyć, do których sieci tematycznych" in detail.text
        client.force_login(UserFactory())
        assert "Doradztwo zawodowe" in client.get(f"/czlonkowie/{member.pk}/").text

    def test_unknown_filter_values_are_ignored_with_a_notice(self, client):
        UserFactory(last_name="Widoczny")
        response = client.get("/czlonkowie/", {"region": "atlantyda", "network": "'; DROP--"})
        assert response.status_code == 200
        assert "Niektóre filtry nie zostały rozpoznane" in response.text
        assert "Widoczny" in response.text

    def test_contacts_only_for_logged_in_members(self, client):
        UserFactory(email="tajny@lodzkie.example", phone="+48 600 700 800")
        assert "tajny@lodzkie.example" not in client.get("/czlonkowie/").text
        client.force_login(UserFactory())
        text = client.get("/czlonkowie/").text
        assert "tajny@lodzkie.example" in text
        assert "+48 600 700 800" in text

    def test_page_past_the_end_shows_the_last_page(self, client):
        UserFactory.create_batch(3)
        response = client.get("/czlonkowie/", {"page": "999"})
        assert response.status_code == 200
        assert response.context["page"].number == response.context["page"].paginator.num_pages

    def test_query_count_does_not_grow_with_members(self, client):
        network = NetworkFactory()
        client.force_login(UserFactory())

        def queries():
            with CaptureQueriesContext(connection) as captured:
                assert client.get("/czlonkowie/").status_code == 200
            return len(captured)

        for member in UserFactory.create_batch(3):
            MembershipFactory(network=network, user=member)
        few = queries()
        for member in UserFactory.create_batch(20):
            MembershipFactory(network=network, user=member)
        assert queries() == few


def test_an_english_browser_still_gets_polish_until_the_switch_is_used(client):
    response = client.get("/regiony/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="pl">' in response.text
    assert "Regiony" in response.text
