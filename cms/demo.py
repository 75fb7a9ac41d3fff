"""Demo good practices: the four described in the sources and invented ones for every region.

Idempotent: a practice is keyed by its slug within its region's section, so a second run finds
it and creates nothing; listing images are keyed by title. Nothing here is random.
"""

import re
from dataclasses import dataclass
from datetime import date
from io import BytesIO

from anyascii import anyascii
from django.core.files.images import ImageFile
from PIL import Image as PillowImage
from PIL import ImageDraw, ImageFont
from wagtail.images import get_image_model

from cms.choices import ActionKind, TargetGroup
from cms.models import GoodPracticePage, RegionSectionPage
from cms.services import practice_create
from cms.text import fold
from network.models import User

KPO = "Krajowy Plan Odbudowy i Zwiększania Odporności (inwestycja A.3.1.1)"
KPO_PROJECT = (
    "„Zbudowanie systemu koordynacji i monitorowania regionalnych działań na rzecz kształcenia "
    "zawodowego, szkolnictwa wyższego oraz uczenia się przez całe życie, w tym uczenia się "
    "dorosłych”"
)

# The shared vocabulary: every practice's tags come from here, so the tag facet stays short.
TAGS = (
    "doradztwo zawodowe",
    "kształcenie dorosłych",
    "współpraca z pracodawcami",
    "edukacja pozaformalna",
    "szkolnictwo wyższe",
    "uczniowie szkół branżowych",
    "seniorzy",
    "cyfrowe kompetencje",
    "film",
    "podcast",
    "webinar",
    "targi",
    "konkurs",
    "BCU",
    "LLL",
    "KPO",
)


@dataclass(frozen=True)
class DemoImage:
    label: str
    top: tuple[int, int, int]
    bottom: tuple[int, int, int]
    colour: str  # "na <colour> tle", for the alternative text

    @property
    def title(self) -> str:
        return f"Demo: {self.label}"

    @property
    def alt(self) -> str:
        return f"Grafika z napisem „{self.label}” na {self.colour} tle"


# Dark enough for white text to meet WCAG contrast.
IMAGES = {
    "outreach": DemoImage("Edukacja w terenie", (21, 76, 140), (12, 42, 84), "niebieskim"),
    "film": DemoImage("Konkurs filmowy", (142, 36, 73), (84, 20, 56), "bordowym"),
    "festival": DemoImage("Festiwal zawodów", (176, 72, 16), (120, 40, 8), "pomarańczowym"),
    "fair": DemoImage("Targi edukacyjne", (0, 105, 110), (0, 60, 66), "morskim"),
    "counsellors": DemoImage("Doradztwo zawodowe", (36, 110, 52), (18, 64, 30), "zielonym"),
    "adults": DemoImage("Uczenie się dorosłych", (92, 52, 150), (52, 28, 92), "fioletowym"),
    "employers": DemoImage("Współpraca z pracodawcami", (60, 72, 88), (30, 36, 46), "grafitowym"),
    "forum": DemoImage("Forum edukacyjne", (26, 46, 110), (12, 22, 60), "granatowym"),
}


@dataclass(frozen=True)
class DemoPractice:
    region: str  # slug
    slug: str  # unique across the demo, so inspirations can name it
    title: str
    kind: ActionKind
    audiences: tuple[TargetGroup, ...]
    start_date: date
    lead_institution: str
    summary: str
    tags: tuple[str, ...]
    body: tuple[dict, ...]
    end_date: date | None = None
    ongoing: bool = False
    partners: tuple[str, ...] = ()
    image: str = ""  # a key of IMAGES
    inspired_by: tuple[str, ...] = ()  # slugs of practices listed earlier
    participants_reached: int | None = None
    success_factors: str = ""
    lessons_learnt: str = ""
    transferability: str = ""
    funding_source: str = ""
    # From the sources: facts only, and the region's demo coordinator as the contact.
    documented: bool = False


