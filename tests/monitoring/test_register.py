"""The actions register: the listing with facets and shareable filters, an action's page, and
recording actions by the region's coordinator and the members she allows."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from monitoring import selectors, services
from monitoring.models import Action, Recorder
from tests.factories import CoordinatorFactory, UserFactory, region
from tests.monitoring.conftest import as_user
from tests.monitoring.factories import ActionFactory
from tests.visits.factories import EventFactory
from visits.models import Attendance

pytestmark = pytest.mark.django_db


def _record(action, *partners):
    """An action as services write it (search document, partners)."""
    services.action_update(
        actor=_coordinator_of(action.lead_region),
        action=action,
        partners=[services.Partner(region(slug)) for slug in partners],
    )
    return action


def _coordinator_of(lead_region):
    from network.models import User

    found = User.objects.filter(region=lead_region, role="coordinator").first()
    return found or CoordinatorFactory(region=lead_region)


def test_the_listing_filters_and_counts_by_facet(client, anna, opole_coordinator):
    _record(ActionFactory(title="Edubus", lead_region=region("opolskie"), kind="outreach"))
    _record(ActionFactory(title="Kręci Mnie Mój Zawód", kind="contest"))
    _record(ActionFactory(title="Festiwal", kind="festival", planned_start=date(2025, 9, 15)))

    response = client.get("/dzialania/", {"region": "lodzkie"})
    assert response.status_code == 200
    titles = [action.title for action in response.context["results"].object_list]
    assert sorted(titles) == ["Festiwal", "Kręci Mnie Mój Zawód"]
    facets = response.context["facets"]
    # The region facet counts with every filter but its own.
    assert {o.value: o.count for o in facets.region if o.count} == {"lodzkie": 2, "opolskie": 1}
    assert {o.value: o.count for o in facets.year} == {"2026": 1, "2025": 1}
    assert "Edubus" not in response.content.decode()

    filtered = client.get("/dzialania/", {"kind": "contest", "year": "2026"})
    assert [a.title for a in filtered.context["results"].object_list] == ["Kręci Mnie Mój Zawód"]


def test_search_ignores_diacritics_and_matches_word_starts(client, anna):
    _record(ActionFactory(title="Kręci Mnie Mój Zawód"))
    _record(ActionFactory(title="Zawody przyszłości"))
    response = client.get("/dzialania/", {"q": "kreci moj"})
    assert [a.title for a in response.context["results"].object_list] == ["Kręci Mnie Mój Zawód"]
    # A region's name finds its actions ("lodz" is in "łódzkie").
    assert client.get("/dzialania/", {"q": "lodzk"}).context["results"].paginator.count == 2
    assert client.get("/dzialania/", {"q": "dzkie"}).context["results"].paginator.count == 0


def test_unknown_filters_are_named_and_ignored(client):
    response = client.get("/dzialania/", {"kind": "nonsense", "year": "abc", "kpo_task": "9"})
    assert response.status_code == 200
    assert len(response.context["ignored_filters"]) == 3
    assert "Niektóre filtry nie zostały rozpoznane" in response.content.decode()


def test_members_only_actions_are_hidden_from_anonymous_visitors(client, anna, opole_member):
    action = ActionFactory(title="Narada wewnętrzna", is_public=False)
    assert client.get(f"/dzialania/{action.pk}/").status_code == 404
    assert "Narada wewnętrzna" not in client.get("/dzialania/").content.decode()
    as_user(client, opole_member)
    assert client.get(f"/dzialania/{action.pk}/").status_code == 200
    assert "Narada wewnętrzna" in client.get("/dzialania/").content.decode()


def test_the_listing_costs_the_same_queries_for_5_or_40_actions(client, anna):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/dzialania/").status_code == 200
        return len(captured)

    for _ in range(5):
        _record(ActionFactory(), "opolskie", "slaskie")
    few = queries()
    for _ in range(35):
        _record(ActionFactory(), "opolskie", "slaskie")
    assert queries() == few


def _form(**overrides):
    data = {
        "title": "Wielkopolski Festiwal Zawodów",
        "kind": "festival",
        "kpo_task": "2",
        "status": "planned",
        "planned_start": "2026-09-15",
        "planned_end": "2026-10-31",
        "participants_pupils": "5200",
        "participants_adults": "0",
        "participants_teachers": "0",
        "participants_employers": "0",
        "participants_institutions": "0",
        "external_id": "FEST-1",
        "is_public": "on",
        "partners-TOTAL_FORMS": "2",
        "partners-INITIAL_FORMS": "0",
        "partners-0-region": str(region("opolskie").pk),
        "partners-0-contribution": "Stoiska szkół z Opola.",
        "milestones-TOTAL_FORMS": "2",
        "milestones-INITIAL_FORMS": "0",
        "milestones-0-date": "2026-09-15",
        "milestones-0-title": "Otwarcie",
    }
    data.update(overrides)
    return data


def test_the_coordinator_records_an_action_with_partners_and_milestones(client, anna):
    as_user(client, anna)
    response = client.post("/dzialania/nowe/", _form())
    action = Action.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/dzialania/{action.pk}/"
    assert action.lead_region == region("lodzkie") and action.created_by == anna
    assert [p.region.slug for p in action.partners.all()] == ["opolskie"]
    assert [m.title for m in action.milestones.all()] == ["Otwarcie"]
    page = client.get(response["Location"]).content.decode()
    assert "Stoiska szkół z Opola." in page and "5\xa0200" in page


def test_bad_input_gets_field_errors_and_records_nothing(client, anna):
    as_user(client, anna)
    response = client.post(
        "/dzialania/nowe/",
        _form(
            planned_end="2026-01-01",
            participants_pupils="-3",
            **{"partners-0-region": str(region("lodzkie").pk)},
        ),
    )
    assert response.status_code == 200
    assert not Action.objects.exists()
    text = response.content.decode()
    assert "Upewnij się, że ta wartość jest większa lub równa 0." in text


def test_the_lead_region_cannot_be_its_own_partner(client, anna):
    as_user(client, anna)
    response = client.post(
        "/dzialania/nowe/", _form(**{"partners-0-region": str(region("lodzkie").pk)})
    )
    assert response.status_code == 200 and not Action.objects.exists()
    assert "Województwo wiodące nie może być też partnerem." in response.content.decode()


def test_a_member_records_only_once_the_coordinator_allows_it(client, anna, lodz_member):
    as_user(client, lodz_member)
    assert client.get("/dzialania/nowe/").status_code == 404
    as_user(client, anna)
    response = client.post("/dzialania/uprawnieni/", {"member": lodz_member.pk, "allowed": "1"})
    assert response.status_code == 302
    assert Recorder.objects.filter(user=lodz_member, granted_by=anna).exists()
    as_user(client, lodz_member)
    assert client.post("/dzialania/nowe/", _form()).status_code == 302
    # The grant lapses when the member moves to another region.
    lodz_member.region = region("opolskie")
    lodz_member.save()
    assert client.get("/dzialania/nowe/").status_code == 404


@pytest.mark.parametrize(
    "who", ["anonymous", "another region's member", "another region's coordinator", "a guest"]
)
def test_outsiders_cannot_record_or_edit_lodzkie_actions(client, outsiders, anna, who):
    action = ActionFactory()
    as_user(client, outsiders[who])
    urls = [f"/dzialania/{action.pk}/edycja/"]
    if who != "another region's coordinator":  # theirs is their own region's list
        urls.append("/dzialania/uprawnieni/")
    for url in urls:
        response = client.get(url)
        assert response.status_code in (302, 404), url
        if response.status_code == 302:
            assert response["Location"].startswith("/konto/logowanie/")
    response = client.post(f"/dzialania/{action.pk}/edycja/", _form(title="Przejęte"))
    assert response.status_code in (302, 404)
    action.refresh_from_db()
    assert action.title != "Przejęte"
    if who != "anonymous":
        # Their own region's form records for their own region only.
        client.post("/dzialania/nowe/", _form(title="Nowe"))
        assert not Action.objects.filter(title="Nowe", lead_region=region("lodzkie")).exists()


def test_an_outsider_cannot_grant_recording_in_another_region(client, opole_coordinator, anna):
    member = UserFactory(region=region("lodzkie"))
    as_user(client, opole_coordinator)
    client.post("/dzialania/uprawnieni/", {"member": member.pk, "allowed": "1"})
    assert not Recorder.objects.exists()


def test_participants_of_linked_events_come_from_attendance(client, anna):
    event = EventFactory(organiser=anna, host_region=anna.region)
    Attendance.objects.create(event=event, region=region("opolskie"), count=7)
    Attendance.objects.create(event=event, region=region("lodzkie"), count=30)
    action = ActionFactory(participants_pupils=100)
    action.events.add(event)
    page = client.get(f"/dzialania/{action.pk}/").content.decode()
    assert "data-attended>37<" in page
    assert "z list obecności" in page


def test_a_region_page_shows_its_actions_and_whom_it_learnt_from(client, anna):
    _record(ActionFactory(title="Kręci Mnie Mój Zawód"))
    _record(ActionFactory(title="Edubus", lead_region=region("opolskie")), "lodzkie")
    event = EventFactory(host_region=region("opolskie"), starts_at=_past(), ends_at=_past(2))
    event.rsvp_deadline = event.starts_at
    event.save()
    Attendance.objects.create(event=event, region=region("lodzkie"), count=3)
    page = client.get("/regiony/lodzkie/").content.decode()
    assert "Kręci Mnie Mój Zawód" in page and "Edubus" in page
    assert "partner" in page
    learnt = page.split("data-learnt-from>")[1].split("</ul>")[0]
    assert "opolskie" in learnt and "1 wizyta" in learnt
    opole = client.get("/regiony/opolskie/").content.decode()
    assert "łódzkie" in opole.split("data-learnt-from-us>")[1].split("</ul>")[0]
    titles = {a.title for a in selectors.actions_for_region(region("lodzkie"), user=None)}
    assert titles == {"Edubus", "Kręci Mnie Mój Zawód"}


def _past(hours_more=0):
    from datetime import timedelta

    from django.utils import timezone

    return timezone.now() - timedelta(days=3) + timedelta(hours=hours_more)
