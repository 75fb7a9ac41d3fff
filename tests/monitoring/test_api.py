"""The monitoring JSON API under /api/v1/: the same rules as the pages, errors in Polish."""

import json

import pytest

from monitoring.choices import ReportState
from monitoring.models import Action, Report, ReportValue
from tests.factories import region
from tests.monitoring.conftest import as_user
from tests.monitoring.factories import ActionFactory, IndicatorFactory

pytestmark = pytest.mark.django_db
API = "/api/v1"


def send(client, method, path, payload=None):
    body = json.dumps(payload or {})
    return getattr(client, method)(f"{API}{path}", data=body, content_type="application/json")


def action_payload(**changes):
    payload = {
        "title": "Kręci Mnie Mój Zawód",
        "kind": "contest",
        "planned_start": "2026-02-01",
        "planned_end": "2026-06-15",
        "participants_pupils": 640,
        "partners": [{"region": "opolskie", "contribution": "Jury"}],
        "milestones": [{"date": "2026-06-12", "title": "Gala"}],
    }
    payload.update(changes)
    return payload


def test_listing_filters_and_hides_members_only_actions(client, opole_member):
    ActionFactory(title="Edubus", lead_region=region("opolskie"), kind="outreach")
    ActionFactory(title="Narada", is_public=False)
    response = client.get(f"{API}/actions")
    assert [item["title"] for item in response.json()["items"]] == ["Edubus"]
    assert client.get(f"{API}/actions", {"region": "lodzkie"}).json()["count"] == 0
    as_user(client, opole_member)
    assert client.get(f"{API}/actions").json()["count"] == 2
    assert client.get(f"{API}/actions", {"kind": "outreach"}).json()["count"] == 1
    bad = client.get(f"{API}/actions", {"kind": "cyrk", "year": "abc"})
    assert bad.status_code == 400 and set(bad.json()["errors"]) == {"kind", "year"}


def test_the_coordinator_creates_and_updates_an_action(client, anna):
    as_user(client, anna)
    response = send(client, "post", "/actions", action_payload())
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["lead_region"]["slug"] == "lodzkie"
    assert [p["region"]["slug"] for p in data["partners"]] == ["opolskie"]
    response = send(client, "patch", f"/actions/{data['id']}", {"status": "done"})
    assert response.status_code == 200
    action = Action.objects.get()
    assert action.status == "done" and action.partners.count() == 1  # not sent: kept
    assert client.get(f"{API}/actions/{action.pk}").json()["milestones"][0]["title"] == "Gala"


