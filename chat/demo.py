"""Demo discussions: a little history in the room of each demo thematic network.

Idempotent: every message has a fixed ``client_id``, and ``message_send`` answers a re-send
from the same author with the stored message, so a second run creates nothing. Nothing here
is random.
"""

from typing import NamedTuple

from chat import permissions, services
from chat.models import Room
from network.models import Network, User


class DemoMessage(NamedTuple):
    # An e-mail address, or a region slug: the network's member from that region who is not
    # one of the stable demo accounts (every region has exactly one in each demo network).
    author: str
    topic: str
    body: str


ANNA = "anna.nowak@lodzkie.example"
JAN = "jan.kowalski@opolskie.example"
EWA = "ewa.wisniewska@mazowieckie.example"
STABLE_ACCOUNTS = {ANNA, JAN, EWA, "moderator@frse.example"}

TOOLS = "Narzędzia diagnozy predyspozycji"
FAIRS = "Targi szkół i pracodawców"
RECOGNITION = "Potwierdzanie kwalifikacji"
SENIORS = "Kursy cyfrowe dla seniorów"
PATRONAGE = "Klasy patronackie"
PLACEMENTS = "Staże dla nauczycieli zawodu"

DISCUSSIONS = {
    "doradztwo-zawodowe": [
        DemoMessage(
            "malopolskie",
            TOOLS,
            "Dzień dobry! Z jakich narzędzi diagnozy predyspozycji zawodowych korzystacie "
            "w pracy z uczniami klas siódmych i ósmych?",
        ),
        DemoMessage(
            JAN,
            TOOLS,
            "W WUP w Opolu sprawdza się kwestionariusz zainteresowań z portalu "
            "https://mapakarier.org – uczniowie wypełniają go przed spotkaniem z doradcą.",
        ),
        DemoMessage(
            "pomorskie",
            TOOLS,
            "U nas podobnie. Dodatkowo prowadzimy krótkie warsztaty z kartami wartości:\n"
            "uczniowie lepiej rozumieją, czego szukają w pracy.",
        ),
        DemoMessage(
            ANNA,
            TOOLS,
            "Dziękuję za wskazówki! Zbiorę je w jedną notatkę na najbliższe posiedzenie WZK.",
        ),
        DemoMessage(
            "wielkopolskie",
            FAIRS,
            "Czy któryś z zespołów planuje w tym roku wspólne targi szkół i pracodawców? "
            "Chętnie wymienimy się doświadczeniami z organizacji.",
        ),
        DemoMessage(
            ANNA,
            FAIRS,
            "Tak, w Łodzi planujemy targi w marcu. Podzielę się harmonogramem i listą wystawców.",
        ),
        DemoMessage(
            "slaskie",
            FAIRS,
            "@anna.nowak czy mogłaby Pani przesłać także wzór porozumienia z pracodawcami? "
            "Przygotowujemy podobne wydarzenie w Katowicach.",
        ),
        DemoMessage(
            JAN,
            FAIRS,
            "Dołączam się do prośby – w Opolu zaczynamy przygotowania we wrześniu.\n"
            "Może przygotujemy wspólny dokument dla całej sieci?",
        ),
    ],
    "uczenie-sie-doroslych": [
        DemoMessage(
            EWA,
            RECOGNITION,
            "W CKU w Warszawie przybywa dorosłych, którzy chcą potwierdzić kwalifikacje "
            "zdobyte w pracy. Jak informujecie ich o egzaminach eksternistycznych?",
        ),
        DemoMessage(
            "malopolskie",
            RECOGNITION,
            "Współpracujemy z powiatowymi urzędami pracy – doradcy przekazują informacje "
            "osobom zarejestrowanym.",
        ),
        DemoMessage(
            "podlaskie",
            RECOGNITION,
            "Raz w miesiącu prowadzimy dyżur informacyjny online. Najwięcej pytań dotyczy "
            "kosztów i terminów egzaminów.",
        ),
        DemoMessage(EWA, RECOGNITION, "Świetny pomysł z dyżurem – zaproponuję go u nas."),
        DemoMessage(
            "pomorskie",
            SENIORS,
            "Szukamy trenerów do kursów kompetencji cyfrowych dla osób 60+. "
            "Macie sprawdzone organizacje?",
        ),
        DemoMessage(
            "wielkopolskie",
            SENIORS,
            "Polecamy uniwersytety trzeciego wieku: mają już grupy, sale i zaufanie słuchaczy.",
        ),
    ],
    "wspolpraca-z-pracodawcami": [
        DemoMessage(
            "wielkopolskie",
            PATRONAGE,
            "Jak zachęcacie pracodawców do objęcia patronatem klasy w technikum?",
        ),
        DemoMessage(
            "slaskie",
            PATRONAGE,
            "Najlepiej działa konkretny program praktyk i wspólne ustalenie, czego uczniowie "
            "mają się nauczyć.",
        ),
        DemoMessage(
            "malopolskie",
            PATRONAGE,
            "U nas pomogło spotkanie pracodawców z absolwentami, którzy zostali w firmach "
            "po praktykach.",
        ),
        DemoMessage(
            "podlaskie",
            PLACEMENTS,
            "Czy macie doświadczenia ze stażami nauczycieli przedmiotów zawodowych u pracodawców?",
        ),
        DemoMessage(
            "pomorskie",
            PLACEMENTS,
            "Tak, w zeszłym roku dwunastu nauczycieli odbyło staże w stoczni. "
            "Relacja: www.example.org/staze-nauczycieli",
        ),
        DemoMessage("wielkopolskie", PLACEMENTS, "Dziękuję – to dobry przykład dla naszej sieci."),
    ],
}


def _author(network: Network, who: str) -> User:
    if "@" in who:
        return User.objects.get(email=who)
    return (
        User.objects.filter(network_memberships__network=network, region__slug=who)
        .exclude(email__in=STABLE_ACCOUNTS)
        .order_by("email")
        .first()
    )


def seed_chat() -> int:
    """Post the demo messages that are not there yet; returns how many were created."""
    created = 0
    for slug, messages in DISCUSSIONS.items():
        network = Network.objects.filter(slug=slug).first()
        if network is None:
            continue
        for number, message in enumerate(messages, start=1):
            author = _author(network, message.author)
            if author is None:
                continue
            room = permissions.access_room(author, Room.key_for_network(network))
            _message, is_new = services.message_send(
                user=author,
                room=room,
                topic=message.topic,
                body=message.body,
                client_id=f"demo-{slug}-{number}",
            )
            created += is_new
    return created
