"""A member submits a good practice on the site ("Zgłoś dobrą praktykę"), follows it in
"My practices" and asks another practice's author a question, without the admin."""

import pytest
from django.urls import reverse
from wagtail.models import TaskState, WorkflowState

from cms.models import Audience, GoodPracticePage, PracticeQuestion
from cms.services import QUESTIONS_PER_HOUR
from network.choices import Role
from network.services import member_sync_groups
from tests.factories import CoordinatorFactory, NationalModeratorFactory, UserFactory, region
from tests.factories import practice as make_practice

pytestmark = pytest.mark.django_db

SUBMIT = reverse("cms:practice_submit")
MINE = reverse("cms:my_practices")


def _synced(user):
    member_sync_groups(member=user)
    return user


@pytest.fixture
def author():
    return _synced(UserFactory(region=region("lodzkie"), first_name="Ola", last_name="Mazur"))


@pytest.fixture
def coordinator():
    return _synced(CoordinatorFactory(region=region("lodzkie")))


def form_data(**overrides) -> dict:
    data = {
        "title": "Warsztaty zawodowe w Zgierzu",
        "summary": "Uczniowie próbują zawodów w pracowniach szkół branżowych.",
        "kind": "festival",
        "audiences": [str(Audience.objects.get(key="pupils").pk)],
        "description": "Pierwszy akapit opisu.\n\nDrugi akapit <b>z pogrubieniem</b>.",
        "tags": "warsztaty, Warsztaty,  szkoły branżowe ",
        "start_date": "2025-10-01",
        "end_date": "2025-10-03",
        "lead_institution": "Zespół Szkół w Zgierzu",
        "partners": "Cech Rzemiosł\nUrząd Miasta",
        "participants_reached": "240",
        "evidence": "Ankieta: 87% uczniów chce wrócić.",
        "resources_needed": "Dwie pracownie i 6 instruktorów.",
        "difficulties": "Transport uczniów – rozwiązany z gminą.",
        "lessons_learnt": "",
        "success_factors": "",
        "transferability": "Każdy powiat z siecią szkół branżowych.",
        "budget": "12000",
        "funding_source": "KPO",
        "contact_name": "Ola Mazur",
        "contact_email": "ola.mazur@example.org",
        "contact_phone": "",
    }
    data.update(overrides)
    return data


def test_preview_shows_the_practice_and_saves_nothing(client, author):
    client.force_login(author)
    page = client.get(SUBMIT)
    assert page.status_code == 200
    assert 'value="ola.mazur' not in page.text  # the author's own address is offered instead
    response = client.post(SUBMIT, form_data(preview="1"))
    assert response.status_code == 200
    assert "Podgląd" in response.text
    assert "Nic nie zostało jeszcze wysłane" in response.text
    assert "Ankieta: 87% uczniów chce wrócić." in response.text
    assert "Drugi akapit &lt;b&gt;z pogrubieniem&lt;/b&gt;." in response.text
    assert not GoodPracticePage.objects.exists()


def test_sending_creates_a_draft_owned_by_the_member_in_their_section_and_starts_the_workflow(
    client, author, mailoutbox
):
    client.force_login(author)
    response = client.post(SUBMIT, form_data(submit="1"))
    assert response.status_code == 302
    assert response["Location"] == MINE
    practice = GoodPracticePage.objects.get()
    assert practice.owner == author
    assert practice.get_parent().specific.region.slug == "lodzkie"
    assert practice.region.slug == "lodzkie"
    assert not practice.live
    assert practice.slug == "warsztaty-zawodowe-w-zgierzu"
    assert practice.evidence == "Ankieta: 87% uczniów chce wrócić."
    assert sorted(practice.tag_names) == ["szkoły branżowe", "warsztaty"]
    assert "<p>Drugi akapit &lt;b&gt;z pogrubieniem&lt;/b&gt;.</p>" in str(practice.body)
    state = practice.current_workflow_state
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.requested_by == author
    assert state.workflow.name == "Moderacja dobrych praktyk – łódzkie"
    assert state.current_task_state.task.name == "Zatwierdzenie przez koordynatora WZK – łódzkie"
    assert practice.revisions.get().user == author

    mine = client.get(MINE).text
    assert "Warsztaty zawodowe w Zgierzu" in mine
    assert "Czeka na zatwierdzenie" in mine
    assert "Zatwierdzenie przez koordynatora WZK – łódzkie" in mine
    # Not public yet.
    client.logout()
    assert "Warsztaty zawodowe w Zgierzu" not in client.get("/dobre-praktyki/").text


