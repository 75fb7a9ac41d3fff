"""Demo visits: łódzkie's WZK session with opolskie and mazowieckie invited, a past study visit
to opolskie's Edubus with attendance and a visit report, and wielkopolskie's public festival
of professions.

Idempotent: events are keyed by host region and title, invitations, attendance and reports by
their event and person, so a second run updates in place and creates nothing new. Dates are
relative to the day it runs, so the demo always has something coming and something past.
Rows are written directly, as an import would be: no e-mails go out for demo data.
"""

from datetime import datetime, time, timedelta

from django.utils import timezone

from network.choices import InstitutionType
from network.models import Region, User
from visits.choices import EventKind, InvitationStatus
from visits.models import Attendance, Event, Invitation, VisitReport

ANNA = "anna.nowak@lodzkie.example"
JAN = "jan.kowalski@opolskie.example"
EWA = "ewa.wisniewska@mazowieckie.example"

SESSION = "Posiedzenie WZK województwa łódzkiego: współpraca z pracodawcami"
STUDY_VISIT = "Wizyta studyjna: Edubus – mobilny punkt edukacyjny"
FESTIVAL = "Wielkopolski Festiwal Zawodów – edycja wiosenna"


def _at(days: int, hour: int) -> datetime:
    """``days`` from today at ``hour`` o'clock, Polish time."""
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _event(region: str, title: str, **fields) -> Event:
    event, _created = Event.objects.update_or_create(
        host_region=Region.objects.get(slug=region), title=title, defaults=fields
    )
    return event


def _invite(event: Event, *, region: str | None = None, user: User | None = None, **fields):
    lookup = {"region": Region.objects.get(slug=region)} if region else {"user": user}
    invitation, _created = Invitation.objects.update_or_create(
        event=event,
        **lookup,
        defaults={"invited_by": event.organiser, **fields},
    )
    return invitation


def seed_visits() -> int:
    """Create or update the demo events; returns how many there are."""
    people = {user.email: user for user in User.objects.filter(email__in=[ANNA, JAN, EWA])}
    anna, jan, ewa = people[ANNA], people[JAN], people[EWA]
    opole_coordinator = User.objects.get(email="koordynator@opolskie.example")
    wielkopolska_coordinator = User.objects.get(email="koordynator@wielkopolskie.example")

    session = _event(
        "lodzkie",
        SESSION,
        kind=EventKind.WZK_SESSION,
        description=(
            "Otwarte posiedzenie Wojewódzkiego Zespołu Koordynacji z gośćmi z województw "
            "opolskiego i mazowieckiego: jak szkoły zawodowe i branżowe centra umiejętności "
            "współpracują z pracodawcami."
        ),
        agenda=(
            "10:00 Powitanie gości\n"
            "10:30 Konkurs „Kręci Mnie Mój Zawód” – wyniki i filmy uczniów\n"
            "12:00 Opolski Edubus – doświadczenia gości\n"
            "13:00 Dyskusja i obiad"
        ),
        starts_at=_at(30, 10),
        ends_at=_at(30, 14),
        rsvp_deadline=_at(23, 16),
        venue_address="Urząd Marszałkowski Województwa Łódzkiego, al. Piłsudskiego 8, 90-051 Łódź",
        guest_seats=10,
        is_public=False,
        organiser=anna,
    )
    _invite(
        session,
        region="opolskie",
        message="Zapraszamy delegację WZK województwa opolskiego – opowiedzcie o Edubusie!",
    )
    _invite(session, region="mazowieckie", message="Serdecznie zapraszamy na nasze posiedzenie.")

    visit = _event(
        "opolskie",
        STUDY_VISIT,
        kind=EventKind.STUDY_VISIT,
        description=(
            "Edubus to w pełni wyposażony mobilny punkt edukacyjny, który dociera do szkół, "
            "na dożynki, targi i festyny, tam gdzie dostęp do edukacji i informacji jest trudny."
        ),
        agenda="9:00 Zbiórka w Opolu\n10:00 Edubus w szkole w Nysie\n13:00 Podsumowanie",
        starts_at=_at(-21, 9),
        ends_at=_at(-21, 14),
        rsvp_deadline=_at(-28, 16),
        venue_address="Wojewódzki Urząd Pracy w Opolu, ul. Głogowska 25c, 45-315 Opole",
        guest_seats=6,
        is_public=True,
        organiser=opole_coordinator,
    )
    answered = visit.starts_at - timedelta(days=10)
    for guest, count in ((anna, 2), (ewa, 1)):
        _invite(
            visit,
            user=guest,
            status=InvitationStatus.ACCEPTED,
            people_count=count,
            agree_to_be_listed=True,
            answered_at=answered,
        )
    for guest in (anna, ewa):
        Attendance.objects.update_or_create(
            event=visit,
            user=guest,
            defaults={
                "region": guest.region,
                "institution_type": guest.institution_type,
                "count": 1,
                "recorded_by": opole_coordinator,
            },
        )
    for region, kind, count in (
        ("lodzkie", InstitutionType.SCHOOL, 1),
        ("opolskie", InstitutionType.SCHOOL, 24),
        ("opolskie", InstitutionType.LABOUR_OFFICE, 3),
    ):
        Attendance.objects.update_or_create(
            event=visit,
            user=None,
            region=Region.objects.get(slug=region),
            institution_type=kind,
            defaults={"count": count, "recorded_by": opole_coordinator},
        )
    VisitReport.objects.update_or_create(
        event=visit,
        author=anna,
        defaults={
            "what_we_saw": (
                "Edubus zaparkował przy szkole w Nysie: uczniowie w małych grupach testowali "
                "stanowiska zawodowe, a doradca WUP prowadził krótkie rozmowy o wyborze szkoły. "
                "Rodzice przyszli po lekcjach na dyżur doradczy."
            ),
            "what_we_take_home": (
                "Mobilny punkt doradztwa dla powiatów bez poradni, wspólnie z WUP w Łodzi; "
                "harmonogram wyjazdów ułożony razem ze szkołami i gminami."
            ),
        },
    )

    festival = _event(
        "wielkopolskie",
        FESTIVAL,
        kind=EventKind.PROFESSIONS_FESTIVAL,
        description=(
            "Festiwal promujący kształcenie zawodowe i uczenie się przez całe życie: stoiska "
            "szkół, pracodawców i branżowych centrów umiejętności w całym regionie."
        ),
        agenda="9:00 Otwarcie\n9:30–15:00 Stoiska i pokazy zawodów\n15:00 Gala podsumowania",
        starts_at=_at(45, 9),
        ends_at=_at(45, 16),
        rsvp_deadline=_at(35, 16),
        venue_address="Międzynarodowe Targi Poznańskie, ul. Głogowska 14, 60-734 Poznań",
        guest_seats=40,
        is_public=True,
        organiser=wielkopolska_coordinator,
    )
    _invite(festival, region="lodzkie", message="Zapraszamy do Poznania!")
    _invite(festival, user=jan, message="Zapraszamy – przyjedźcie z Edubusem!")
    return Event.objects.filter(title__in=[SESSION, STUDY_VISIT, FESTIVAL]).count()
