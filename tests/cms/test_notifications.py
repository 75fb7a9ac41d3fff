"""A good practice's way through the two-step moderation is told live, as ``notification``
frames (kind ``practice``) to each person's sockets, after commit: the region's coordinators
when it is sent, the other coordinator when one approves, the national moderators at the
second step, the author when it is published or sent back. (The browser test of submission
sees the coordinator's start page follow.)"""

import pytest

from chat import broadcast, events
from network.notices import NOTIFICATION
from tests.cms.test_moderation import (
    _synced,
    edit_url,
    form_data,
    submit_new_practice,
    workflow_action,
)
from tests.factories import CoordinatorFactory, NationalModeratorFactory, UserFactory, region
from tests.notices import written

pytestmark = pytest.mark.django_db

TITLE = "Festiwal zawodów w Sieradzu"


@pytest.fixture
def people():
    return {
        "author": _synced(
            UserFactory(region=region("lodzkie"), first_name="Beata", last_name="Olszewska")
        ),
        "anna": _synced(CoordinatorFactory(region=region("lodzkie"), first_name="Anna")),
        "piotr": _synced(
            CoordinatorFactory(region=region("lodzkie"), first_name="Piotr", last_name="Zając")
        ),
        "frse": _synced(NationalModeratorFactory(language="en")),
        "frse2": _synced(NationalModeratorFactory()),
        "admin": NationalModeratorFactory(is_superuser=True),  # not in any group
        "opolskie": _synced(CoordinatorFactory(region=region("opolskie"))),
    }


@pytest.fixture
def told(monkeypatch, people):
    """Who was told what: the notifications handed to the channel layer, by person."""
    sent = []
    deliver = broadcast.to_group

    def record(group, frame, **scope):
        if frame["type"] == NOTIFICATION:
            sent.append((group, frame))
        deliver(group, frame, **scope)

    monkeypatch.setattr(broadcast, "to_group", record)

    def frames_to(name):
        group = events.user_group(people[name].pk)
        return [frame for to, frame in sent if to == group]

    frames_to.clear = sent.clear
    return frames_to


def test_each_step_reaches_its_reviewers_and_the_end_reaches_the_author(
    client, people, told, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        practice = submit_new_practice(client, people["author"])
    for reviewer in ("anna", "piotr", "admin"):  # a superuser may act on every step
        (frame,) = told(reviewer)
        assert frame["kind"] == "practice" and frame["change"] == "to_review"
        assert frame["practice"] == {"id": practice.pk, "title": TITLE}
        assert frame["url"] == edit_url(practice)
        assert frame["text"] == f"Dobra praktyka czeka na Twoją ocenę: „{TITLE}”"
    # Another region's coordinator, the national step and the author are not concerned yet.
    assert told("opolskie") == told("frse") == told("author") == []
    told.clear()

    with django_capture_on_commit_callbacks(execute=True):
        assert workflow_action(client, people["piotr"], practice, "approve").status_code == 302
    (frame,) = told("anna")
    assert frame["change"] == "approved_by"
    assert frame["text"] == f"Dobra praktyka „{TITLE}” zaakceptowana przez: Piotr Zając"
    (frame,) = told("frse")
    assert frame["change"] == "to_review"
    assert frame["text"] == f"A good practice awaits your review: “{TITLE}”"
    assert written(frame) == [TITLE]  # marked Polish in the English sentence
    assert told("piotr") == []  # the one who acted is not told
    told.clear()

    with django_capture_on_commit_callbacks(execute=True):
        assert workflow_action(client, people["frse"], practice, "approve").status_code == 302
    (frame,) = told("author")
    assert frame["change"] == "published"
    assert frame["text"] == f"Twoja dobra praktyka „{TITLE}” została opublikowana"
    assert frame["url"] == "/dobre-praktyki/lodzkie/festiwal-zawodow-w-sieradzu/"


def test_a_practice_sent_back_tells_its_author_where_to_read_why(
    client, people, told, django_capture_on_commit_callbacks
):
    practice = submit_new_practice(client, people["author"])
    with django_capture_on_commit_callbacks(execute=True):
        response = workflow_action(
            client, people["anna"], practice, "reject", comment="Dopisz rezultaty."
        )
        assert response.status_code == 302
    (frame,) = told("author")
    assert frame["kind"] == "practice" and frame["change"] == "sent_back"
    assert frame["text"] == f"Twoja dobra praktyka „{TITLE}” wymaga poprawek"
    assert frame["url"] == "/dobre-praktyki/moje/"
    (frame,) = told("piotr")
    assert frame["change"] == "rejected_by"
    anna = people["anna"].get_full_name()
    assert frame["text"] == f"Dobra praktyka „{TITLE}” odesłana autorowi do poprawy przez: {anna}"


def test_published_with_the_publish_button_the_author_and_the_other_reviewers_are_told(
    client, people, told, django_capture_on_commit_callbacks
):
    """At the national step a moderator may publish straight away, which ends the workflow:
    the author hears it is published, the step's other reviewers that it no longer waits."""
    practice = submit_new_practice(client, people["author"])
    assert workflow_action(client, people["anna"], practice, "approve").status_code == 302
    told.clear()
    client.force_login(people["frse"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(edit_url(practice), form_data(**{"action-publish": "1"}))
        assert response.status_code == 302
    (frame,) = told("author")
    assert frame["change"] == "published"
    (frame,) = told("frse2")
    assert frame["change"] == "withdrawn"
    assert frame["text"] == f"Dobra praktyka „{TITLE}” nie czeka już na ocenę"
    assert told("frse") == []


def test_a_moderator_who_publishes_their_own_practice_is_not_told(
    client, people, told, django_capture_on_commit_callbacks
):
    from tests.cms.test_moderation import add_url, section

    client.force_login(people["frse"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(add_url(section("lodzkie")), form_data(**{"action-publish": "1"}))
        assert response.status_code == 302
    assert told("frse") == []
