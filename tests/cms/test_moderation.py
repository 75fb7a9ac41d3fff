"""Where good practices may be written, who may publish them, and the two-step moderation.

Everything goes through the Wagtail admin's own views, as authors and moderators use them.
"""

import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.text import slugify
from wagtail.models import Page, TaskState, WorkflowState
from wagtail.users.models import UserProfile

from cms.models import (
    Audience,
    GoodPracticePage,
    HomePage,
    PracticeIndexPage,
    RegionSectionPage,
)
from network.models import Region
from network.services import member_set_language, member_sync_groups
from tests.factories import CoordinatorFactory, NationalModeratorFactory, UserFactory, region
from tests.factories import practice as make_practice

pytestmark = pytest.mark.django_db

COORDINATOR_STEP = "Zatwierdzenie przez koordynatora WZK – łódzkie"
NATIONAL_STEP = "Zatwierdzenie przez moderatora krajowego (FRSE)"


def _synced(user):
    member_sync_groups(member=user)
    return user


@pytest.fixture
def author():
    return _synced(UserFactory(region=region("lodzkie")))


@pytest.fixture
def lodzkie_coordinator():
    return _synced(CoordinatorFactory(region=region("lodzkie")))


@pytest.fixture
def opolskie_coordinator():
    return _synced(CoordinatorFactory(region=region("opolskie")))


@pytest.fixture
def national_moderator():
    return _synced(NationalModeratorFactory())


def section(slug: str) -> RegionSectionPage:
    return RegionSectionPage.objects.get(slug=slug)


def add_url(parent) -> str:
    return reverse("wagtailadmin_pages:add", args=("cms", "goodpracticepage", parent.pk))


def edit_url(page) -> str:
    return reverse("wagtailadmin_pages:edit", args=(page.pk,))


def form_data(**overrides) -> dict:
    """What the add/edit form posts for a practice with its required fields filled."""
    data = {
        "title": "Festiwal zawodów w Sieradzu",
        "summary": "Uczniowie poznają zawody w warsztatach prowadzonych przez pracodawców.",
        "kind": "festival",
        "audiences": [str(Audience.objects.get(key="pupils").pk)],
        "start_date": "2025-09-15",
        "end_date": "",
        "lead_institution": "Centrum Kształcenia Zawodowego w Sieradzu",
        "partners": "",
        "tags": "",
        "body-count": "0",
        "results-count": "0",
        "comments-TOTAL_FORMS": "0",
        "comments-INITIAL_FORMS": "0",
        "comments-MIN_NUM_FORMS": "0",
        "comments-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    # In the browser the admin's JavaScript fills the slug in from the title.
    data.setdefault("slug", slugify(data["title"]))
    return data


def submit_new_practice(client, user, **overrides) -> GoodPracticePage:
    """The author writes a practice in their region's section and sends it to moderation."""
    client.force_login(user)
    response = client.post(
        add_url(section("lodzkie")), form_data(**overrides, **{"action-submit": "1"})
    )
    assert response.status_code == 302, response.context["form"].errors
    return GoodPracticePage.objects.get(title=overrides.get("title", form_data()["title"]))


def current_task_state(page) -> TaskState:
    return TaskState.objects.get(
        workflow_state__object_id=str(page.pk), status=TaskState.STATUS_IN_PROGRESS
    )


def workflow_action(client, user, page, action: str, *, ajax: bool = False, **data):
    """Click a moderation button (approve / request changes) on the page as ``user``."""
    client.force_login(user)
    task_state = current_task_state(page)
    url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, action, task_state.pk))
    headers = {"x-requested-with": "XMLHttpRequest"} if ajax else {}
    return client.post(url, {"comment": "", **data}, headers=headers)


def approve(client, user, page):
    response = workflow_action(client, user, page, "approve")
    assert response.status_code == 302
    assert response["Location"] == edit_url(page)


# --- The page tree ---------------------------------------------------------------------------


def test_every_region_has_a_section_named_by_its_slug():
    sections = {
        page.region.slug: page for page in RegionSectionPage.objects.select_related("region")
    }
    assert set(sections) == set(Region.objects.values_list("slug", flat=True))
    assert len(sections) == 16
    index = PracticeIndexPage.objects.get()
    for slug, page in sections.items():
        assert page.slug == slug
        assert page.get_parent().pk == index.pk
    assert index.url_path.endswith("/dobre-praktyki/")


def test_a_practice_fits_only_in_a_region_section():
    index = PracticeIndexPage.objects.get()
    home = HomePage.objects.get()
    assert GoodPracticePage.can_create_at(section("lodzkie"))
    assert not GoodPracticePage.can_create_at(index)
    assert not GoodPracticePage.can_create_at(home)
    assert not GoodPracticePage.can_create_at(Page.get_first_root_node())


def test_a_practice_added_under_the_index_fails_validation():
    index = PracticeIndexPage.objects.get()
    before = GoodPracticePage.objects.count()
    stray = GoodPracticePage(
        title="Bez regionu",
        slug="bez-regionu",
        kind="festival",
        start_date="2025-09-15",
        lead_institution="Szkoła",
        summary="Opis.",
    )
    with pytest.raises(ValidationError):
        index.add_child(instance=stray)
    assert GoodPracticePage.objects.count() == before


