"""The systematic review of initiatives (``/przeglady/``): a round lists the region's actions
from the register running in the period; the WZK assesses each (and typed-in initiatives);
the coordinator closes it and starts a recommendation pre-filled from the assessments; FRSE
sees in the monitoring dashboard's grid which regions have done theirs."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from monitoring.choices import ActionStatus
from monitoring.models import ActionPartner
from opinions import services
from tests.factories import region
from tests.monitoring.conftest import grid_cells
from tests.monitoring.factories import ActionFactory, PeriodFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def period(db):
    return PeriodFactory(
        name="I kwartał 2026",
        start=date(2026, 1, 1),
        end=date(2026, 3, 31),
        due_date=date(2026, 4, 30),
    )


@pytest.fixture
def actions(period):
    lodz = region("lodzkie")
    return {
        "lead": ActionFactory(
            lead_region=lodz, title="Kręci Mnie Mój Zawód", planned_start=date(2026, 2, 1)
        ),
        "partner": _partner_action(),
        "later": ActionFactory(
            lead_region=lodz, title="Jesienny festiwal", planned_start=date(2026, 9, 1)
        ),
        "cancelled": ActionFactory(
            lead_region=lodz,
            title="Odwołane targi",
            planned_start=date(2026, 2, 1),
            status=ActionStatus.CANCELLED,
        ),
        "elsewhere": ActionFactory(
            lead_region=region("opolskie"), title="Edubus", planned_start=date(2026, 2, 1)
        ),
    }


def _partner_action():
    action = ActionFactory(
        lead_region=region("opolskie"),
        title="Wspólne forum",
        planned_start=date(2025, 11, 1),
        planned_end=date(2026, 1, 15),
    )
    ActionPartner.objects.create(action=action, region=region("lodzkie"))
    return action


def _assess_all(review, person, verdict="continue"):
    for item in review.items.all():
        services.review_assess(
            actor=person, item=item, assessment=verdict, justification="Działa dobrze."
        )


def test_a_round_lists_the_regions_actions_in_the_period(coordinator, period, actions):
    review = services.review_open(actor=coordinator, region=coordinator.region, period=period)
    assert sorted(review.items.values_list("title", flat=True)) == [
        "Kręci Mnie Mój Zawód",
        "Wspólne forum",
    ]
    with pytest.raises(ValidationError):
        services.review_open(actor=coordinator, region=coordinator.region, period=period)


def test_members_assess_and_the_coordinator_closes_once_all_are_assessed(
    coordinator, member, period, actions
):
    review = services.review_open(actor=coordinator, region=coordinator.region, period=period)
    services.review_add_initiative(actor=member, review=review, title="Szkolne koło doradców")
    first = review.items.first()
    services.review_assess(
        actor=member, item=first, assessment="scale_up", justification="Warto w innych regionach."
    )
    first.refresh_from_db()
    assert (first.assessed_by, first.get_assessment_display()) == (
        member,
        "Upowszechnić w innych regionach",
    )
    with pytest.raises(ValidationError) as refusal:
        services.review_close(actor=coordinator, review=review)
    assert refusal.value.messages == ["2 inicjatywy nie zostały jeszcze ocenione."]
    with pytest.raises(ValidationError) as refusal:
        services.review_assess(actor=member, item=first, assessment="continue", justification=" ")
    assert "justification" in refusal.value.message_dict
    _assess_all(review, member)
    with pytest.raises(PermissionDenied):
        services.review_close(actor=member, review=review)
    services.review_close(actor=coordinator, review=review)
    with pytest.raises(ValidationError):
        services.review_assess(
            actor=member, item=first, assessment="stop", justification="Za późno"
        )


def test_a_closed_review_starts_a_recommendation_pre_filled_once(
    coordinator, member, period, actions
):
    review = services.review_open(actor=coordinator, region=coordinator.region, period=period)
    with pytest.raises(ValidationError):
        services.review_start_draft(actor=coordinator, review=review)
    items = [
        review.items.get(title="Kręci Mnie Mój Zawód"),
        review.items.get(title="Wspólne forum"),
    ]
    services.review_assess(
        actor=member, item=items[0], assessment="scale_up", justification="Filmy uczniów inspirują."
    )
    services.review_assess(
        actor=member, item=items[1], assessment="modify", justification="Więcej pracodawców."
    )
    services.review_close(actor=coordinator, review=review)
    document, created = services.review_start_draft(actor=coordinator, review=review)
    assert created and document.kind == "recommendation" and document.status == "draft"
    text = document.versions.get().source
    assert "### Upowszechnić w innych regionach" in text
    assert "- **Kręci Mnie Mój Zawód** – Filmy uczniów inspirują." in text
    assert "### Zmodyfikować" in text
    assert set(document.actions.all()) == {actions["lead"], actions["partner"]}
    again, created = services.review_start_draft(actor=coordinator, review=review)
    assert again == document and not created


def test_review_pages_are_the_regions_and_frses_own(
    client, coordinator, member, period, actions, outsider, other_coordinator, guest, national
):
    review = services.review_open(actor=coordinator, region=coordinator.region, period=period)
    item = review.items.first()
    urls = {
        "detail": ("get", reverse("opinions:review_detail", args=[review.pk])),
        "assess": ("post", reverse("opinions:review_assess", args=[review.pk, item.pk])),
        "initiative": ("post", reverse("opinions:review_add_initiative", args=[review.pk])),
        "close": ("post", reverse("opinions:review_close", args=[review.pk])),
        "draft": ("post", reverse("opinions:review_start_draft", args=[review.pk])),
        "open": ("get", reverse("opinions:review_open")),
    }
    for person in (None, outsider, other_coordinator, guest):
        client.logout()
        if person is not None:
            client.force_login(person)
        for name, (method, url) in urls.items():
            status = getattr(client, method)(url, {f"i{item.pk}-assessment": "stop"}).status_code
            if name == "open" and person == other_coordinator:
                assert status == 200  # for their own region
                continue
            assert status in (302, 404), (person, name)
    client.force_login(national)
    assert client.get(urls["detail"][1]).status_code == 200
    assert client.post(urls["assess"][1]).status_code == 404
    assert client.post(urls["close"][1]).status_code == 404
    client.force_login(member)
    response = client.post(
        urls["assess"][1], {f"i{item.pk}-assessment": "maybe", f"i{item.pk}-justification": ""}
    )
    assert response.status_code == 400
    item.refresh_from_db()
    assert item.assessment == ""


def test_frse_sees_in_the_dashboard_grid_which_regions_have_reviewed(
    client, coordinator, member, national, period, actions
):
    review = services.review_open(actor=coordinator, region=coordinator.region, period=period)
    _assess_all(review, member)
    services.review_close(actor=coordinator, review=review)
    client.force_login(national)
    page = client.get(reverse("monitoring:dashboard"), {"rok": 2026}).content.decode()
    assert "Przegląd inicjatyw: zakończony" in page
    assert reverse("opinions:review_detail", args=[review.pk]) in page
    assert page.count("Przegląd inicjatyw:") == 1  # only łódzkie has one


@pytest.mark.parametrize(
    ("who", "linked"), [("national", True), ("member", True), ("outsider", False)]
)
def test_the_grid_links_the_review_only_for_those_who_may_open_it(
    client, coordinator, member, period, actions, request, who, linked
):
    """Another region's member sees that łódzkie's review is done, as text: the review itself
    is łódzkie's WZK's and FRSE's."""
    review = services.review_open(actor=coordinator, region=coordinator.region, period=period)
    _assess_all(review, member)
    services.review_close(actor=coordinator, review=review)
    client.force_login(request.getfixturevalue(who))
    page = client.get(reverse("monitoring:dashboard"), {"rok": 2026}).content.decode()
    cell = grid_cells(page)["łódzkie", period.name]
    assert "Przegląd inicjatyw: zakończony" in cell.text
    review_url = reverse("opinions:review_detail", args=[review.pk])
    assert (("Przegląd inicjatyw: zakończony", review_url) in cell.links) is linked
    assert (review_url in page) is linked
    assert client.get(review_url).status_code == (200 if linked else 404)


def test_the_reviews_list_costs_the_same_queries_for_any_number_of_reviews(
    client, national, coordinator, django_assert_max_num_queries
):
    from tests.factories import CoordinatorFactory

    client.force_login(national)
    for index, slug in enumerate(["lodzkie", "opolskie", "malopolskie"]):
        boss = coordinator if slug == "lodzkie" else CoordinatorFactory(region=region(slug))
        services.review_open(actor=boss, region=boss.region, period=PeriodFactory(name=f"P{index}"))
    with django_assert_max_num_queries(10):
        client.get(reverse("opinions:review_list"))
    for slug in ["slaskie", "pomorskie", "lubelskie", "podlaskie"]:
        boss = CoordinatorFactory(region=region(slug))
        services.review_open(actor=boss, region=boss.region, period=PeriodFactory(name=f"Q{slug}"))
    with django_assert_max_num_queries(10):
        page = client.get(reverse("opinions:review_list")).content.decode()
    assert page.count("<tr>") == 8
