"""The JSON API under /api/v1/: visibility, permissions from an outsider's side, bad input
answered with 400 and a message in the user's language, 409 for states that refuse an action,
CSRF on writes, and the OpenAPI description."""

import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import timezone

from tests.factories import CoordinatorFactory, UserFactory, region
from tests.visits.factories import EventFactory, InvitationFactory
from tests.visits.test_calendar import guest_of
from visits.choices import EventKind, InvitationStatus
from visits.models import Event, Invitation

pytestmark = pytest.mark.django_db

WARSAW = ZoneInfo("Europe/Warsaw")
API = "/api/v1"


def _post(client, path, payload):
    body = payload if isinstance(payload, str) else json.dumps(payload)
    return client.post(f"{API}{path}", data=body, content_type="application/json")


def _titles(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {item["title"] for item in response.json()["items"]}


def _event_payload(**changes):
    start = (
        (timezone.now() + timedelta(days=30))
        .astimezone(WARSAW)
        .replace(hour=10, minute=0, second=0, microsecond=0)
    )
    payload = {
        "kind": EventKind.WZK_SESSION,
        "title": "Posiedzenie WZK z gośćmi",
        "description": "Wymiana doświadczeń.",
        "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(hours=4)).isoformat(),
        "rsvp_deadline": (start - timedelta(days=5)).isoformat(),
        "venue_address": "ul. Piotrkowska 104, Łódź",
        "guest_seats": 10,
    }
    payload.update(changes)
    return payload


@pytest.fixture
def events(host):
    return {
        "public": EventFactory(organiser=host, title="Forum publiczne"),
        "members": EventFactory(organiser=host, title="Posiedzenie zamknięte", is_public=False),
    }


# --- OpenAPI ---------------------------------------------------------------------------------


def test_the_openapi_document_loads_and_lists_the_paths(client):
    response = client.get(f"{API}/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.")
    assert {
        f"{API}/events",
        f"{API}/events/{{event_id}}",
        f"{API}/invitations",
        f"{API}/invitations/{{invitation_id}}",
        f"{API}/invitations/{{invitation_id}}/accept",
        f"{API}/invitations/{{invitation_id}}/decline",
    } <= set(document["paths"])
    assert "post" in document["paths"][f"{API}/events"]
    docs = client.get(f"{API}/docs")
    assert docs.status_code == 200
    assert b"openapi.json" in docs.content
    # Served from the platform's static files: no third-party CDN.
    assert b"/static/ninja/swagger-ui" in docs.content
    assert b"cdn.jsdelivr" not in docs.content


# --- Reading events --------------------------------------------------------------------------


def test_anonymous_callers_list_public_events_only(client, events):
    assert _titles(client.get(f"{API}/events")) == {"Forum publiczne"}
    assert client.get(f"{API}/events/{events['members'].pk}").status_code == 404
    detail = client.get(f"{API}/events/{events['public'].pk}").json()
    assert detail["host_region"]["slug"] == "lodzkie"
    assert detail["seats_left"] == 10
    assert detail["ics_url"].endswith(f"/wydarzenia/{events['public'].pk}/kalendarz.ics")
    assert detail["starts_at"].endswith("+01:00") or detail["starts_at"].endswith("+02:00")


@pytest.mark.parametrize("who", ["host_member", "outsider"])
def test_members_of_any_region_list_members_only_events(client, events, who, request):
    client.force_login(request.getfixturevalue(who))
    assert _titles(client.get(f"{API}/events")) == {"Forum publiczne", "Posiedzenie zamknięte"}
    assert client.get(f"{API}/events/{events['members'].pk}").status_code == 200


def test_guests_never_get_members_only_events(client, events):
    for guest in (guest_of(events["public"]), guest_of(events["public"], expired=True)):
        client.force_login(guest)
        response = client.get(f"{API}/events/{events['members'].pk}")
        assert response.status_code in (302, 404)
        assert b"Posiedzenie zamkni" not in response.content


def test_events_are_filtered_by_region_kind_and_dates_and_unknown_values_are_ignored(client, host):
    EventFactory(organiser=host, title="Targi w Łodzi", kind=EventKind.FAIR)
    EventFactory(host_region=region("opolskie"), title="Targi w Opolu", kind=EventKind.FAIR)
    EventFactory(host_region=region("opolskie"), title="Posiedzenie w Opolu")
    assert _titles(client.get(f"{API}/events", {"region": "opolskie", "kind": "fair"})) == {
        "Targi w Opolu"
    }
    assert len(_titles(client.get(f"{API}/events", {"region": "atlantyda", "kind": "x"}))) == 3
    later = (timezone.now() + timedelta(days=365)).date().isoformat()
    assert _titles(client.get(f"{API}/events", {"date_from": later})) == set()
    response = client.get(f"{API}/events", {"date_from": "jutro"})
    assert response.status_code == 400
    assert response.json()["detail"] == "date_from: Podaj datę w formacie RRRR-MM-DD."


def test_date_filters_are_warsaw_days_inclusive(client, host):
    start = datetime(2030, 12, 31, 23, 30, tzinfo=WARSAW)
    EventFactory(
        organiser=host,
        title="Sylwestrowy webinar",
        starts_at=start,
        ends_at=start + timedelta(minutes=20),
        rsvp_deadline=start - timedelta(days=1),
    )
    day = {"date_from": "2030-12-31", "date_to": "2030-12-31"}
    assert _titles(client.get(f"{API}/events", day)) == {"Sylwestrowy webinar"}
    next_day = {"date_from": "2031-01-01", "date_to": "2031-01-01"}
    assert _titles(client.get(f"{API}/events", next_day)) == set()


def test_the_event_list_is_two_queries_however_many_events(client, host, django_assert_num_queries):
    for _n in range(15):
        EventFactory(organiser=host)
    with django_assert_num_queries(2):  # the count and the page
        assert len(client.get(f"{API}/events").json()["items"]) == 15


def test_a_members_event_list_costs_only_the_session_and_the_account_more(
    client, host, django_assert_num_queries
):
    for _n in range(15):
        EventFactory(organiser=host, is_public=False)
    client.force_login(host)
    with django_assert_num_queries(4):  # session, account, the count and the page
        assert len(client.get(f"{API}/events").json()["items"]) == 15


# --- Creating events -------------------------------------------------------------------------


def test_a_coordinator_creates_an_event_of_their_region(client, host):
    client.force_login(host)
    payload = _event_payload(
        starts_at="2030-06-12T10:00", ends_at="2030-06-12T14:00", rsvp_deadline="2030-06-01T12:00"
    )
    response = _post(client, "/events", payload)
    assert response.status_code == 201, response.content
    body = response.json()
    event = Event.objects.get(pk=body["id"])
    assert event.host_region == host.region and event.organiser == host
    # A time without an offset is Polish time.
    assert event.starts_at == datetime(2030, 6, 12, 10, 0, tzinfo=WARSAW)
    assert body["starts_at"] == "2030-06-12T10:00:00+02:00"
    assert body["is_public"] is True


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"ends_at": "2030-06-12T09:00:00+02:00", "starts_at": "2030-06-12T10:00:00+02:00"},
            "ends_at",
            "Wydarzenie musi kończyć się po jego rozpoczęciu.",
        ),
        ({"guest_seats": -3}, "guest_seats", "Liczba miejsc nie może być ujemna."),
        (
            {
                "starts_at": "2030-06-12T10:00:00+02:00",
                "ends_at": "2030-06-12T12:00:00+02:00",
                "rsvp_deadline": "2030-06-13T10:00:00+02:00",
            },
            "rsvp_deadline",
            "Termin odpowiedzi nie może przypadać po rozpoczęciu wydarzenia.",
        ),
        ({"guest_seats": "dużo"}, "guest_seats", "Podaj liczbę całkowitą."),
        ({"starts_at": "jutro rano"}, "starts_at", "Podaj datę i godzinę w formacie ISO 8601"),
        ({"kind": "koncert"}, "kind", "Wybierz poprawną wartość"),
        ({"title": ""}, "title", "To pole jest wymagane."),
        (
            {"online_url": "nie-adres", "venue_address": ""},
            "online_url",
            "Wprowadź poprawny adres URL.",
        ),
    ],
)
def test_bad_input_is_a_400_with_a_polish_message_and_creates_nothing(
    client, host, changes, field, message
):
    client.force_login(host)
    response = _post(client, "/events", _event_payload(**changes))
    assert response.status_code == 400, response.content
    body = response.json()
    assert message in " ".join(body["errors"][field])
    assert message in body["detail"]
    assert not Event.objects.exists()