def text(*paragraphs: str) -> dict:
    return {"type": "text", "value": "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)}


def bullets(*items: str) -> dict:
    return {"type": "text", "value": "<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"}


def heading(title: str) -> dict:
    return {"type": "heading", "value": title}


def figures(*pairs: tuple[str, str]) -> dict:
    return {
        "type": "key_figures",
        "value": [{"value": value, "label": label} for value, label in pairs],
    }


def image(key: str, *, caption: str = "") -> dict:
    # The image's primary key is filled in when the images exist.
    return {"type": "image", "value": {"image": key, "alt_text": "", "caption": caption}}


DOCUMENTED = [
    DemoPractice(
        region="opolskie",
        slug="edubus",
        title="Edubus – mobilny punkt edukacyjny",
        kind=ActionKind.OUTREACH,
        audiences=(
            TargetGroup.PUPILS,
            TargetGroup.ADULTS,
            TargetGroup.SENIORS,
            TargetGroup.PARENTS,
        ),
        start_date=date(2024, 5, 6),
        ongoing=True,
        lead_institution="Urząd Marszałkowski Województwa Opolskiego",
        summary=(
            "Mobilny, w pełni wyposażony punkt edukacyjny: odwiedza szkoły, gminne dożynki, targi "
            "i wydarzenia otwarte, by dotrzeć z usługami edukacyjnymi i informacyjnymi tam, "
            "gdzie dostęp do nich jest utrudniony."
        ),
        tags=("edukacja pozaformalna", "doradztwo zawodowe", "LLL", "seniorzy"),
        image="outreach",
        body=(
            heading("Edukacja w terenie"),
            text(
                "Edubus to mobilny punkt edukacyjny Wojewódzkiego Zespołu Koordynacji "
                "Województwa Opolskiego – w pełni wyposażony i przygotowany do prowadzenia "
                "działań informacyjno-promocyjnych w całym regionie. Zamiast czekać, aż "
                "mieszkańcy przyjdą do instytucji, instytucje przyjeżdżają do nich.",
                "Edubus gości zarówno przy szkołach, jak i na gminnych dożynkach, targach "
                "edukacyjnych, spotkaniach i większych wydarzeniach otwartych. Umożliwia "
                "bezpośredni kontakt ze społecznością lokalną: z uczniami i ich rodzicami, "
                "z dorosłymi, którzy chcą zdobyć nowe kwalifikacje, oraz z seniorami.",
            ),
            image("outreach", caption="Edubus dociera do szkół i na wydarzenia w całym regionie."),
            heading("Gdzie można spotkać Edubus"),
            bullets(
                "przy szkołach",
                "na gminnych dożynkach",
                "na targach edukacyjnych i spotkaniach",
                "podczas wydarzeń otwartych i większych imprez w regionie",
            ),
            text(
                "Edubus jest innowacyjnym narzędziem edukacyjnym: wspiera dotarcie z usługami "
                "edukacyjnymi i informacyjnymi tam, gdzie dostęp do nich jest utrudniony."
            ),
        ),
        success_factors=(
            "Spotkania tam, gdzie mieszkańcy i tak bywają – przy szkołach, na dożynkach "
            "i wydarzeniach otwartych – zamiast zapraszania ich do urzędu."
        ),
        transferability=(
            "Model mobilnego punktu można przenieść do każdego województwa, zwłaszcza tam, "
            "gdzie mniejsze miejscowości są daleko od szkół, poradni i urzędów pracy."
        ),
        documented=True,
    ),
    DemoPractice(
        region="lodzkie",
        slug="kreci-mnie-moj-zawod",
        title="Konkurs „Kręci Mnie Mój Zawód”",
        kind=ActionKind.CONTEST,
        audiences=(TargetGroup.PUPILS,),
        start_date=date(2025, 3, 3),
        lead_institution="Centrum Rozwoju Edukacji Województwa Łódzkiego w Łodzi",
        partners=(
            "Departament Edukacji Urzędu Marszałkowskiego Województwa Łódzkiego",
            "Politechnika Łódzka",
        ),
        summary=(
            "Konkurs dla uczniów szkół i placówek z województwa łódzkiego: nakręć film "
            "promocyjny o wybranym zawodzie – o tym, jak wygląda praca na danym stanowisku "
            "i co w tym zawodzie warto pokazać rówieśnikom."
        ),
        tags=("konkurs", "film", "uczniowie szkół branżowych", "KPO"),
        image="film",
        body=(
            heading("O konkursie"),
            text(
                "Konkurs „Kręci Mnie Mój Zawód” był skierowany do uczniów szkół i placówek "
                "położonych na obszarze województwa łódzkiego. Jego przedmiotem było stworzenie "
                "filmu promocyjnego dotyczącego wykonywania wybranego zawodu lub związanego "
                "z nim stanowiska czy stanowisk pracy, a także innych elementów promujących "
                "wybrany zawód.",
                "Organizatorem konkursu było Centrum Rozwoju Edukacji Województwa Łódzkiego "
                "w Łodzi, we współpracy z Departamentem Edukacji Urzędu Marszałkowskiego "
                "Województwa Łódzkiego oraz Politechniką Łódzką.",
            ),
            heading("Część projektu regionalnego"),
            text(
                f"Konkurs jest elementem projektu Województwa Łódzkiego {KPO_PROJECT}, "
                "finansowanego ze środków Krajowego Planu Odbudowy i Zwiększania Odporności. "
                'Więcej informacji: <a href="https://www.lodzkie.pl/edukacja/projekt-lll/'
                'o-projekcie-lll">strona projektu LLL Województwa Łódzkiego</a>.'
            ),
        ),
        success_factors=(
            "Uczniowie sami opowiadają o zawodach językiem filmu – promocja kształcenia "
            "zawodowego trafia do rówieśników w formie, którą chętnie oglądają."
        ),
        funding_source=KPO,
        documented=True,
    ),
    DemoPractice(
        region="wielkopolskie",
        slug="wielkopolski-festiwal-zawodow",
        title="Wielkopolski Festiwal Zawodów – edycja jesienna",
        kind=ActionKind.FESTIVAL,
        audiences=(TargetGroup.PUPILS, TargetGroup.ADULTS, TargetGroup.COUNSELLORS),
        start_date=date(2025, 9, 15),
        lead_institution="Urząd Marszałkowski Województwa Wielkopolskiego",
        summary=(
            "Od 15 września w całym województwie wielkopolskim: jesienna edycja festiwalu, "
            "który promuje uczenie się przez całe życie i podsumowuje regionalne działania "
            "w zakresie doradztwa zawodowego."
        ),
        tags=("doradztwo zawodowe", "LLL", "KPO"),
        image="festival",
        body=(
            heading("Festiwal w całym regionie"),
            text(
                "Od 15 września w całym województwie wielkopolskim odbywała się jesienna edycja "
                "Wielkopolskiego Festiwalu Zawodów, realizowana w ramach Krajowego Planu "
                f"Odbudowy poprzez projekt {KPO_PROJECT}.",
                "Celem przedsięwzięcia jest wsparcie działań różnych podmiotów na rzecz "
                "rozwijania umiejętności uczenia się przez całe życie. Festiwal promuje "
                "szeroko pojętą ideę lifelong learningu i stanowi podsumowanie działań "
                "prowadzonych w zakresie doradztwa zawodowego w całym województwie.",
            ),
            figures(
                ("15 września 2025", "początek jesiennej edycji"),
                ("całe województwo", "wydarzenia w całej Wielkopolsce"),
            ),
        ),
        success_factors=(
            "Jeden wspólny szyld dla wielu wydarzeń różnych instytucji w całym regionie – "
            "łatwiej je promować i podsumować."
        ),
        funding_source=KPO,
        documented=True,
    ),
    DemoPractice(
        region="malopolskie",
        slug="festiwal-uczelni-malopolska-przyszlosci",
        title="Festiwal Uczelni – Małopolska Przyszłości",
        kind=ActionKind.FAIR,
        audiences=(TargetGroup.PUPILS, TargetGroup.STUDENTS, TargetGroup.PARENTS),
        start_date=date(2025, 11, 26),
        end_date=date(2025, 11, 27),
        lead_institution="Urząd Marszałkowski Województwa Małopolskiego",
        partners=(
            "26 małopolskich uczelni",
            "7 instytutów Polskiej Akademii Nauk",
            "2 instytuty Sieci Badawczej Łukasiewicz",
            "9 Branżowych Centrów Umiejętności",
            "instytucje rynku pracy i edukacji",
        ),
        summary=(
            "Druga edycja targów edukacyjnych, 26–27 listopada 2025 r. w EXPO Kraków: ponad "
            "100 interaktywnych stoisk w 11 strefach, uczelnie, instytuty PAN i Sieci Badawczej "
            "Łukasiewicz, Branżowe Centra Umiejętności oraz instytucje rynku pracy i edukacji."
        ),
        tags=("targi", "szkolnictwo wyższe", "BCU"),
        image="fair",
        body=(
            heading("Druga edycja targów edukacyjnych"),
            text(
                "26 i 27 listopada 2025 r. w EXPO Kraków, ul. Galicyjska 9, odbyła się druga "
                "edycja targów edukacyjnych Festiwal Uczelni – Małopolska Przyszłości.",
                "Odwiedzający mogli zobaczyć ponad 100 interaktywnych stoisk wystawienniczych "
                "w ramach jedenastu stref. Ofertę naukową i dydaktyczną zaprezentowały "
                "małopolskie uczelnie, instytuty Polskiej Akademii Nauk i Sieci Badawczej "
                "Łukasiewicz, Branżowe Centra Umiejętności oraz instytucje rynku pracy "
                "i edukacji.",
            ),
            figures(
                ("100+", "interaktywnych stoisk wystawienniczych"),
                ("11", "stref"),
                ("26", "małopolskich uczelni"),
                ("7", "instytutów Polskiej Akademii Nauk"),
                ("2", "instytuty Sieci Badawczej Łukasiewicz"),
                ("9", "Branżowych Centrów Umiejętności"),
            ),
            image("fair", caption="EXPO Kraków, ul. Galicyjska 9, 26–27 listopada 2025 r."),
        ),
        success_factors=(
            "Szkolnictwo wyższe, nauka i kształcenie branżowe w jednym miejscu – uczeń "
            "porównuje ścieżki, zamiast poznawać każdą osobno."
        ),
        documented=True,
    ),
]

# Invented, in TERYT order; practices named in ``inspired_by`` come earlier in the list.
INVENTED = [
    DemoPractice(
        region="dolnoslaskie",
        slug="dolnoslaskie-forum-ksztalcenia-zawodowego",
        title="Dolnośląskie Forum Kształcenia Zawodowego",
        kind=ActionKind.EDUCATION_FORUM,
        audiences=(TargetGroup.TEACHERS, TargetGroup.EMPLOYERS, TargetGroup.COUNSELLORS),
        start_date=date(2024, 3, 12),
        end_date=date(2024, 3, 13),
        lead_institution="Urząd Marszałkowski Województwa Dolnośląskiego we Wrocławiu",
        partners=("Kuratorium Oświaty we Wrocławiu", "Dolnośląski Wojewódzki Urząd Pracy"),
        summary=(
            "Dwudniowe forum dyrektorów szkół zawodowych, pracodawców i doradców zawodowych: "
            "prognozy zapotrzebowania na kadry w regionie i wspólne rekomendacje dla WZK."
        ),
        tags=("współpraca z pracodawcami", "doradztwo zawodowe", "LLL"),
        image="forum",
        participants_reached=180,
        body=(
            text(
                "Pierwszego dnia pracodawcy i Wojewódzki Urząd Pracy przedstawili prognozy "
                "zapotrzebowania na pracowników, drugiego uczestnicy pracowali w grupach nad "
                "kierunkami kształcenia, które warto otworzyć lub zmienić.",
                "Wnioski z grup trafiły do Wojewódzkiego Zespołu Koordynacji jako "
                "rekomendacje do regionalnego planu kształcenia zawodowego.",
            ),
        ),
        lessons_learnt="Praca w małych grupach dała więcej niż panele dyskusyjne.",
    ),
    DemoPractice(
        region="dolnoslaskie",
        slug="podcast-zawod-z-przyszloscia",
        title="Podcast „Zawód z przyszłością”",
        kind=ActionKind.CAMPAIGN,
        audiences=(TargetGroup.PUPILS, TargetGroup.PARENTS, TargetGroup.COUNSELLORS),
        start_date=date(2025, 1, 20),
        ongoing=True,
        lead_institution="Ośrodek Doskonalenia Nauczycieli we Wrocławiu",
        summary=(
            "Cykl rozmów z absolwentami szkół branżowych i ich pracodawcami: co robią na co "
            "dzień, ile zarabiają na starcie i jak doszli do swojego zawodu."
        ),
        tags=("podcast", "doradztwo zawodowe", "uczniowie szkół branżowych"),
        body=(
            text(
                "Co dwa tygodnie ukazuje się nowy odcinek: młody fachowiec i jego pracodawca "
                "opowiadają o swojej pracy, a doradca zawodowy dopowiada, jak zdobyć takie "
                "kwalifikacje w regionie.",
                "Doradcy w szkołach korzystają z odcinków na lekcjach wychowawczych "
                "i spotkaniach z rodzicami.",
            ),
        ),
    ),
    DemoPractice(
        region="kujawsko-pomorskie",
        slug="siec-szkol-branzowych-i-uczelni-kujaw-i-pomorza",
        title="Sieć szkół branżowych i uczelni Kujaw i Pomorza",
        kind=ActionKind.COOPERATION_NETWORK,
        audiences=(TargetGroup.TEACHERS, TargetGroup.STUDENTS),
        start_date=date(2023, 10, 2),
        ongoing=True,
        lead_institution="Kuratorium Oświaty w Bydgoszczy",
        partners=(
            "Urząd Marszałkowski Województwa Kujawsko-Pomorskiego w Toruniu",
            "Akademia Nauk Stosowanych w Bydgoszczy",
        ),
        summary=(
            "Szkoły branżowe, technika i uczelnie regionu dzielą się pracowniami i kadrą: "
            "wspólne zajęcia, staże nauczycieli na uczelniach i ścieżki dalszej nauki "
            "dla absolwentów."
        ),
        tags=("szkolnictwo wyższe", "uczniowie szkół branżowych", "edukacja pozaformalna"),
        participants_reached=42,
        body=(
            text(
                "Do sieci należą szkoły i uczelnie z całego województwa. Raz w semestrze "
                "spotykają się, by uzgodnić wspólne zajęcia w pracowniach uczelni i staże "
                "nauczycieli zawodu.",
                "Absolwenci techników poznają ofertę studiów inżynierskich jeszcze w szkole, "
                "a uczelnie lepiej znają przygotowanie swoich przyszłych studentów.",
            ),
        ),
    ),
    DemoPractice(
        region="kujawsko-pomorskie",
        slug="webinary-dorosly-wraca-do-nauki",
        title="Webinary „Dorosły wraca do nauki”",
        kind=ActionKind.CAMPAIGN,
        audiences=(TargetGroup.ADULTS, TargetGroup.SENIORS),
        start_date=date(2024, 2, 6),
        end_date=date(2024, 6, 25),
        lead_institution="Wojewódzki Urząd Pracy w Toruniu",
        summary=(
            "Dziesięć bezpłatnych webinarów dla dorosłych: jak wybrać kurs, jak potwierdzić "
            "kwalifikacje i skąd wziąć dofinansowanie na naukę."
        ),
        tags=("webinar", "kształcenie dorosłych", "cyfrowe kompetencje", "LLL"),
        image="adults",
        participants_reached=1150,
        body=(
            text(
                "Webinary odbywały się we wtorki wieczorem, po pracy. Prowadzili je doradcy "
                "zawodowi urzędu pracy i trenerzy centrów kształcenia ustawicznego.",
                "Nagrania z napisami są dostępne na stronie urzędu i wracają do nich osoby, "
                "które przychodzą na konsultacje indywidualne.",
            ),
        ),
    ),
    DemoPractice(
        region="lubelskie",
        slug="lubelskie-forum-uczenia-sie-przez-cale-zycie",
        title="Lubelskie Forum Uczenia się przez Całe Życie",
        kind=ActionKind.EDUCATION_FORUM,
        audiences=(
            TargetGroup.ADULTS,
            TargetGroup.TEACHERS,
            TargetGroup.EMPLOYERS,
            TargetGroup.OTHER,
        ),
        start_date=date(2023, 11, 16),
        end_date=date(2023, 11, 16),
        lead_institution="Urząd Marszałkowski Województwa Lubelskiego w Lublinie",
        partners=("Kuratorium Oświaty w Lublinie", "Wojewódzki Urząd Pracy w Lublinie"),
        summary=(
            "Coroczne forum samorządów, szkół, uczelni i pracodawców o tym, jak zachęcić "
            "dorosłych mieszkańców regionu do dalszej nauki."
        ),
        tags=("LLL", "kształcenie dorosłych", "KPO"),
        participants_reached=240,
        body=(
            text(
                "Forum otworzyła prezentacja wyników regionalnego badania udziału dorosłych "
                "w kształceniu. Po niej samorządy gminne pokazały, jak docierają "
                "z ofertą do mieszkańców małych miejscowości.",
                "Uczestnicy wybrali trzy tematy, którymi WZK zajmie się w kolejnym roku.",
            ),
        ),
    ),
    DemoPractice(
        region="lubelskie",
        slug="akademia-seniora-cyfrowego",
        title="Akademia Seniora Cyfrowego",
        kind=ActionKind.OTHER,
        audiences=(TargetGroup.SENIORS,),
        start_date=date(2025, 4, 7),
        ongoing=True,
        lead_institution="Fundacja „Aktywni 60+” w Lublinie",
        summary=(
            "Cotygodniowe warsztaty dla seniorów w bibliotekach gminnych: bankowość "
            "internetowa, e-recepta, bezpieczeństwo w sieci i rozmowy wideo z rodziną."
        ),
        tags=("seniorzy", "cyfrowe kompetencje", "edukacja pozaformalna"),
        body=(
            text(
                "Zajęcia prowadzą wolontariusze – uczniowie techników informatycznych – pod "
                "opieką trenerów fundacji. Każdy uczestnik pracuje na własnym telefonie.",
                "Biblioteki udostępniają sale i sprzęt, a gminy pomagają w dotarciu do "
                "seniorów przez sołtysów i koła gospodyń wiejskich.",
            ),
        ),
        success_factors="Nauka na własnym telefonie i wolontariusze w wieku wnuków.",
    ),
    DemoPractice(
        region="lubuskie",
        slug="lubuski-festiwal-zawodow",
        title="Lubuski Festiwal Zawodów",
        kind=ActionKind.FESTIVAL,
        audiences=(TargetGroup.PUPILS, TargetGroup.PARENTS),
        start_date=date(2026, 4, 20),
        end_date=date(2026, 4, 24),
        lead_institution="Kuratorium Oświaty w Gorzowie Wielkopolskim",
        partners=(
            "Urząd Marszałkowski Województwa Lubuskiego w Zielonej Górze",
            "Wojewódzki Urząd Pracy w Zielonej Górze",
        ),
        summary=(
            "Tydzień otwartych drzwi w szkołach zawodowych, zakładach pracy i centrach "
            "kształcenia w całym województwie, wzorowany na Wielkopolskim Festiwalu Zawodów."
        ),
        tags=("doradztwo zawodowe", "uczniowie szkół branżowych", "LLL"),
        image="festival",
        inspired_by=("wielkopolski-festiwal-zawodow",),
        body=(
            text(
                "Członkowie lubuskiego WZK gościli na Wielkopolskim Festiwalu Zawodów i "
                "przenieśli jego formułę do swojego regionu: jeden wspólny szyld dla wydarzeń "
                "wielu instytucji w tym samym tygodniu.",
                "Uczniowie klas siódmych i ósmych wraz z rodzicami odwiedzali pracownie "
                "szkół i zakłady pracy, a doradcy zawodowi prowadzili konsultacje na miejscu.",
            ),
        ),
        transferability="Formułę łatwo przyjąć w mniejszym regionie: wystarczy wspólny kalendarz.",
    ),
    DemoPractice(
        region="lubuskie",
        slug="siec-doradcow-zawodowych-ziemi-lubuskiej",
        title="Sieć doradców zawodowych Ziemi Lubuskiej",
        kind=ActionKind.COUNSELLOR_EXCHANGE,
        audiences=(TargetGroup.COUNSELLORS, TargetGroup.TEACHERS),
        start_date=date(2023, 9, 18),
        ongoing=True,
        lead_institution="Wojewódzki Urząd Pracy w Zielonej Górze",
        summary=(
            "Doradcy zawodowi ze szkół, poradni i urzędów pracy spotykają się co miesiąc "
            "online i dwa razy w roku na miejscu, by wymieniać narzędzia i przypadki z praktyki."
        ),
        tags=("doradztwo zawodowe", "webinar"),
        participants_reached=95,
        body=(
            text(
                "Każde spotkanie prowadzi inny członek sieci: pokazuje narzędzie, z którego "
                "korzysta, albo omawia trudny przypadek. Materiały trafiają do wspólnego "
                "repozytorium.",
                "Sieć przygotowała wspólny kalendarz dni otwartych szkół i zakładów pracy "
                "w regionie.",
            ),
        ),
    ),
    DemoPractice(
        region="lodzkie",
        slug="lodzkie-targi-pracodawcow-i-szkol",
        title="Łódzkie Targi Pracodawców i Szkół",
        kind=ActionKind.FAIR,
        audiences=(TargetGroup.EMPLOYERS, TargetGroup.PUPILS, TargetGroup.ADULTS),
        start_date=date(2024, 10, 17),
        end_date=date(2024, 10, 17),
        lead_institution="Wojewódzki Urząd Pracy w Łodzi",
        partners=("Kuratorium Oświaty w Łodzi",),
        summary=(
            "Targi w Łodzi, na których szkoły zawodowe i pracodawcy z regionu umawiają "
            "praktyki, staże i klasy patronackie, a dorośli szukają kursów i pracy."
        ),
        tags=("targi", "współpraca z pracodawcami", "uczniowie szkół branżowych"),
        image="fair",
        participants_reached=2300,
        body=(
            text(
                "Stoiska szkół i firm stały obok siebie według branż, dzięki czemu dyrektorzy "
                "i pracodawcy od razu umawiali praktyki i staże.",
                "Osobna strefa dla dorosłych oferowała porady doradców zawodowych i informacje "
                "o kursach finansowanych ze środków publicznych.",
            ),
        ),
    ),
    DemoPractice(
        region="lodzkie",
        slug="mapa-kursow-dla-doroslych",
        title="Mapa kursów dla dorosłych w regionie łódzkim",
        kind=ActionKind.OTHER,
        audiences=(TargetGroup.ADULTS, TargetGroup.SENIORS, TargetGroup.OTHER),
        start_date=date(2025, 6, 2),
        ongoing=True,
        lead_institution="Centrum Kształcenia Ustawicznego w Łodzi",
        summary=(
            "Internetowa mapa kursów, szkoleń i kwalifikacyjnych kursów zawodowych "
            "w województwie łódzkim, z filtrem według powiatu, branży i kosztu."
        ),
        tags=("kształcenie dorosłych", "cyfrowe kompetencje", "LLL"),
        body=(
            text(
                "Oferty dodają same instytucje szkoleniowe, a centrum sprawdza je przed "
                "publikacją. Mapa pokazuje też kursy bezpłatne i dofinansowane.",
                "Doradcy zawodowi korzystają z mapy podczas konsultacji z osobami, które "
                "chcą zmienić zawód.",
            ),
        ),
    ),
    DemoPractice(
        region="malopolskie",
        slug="malopolska-siec-bcu-i-szkol-zawodowych",
        title="Małopolska sieć BCU i szkół zawodowych",
        kind=ActionKind.COOPERATION_NETWORK,
        audiences=(TargetGroup.TEACHERS, TargetGroup.EMPLOYERS, TargetGroup.PUPILS),
        start_date=date(2024, 9, 2),
        ongoing=True,
        lead_institution="Branżowe Centrum Umiejętności w dziedzinie mechatroniki w Krakowie",
        summary=(
            "Branżowe Centra Umiejętności otwierają swoje pracownie dla uczniów szkół "
            "zawodowych z całej Małopolski i szkolą nauczycieli zawodu razem z pracodawcami."
        ),
        tags=("BCU", "współpraca z pracodawcami", "uczniowie szkół branżowych"),
        image="employers",
        body=(
            text(
                "Szkoły zapisują klasy na zajęcia w pracowniach centrów, a nauczyciele zawodu "
                "uczestniczą w szkoleniach prowadzonych wspólnie z pracodawcami branży.",
                "Sieć uzgadnia harmonogram tak, by z pracowni korzystały także szkoły spoza "
                "dużych miast.",
            ),
        ),
    ),
    DemoPractice(
        region="malopolskie",
        slug="forum-szesciu-filarow-wzk",
        title="Forum sześciu filarów WZK Małopolski",
        kind=ActionKind.EDUCATION_FORUM,
        audiences=(TargetGroup.OTHER, TargetGroup.EMPLOYERS, TargetGroup.TEACHERS),
        start_date=date(2025, 2, 26),
        end_date=date(2025, 2, 26),
        lead_institution="Urząd Marszałkowski Województwa Małopolskiego w Krakowie",
        summary=(
            "Wspólne posiedzenie członków WZK ze wszystkich sześciu filarów: edukacji, "
            "gospodarki, zarządzania strategicznego, funduszy UE, dialogu społecznego "
            "i dialogu międzyinstytucjonalnego."
        ),
        tags=("LLL", "KPO", "współpraca z pracodawcami"),
        body=(
            text(
                "Każdy filar przedstawił najważniejsze inicjatywy z ostatniego roku, a potem "
                "członkowie szukali tematów, nad którymi mogą pracować razem.",
                "Powstały trzy międzyfilarowe zespoły robocze, które raportują na kolejnych "
                "posiedzeniach WZK.",
            ),
        ),
    ),
    DemoPractice(
        region="mazowieckie",
        slug="kampania-fach-w-rece",
        title="Kampania „Fach w ręku”",
        kind=ActionKind.CAMPAIGN,
        audiences=(TargetGroup.PUPILS, TargetGroup.PARENTS),
        start_date=date(2023, 5, 8),
        end_date=date(2023, 12, 15),
        lead_institution="Ośrodek Doskonalenia Nauczycieli w Warszawie",
        summary=(
            "Krótkie filmy o zawodach technicznych i usługowych, emitowane w mediach "
            "społecznościowych i pokazywane na zebraniach z rodzicami ósmoklasistów."
        ),
        tags=("film", "doradztwo zawodowe", "uczniowie szkół branżowych"),
        image="film",
        body=(
            text(
                "Powstało dwanaście filmów, każdy o jednym zawodzie, nakręconych w szkołach "
                "i zakładach pracy na Mazowszu. Wszystkie mają napisy.",
                "Wychowawcy klas ósmych otrzymali scenariusz spotkania z rodzicami, w którym "
                "filmy otwierają rozmowę o wyborze szkoły.",
            ),
        ),
    ),
    DemoPractice(
        region="mazowieckie",
        slug="wymiana-doswiadczen-doradcow-mazowsza",
        title="Wymiana doświadczeń doradców zawodowych Mazowsza",
        kind=ActionKind.COUNSELLOR_EXCHANGE,
        audiences=(TargetGroup.COUNSELLORS,),
        start_date=date(2024, 11, 5),
        ongoing=True,
        lead_institution="Wojewódzki Urząd Pracy w Warszawie",
        summary=(
            "Wizyty studyjne doradców zawodowych w szkołach, poradniach i urzędach pracy "
            "innych powiatów, zakończone wspólnym webinarem z wnioskami."
        ),
        tags=("doradztwo zawodowe", "webinar", "edukacja pozaformalna"),
        body=(
            text(
                "Doradca z jednego powiatu spędza dzień u kolegi z innego: obserwuje "
                "konsultacje, zajęcia grupowe i współpracę z pracodawcami.",
                "Co kwartał uczestnicy dzielą się wnioskami na webinarze otwartym dla "
                "wszystkich doradców z regionu.",
            ),
        ),
    ),
    DemoPractice(
        region="opolskie",
        slug="opolskie-spotkania-szkol-i-pracodawcow",
        title="Opolskie Spotkania Szkół i Pracodawców",
        kind=ActionKind.FAIR,
        audiences=(TargetGroup.EMPLOYERS, TargetGroup.TEACHERS, TargetGroup.PUPILS),
        start_date=date(2025, 3, 19),
        end_date=date(2025, 3, 19),
        lead_institution="Kuratorium Oświaty w Opolu",
        summary=(
            "Spotkanie dyrektorów szkół zawodowych, Branżowych Centrów Umiejętności "
            "i pracodawców z Opolszczyzny: umowy o praktyki, klasy patronackie i staże."
        ),
        tags=("targi", "współpraca z pracodawcami", "BCU"),
        body=(
            text(
                "Spotkanie miało formę „szybkich randek”: każda szkoła rozmawiała po "
                "dziesięć minut z kolejnymi pracodawcami ze swojej branży.",
                "Rozmowy zakończyły się kilkunastoma listami intencyjnymi w sprawie praktyk "
                "i klas patronackich.",
            ),
        ),
    ),
    DemoPractice(
        region="opolskie",
        slug="podcast-ucze-sie-cale-zycie",
        title="Podcast „Uczę się całe życie”",
        kind=ActionKind.CAMPAIGN,
        audiences=(TargetGroup.ADULTS, TargetGroup.SENIORS),
        start_date=date(2024, 4, 2),
        end_date=date(2024, 12, 17),
        lead_institution="Wojewódzki Urząd Pracy w Opolu",
        summary=(
            "Rozmowy z mieszkańcami Opolszczyzny, którzy po trzydziestce, czterdziestce "
            "lub na emeryturze nauczyli się czegoś nowego – i o tym, co im to dało."
        ),
        tags=("podcast", "kształcenie dorosłych", "LLL"),
        body=(
            text(
                "Bohaterami odcinków są osoby, które zmieniły zawód, zdobyły kwalifikacje "
                "na kursie albo zaczęły studia po latach pracy.",
                "Każdy odcinek kończy się informacją, gdzie w regionie można zacząć podobną "
                "drogę. Transkrypcje są dostępne na stronie urzędu.",
            ),
        ),
    ),
    DemoPractice(
        region="podkarpackie",
        slug="podkarpacki-autobus-zawodow",
        title="Podkarpacki Autobus Zawodów",
        kind=ActionKind.OUTREACH,
        audiences=(TargetGroup.PUPILS, TargetGroup.PARENTS, TargetGroup.ADULTS),
        start_date=date(2025, 5, 5),
        ongoing=True,
        lead_institution="Urząd Marszałkowski Województwa Podkarpackiego w Rzeszowie",
        partners=("Wojewódzki Urząd Pracy w Rzeszowie",),
        summary=(
            "Autobus z doradcami zawodowymi i stanowiskami do próbowania zawodów odwiedza "
            "szkoły i festyny w gminach oddalonych od Rzeszowa. Pomysł zaczerpnięty z Edubusa."
        ),
        tags=("doradztwo zawodowe", "edukacja pozaformalna", "LLL"),
        image="outreach",
        inspired_by=("edubus",),
        participants_reached=3400,
        body=(
            text(
                "Po wizycie studyjnej w województwie opolskim członkowie podkarpackiego WZK "
                "przygotowali własny mobilny punkt: autobus z doradcami zawodowymi "
                "i stanowiskami, na których można spróbować pracy w kilku zawodach.",
                "Autobus zatrzymuje się przy szkołach w dni otwarte i na gminnych festynach, "
                "gdzie do doradców przychodzą także rodzice i dorośli szukający kursów.",
            ),
        ),
        lessons_learnt="Trasę warto układać razem z gminami – znają lokalny kalendarz imprez.",
    ),
    DemoPractice(
        region="podkarpackie",
        slug="konkurs-mlody-mistrz-zawodu",
        title="Konkurs „Młody Mistrz Zawodu”",
        kind=ActionKind.CONTEST,
        audiences=(TargetGroup.PUPILS, TargetGroup.EMPLOYERS),
        start_date=date(2024, 5, 14),
        end_date=date(2024, 5, 16),
        lead_institution="Branżowe Centrum Umiejętności w dziedzinie mechatroniki w Rzeszowie",
        summary=(
            "Praktyczne zawody umiejętności dla uczniów szkół branżowych i techników, "
            "oceniane przez pracodawców; laureaci dostają propozycje płatnych staży."
        ),
        tags=("konkurs", "BCU", "uczniowie szkół branżowych"),
        body=(
            text(
                "Drużyny szkolne rozwiązują zadania przygotowane przez pracodawców na "
                "stanowiskach Branżowego Centrum Umiejętności.",
                "Jury złożone z pracodawców ocenia nie tylko wynik, ale też bezpieczeństwo "
                "i organizację pracy.",
            ),
        ),
    ),
    DemoPractice(
        region="podlaskie",
        slug="podlaska-wymiana-doradcow-zawodowych",
        title="Podlaska wymiana doradców zawodowych",
        kind=ActionKind.COUNSELLOR_EXCHANGE,
        audiences=(TargetGroup.COUNSELLORS, TargetGroup.TEACHERS),
        start_date=date(2025, 9, 22),
        ongoing=True,
        lead_institution="Wojewódzki Urząd Pracy w Białymstoku",
        summary=(
            "Comiesięczne spotkania online doradców zawodowych z Podlasia, oparte na "
            "formule sieci lubuskiej: każdy członek przynosi narzędzie lub przypadek."
        ),
        tags=("doradztwo zawodowe", "edukacja pozaformalna"),
        inspired_by=("siec-doradcow-zawodowych-ziemi-lubuskiej",),
        body=(
            text(
                "Formułę spotkań podlascy doradcy poznali w sieci tematycznej „Doradztwo "
                "zawodowe” od koleżanek i kolegów z województwa lubuskiego.",
                "Dodali do niej dyżury, podczas których doradca ze szkoły może skonsultować "
                "trudny przypadek z doradcą urzędu pracy.",
            ),
        ),
    ),
    DemoPractice(
        region="podlaskie",
        slug="targi-edukacji-doroslych-w-bialymstoku",
        title="Targi Edukacji Dorosłych w Białymstoku",
        kind=ActionKind.FAIR,
        audiences=(TargetGroup.ADULTS, TargetGroup.SENIORS, TargetGroup.EMPLOYERS),
        start_date=date(2023, 10, 12),
        end_date=date(2023, 10, 12),
        lead_institution="Centrum Kształcenia Ustawicznego w Białymstoku",
        summary=(
            "Targi ofert dla dorosłych: szkoły policealne, kursy kwalifikacyjne, "
            "uniwersytety trzeciego wieku i pracodawcy szukający osób do przyuczenia."
        ),
        tags=("targi", "kształcenie dorosłych", "LLL"),
        participants_reached=860,
        body=(
            text(
                "Na targach po raz pierwszy spotkali się w jednym miejscu wszyscy, którzy "
                "w regionie uczą dorosłych – od szkół policealnych po uniwersytety trzeciego "
                "wieku.",
                "Pracodawcy przedstawili stanowiska, na które przyjmą osoby bez doświadczenia "
                "i przyuczą je do zawodu.",
            ),
        ),
    ),
    DemoPractice(
        region="pomorskie",
        slug="pomorska-siec-doradcow-kariery",
        title="Pomorska Sieć Doradców Kariery",
        kind=ActionKind.COUNSELLOR_EXCHANGE,
        audiences=(TargetGroup.COUNSELLORS, TargetGroup.TEACHERS),
        start_date=date(2023, 3, 1),
        ongoing=True,
        lead_institution="Ośrodek Doskonalenia Nauczycieli w Gdańsku",
        summary=(
            "Sieć szkolnych doradców zawodowych z Pomorza: superwizje koleżeńskie, wspólna "
            "baza scenariuszy zajęć i webinary z pracodawcami z branż regionu."
        ),
        tags=("doradztwo zawodowe", "webinar", "LLL"),
        image="counsellors",
        participants_reached=130,
        body=(
            text(
                "Doradcy pracują w małych grupach superwizyjnych i wspólnie rozwijają bazę "
                "scenariuszy zajęć o zawodach ważnych dla Pomorza, w tym branży morskiej.",
                "Raz w miesiącu pracodawca z regionu prowadzi webinar o tym, jakich "
                "kompetencji szuka u absolwentów.",
            ),
        ),
    ),
    DemoPractice(
        region="pomorskie",
        slug="pomorskie-webinary-dla-pracodawcow",
        title="Pomorskie Webinary dla Pracodawców",
        kind=ActionKind.CAMPAIGN,
        audiences=(TargetGroup.EMPLOYERS,),
        start_date=date(2024, 9, 10),
        end_date=date(2025, 1, 28),
        lead_institution="Wojewódzki Urząd Pracy w Gdańsku",
        summary=(
            "Cykl webinarów dla pracodawców: jak przyjąć ucznia na praktykę, jak "
            "współtworzyć klasę patronacką i jak sfinansować szkolenia pracowników."
        ),
        tags=("webinar", "współpraca z pracodawcami", "kształcenie dorosłych"),
        body=(
            text(
                "Webinary prowadzili przedstawiciele urzędu pracy, kuratorium i pracodawców, "
                "którzy już współpracują ze szkołami.",
                "Po każdym spotkaniu uczestnicy otrzymywali listę kontaktów do szkół "
                "zawodowych z ich powiatu.",
            ),
        ),
    ),
    DemoPractice(
        region="slaskie",
        slug="slaskie-targi-uczelni-i-bcu",
        title="Śląskie Targi Uczelni i Branżowych Centrów Umiejętności",
        kind=ActionKind.FAIR,
        audiences=(TargetGroup.PUPILS, TargetGroup.STUDENTS, TargetGroup.PARENTS),
        start_date=date(2026, 3, 10),
        end_date=date(2026, 3, 11),
        lead_institution="Urząd Marszałkowski Województwa Śląskiego w Katowicach",
        summary=(
            "Targi uczelni, instytutów badawczych i Branżowych Centrów Umiejętności "
            "w Katowicach, przygotowane na wzór małopolskiego Festiwalu Uczelni."
        ),
        tags=("targi", "szkolnictwo wyższe", "BCU"),
        image="fair",
        inspired_by=("festiwal-uczelni-malopolska-przyszlosci",),
        body=(
            text(
                "Członkowie śląskiego WZK odwiedzili Festiwal Uczelni – Małopolska Przyszłości "
                "i przenieśli jego układ: interaktywne stoiska w strefach tematycznych "
                "zamiast rzędów stoisk z ulotkami.",
                "Obok uczelni wystąpiły Branżowe Centra Umiejętności, by pokazać, że ścieżka "
                "zawodowa i akademicka mogą się łączyć.",
            ),
        ),
    ),
    DemoPractice(
        region="slaskie",
        slug="siec-edukacji-pozaformalnej-w-metropolii",
        title="Sieć edukacji pozaformalnej w metropolii",
        kind=ActionKind.COOPERATION_NETWORK,
        audiences=(TargetGroup.PUPILS, TargetGroup.TEACHERS, TargetGroup.OTHER),
        start_date=date(2024, 1, 15),
        ongoing=True,
        lead_institution="Fundacja „Śląskie Kompetencje” w Katowicach",
        summary=(
            "Domy kultury, biblioteki, organizacje pozarządowe i szkoły z miast metropolii "
            "wspólnie planują zajęcia rozwijające kompetencje cyfrowe i zawodowe."
        ),
        tags=("edukacja pozaformalna", "cyfrowe kompetencje"),
        body=(
            text(
                "Członkowie sieci publikują zajęcia we wspólnym kalendarzu, dzięki czemu "
                "szkoły łatwo znajdują ofertę uzupełniającą lekcje.",
                "Trenerzy organizacji pozarządowych prowadzą też szkolenia dla nauczycieli.",
            ),
        ),
    ),
    DemoPractice(
        region="swietokrzyskie",
        slug="konkurs-filmowy-zawod-w-kadrze",
        title="Konkurs filmowy „Zawód w kadrze”",
        kind=ActionKind.CONTEST,
        audiences=(TargetGroup.PUPILS, TargetGroup.TEACHERS),
        start_date=date(2026, 2, 2),
        end_date=date(2026, 5, 29),
        lead_institution="Kuratorium Oświaty w Kielcach",
        partners=("Urząd Marszałkowski Województwa Świętokrzyskiego w Kielcach",),
        summary=(
            "Uczniowie z opiekunami kręcą krótkie filmy o zawodach z regionu; konkurs "
            "przeniesiony z województwa łódzkiego, gdzie działa jako „Kręci Mnie Mój Zawód”."
        ),
        tags=("konkurs", "film", "uczniowie szkół branżowych"),
        image="film",
        inspired_by=("kreci-mnie-moj-zawod",),
        body=(
            text(
                "Regulamin przygotowano na podstawie doświadczeń łódzkiego konkursu "
                "„Kręci Mnie Mój Zawód”, o których świętokrzyski WZK usłyszał podczas "
                "wzajemnego goszczenia na posiedzeniu.",
                "Zmiana: każda drużyna ma opiekuna-nauczyciela, który przechodzi krótkie "
                "szkolenie z realizacji filmu.",
            ),
        ),
    ),
    DemoPractice(
        region="swietokrzyskie",
        slug="swietokrzyskie-forum-pracodawcow-i-szkol",
        title="Świętokrzyskie Forum Pracodawców i Szkół",
        kind=ActionKind.EDUCATION_FORUM,
        audiences=(TargetGroup.EMPLOYERS, TargetGroup.TEACHERS, TargetGroup.OTHER),
        start_date=date(2023, 6, 14),
        end_date=date(2023, 6, 14),
        lead_institution="Wojewódzki Urząd Pracy w Kielcach",
        summary=(
            "Forum pracodawców, dyrektorów szkół i samorządów powiatowych o kierunkach "
            "kształcenia potrzebnych świętokrzyskiemu rynkowi pracy."
        ),
        tags=("współpraca z pracodawcami", "LLL"),
        body=(
            text(
                "Pracodawcy przedstawili, jakich pracowników będą potrzebować w najbliższych "
                "latach, a powiaty – jakie kierunki planują otworzyć.",
                "Uzgodnienia z forum trafiły do opinii WZK o regionalnej ofercie kształcenia.",
            ),
        ),
    ),
    DemoPractice(
        region="warminsko-mazurskie",
        slug="mobilne-centrum-kariery",
        title="Mobilne Centrum Kariery",
        kind=ActionKind.OUTREACH,
        audiences=(TargetGroup.ADULTS, TargetGroup.SENIORS, TargetGroup.PUPILS),
        start_date=date(2024, 6, 3),
        ongoing=True,
        lead_institution="Wojewódzki Urząd Pracy w Olsztynie",
        summary=(
            "Doradcy zawodowi w busie dojeżdżają do małych miejscowości Warmii i Mazur: "
            "porady, informacja o kursach i pomoc w zakładaniu konta w usługach online."
        ),
        tags=("doradztwo zawodowe", "kształcenie dorosłych", "seniorzy"),
        image="outreach",
        inspired_by=("edubus",),
        body=(
            text(
                "Inspiracją był opolski Edubus. Mobilne Centrum Kariery zatrzymuje się "
                "przy urzędach gmin, ośrodkach zdrowia i na targowiskach w dni targowe.",
                "Seniorzy najczęściej pytają o usługi online, dorośli o kursy "
                "i przekwalifikowanie, uczniowie o szkoły w regionie.",
            ),
        ),
    ),
    DemoPractice(
        region="warminsko-mazurskie",
        slug="warminsko-mazurska-siec-szkol-uczelni-i-organizacji",
        title="Warmińsko-mazurska sieć szkół, uczelni i organizacji",
        kind=ActionKind.COOPERATION_NETWORK,
        audiences=(TargetGroup.TEACHERS, TargetGroup.STUDENTS),
        start_date=date(2025, 10, 6),
        ongoing=True,
        lead_institution="Ośrodek Doskonalenia Nauczycieli w Olsztynie",
        summary=(
            "Szkoły branżowe, uczelnie i organizacje edukacji pozaformalnej wspólnie "
            "przygotowują ścieżki nauki od szkoły zawodowej do studiów."
        ),
        tags=("szkolnictwo wyższe", "edukacja pozaformalna", "uczniowie szkół branżowych"),
        body=(
            text(
                "Sieć działa w trzech grupach branżowych: rolno-spożywczej, turystycznej "
                "i meblarskiej, ważnych dla gospodarki regionu.",
                "Studenci prowadzą zajęcia dla uczniów, a nauczyciele szkół odbywają staże "
                "na uczelniach.",
            ),
        ),
    ),
    DemoPractice(
        region="wielkopolskie",
        slug="poradnik-potwierdzania-kwalifikacji",
        title="Poradnik potwierdzania kwalifikacji dla dorosłych",
        kind=ActionKind.OTHER,
        audiences=(TargetGroup.ADULTS, TargetGroup.COUNSELLORS),
        start_date=date(2023, 4, 17),
        end_date=date(2023, 12, 29),
        lead_institution="Wojewódzki Urząd Pracy w Poznaniu",
        summary=(
            "Poradnik krok po kroku i dyżury konsultacyjne dla dorosłych, którzy chcą "
            "potwierdzić kwalifikacje zdobyte w pracy, bez powrotu do szkoły."
        ),
        tags=("kształcenie dorosłych", "doradztwo zawodowe", "LLL"),
        image="adults",
        body=(
            text(
                "Poradnik opisuje, jak przystąpić do egzaminu potwierdzającego kwalifikacje "
                "w zawodzie i jak uzyskać kwalifikację rynkową.",
                "Doradcy urzędu pracy prowadzili dyżury w każdym powiecie, a poradnik trafił "
                "do centrów kształcenia ustawicznego.",
            ),
        ),
    ),
    DemoPractice(
        region="wielkopolskie",
        slug="konkurs-na-podcast-o-zawodzie",
        title="Konkurs na podcast o zawodzie",
        kind=ActionKind.CONTEST,
        audiences=(TargetGroup.PUPILS, TargetGroup.TEACHERS),
        start_date=date(2024, 2, 5),
        end_date=date(2024, 4, 30),
        lead_institution="Ośrodek Doskonalenia Nauczycieli w Poznaniu",
        summary=(
            "Uczniowie nagrywają rozmowę z osobą wykonującą zawód, który ich interesuje; "
            "najlepsze odcinki emituje regionalne radio."
        ),
        tags=("konkurs", "podcast", "doradztwo zawodowe"),
        body=(
            text(
                "Zespoły uczniowskie przygotowują pytania, nagrywają rozmowę i montują "
                "odcinek pod opieką nauczyciela.",
                "Ośrodek przeprowadził dla opiekunów szkolenie z nagrywania dźwięku.",
            ),
        ),
    ),
    DemoPractice(
        region="zachodniopomorskie",
        slug="zachodniopomorski-festiwal-nauki-i-zawodow",
        title="Zachodniopomorski Festiwal Nauki i Zawodów",
        kind=ActionKind.FESTIVAL,
        audiences=(TargetGroup.PUPILS, TargetGroup.PARENTS, TargetGroup.STUDENTS),
        start_date=date(2025, 5, 22),
        end_date=date(2025, 5, 23),
        lead_institution="Kuratorium Oświaty w Szczecinie",
        summary=(
            "Dwudniowy festiwal w Szczecinie: pokazy uczelni, pracownie szkół zawodowych "
            "i stoiska pracodawców z branży morskiej, logistycznej i energetycznej."
        ),
        tags=("doradztwo zawodowe", "szkolnictwo wyższe"),
        image="festival",
        participants_reached=5200,
        body=(
            text(
                "Pierwszy dzień był przeznaczony dla szkół, drugi – sobotni – dla rodzin.",
                "Uczniowie szkół zawodowych sami prowadzili pokazy w swoich pracowniach.",
            ),
        ),
    ),
    DemoPractice(
        region="zachodniopomorskie",
        slug="klasy-patronackie-branzy-morskiej",
        title="Klasy patronackie z pracodawcami branży morskiej",
        kind=ActionKind.OTHER,
        audiences=(TargetGroup.PUPILS, TargetGroup.EMPLOYERS),
        start_date=date(2023, 9, 1),
        ongoing=True,
        lead_institution="Branżowe Centrum Umiejętności w dziedzinie logistyki w Szczecinie",
        summary=(
            "Pracodawcy portowi i stoczniowi obejmują patronatem klasy w technikach: "
            "współtworzą program, prowadzą zajęcia i przyjmują uczniów na praktyki."
        ),
        tags=("współpraca z pracodawcami", "BCU", "uczniowie szkół branżowych"),
        image="employers",
        body=(
            text(
                "Branżowe Centrum Umiejętności pośredniczy między szkołami a pracodawcami "
                "i prowadzi zajęcia na symulatorach.",
                "Uczniowie klas patronackich odbywają praktyki u patrona i dostają "
                "pierwszeństwo w rekrutacji po szkole.",
            ),
        ),
    ),
]

PRACTICES = DOCUMENTED + INVENTED

# Invented contacts for invented practices: generic names, addresses in .example.
CONTACT_PEOPLE = [
    "Marta Lis", "Tomasz Bąk", "Ewelina Sowa", "Paweł Wilk", "Anna Czarnecka",
    "Jakub Kaczmarek", "Olga Rutkowska", "Igor Sadowski", "Hanna Ostrowska", "Filip Baran",
]  # fmt: skip


def coordinator_email(region_slug: str) -> str:
    # łódzkie's coordinator is the stable demo account (see seed_demo).
    if region_slug == "lodzkie":
        return "anna.nowak@lodzkie.example"
    return f"koordynator@{region_slug}.example"


def _font(size: int) -> tuple[ImageFont.ImageFont, bool]:
    """A font with Polish letters if the system has one; else Pillow's, with ASCII labels."""
    for name in ("DejaVuSans-Bold.ttf", "LiberationSans-Bold.ttf"):
        try:
            return ImageFont.truetype(name, size), True
        except OSError:
            continue
    return ImageFont.load_default(size=size), False


def _wrap(draw: ImageDraw.ImageDraw, label: str, font, width: int) -> list[str]:
    # Polish typesetting: a one-letter word ("z", "w") never ends a line.
    label = re.sub(r"\b(\w) ", "\\1\N{NO-BREAK SPACE}", label)
    lines: list[str] = []
    for word in label.split(" "):
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and draw.textlength(candidate, font=font) <= width:
            lines[-1] = candidate
        else:
            lines.append(word)
    return lines


def render_image(spec: DemoImage, *, size=(960, 540)) -> bytes:
    """A vertical gradient with the label in large white letters."""
    width, height = size
    picture = PillowImage.new("RGB", size)
    draw = ImageDraw.Draw(picture)
    for y in range(height):
        share = y / (height - 1)
        colour = tuple(
            round(a + (b - a) * share) for a, b in zip(spec.top, spec.bottom, strict=True)
        )
        draw.line([(0, y), (width, y)], fill=colour)
    font, polish = _font(84)
    label = spec.label if polish else anyascii(spec.label)
    lines = _wrap(draw, label, font, width - 120)
    line_height = 100
    y = (height - line_height * len(lines)) // 2
    for line in lines:
        draw.text((width // 2, y + line_height // 2), line, font=font, fill="white", anchor="mm")
        y += line_height
    small, _polish = _font(28)
    draw.text((48, height - 48), "Dobre praktyki WZK", font=small, fill="white", anchor="ls")
    buffer = BytesIO()
    picture.save(buffer, format="PNG")
    return buffer.getvalue()


def images_ensure() -> dict:
    """The demo listing images by key, created on first use."""
    image_model = get_image_model()
    existing = {
        image.title: image
        for image in image_model.objects.filter(title__in=[s.title for s in IMAGES.values()])
    }
    images = {}
    for key, spec in IMAGES.items():
        image = existing.get(spec.title)
        if image is None:
            content = ImageFile(BytesIO(render_image(spec)), name=f"demo-{key}.png")
            image = image_model(title=spec.title, file=content)
            image.save()
        images[key] = image
    return images


def _body(practice: DemoPractice, images: dict) -> list[dict]:
    blocks = []
    for block in practice.body:
        if block["type"] == "image":
            spec_key = block["value"]["image"]
            value = {
                **block["value"],
                "image": images[spec_key].pk,
                "alt_text": IMAGES[spec_key].alt,
            }
            block = {"type": "image", "value": value}
        blocks.append(block)
    return blocks


def seed_practices(*, stdout=None) -> int:
    """Create the demo practices that are missing; return how many were created."""
    sections = {
        section.region.slug: section
        for section in RegionSectionPage.objects.select_related("region")
    }
    if not sections:
        return 0  # No page tree yet (no home page): nowhere to put practices.
    existing = {
        (practice.region.slug, practice.slug): practice
        for practice in GoodPracticePage.objects.filter(
            slug__in=[data.slug for data in PRACTICES]
        ).select_related("region")
    }
    owners = {
        user.email: user
        for user in User.objects.filter(email__in=[coordinator_email(slug) for slug in sections])
    }
    images = images_ensure()
    by_slug: dict[str, GoodPracticePage] = {}
    created = 0
    for number, data in enumerate(PRACTICES):
        practice = existing.get((data.region, data.slug))
        if practice is None:
            owner = owners.get(coordinator_email(data.region))
            practice = practice_create(
                section=sections[data.region],
                audiences=list(data.audiences),
                tags=list(data.tags),
                inspired_by=[by_slug[slug] for slug in data.inspired_by],
                owner=owner,
                **_page_fields(data, images=images, owner=owner, number=number),
            )
            created += 1
            if stdout is not None:
                stdout.write(f"  + {practice.region.name}: {practice.title}")
        by_slug[data.slug] = practice
    return created


def _page_fields(data: DemoPractice, *, images: dict, owner: User | None, number: int) -> dict:
    if data.documented:
        contact_name = owner.get_full_name() if owner else ""
        contact_email = owner.email if owner else ""
    else:
        contact_name = CONTACT_PEOPLE[number % len(CONTACT_PEOPLE)]
        contact_email = f"{fold(contact_name).replace(' ', '.')}@{data.region}.example"
    return {
        "title": data.title,
        "slug": data.slug,
        "kind": data.kind,
        "start_date": data.start_date,
        "end_date": data.end_date,
        "ongoing": data.ongoing,
        "lead_institution": data.lead_institution,
        "partners": "\n".join(data.partners),
        "summary": data.summary,
        "listing_image": images[data.image] if data.image else None,
        "listing_image_alt": IMAGES[data.image].alt if data.image else "",
        "body": _body(data, images),
        "participants_reached": data.participants_reached,
        "success_factors": data.success_factors,
        "lessons_learnt": data.lessons_learnt,
        "transferability": data.transferability,
        "funding_source": data.funding_source,
        "contact_name": contact_name,
        "contact_email": contact_email,
    }
