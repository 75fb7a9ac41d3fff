"""Creating, editing and cancelling events, and inviting: each bad input gets its message in
the user's language and changes nothing."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory, region
from tests.visits.factories import EventFactory, InvitationFactory
from visits import services
from visits.choices import EventKind, InvitationStatus
from visits.models import Event, Invitation

pytestmark = pytest.mark.django_db

FORMAT = "%Y-%m-%dT%H:%M"


def _form(**overrides):
    start = timezone.localtime(timezone.now() + timedelta(days=20)).replace(
        hour=10, minute=0, second=0, microsecond=0
    )
    data = {
        "kind": EventKind.WZK_SESSION,
        "title": "Posiedzenie WZK z gośćmi",
        "description": "Wymiana doświadczeń.",
        "agenda": "10:00 Powitanie",
        "starts_at": start.strftime(FORMAT),
        "ends_at": (start + timedelta(hours=5)).strftime(FORMAT),
        "venue_address": "ul. Piotrkowska 104, Łódź",
        "online_url": "",
        "guest_seats": "10",
        "rsvp_deadline": (start - timedelta(days=3)).strftime(FORMAT),
        "is_public": "on",
    }
    data.update(overrides)
    return data


def test_the_coordinator_creates_an_event_in_warsaw_time(client, host):
    client.force_login(host)
    data = _form()
    response = client.post(reverse("visits:event_create"), data)
    event = Event.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("visits:event_invitations", args=[event.pk])
    assert event.host_region == host.region
    assert event.organiser == host
    assert timezone.localtime(event.starts_at).strftime(FORMAT) == data["starts_at"]
    assert str(timezone.localtime(event.starts_at).tzinfo) == "Europe/Warsaw"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"guest_seats": "-5"}, "Liczba miejsc nie może być ujemna."),
        ({"guest_seats": "1000000"}, "Najwyżej 5000 miejsc dla gości"),
        ({"ends": -1}, "Wydarzenie musi kończyć się po jego rozpoczęciu."),
        ({"deadline": 1}, "Termin odpowiedzi nie może przypadać po rozpoczęciu wydarzenia."),
        ({"past": True}, "Wydarzenie nie może zaczynać się w przeszłości."),
        ({"venue_address": ""}, "Podaj adres miejsca albo link do spotkania online."),
        ({"ends": 24 * 90}, "Wydarzenie może trwać najwyżej 60 dni."),
        ({"deadline": -100}, "Termin odpowiedzi już minął; nikt nie mógłby odpowiedzieć."),
    ],
)
def test_bad_event_input_gets_its_message_and_nothing_is_created(client, host, changes, message):
    data = _form()
    start = timezone.datetime.strptime(data["starts_at"], FORMAT)
    if "ends" in changes:
        data["ends_at"] = (start + timedelta(hours=changes.pop("ends"))).strftime(FORMAT)
    if "deadline" in changes:
        data["rsvp_deadline"] = (start + timedelta(days=changes.pop("deadline"))).strftime(FORMAT)
    if changes.pop("past", False):
        # 10:00 two days ago: past, and on no day an hour the clocks skip or repeat (this moment
        # two days back, or 2 hours on or a day before it, can be one around a DST change).
        past = timezone.localtime().replace(hour=10, minute=0) - timedelta(days=2)
        data["starts_at"] = past.strftime(FORMAT)
        data["ends_at"] = (past + timedelta(hours=2)).strftime(FORMAT)
        data["rsvp_deadline"] = (past - timedelta(days=1)).strftime(FORMAT)
    data.update(changes)
    client.force_login(host)
    response = client.post(reverse("visits:event_create"), data)
    assert response.status_code == 200
    assert message in response.text
    assert not Event.objects.exists()


def test_bad_input_messages_in_english_for_those_who_chose_it(english, host):
    english.force_login(host)
    response = english.post(reverse("visits:event_create"), _form(guest_seats="-1"))
    assert "The number of seats cannot be negative." in response.text
    assert not Event.objects.exists()


def test_an_overlapping_public_event_of_the_same_kind_elsewhere_warns_until_confirmed(client, host):
    data = _form(kind=EventKind.PROFESSIONS_FESTIVAL)
    start = timezone.make_aware(timezone.datetime.strptime(data["starts_at"], FORMAT))
    other = EventFactory(
        host_region=region("wielkopolskie"),
        kind=EventKind.PROFESSIONS_FESTIVAL,
        title="Wielkopolski Festiwal Zawodów",
        starts_at=start - timedelta(hours=1),
        ends_at=start + timedelta(hours=2),
        rsvp_deadline=start - timedelta(days=2),
    )
    client.force_login(host)
    response = client.post(reverse("visits:event_create"), data)
    assert response.status_code == 200
    assert "Wielkopolski Festiwal Zawodów" in response.text
    assert "Konkurują o te same szkoły i gości" in response.text
    assert Event.objects.count() == 1
    response = client.post(reverse("visits:event_create"), {**data, "confirm_overlap": "on"})
    assert response.status_code == 302
    assert Event.objects.count() == 2
    # A different kind, or a members-only event, does not compete.
    other.kind = EventKind.WEBINAR
    other.save()
    response = client.post(reverse("visits:event_create"), data)
    assert response.status_code == 302


def test_editing_raises_the_sequence_keeps_the_uid_and_refuses_fewer_seats_than_taken(
    client, event, host
):
    invitation = InvitationFactory(event=event)
    services.invitation_accept(actor=invitation.user, invitation=invitation, people_count=2)
    uid, sequence = event.uid, event.ical_sequence
    client.force_login(host)
    # Moved to 10:00 on a later day: the factory's times (two weeks from this moment) may fall
    # in the hour the clocks go back, which no "YYYY-MM-DDTHH:MM" names unambiguously.
    data = _form(title="Posiedzenie przeniesione", guest_seats="2")
    assert client.post(reverse("visits:event_edit", args=[event.pk]), data).status_code == 302
    event.refresh_from_db()
    assert (event.title, event.uid, event.ical_sequence) == (
        "Posiedzenie przeniesione",
        uid,
        sequence + 1,
    )
    response = client.post(
        reverse("visits:event_edit", args=[event.pk]), {**data, "guest_seats": "1"}
    )
    assert "2 miejsca są już zajęte; miejsc nie może być mniej." in response.text
    event.refresh_from_db()
    assert event.guest_seats == 2


def test_cancelling_an_event_closes_answers(client, event, host):
    invitation = InvitationFactory(event=event)
    client.force_login(host)
    client.post(reverse("visits:event_cancel", args=[event.pk]), {"reason": "Powódź"})
    event.refresh_from_db()
    assert event.is_cancelled
    assert event.cancellation_reason == "Powódź"
    client.force_login(invitation.user)
    response = client.post(
        reverse("visits:invitation_accept", args=[invitation.pk]), {"people_count": 1}
    )
    assert "To wydarzenie zostało odwołane." in response.text
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.PENDING


def test_cancelling_a_cancelled_event_again_says_so_and_sends_nothing(client, event, host, outbox):
    InvitationFactory(event=event)
    client.force_login(host)
    url = reverse("visits:event_cancel", args=[event.pk])
    client.post(url, {"reason": "Powódź"}, follow=True)
    sent = len(outbox)
    response = client.post(url, {"reason": "Jeszcze raz"}, follow=True)
    assert "To wydarzenie zostało odwołane." in response.text
    assert "zaproszeni zostali powiadomieni" not in response.text
    assert len(outbox) == sent
    event.refresh_from_db()
    assert event.cancellation_reason == "Powódź"
    assert client.get(url).status_code == 302


def test_inviting_ones_own_region_is_refused_and_nothing_is_sent(client, event, host, outbox):
    client.force_login(host)
    response = client.post(
        reverse("visits:event_invitations", args=[event.pk]),
        {"regions": [region("lodzkie").pk, region("opolskie").pk], "message": "Zapraszamy"},
    )
    assert response.status_code == 200
    # Łódzkie is not even offered; the form refuses it as an invalid choice.
    assert not Invitation.objects.exists()
    with pytest.raises(ValidationError, match="Nie możesz zaprosić własnego regionu"):
        services.invitations_send(actor=host, event=event, regions=[region("lodzkie")])
    own_member = UserFactory(region=region("lodzkie"))
    with pytest.raises(ValidationError, match="należy do Twojego regionu"):
        services.invitations_send(actor=host, event=event, users=[own_member])
    assert not Invitation.objects.exists()
    assert outbox == []


def test_an_id_too_large_for_the_database_is_an_invalid_choice_not_an_error(client, event, host):
    client.force_login(host)
    response = client.post(
        reverse("visits:event_invitations", args=[event.pk]),
        {"users": ["99999999999999999999"], "message": "Zapraszamy"},
    )
    assert response.status_code == 200
    assert "99999999999999999999" in response.text  # named in the invalid-choice message
    assert not Invitation.objects.exists()


def test_inviting_regions_and_members_with_a_message(client, event, host, opole_member):
    client.force_login(host)
    response = client.post(
        reverse("visits:event_invitations", args=[event.pk]),
        {
            "regions": [region("mazowieckie").pk],
            "users": [opole_member.pk],
            "message": "Serdecznie zapraszamy!",
        },
        follow=True,
    )
    assert "Wysłane zaproszenia: 2." in response.text
    assert Invitation.objects.filter(region=region("mazowieckie"), user=None).exists()
    assert Invitation.objects.get(user=opole_member).message == "Serdecznie zapraszamy!"
    with pytest.raises(ValidationError, match="zaproszenie zostało już wysłane"):
        services.invitations_send(actor=host, event=event, users=[opole_member])
    assert Invitation.objects.count() == 2


def test_the_invited_regions_coordinator_passes_it_on_to_chosen_members(
    client, event, opole_coordinator, opole_member, outsider
):
    region_invitation = InvitationFactory(
        event=event, region=region("opolskie"), user=None, message="Pokażemy Edubus."
    )
    client.force_login(opole_coordinator)
    url = reverse("visits:invitation_pass_on", args=[region_invitation.pk])
    # Members of other regions, and the coordinator themselves, are not offered.
    client.post(url, {"users": [outsider.pk]})
    client.post(url, {"users": [opole_coordinator.pk]})
    assert not Invitation.objects.filter(user__in=[outsider, opole_coordinator]).exists()
    client.post(url, {"users": [opole_member.pk], "message": "Jedź z nami"})
    passed = Invitation.objects.get(user=opole_member)
    assert passed.passed_on_from == region_invitation
    assert passed.invited_by == opole_coordinator
    client.force_login(opole_member)
    response = client.get(passed.get_absolute_url())
    assert response.status_code == 200
    assert "Jedź z nami" in response.text
    assert "Pokażemy Edubus." in response.text  # the host's own words, credited to the host
    assert f"{region_invitation.invited_by} pisze:" in response.text
    assert "koordynator regionu opolskie, przekazuje Ci to zaproszenie" in response.text


def test_passing_on_with_a_too_long_message_says_what_is_wrong_and_passes_nothing(
    client, event, opole_coordinator, opole_member
):
    region_invitation = InvitationFactory(event=event, region=region("opolskie"), user=None)
    client.force_login(opole_coordinator)
    url = reverse("visits:invitation_pass_on", args=[region_invitation.pk])
    response = client.post(url, {"users": [opole_member.pk], "message": "x" * 2001}, follow=True)
    assert "co najwyżej 2000 znaków" in response.text
    assert "Wybierz co najmniej jednego członka" not in response.text
    assert not Invitation.objects.filter(user=opole_member).exists()
    response = client.post(url, {"users": []}, follow=True)
    assert "Wybierz co najmniej jednego członka swojego regionu." in response.text


def test_withdrawing_a_region_invitation_withdraws_the_ones_passed_on(
    event, host, opole_coordinator, opole_member
):
    region_invitation = InvitationFactory(event=event, region=region("opolskie"), user=None)
    (passed,) = services.invitation_pass_on(
        actor=opole_coordinator, invitation=region_invitation, users=[opole_member]
    )
    services.invitation_cancel(actor=host, invitation=region_invitation)
    passed.refresh_from_db()
    assert passed.status == InvitationStatus.CANCELLED
