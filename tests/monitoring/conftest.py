"""People for the monitoring tests: łódzkie records (Anna, its coordinator, and a member she
may allow); opolskie is another region; FRSE reviews; a guest invited by e-mail to one event.
And the dashboard's who-has-reported grid read from its HTML, as a user sees it."""

from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest
from django.core import mail
from django.utils import timezone

from network.choices import Role
from tests.factories import CoordinatorFactory, NationalModeratorFactory, UserFactory, region
from tests.monitoring.factories import IndicatorFactory, PeriodFactory
from visits.models import GuestPass


@pytest.fixture
def anna(db):
    return CoordinatorFactory(region=region("lodzkie"), email="anna@lodzkie.example")


@pytest.fixture
def lodz_member(db):
    return UserFactory(region=region("lodzkie"), email="czlonek@lodzkie.example")


@pytest.fixture
def opole_coordinator(db):
    return CoordinatorFactory(region=region("opolskie"), email="koordynator@opolskie.example")


@pytest.fixture
def opole_member(db):
    return UserFactory(region=region("opolskie"), email="czlonek@opolskie.example")


@pytest.fixture
def frse(db):
    return NationalModeratorFactory(email="moderator@frse.example")


@pytest.fixture
def guest(db):
    """An e-mail guest with a valid pass to one event."""
    from tests.visits.factories import EventFactory

    event = EventFactory()
    user = UserFactory(role=Role.GUEST, region=None, email="gosc@szkola.example")
    GuestPass.objects.create(
        user=user,
        event=event,
        sponsor=event.organiser,
        expires_at=timezone.now() + timezone.timedelta(days=10),
    )
    return user


@pytest.fixture
def outsiders(db, opole_member, opole_coordinator, guest):
    """Everyone from outside łódzkie who must not write its actions or reports."""
    return {
        "anonymous": None,
        "another region's member": opole_member,
        "another region's coordinator": opole_coordinator,
        "a guest": guest,
    }


@pytest.fixture
def period(db):
    return PeriodFactory(name="IV kwartał")


@pytest.fixture
def participants(db):
    return IndicatorFactory(code="W7", name_pl="Uczestnicy działań", unit_pl="osoby")


@pytest.fixture
def share(db):
    return IndicatorFactory(
        code="W8", name_pl="Odsetek szkół", measure="percentage", aggregation="average"
    )


@pytest.fixture
def outbox():
    mail.outbox.clear()
    return mail.outbox


def as_user(client, user):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client


@dataclass
class GridCell:
    """A cell of the dashboard's who-has-reported grid as the page shows it."""

    region: str
    period: str
    text: str = ""
    # (text, href) of each link in the cell: the state's first, then the marks'.
    links: list = field(default_factory=list)
    state_href: str | None = None


class _GridReader(HTMLParser):
    def __init__(self):
        super().__init__()
        self.cells: list[GridCell] = []
        self.periods: list[str] = []
        self._in_grid = self._in_head = False
        self._region = self._header = None
        self._cell: GridCell | None = None
        self._link: list | None = None
        self._in_small = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and "state-grid" in (attrs.get("class") or "").split():
            self._in_grid = True
        if not self._in_grid:
            return
        if tag == "thead":
            self._in_head = True
        elif tag == "th":
            self._header = ""
        elif tag == "td":
            # The head's first column names the regions' column.
            period = self.periods[1 + sum(1 for c in self.cells if c.region == self._region)]
            self._cell = GridCell(self._region, period)
        elif tag == "small":
            self._in_small = True
        elif tag == "a" and self._cell is not None:
            self._link = ["", attrs.get("href")]
            if not self._in_small:
                self._cell.state_href = attrs.get("href")

    def handle_endtag(self, tag):
        if not self._in_grid:
            return
        if tag == "table":
            self._in_grid = False
        elif tag == "thead":
            self._in_head = False
        elif tag == "th":
            if self._in_head:
                self.periods.append(self._header.strip())
            else:
                self._region = self._header.strip()
            self._header = None
        elif tag == "td":
            self._cell.text = " ".join(self._cell.text.split())
            self.cells.append(self._cell)
            self._cell = None
        elif tag == "small":
            self._in_small = False
        elif tag == "a" and self._link is not None:
            self._cell.links.append((" ".join(self._link[0].split()), self._link[1]))
            self._link = None

    def handle_data(self, data):
        if self._header is not None:
            self._header += data
        if self._cell is not None:
            self._cell.text += data
        if self._link is not None:
            self._link[0] += data


def grid_cells(page: str) -> dict[tuple[str, str], GridCell]:
    """(region name, period name) → the cell, read from the dashboard's HTML."""
    reader = _GridReader()
    reader.feed(page)
    return {(cell.region, cell.period): cell for cell in reader.cells}