def test_a_second_practice_with_the_same_title_gets_its_own_address(client, author):
    client.force_login(author)
    client.post(SUBMIT, form_data(submit="1"))
    client.post(SUBMIT, form_data(submit="1"))
    assert sorted(GoodPracticePage.objects.values_list("slug", flat=True)) == [
        "warsztaty-zawodowe-w-zgierzu",
        "warsztaty-zawodowe-w-zgierzu-2",
    ]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"title": ""}, "title", "To pole jest wymagane."),
        ({"title": "x" * 101}, "title", "najwyżej 100 znaków"),
        ({"end_date": "2025-09-01"}, "end_date", "nie może być wcześniejsza"),
        ({"start_date": "31.02.2025"}, "start_date", "Wpisz poprawną datę."),
        ({"budget": "-5"}, "budget", "większa lub równa 0"),
        ({"audiences": ["999999"]}, "audiences", "Wybierz poprawną wartość"),
        ({"tags": ",".join(f"t{n}" for n in range(11))}, "tags", "Najwyżej 10"),
        # More digits than any database integer holds: an error to correct, never a 500.
        ({"participants_reached": "99999999999999999999"}, "participants_reached", "10000000"),
        ({"participants_reached": "2147483648"}, "participants_reached", "10000000"),
    ],
)
def test_bad_input_is_explained_in_polish(client, author, overrides, field, message):
    client.force_login(author)
    response = client.post(SUBMIT, form_data(submit="1", **overrides))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert "Popraw błędy wskazane poniżej." in response.text
    assert not GoodPracticePage.objects.exists()


def test_the_coordinator_sends_it_back_and_the_author_sees_why_and_corrects_it(
    client, author, coordinator
):
    client.force_login(author)
    client.post(SUBMIT, form_data(submit="1"))
    practice = GoodPracticePage.objects.get()
    client.force_login(coordinator)
    task_state = TaskState.objects.get(status=TaskState.STATUS_IN_PROGRESS)
    url = reverse("wagtailadmin_pages:workflow_action", args=(practice.pk, "reject", task_state.pk))
    assert client.post(url, {"comment": "Dodaj nazwy szkół partnerskich."}).status_code == 302

    client.force_login(author)
    mine = client.get(MINE).text
    assert "Odesłana do poprawy" in mine
    assert "Dodaj nazwy szkół partnerskich." in mine
    change = reverse("cms:practice_change", args=(practice.pk,))
    assert change in mine
    form = client.get(change)
    assert form.context["form"].initial["evidence"] == "Ankieta: 87% uczniów chce wrócić."
    assert "Drugi akapit <b>z pogrubieniem</b>." in form.context["form"].initial["description"]

    response = client.post(change, form_data(submit="1", partners="SP 3 w Zgierzu\nCech Rzemiosł"))
    assert response.status_code == 302
    practice.refresh_from_db()
    state = practice.current_workflow_state
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.current_task_state.task.name == "Zatwierdzenie przez koordynatora WZK – łódzkie"
    assert "SP 3 w Zgierzu" in practice.get_latest_revision_as_object().partners
    assert "Czeka na zatwierdzenie" in client.get(MINE).text


def test_a_practice_in_review_cannot_be_changed(client, author):
    client.force_login(author)
    client.post(SUBMIT, form_data(submit="1"))
    practice = GoodPracticePage.objects.get()
    change = reverse("cms:practice_change", args=(practice.pk,))
    assert client.get(change).status_code == 302
    client.post(change, form_data(submit="1", title="Inny tytuł"))
    assert practice.revisions.count() == 1


def test_my_practices_listing_has_a_constant_number_of_queries(
    client, author, coordinator, django_assert_num_queries
):
    client.force_login(author)
    client.post(SUBMIT, form_data(submit="1"))
    client.get(MINE)  # warm the caches (content types, session)

    def queries() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert client.get(MINE).status_code == 200
        return len(captured)

    one = queries()
    for number in range(4):
        client.post(SUBMIT, form_data(submit="1", title=f"Praktyka {number}"))
    with django_assert_num_queries(one):
        client.get(MINE)


# --- Outsiders --------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["anonymous", "guest", "national", "inactive"])
def test_outsiders_cannot_submit_or_list(client, who):
    if who == "guest":
        client.force_login(UserFactory(role=Role.GUEST, region=None))
    elif who == "national":
        client.force_login(NationalModeratorFactory())
    elif who == "inactive":
        client.force_login(UserFactory(is_active=False))
    for url in (SUBMIT, MINE):
        response = client.get(url)
        assert response.status_code in (302, 404)
        if who in ("guest", "national"):
            assert response.status_code == 404
    client.post(SUBMIT, form_data(submit="1"))
    assert not GoodPracticePage.objects.exists()