def test_a_missing_field_and_a_body_that_is_not_json_are_400(client, host):
    client.force_login(host)
    payload = _event_payload()
    del payload["guest_seats"]
    response = _post(client, "/events", payload)
    assert response.status_code == 400
    assert response.json()["errors"]["guest_seats"] == ["To pole jest wymagane."]
    response = _post(client, "/events", "{nie json")
    assert response.status_code == 400
    assert response.json() == {"detail": "Treść żądania nie jest poprawnym dokumentem JSON."}


def test_errors_are_in_english_for_those_who_chose_it(english, host):
    english.force_login(host)
    response = _post(english, "/events", _event_payload(guest_seats=-1))
    assert response.status_code == 400
    assert response.json()["errors"]["guest_seats"] == ["The number of seats cannot be negative."]


def test_region_a_coordinator_cannot_create_an_event_for_region_b(client, host):
    client.force_login(host)
    response = _post(client, "/events", _event_payload(host_region="opolskie"))
    assert response.status_code == 403
    assert response.json()["detail"] == "Wydarzenia możesz tworzyć tylko dla własnego województwa."
    assert not Event.objects.exists()


def test_a_member_without_the_coordinators_leave_cannot_create_events(client, host_member):
    client.force_login(host_member)
    response = _post(client, "/events", _event_payload())
    assert response.status_code == 403
    assert "Nie masz uprawnień" in response.json()["detail"]
    assert not Event.objects.exists()