def test_bad_action_input_is_a_400_with_field_errors_in_polish(client, anna):
    as_user(client, anna)
    response = send(
        client, "post", "/actions", action_payload(participants_pupils=-1, planned_start="jutro")
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors["participants_pupils"] == ["Ta liczba jest za mała."]
    assert errors["planned_start"] == ["Podaj datę w formacie RRRR-MM-DD."]
    response = send(client, "post", "/actions", action_payload(planned_end="2026-01-01"))
    assert response.status_code == 400
    assert response.json()["errors"]["planned_end"] == [
        "Planowany koniec nie może być przed planowanym początkiem."
    ]
    response = send(client, "post", "/actions", action_payload(partners=[{"region": "atlantyda"}]))
    assert response.status_code == 400 and not Action.objects.exists()


@pytest.mark.parametrize(
    "who", ["anonymous", "another region's member", "another region's coordinator", "a guest"]
)
def test_outsiders_cannot_write_actions_or_reports(
    client, outsiders, anna, period, participants, who
):
    action = ActionFactory()
    as_user(client, anna)
    send(client, "put", f"/reports/{period.pk}/lodzkie/values", {"values": {"W7": {"value": 3}}})
    as_user(client, outsiders[who])
    expected = {"anonymous": 401}.get(who)
    checks = [
        send(client, "patch", f"/actions/{action.pk}", {"title": "Przejęte"}),
        send(
            client, "put", f"/reports/{period.pk}/lodzkie/values", {"values": {"W7": {"value": 9}}}
        ),
        send(client, "post", f"/reports/{period.pk}/lodzkie/submit"),
        send(client, "post", f"/reports/{period.pk}/lodzkie/approve"),
        send(client, "post", f"/reports/{period.pk}/lodzkie/return", {"reasons": {"W7": "x"}}),
    ]
    for response in checks:
        assert response.status_code == (expected or 404), response.content
    if who != "anonymous":
        assert client.get(f"{API}/reports/{period.pk}/lodzkie").status_code == 404
        # Their own region is where they may create actions, if anywhere.
        response = send(client, "post", "/actions", action_payload(title="Nowe", partners=[]))
        assert not Action.objects.filter(title="Nowe", lead_region=region("lodzkie")).exists()
        assert response.status_code in (201, 403, 404)
    assert Action.objects.get(pk=action.pk).title != "Przejęte"
    assert ReportValue.objects.get().number == 3
    assert Report.objects.get().state == ReportState.DRAFT


def test_values_are_written_submitted_returned_and_approved(
    client, anna, frse, period, participants, share
):
    as_user(client, anna)
    path = f"/reports/{period.pk}/lodzkie"
    response = send(client, "put", f"{path}/values", {"values": {"W8": {"value": 120}}})
    assert response.status_code == 400
    assert response.json()["errors"] == {"W8": ["Odsetek wynosi od 0 do 100."]}
    values = {"W7": {"value": 1250, "note": "z list"}, "W8": {"value": "62,5"}}
    assert send(client, "put", f"{path}/values", {"values": values}).status_code == 200
    assert send(client, "post", f"{path}/approve").status_code == 403
    response = send(client, "post", f"{path}/submit")
    assert response.status_code == 200 and response.json()["state"] == "submitted"
    # Submitted: no more changes until it is returned.
    response = send(client, "put", f"{path}/values", {"values": {"W7": {"value": 1}}})
    assert response.status_code == 409

    as_user(client, frse)
    response = send(client, "post", f"{path}/return", {"reasons": {"W7": ""}})
    assert response.status_code == 400
    response = send(client, "post", f"{path}/return", {"reasons": {"W7": "Sprawdź listy."}})
    assert response.json()["state"] == "returned"
    returned = {v["indicator"]: v["return_reason"] for v in response.json()["values"]}
    assert returned == {"W7": "Sprawdź listy.", "W8": ""}

    as_user(client, anna)
    send(client, "put", f"{path}/values", {"values": {"W7": {"value": 1200}}})
    send(client, "post", f"{path}/submit")
    as_user(client, frse)
    assert send(client, "post", f"{path}/approve").json()["state"] == "approved"
    as_user(client, None)
    public = client.get(f"{API}/report-values", {"region": "lodzkie"}).json()
    assert {item["indicator"]: item["value"] for item in public["items"]} == {
        "W7": "1200.00",
        "W8": "62.50",
    }


def test_a_locked_period_refuses_writes_with_409(client, anna, frse, period, participants):
    from monitoring import services

    services.period_lock(actor=frse, period=period)
    as_user(client, anna)
    response = send(
        client, "put", f"/reports/{period.pk}/lodzkie/values", {"values": {"W7": {"value": 1}}}
    )
    assert response.status_code == 409
    assert response.json()["detail"] == "Okres jest zamknięty: jego sprawozdań nie można zmieniać."


def test_others_see_only_approved_values(client, anna, opole_member, period, participants):
    as_user(client, anna)
    send(client, "put", f"/reports/{period.pk}/lodzkie/values", {"values": {"W7": {"value": 7}}})
    assert client.get(f"{API}/report-values").json()["count"] == 1
    as_user(client, opole_member)
    assert client.get(f"{API}/report-values").json()["count"] == 0


def test_catalogue_and_periods_are_public(client, period, participants):
    assert [i["code"] for i in client.get(f"{API}/indicators").json()] == ["W7"]
    assert client.get(f"{API}/periods").json()[0]["name"] == period.name
    schema = client.get(f"{API}/openapi.json").json()
    assert "/api/v1/report-values" in schema["paths"]


def test_the_catalogue_gives_the_definition_and_unit_in_both_languages(client, period):
    IndicatorFactory(
        code="W7",
        definition_pl="Uczniowie objęci działaniami.",
        definition_en="Pupils reached by actions.",
        unit_pl="osoby",
        unit_en="people",
    )
    client.cookies["wzk_language"] = "en"
    (indicator,) = client.get(f"{API}/indicators").json()
    # ``definition`` and ``unit`` stay Polish whatever the language, as before.
    assert indicator["definition"] == "Uczniowie objęci działaniami."
    assert indicator["definition_en"] == "Pupils reached by actions."
    assert (indicator["unit"], indicator["unit_en"]) == ("osoby", "people")