def test_the_admin_refuses_to_add_a_practice_under_the_index(client, national_moderator):
    """Even national moderators, who may add pages under the index, cannot put a practice there."""
    client.force_login(national_moderator)
    index = PracticeIndexPage.objects.get()
    response = client.post(add_url(index), form_data(**{"action-publish": "1"}))
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert not GoodPracticePage.objects.exists()


# --- Who may write where ---------------------------------------------------------------------


def test_member_drafts_a_practice_in_their_region_section(client, author):
    client.force_login(author)
    assert client.get(add_url(section("lodzkie"))).status_code == 200

    response = client.post(add_url(section("lodzkie")), form_data())
    assert response.status_code == 302
    practice = GoodPracticePage.objects.get(title="Festiwal zawodów w Sieradzu")
    assert practice.get_parent().pk == section("lodzkie").pk
    assert practice.owner == author
    assert practice.region.slug == "lodzkie"  # coordinators filter drafts by region
    assert not practice.live
    assert practice.has_unpublished_changes


def test_the_add_form_fills_the_slug_in_from_the_title(client, author):
    """Authors never see the slug field (it is on the SEO tab); the title panel fills it."""
    client.force_login(author)
    html = client.get(add_url(section("lodzkie"))).text
    assert 'data-w-sync-target-value="#id_slug"' in html


def test_member_cannot_add_a_practice_in_another_region(client, author):
    client.force_login(author)
    url = add_url(section("opolskie"))

    response = client.get(url, follow=True)
    assert response.redirect_chain == [("/admin/", 302)]
    messages = [str(message) for message in response.context["messages"]]
    assert any("nie posiadasz uprawnień" in message for message in messages)

    response = client.post(url, form_data(**{"action-submit": "1"}))
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert not GoodPracticePage.objects.exists()


def test_member_cannot_open_or_change_another_region_practice(client, author):
    practice = make_practice("opolskie", title="Targi pracy w Opolu")
    revisions = practice.revisions.count()
    client.force_login(author)

    response = client.get(edit_url(practice))
    assert response.status_code == 302
    assert response["Location"] == "/admin/"

    response = client.post(
        edit_url(practice), form_data(title="Przejęta praktyka", **{"action-submit": "1"})
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    practice.refresh_from_db()
    assert practice.title == "Targi pracy w Opolu"
    assert practice.revisions.count() == revisions
    assert practice.current_workflow_state is None


# --- Publishing only through moderation ------------------------------------------------------


def test_author_cannot_publish_directly(client, author):
    client.force_login(author)
    response = client.post(add_url(section("lodzkie")), form_data(**{"action-publish": "1"}))
    assert response.status_code == 302
    practice = GoodPracticePage.objects.get()
    assert not practice.live
    assert practice.first_published_at is None
    assert practice.live_revision is None

    client.post(edit_url(practice), form_data(**{"action-publish": "1"}))
    practice.refresh_from_db()
    assert not practice.live
    assert practice.live_revision is None
    assert practice.current_workflow_state is None


def test_submitting_starts_the_region_workflow(client, author):
    practice = submit_new_practice(client, author)
    workflow_state = practice.current_workflow_state
    assert workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert workflow_state.workflow.name == "Moderacja dobrych praktyk – łódzkie"
    assert workflow_state.requested_by == author
    assert current_task_state(practice).task.name == COORDINATOR_STEP
    assert not practice.live


# --- Two-step moderation ---------------------------------------------------------------------


def test_coordinator_then_national_moderator_approve_and_the_practice_goes_live(
    client, author, lodzkie_coordinator, national_moderator
):
    practice = submit_new_practice(client, author, title="Festiwal zawodów w Sieradzu")

    approve(client, lodzkie_coordinator, practice)
    practice.refresh_from_db()
    assert not practice.live
    assert current_task_state(practice).task.name == NATIONAL_STEP
    client.logout()
    assert client.get("/dobre-praktyki/").status_code == 200
    assert "Festiwal zawodów w Sieradzu" not in client.get("/dobre-praktyki/").text

    approve(client, national_moderator, practice)
    practice.refresh_from_db()
    assert practice.live
    assert practice.current_workflow_state is None
    assert "sieradzu" in practice.search_document

    client.logout()
    assert "Festiwal zawodów w Sieradzu" in client.get("/dobre-praktyki/").text
    assert "Festiwal zawodów w Sieradzu" in client.get("/dobre-praktyki/", {"q": "Sieradz"}).text
    assert "Festiwal zawodów w Sieradzu" not in client.get("/dobre-praktyki/", {"q": "Opole"}).text
    assert client.get(practice.url).status_code == 200


def test_national_moderator_cannot_approve_the_coordinator_step(client, author, national_moderator):
    practice = submit_new_practice(client, author)
    response = workflow_action(client, national_moderator, practice, "approve")
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert current_task_state(practice).task.name == COORDINATOR_STEP
    practice.refresh_from_db()
    assert not practice.live


def test_another_region_coordinator_cannot_approve_the_first_step(
    client, author, opolskie_coordinator
):
    practice = submit_new_practice(client, author)
    response = workflow_action(client, opolskie_coordinator, practice, "approve")
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    task_state = current_task_state(practice)
    assert task_state.task.name == COORDINATOR_STEP
    assert task_state.finished_by is None
    practice.refresh_from_db()
    assert not practice.live


# --- Sending a practice back -----------------------------------------------------------------


def test_rejecting_needs_a_reason(client, author, lodzkie_coordinator, mailoutbox):
    practice = submit_new_practice(client, author)
    mailoutbox.clear()

    response = workflow_action(client, lodzkie_coordinator, practice, "reject", ajax=True)
    assert response.status_code == 200
    payload = json.loads(response.text)
    assert payload["step"] == "action"
    assert "Powód odrzucenia" in payload["html"]
    assert "To pole jest wymagane." in payload["html"]

    # Without the modal (no JavaScript) the request is dropped in the same way.
    workflow_action(client, lodzkie_coordinator, practice, "reject", comment="   ")

    task_state = current_task_state(practice)
    assert task_state.task.name == COORDINATOR_STEP
    assert practice.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert mailoutbox == []


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("pl", ["została odrzucona", "Poniższy komentarz"]),
        ("en", ["has been rejected", "The following comment was left"]),
    ],
)
def test_rejecting_with_a_reason_tells_the_author_in_their_language(
    client, author, lodzkie_coordinator, mailoutbox, language, expected
):
    # The coordinator works in the other language: the e-mail follows the author's choice,
    # saved to Wagtail's profile by the service, not the language of the request.
    other = "en" if language == "pl" else "pl"
    member_set_language(member=author, language=other)
    member_set_language(member=author, language=language)
    member_set_language(member=lodzkie_coordinator, language=other)
    assert UserProfile.get_for_user(author).preferred_language == language
    practice = submit_new_practice(client, author, title="Warsztaty zawodowe w Łodzi")
    mailoutbox.clear()

    reason = "Dodaj liczbę uczestników i nazwy szkół partnerskich."
    response = workflow_action(client, lodzkie_coordinator, practice, "reject", comment=reason)
    assert response.status_code == 302

    workflow_state = WorkflowState.objects.get(object_id=str(practice.pk))
    assert workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
    practice.refresh_from_db()
    assert not practice.live

    to_author = [mail for mail in mailoutbox if mail.to == [author.email]]
    assert len(to_author) == 1
    mail = to_author[0]
    assert "Warsztaty zawodowe w Łodzi" in mail.subject
    assert "Warsztaty zawodowe w Łodzi" in mail.body
    assert reason in mail.body
    for phrase in expected:
        assert phrase in mail.subject + mail.body