def test_another_member_cannot_open_or_change_my_practice(client, author):
    client.force_login(author)
    client.post(SUBMIT, form_data(submit="1"))
    practice = GoodPracticePage.objects.get()
    change = reverse("cms:practice_change", args=(practice.pk,))
    for other in (
        UserFactory(region=region("lodzkie")),  # same region
        UserFactory(region=region("opolskie")),
        CoordinatorFactory(region=region("lodzkie")),
    ):
        client.force_login(other)
        assert client.get(change).status_code == 404
        assert client.post(change, form_data(submit="1", title="Przejęta")).status_code == 404
        assert "Warsztaty zawodowe w Zgierzu" not in client.get(MINE).text
    assert practice.revisions.count() == 1


# --- Ask the author ---------------------------------------------------------------------------


@pytest.fixture
def published():
    return make_practice(
        "opolskie",
        title="Edubus",
        contact_name="Maria Kontaktowa",
        contact_email="edubus@opolskie.example",
    )


def test_a_member_asks_the_author_by_e_mail_without_seeing_the_address(
    client, published, mailoutbox
):
    asker = UserFactory(region=region("lodzkie"), first_name="Jan", last_name="Pytający")
    client.force_login(asker)
    page = client.get(published.url).text
    assert "edubus@opolskie.example" not in page
    assert "Zapytaj autora" in page
    url = reverse("cms:ask_author", args=(published.pk,))
    response = client.post(url, {"message": "Ile kosztuje wynajem autobusu na dzień?"})
    assert response.status_code == 302
    followed = client.get(response["Location"]).text
    assert "Pytanie zostało wysłane do: Maria Kontaktowa" in followed
    assert "edubus@opolskie.example" not in followed

    [mail] = [mail for mail in mailoutbox if mail.to == ["edubus@opolskie.example"]]
    assert mail.reply_to == [asker.email]
    assert "Edubus" in mail.subject
    assert "Ile kosztuje wynajem autobusu na dzień?" in mail.body
    assert "Jan Pytający (łódzkie)" in mail.body
    assert PracticeQuestion.objects.get().sender == asker


def test_asking_is_limited_per_hour(client, published, mailoutbox):
    client.force_login(UserFactory())
    url = reverse("cms:ask_author", args=(published.pk,))
    for number in range(QUESTIONS_PER_HOUR):
        assert client.post(url, {"message": f"Pytanie numer {number}."}).status_code == 302
    response = client.post(url, {"message": "Jeszcze jedno pytanie."})
    assert response.status_code == 200
    assert "Wysłano 5 pytań w ciągu ostatniej godziny" in response.text
    assert PracticeQuestion.objects.count() == QUESTIONS_PER_HOUR
    assert len([m for m in mailoutbox if m.to == ["edubus@opolskie.example"]]) == 5


def test_a_too_short_question_is_explained(client, published):
    client.force_login(UserFactory())
    response = client.post(reverse("cms:ask_author", args=(published.pk,)), {"message": "?"})
    assert response.status_code == 200
    assert "ma przynajmniej 10 znaków" in response.text


@pytest.mark.parametrize("who", ["anonymous", "guest"])
def test_outsiders_cannot_ask(client, published, mailoutbox, who):
    if who == "guest":
        client.force_login(UserFactory(role=Role.GUEST, region=None))
    url = reverse("cms:ask_author", args=(published.pk,))
    response = client.post(url, {"message": "Pytanie od kogoś z zewnątrz."})
    assert response.status_code in (302, 404)
    if who == "guest":
        assert response.status_code == 404
    assert not PracticeQuestion.objects.exists()
    assert not [m for m in mailoutbox if m.to == ["edubus@opolskie.example"]]


def test_no_questions_about_a_draft_or_a_practice_without_contact(client, mailoutbox):
    client.force_login(UserFactory())
    draft = make_practice("opolskie", publish=False, contact_email="a@opolskie.example")
    silent = make_practice("opolskie", contact_email="")
    for practice in (draft, silent):
        url = reverse("cms:ask_author", args=(practice.pk,))
        assert client.post(url, {"message": "Pytanie bez adresata."}).status_code == 404
    assert (
        client.post(reverse("cms:ask_author", args=(999999,)), {"message": "x" * 20}).status_code
        == 404
    )
    assert not PracticeQuestion.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        "/dobre-praktyki/zapytaj/99999999999999999999/",
        "/dobre-praktyki/moje/9223372036854775808/zmien/",
        "/dobre-praktyki/moje/0/zmien/",
    ],
)
def test_an_address_with_an_id_no_practice_can_have_is_not_found(client, author, url):
    client.force_login(author)
    assert client.get(url).status_code == 404
    assert client.post(url, form_data(submit="1")).status_code == 404
