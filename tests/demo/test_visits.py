"""Demo visits in ``seed_demo``: a session with invitations, a past study visit with attendance
and a report, a public festival; a second run changes nothing."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from demo.accounts import ANNA, JAN
from demo.loaders.visits import FESTIVAL, SESSION, STUDY_VISIT
from network.models import User
from visits import permissions, selectors
from visits.choices import EventKind, InvitationStatus
from visits.models import Attendance, Event, Invitation, VisitReport

pytestmark = pytest.mark.django_db


def seed() -> str:
    out = StringIO()
    with override_settings(DEBUG=True):
        call_command("seed_demo", "--without-practices", stdout=out)
    return out.getvalue()


def test_the_demo_has_a_session_a_past_study_visit_and_a_public_festival(client):
    output = seed()
    for email in (ANNA, JAN):
        assert email in output

    session = Event.objects.get(title=SESSION)
    assert (session.host_region.slug, session.kind) == ("lodzkie", EventKind.WZK_SESSION)
    assert set(session.invitations.values_list("region__slug", flat=True)) == {
        "opolskie",
        "mazowieckie",
    }
    visit = Event.objects.get(title=STUDY_VISIT)
    assert permissions.has_started(visit)
    assert selectors.totals(visit)["total"] == 30
    assert visit.invitations.filter(status=InvitationStatus.ACCEPTED).count() == 2
    report = VisitReport.objects.get(event=visit)
    assert report.author.email == ANNA
    festival = Event.objects.get(title=FESTIVAL)
    assert festival.is_public and festival.kind == EventKind.PROFESSIONS_FESTIVAL

    # Jan (opolskie, the host) reads Anna's report and can start a practice from it.
    client.force_login(User.objects.get(email=JAN))
    page = client.get(visit.get_absolute_url()).text
    assert "Edubus zaparkował" in page
    assert reverse("visits:event_report_practice", args=[visit.pk, report.pk]) in page


def test_a_second_run_creates_nothing_new():
    seed()
    counts = [model.objects.count() for model in (Event, Invitation, Attendance, VisitReport)]
    seed()
    assert [
        model.objects.count() for model in (Event, Invitation, Attendance, VisitReport)
    ] == counts


def test_the_demo_logins_find_invitations_on_their_start_page(client):
    from demo.accounts import EWA

    seed()
    for email in (ANNA, JAN, EWA):
        client.force_login(User.objects.get(email=email))
        block = client.get("/pulpit/bloki/zaproszenia/").text
        assert FESTIVAL in block, email
    client.force_login(User.objects.get(email=ANNA))
    assert SESSION in client.get("/pulpit/bloki/wydarzenia/").text