# --- Changes to a published practice --------------------------------------------------------


def test_an_edit_to_a_live_practice_waits_for_both_approvals(
    client, author, lodzkie_coordinator, national_moderator
):
    practice = submit_new_practice(client, author, title="Festiwal zawodów w Sieradzu")
    approve(client, lodzkie_coordinator, practice)
    approve(client, national_moderator, practice)

    client.force_login(author)
    response = client.post(
        edit_url(practice),
        form_data(
            title="Festiwal zawodów w Sieradzu 2026", slug=practice.slug, **{"action-submit": "1"}
        ),
    )
    assert response.status_code == 302

    def public_title() -> str:
        practice.refresh_from_db()
        return practice.title

    assert public_title() == "Festiwal zawodów w Sieradzu"
    assert practice.live
    assert practice.has_unpublished_changes
    assert practice.get_latest_revision_as_object().title == "Festiwal zawodów w Sieradzu 2026"
    assert current_task_state(practice).task.name == COORDINATOR_STEP

    approve(client, lodzkie_coordinator, practice)
    assert public_title() == "Festiwal zawodów w Sieradzu"

    approve(client, national_moderator, practice)
    assert public_title() == "Festiwal zawodów w Sieradzu 2026"
    assert not practice.has_unpublished_changes
    assert "2026" in practice.search_document


def test_a_submitted_practice_waits_on_its_reviewers_start_page(
    client, author, lodzkie_coordinator, opolskie_coordinator
):
    practice = submit_new_practice(client, author, title="Targi pracy w Zgierzu")
    client.force_login(lodzkie_coordinator)
    block = client.get("/pulpit/bloki/praktyki/").text
    assert "Targi pracy w Zgierzu" in block
    assert edit_url(practice) in block
    # Another region's coordinator does not review it.
    client.force_login(opolskie_coordinator)
    block = client.get("/pulpit/bloki/praktyki/").text
    assert "Targi pracy w Zgierzu" not in block
    assert "Żadna dobra praktyka nie czeka na Twoją ocenę." in block


def test_the_admin_refuses_a_participant_count_no_database_holds(client, author):
    client.force_login(author)
    response = client.post(
        add_url(section("lodzkie")), form_data(participants_reached="99999999999999999999")
    )
    assert response.status_code == 200  # the form again, with the error
    assert "10000000" in " ".join(response.context["form"].errors["participants_reached"])
    assert not GoodPracticePage.objects.exists()
