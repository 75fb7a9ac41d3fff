"""In the English interface an event's title, place and texts, and an invitation's message, are
what members wrote in Polish: marked ``lang="pl"`` wherever they are shown (the event, the
invitation, the start page, the calendar's labels for screen readers), and only they."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.html import languages_of, parse
from tests.visits.factories import InvitationFactory

pytestmark = pytest.mark.django_db

TITLE = "Forum doradców zawodowych"
PLACE = "ul. Piotrkowska 104"


def page(client, path, **params):
    response = client.get(path, params)
    assert response.status_code == 200
    assert b'<html lang="en">' in response.content
    return parse(response.content)


@pytest.fixture
def invitation(event, opole_member):
    event.title = TITLE
    event.save()
    return InvitationFactory(event=event, user=opole_member, message="Serdecznie zapraszamy!")


def test_the_event_and_the_invitation_mark_what_the_host_wrote(english, invitation):
    english.force_login(invitation.user)
    event = page(english, invitation.event.get_absolute_url())
    for typed in (TITLE, PLACE, "Wymiana doświadczeń z regionami.", "10:00 Powitanie"):
        assert languages_of(event, typed) == {"pl"}, typed
    for interface in ("About the event", "Agenda", "Venue", "Accept"):
        assert languages_of(event, interface) == {"en"}, interface

    detail = page(english, invitation.get_absolute_url())
    for typed in (TITLE, PLACE, "Serdecznie zapraszamy!"):
        assert languages_of(detail, typed) == {"pl"}, typed
    assert languages_of(detail, "Invitation: ") == {"en"}

    invitations = page(english, reverse("visits:my_invitations"))
    assert languages_of(invitations, TITLE) == {"pl"}


def test_the_start_page_marks_event_titles_in_its_blocks(english, invitation):
    english.force_login(invitation.user)
    start = page(english, reverse("network:dashboard"))
    # The link, and the quick answers' labels for screen readers ("Accept: <title>").
    assert languages_of(start, TITLE) == {"pl"}
    assert languages_of(start, "Answer by") == {"en"}
    english.force_login(invitation.event.organiser)
    assert languages_of(page(english, reverse("network:dashboard")), TITLE) == {"pl"}


@pytest.mark.parametrize("view", ["", "lista", "miesiac"])
def test_the_calendar_marks_titles_and_its_hidden_labels(english, invitation, view):
    # The calendar's months are Warsaw months (late on a month's last day in UTC is already
    # the next month in Warsaw).
    month = timezone.localtime(invitation.event.starts_at).strftime("%Y-%m")
    params = {"widok": view, "miesiac": month} if view else {}
    calendar = page(english, reverse("calendars:national"), **params)
    # In the lists, "Add to calendar (.ics): <title>" says the title to a screen reader.
    assert languages_of(calendar, TITLE) == {"pl"}
    assert languages_of(calendar, "Calendar of events") == {"en"}