def test_anonymous_callers_cannot_create_events(client):
    response = _post(client, "/events", _event_payload())
    assert response.status_code == 401
    assert response.json()["detail"] == "Zaloguj się, aby korzystać z tej części API."


def test_writes_need_the_csrf_token(host):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(host)
    response = _post(browser, "/events", _event_payload())
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert not Event.objects.exists()
    browser.get("/kalendarz/")  # the page sets the csrftoken cookie
    token = browser.cookies["csrftoken"].value
    response = browser.post(
        f"{API}/events",
        data=json.dumps(_event_payload()),
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )
    assert response.status_code == 201


def test_an_overlapping_public_event_of_the_same_kind_needs_confirmation(client, host):
    payload = _event_payload(kind=EventKind.FAIR)
    EventFactory(
        host_region=region("opolskie"),
        kind=EventKind.FAIR,
        title="Targi w Opolu",
        starts_at=datetime.fromisoformat(payload["starts_at"]),
        ends_at=datetime.fromisoformat(payload["ends_at"]),
        rsvp_deadline=datetime.fromisoformat(payload["rsvp_deadline"]),
    )
    client.force_login(host)
    response = _post(client, "/events", payload)
    assert response.status_code == 409
    assert [event["title"] for event in response.json()["overlapping"]] == ["Targi w Opolu"]
    assert Event.objects.filter(host_region=host.region).count() == 0
    assert _post(client, "/events", {**payload, "confirm_overlap": True}).status_code == 201


# --- Invitations -----------------------------------------------------------------------------


@pytest.fixture
def region_invitation(event):
    return InvitationFactory(event=event, region=region("opolskie"), user=None)


@pytest.fixture
def personal_invitation(event, opole_member):
    return InvitationFactory(event=event, user=opole_member)


