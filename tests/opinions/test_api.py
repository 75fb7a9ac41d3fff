"""``/api/v1/opinions/``: adopted documents for everyone, a WZK's drafts for its members only,
and the ballot endpoint for members with a vote; every outsider gets the page's answer."""

import pytest
from django.test import Client

from opinions.models import Ballot
from tests.opinions.factories import adopted, draft, in_vote

pytestmark = pytest.mark.django_db


def test_the_list_shows_adopted_documents_with_filters_and_search(client, coordinator, member):
    published = adopted(coordinator, voters=[member], title="Doradztwo zawodowe w Łodzi")
    draft(coordinator, title="Projekt w pracy")
    body = client.get("/api/v1/opinions/").json()
    assert [item["id"] for item in body["items"]] == [published.pk]
    item = body["items"][0]
    assert item["resolution"].startswith("Uchwała nr 1/")
    assert item["pdf_url"].endswith(f"/opinie/{published.pk}/uchwala.pdf")
    assert client.get("/api/v1/opinions/?q=lodz").json()["count"] == 1
    assert client.get("/api/v1/opinions/?region=mazowieckie").json()["count"] == 0
    assert client.get("/api/v1/opinions/?region=nieznane").json()["count"] == 0
    response = client.get("/api/v1/opinions/?kind=sonet")
    assert response.status_code == 400
    assert response.json()["errors"]["kind"] == ["Ta wartość nie należy do dozwolonych."]


def test_detail_of_a_draft_is_the_regions_own(client, coordinator, member, outsiders):
    document = draft(coordinator)
    url = f"/api/v1/opinions/{document.pk}"
    assert client.get(url).status_code == 404
    for person in outsiders.values():
        client.force_login(person)
        assert client.get(url).status_code == 404
    client.force_login(member)
    body = client.get(url).json()
    assert body["status"] == "draft" and "akapit-2" in body["text_html"]
    assert client.get("/api/v1/opinions/99999999999999999999").status_code in (400, 404)


def test_voting_through_the_api_needs_a_vote_and_the_csrf_token(coordinator, member, outsiders):
    document = in_vote(coordinator)
    url = f"/api/v1/opinions/{document.pk}/ballot"
    anonymous = Client()
    assert (
        anonymous.post(url, {"choice": "for"}, content_type="application/json").status_code == 401
    )
    for person in outsiders.values():
        outsider = Client()
        outsider.force_login(person)
        response = outsider.post(url, {"choice": "for"}, content_type="application/json")
        assert response.status_code == 404, person
    voter = Client(enforce_csrf_checks=True)
    voter.force_login(member)
    assert voter.post(url, {"choice": "for"}, content_type="application/json").status_code == 403
    voter.get("/opinie/")  # the page sets the CSRF cookie
    token = voter.cookies["csrftoken"].value
    headers = {"HTTP_X_CSRFTOKEN": token}
    response = voter.post(url, {"choice": "for"}, content_type="application/json", **headers)
    assert response.json() == {"choice": "for", "changed": False}
    response = voter.post(url, {"choice": "for"}, content_type="application/json", **headers)
    assert response.status_code == 409
    assert response.json()["detail"].startswith("Już zagłosowano „Za”")
    response = voter.post(url, {"choice": "maybe"}, content_type="application/json", **headers)
    assert response.status_code == 400
    assert Ballot.objects.count() == 1
