"""Visit reports: guests who came write them, the host region reads them, and one click starts a
draft good practice in the host region's section that goes through the usual moderation."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cms.models import GoodPracticePage, RegionSectionPage
from tests.factories import UserFactory, region
from tests.visits.factories import InvitationFactory
from visits import services
from visits.choices import InvitationStatus
from visits.models import Event, VisitReport

pytestmark = pytest.mark.django_db

REPORT = {
    "what_we_saw": "Edubus w szkole w Nysie: warsztaty zawodowe w autobusie.",
    "what_we_take_home": "Mobilny punkt doradztwa dla powiatów bez poradni.",
}


@pytest.fixture
def started(event, visitor):
    """The event, begun yesterday (after the visitor accepted)."""
    now = timezone.now()
    Event.objects.filter(pk=event.pk).update(
        rsvp_deadline=now - timedelta(days=2),
        starts_at=now - timedelta(days=1),
        ends_at=now - timedelta(hours=20),
    )
    event.refresh_from_db()
    return event


@pytest.fixture
def visitor(event, opole_member):
    """A member of opolskie whose invitation was accepted before the event."""
    services.invitation_accept(
        actor=opole_member, invitation=InvitationFactory(event=event, user=opole_member)
    )
    return opole_member


@pytest.fixture
def report(started, visitor):
    return VisitReport.objects.create(event=started, author=visitor, **REPORT)


def test_a_guest_who_came_writes_a_report_and_the_host_region_reads_it(
    client, started, visitor, host_member
):
    client.force_login(visitor)
    assert "Napisz relację z wizyty" in client.get(started.get_absolute_url()).text
    response = client.post(reverse("visits:event_report", args=[started.pk]), REPORT)
    assert response.status_code == 302
    report = VisitReport.objects.get(event=started, author=visitor)
    assert report.what_we_take_home == REPORT["what_we_take_home"]

    client.force_login(host_member)
    page = client.get(started.get_absolute_url()).text
    assert REPORT["what_we_saw"] in page
    assert "Rozpocznij dobrą praktykę na podstawie tej relacji" in page


def test_rewriting_the_report_keeps_one_report(client, report, visitor, started):
    client.force_login(visitor)
    client.post(
        reverse("visits:event_report", args=[started.pk]),
        {**REPORT, "what_we_saw": "Poprawiony opis."},
    )
    assert VisitReport.objects.get().what_we_saw == "Poprawiony opis."


def test_an_empty_report_gets_a_message_and_nothing_is_saved(client, started, visitor):
    client.force_login(visitor)
    response = client.post(
        reverse("visits:event_report", args=[started.pk]),
        {"what_we_saw": "   ", "what_we_take_home": "Coś"},
    )
    assert response.status_code == 400
    assert not VisitReport.objects.exists()


def test_who_cannot_write_a_report(client, event, visitor, outsider, host_member):
    url = reverse("visits:event_report", args=[event.pk])
    client.force_login(visitor)
    assert client.get(url).status_code == 404  # the event has not started yet
    Event.objects.filter(pk=event.pk).update(
        rsvp_deadline=timezone.now() - timedelta(days=2),
        starts_at=timezone.now() - timedelta(hours=1),
    )
    for person in (outsider, host_member):  # not invited; the host's own member
        client.force_login(person)
        assert client.get(url).status_code == 404
        assert client.post(url, REPORT).status_code == 404
    assert not VisitReport.objects.exists()


def test_other_guests_and_outsiders_do_not_see_the_report(client, report, started, outsider):
    other_guest = UserFactory(region=region("mazowieckie"))
    InvitationFactory(event=started, user=other_guest, status=InvitationStatus.ACCEPTED)
    for person in (outsider, other_guest):
        client.force_login(person)
        assert REPORT["what_we_saw"] not in client.get(started.get_absolute_url()).text


def test_one_click_starts_a_draft_practice_in_the_host_section(
    client, report, started, host_member
):
    client.force_login(host_member)
    url = reverse("visits:event_report_practice", args=[started.pk, report.pk])
    response = client.post(url)
    report.refresh_from_db()
    practice = report.draft_practice
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[practice.pk])
    assert not practice.live
    assert practice.owner == host_member
    section = RegionSectionPage.objects.get(region=region("lodzkie"))
    assert practice.get_parent().pk == section.pk
    assert practice.title == started.title
    assert REPORT["what_we_saw"] in practice.summary
    assert REPORT["what_we_take_home"] in practice.transferability
    assert practice.get_latest_revision().user == host_member

    # Clicking again does not start a second draft.
    client.post(url)
    assert GoodPracticePage.objects.filter(title=started.title).count() == 1


def test_the_draft_goes_through_the_host_regions_moderation_workflow(report, host_member):
    from visits.services import report_start_practice

    practice = report_start_practice(actor=host_member, report=report)
    workflow = practice.get_workflow()
    assert workflow is not None and "łódzkie" in workflow.name
    state = workflow.start(practice, host_member)
    practice.refresh_from_db()
    assert state.status == "in_progress" and not practice.live


def test_the_published_practice_says_it_was_observed_during_the_event(
    client, report, host_member, started
):
    from visits.services import report_start_practice

    practice = report_start_practice(actor=host_member, report=report)
    practice.get_latest_revision().publish()
    practice.refresh_from_db()
    page = client.get(practice.url).text
    assert "Zaobserwowano podczas" in page
    assert started.get_absolute_url() in page and started.title in page


def test_who_cannot_start_a_practice_from_a_report(
    client, report, started, visitor, outsider, opole_coordinator
):
    url = reverse("visits:event_report_practice", args=[started.pk, report.pk])
    # The author (from opolskie) cannot write in łódzkie's section; nor can outsiders.
    for person in (visitor, outsider, opole_coordinator):
        client.force_login(person)
        assert client.post(url).status_code == 404
    client.force_login(visitor)
    assert client.get(url).status_code == 405
    report.refresh_from_db()
    assert report.draft_practice is None
    assert not GoodPracticePage.objects.filter(title=started.title).exists()


def test_the_reports_text_is_escaped_in_the_draft(started, visitor, host_member):
    from visits.services import report_start_practice

    report = VisitReport.objects.create(
        event=started,
        author=visitor,
        what_we_saw='<script>alert("x")</script> Warsztaty',
        what_we_take_home="<b>Wszystko</b>",
    )
    body = str(report_start_practice(actor=host_member, report=report).body)
    assert "<script>" not in body and "&lt;script&gt;" in body
    assert "<b>" not in body and "Co zobaczyli goście" in body


def test_the_event_page_does_not_read_more_for_more_reports(client, report, started, host_member):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(host_member)

    def queries() -> int:
        client.get(started.get_absolute_url())  # warm caches (session, site)
        with CaptureQueriesContext(connection) as context:
            client.get(started.get_absolute_url())
        return len(context.captured_queries)

    one = queries()
    for number in range(4):
        author = UserFactory(region=region("mazowieckie"))
        InvitationFactory(event=started, user=author, status=InvitationStatus.ACCEPTED)
        VisitReport.objects.create(
            event=started, author=author, what_we_saw=f"Opis {number}", what_we_take_home="Pomysł"
        )
    assert queries() == one