def test_my_invitations_lists_received_and_sent(client, opole_member, host, personal_invitation):
    client.force_login(opole_member)
    received = client.get(f"{API}/invitations").json()["items"]
    assert [item["id"] for item in received] == [personal_invitation.pk]
    assert received[0]["status"] == "pending"
    assert received[0]["event"]["title"] == personal_invitation.event.title
    client.force_login(host)
    sent = client.get(f"{API}/invitations", {"box": "sent"}).json()["items"]
    assert [item["id"] for item in sent] == [personal_invitation.pk]
    assert client.get(f"{API}/invitations", {"box": "inne"}).status_code == 400


def test_an_outsider_neither_sees_nor_answers_others_invitations(
    client, outsider, personal_invitation
):
    client.force_login(outsider)
    assert client.get(f"{API}/invitations").json()["items"] == []
    pk = personal_invitation.pk
    assert client.get(f"{API}/invitations/{pk}").status_code == 404
    response = _post(client, f"/invitations/{pk}/accept", {"people_count": 1})
    assert response.status_code == 404
    assert response.json() == {"detail": "Nie znaleziono."}
    assert _post(client, f"/invitations/{pk}/decline", {}).status_code == 404
    personal_invitation.refresh_from_db()
    assert personal_invitation.status == InvitationStatus.PENDING


def test_region_cs_coordinator_cannot_answer_an_invitation_to_region_b(
    client, mazowieckie_coordinator, region_invitation
):
    client.force_login(mazowieckie_coordinator)
    response = _post(client, f"/invitations/{region_invitation.pk}/accept", {"people_count": 2})
    assert response.status_code == 404
    region_invitation.refresh_from_db()
    assert region_invitation.status == InvitationStatus.PENDING


def test_the_host_sees_but_cannot_answer_the_invitation(client, host, region_invitation):
    client.force_login(host)
    assert client.get(f"{API}/invitations/{region_invitation.pk}").status_code == 200
    response = _post(client, f"/invitations/{region_invitation.pk}/accept", {"people_count": 1})
    assert response.status_code == 404


def test_region_bs_coordinator_accepts_and_accepting_twice_changes_nothing(
    client, opole_coordinator, region_invitation
):
    client.force_login(opole_coordinator)
    url = f"/invitations/{region_invitation.pk}/accept"
    response = _post(client, url, {"people_count": 2, "agree_to_be_listed": True})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["changed"] is True
    assert body["invitation"]["status"] == "accepted"
    assert body["invitation"]["people_count"] == 2
    again = _post(client, url, {"people_count": 2, "agree_to_be_listed": True}).json()
    assert again["changed"] is False
    detail = client.get(f"{API}/events/{region_invitation.event_id}").json()
    assert detail["seats_left"] == 0


def test_accepting_more_people_than_seats_or_none_is_a_400(
    client, opole_member, personal_invitation
):
    client.force_login(opole_member)
    url = f"/invitations/{personal_invitation.pk}/accept"
    response = _post(client, url, {"people_count": 0})
    assert response.status_code == 400
    assert response.json()["errors"]["people_count"] == ["Musi przyjechać co najmniej jedna osoba."]
    assert _post(client, url, {"people_count": 5}).status_code == 400
    assert _post(client, url, {"people_count": "dwie"}).status_code == 400
    personal_invitation.refresh_from_db()
    assert personal_invitation.status == InvitationStatus.PENDING


def test_answering_after_the_deadline_or_a_withdrawn_invitation_is_a_409(
    client, host, opole_member
):
    start = timezone.now() + timedelta(days=2)
    late = EventFactory(
        organiser=host,
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        rsvp_deadline=timezone.now() - timedelta(hours=1),
    )
    invitation = InvitationFactory(event=late, user=opole_member)
    client.force_login(opole_member)
    response = _post(client, f"/invitations/{invitation.pk}/accept", {"people_count": 1})
    assert response.status_code == 409
    assert response.json()["detail"].startswith("Termin odpowiedzi minął")
    withdrawn = InvitationFactory(
        event=EventFactory(organiser=host), user=opole_member, status=InvitationStatus.CANCELLED
    )
    response = _post(client, f"/invitations/{withdrawn.pk}/decline", {"reason": "Brak czasu"})
    assert response.status_code == 409
    assert response.json()["detail"] == "To zaproszenie zostało wycofane."


def test_declining_with_a_reason(client, opole_member, personal_invitation):
    client.force_login(opole_member)
    response = _post(
        client, f"/invitations/{personal_invitation.pk}/decline", {"reason": "Inne posiedzenie"}
    )
    assert response.status_code == 200
    assert response.json()["invitation"]["status"] == "declined"
    assert Invitation.objects.get(pk=personal_invitation.pk).decline_reason == "Inne posiedzenie"


def test_answers_need_a_login(client, personal_invitation):
    response = _post(client, f"/invitations/{personal_invitation.pk}/accept", {})
    assert response.status_code == 401


def test_a_new_coordinator_of_another_region_sees_no_invitations(client, personal_invitation):
    client.force_login(CoordinatorFactory(region=region("pomorskie")))
    assert client.get(f"{API}/invitations").json() == {"items": [], "count": 0}
    client.force_login(UserFactory(region=region("opolskie")))
    assert client.get(f"{API}/invitations").json() == {"items": [], "count": 0}


@pytest.mark.parametrize(
    "query",
    [
        "date_from=9999-12-31&date_to=9999-12-31",
        "date_to=0001-01-01",
        "offset=99999999999999999999",
        "limit=99999999999999999999",
    ],
)
def test_dates_and_page_numbers_out_of_range_are_a_400_not_a_server_error(client, query):
    response = client.get(f"/api/v1/events?{query}")
    assert response.status_code == 400
    assert response.json()["errors"]
    if "date" in query:
        assert "2000-01-01" in response.json()["detail"]


@pytest.mark.parametrize("answer", ["accept", "decline"])
@pytest.mark.parametrize("body", ["null", "5", "[]", '"x"', "true"])
def test_an_answer_whose_body_is_not_an_object_is_a_400(client, answer, body):
    invitation = InvitationFactory()
    client.force_login(invitation.user)
    response = client.post(
        f"/api/v1/invitations/{invitation.pk}/{answer}", body, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "Treść żądania musi być obiektem JSON, np. {}."
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.PENDING


@pytest.mark.parametrize("body", ['{"agree_to_be_listed": 0}', '{"people_count": "2"}'])
def test_json_types_are_not_coerced(client, body):
    invitation = InvitationFactory()
    client.force_login(invitation.user)
    response = client.post(
        f"/api/v1/invitations/{invitation.pk}/accept", body, content_type="application/json"
    )
    assert response.status_code == 400


@pytest.mark.parametrize("path", ["/api/v1/events/", "/api/v1/invitations/"])
def test_ids_past_64_bits_are_a_400(client, path):
    client.force_login(UserFactory())
    assert client.get(f"{path}99999999999999999999").status_code == 400


def test_the_document_declares_every_status_and_constraint(client):
    document = client.get("/api/v1/openapi.json").json()
    statuses = {
        (method, path): sorted(operation["responses"])
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
    }
    answer = ["200", "400", "401", "403", "404", "409"]
    assert statuses == {
        ("get", "/api/v1/events"): ["200", "400"],
        ("post", "/api/v1/events"): ["201", "400", "401", "403", "409"],
        ("get", "/api/v1/events/{event_id}"): ["200", "400", "404"],
        ("get", "/api/v1/invitations"): ["200", "400", "401"],
        ("get", "/api/v1/invitations/{invitation_id}"): ["200", "400", "401", "404"],
        ("post", "/api/v1/invitations/{invitation_id}/accept"): answer,
        ("post", "/api/v1/invitations/{invitation_id}/decline"): answer,
    }
    schemas = document["components"]["schemas"]
    assert schemas["AcceptIn"]["properties"]["people_count"]["minimum"] == 1
    assert schemas["EventIn"]["properties"]["title"]["minLength"] == 1
    assert schemas["EventIn"]["properties"]["kind"]["minLength"] == 1
    assert "2000-01-01" in schemas["EventIn"]["properties"]["starts_at"]["description"]
