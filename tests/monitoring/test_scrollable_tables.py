"""On a phone the dashboard's and the report's tables scroll sideways: each wrapper must be
reachable by keyboard and say what it holds (axe ``scrollable-region-focusable``)."""

from collections import Counter
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import region
from tests.html import parse
from tests.monitoring.conftest import as_user
from tests.monitoring.factories import IndicatorFactory, PeriodFactory, TargetFactory
from tests.monitoring.test_reports import fill, url

pytestmark = pytest.mark.django_db


def wrappers(response) -> list[tuple[str | None, str | None, str]]:
    """Each table wrapper as (tabindex, role, the text of what names it); ids unique."""
    assert response.status_code == 200
    page = parse(response.content)
    ids = Counter(e.attrs["id"] for e in page.walk() if "id" in e.attrs)
    assert [i for i, n in ids.items() if n > 1] == []
    found = []
    for wrap in page.find_all("div", class_="table-wrap"):
        assert wrap.find_all("table"), "a wrapper holds a table"
        label = page.by_id(wrap.attrs.get("aria-labelledby", ""))
        name = " ".join(label.text.split()) if label is not None else ""
        found.append((wrap.attrs.get("tabindex"), wrap.attrs.get("role"), name))
    return found


def test_every_table_of_the_dashboard_can_be_scrolled_by_keyboard(client, opole_member):
    today = timezone.localdate()
    period = PeriodFactory(
        name="III kwartał 2026",
        start=today - timedelta(days=200),
        end=today - timedelta(days=110),
        due_date=today - timedelta(days=100),
    )
    indicator = IndicatorFactory(code="W7", name_pl="Uczestnicy działań", name_en="Participants")
    TargetFactory(indicator=indicator, region=region("lodzkie"), target_value=2000)
    as_user(client, opole_member)
    response = client.get(
        "/monitoring/", {"okres": period.pk, "wskaznik": "W7", "rok": period.start.year}
    )
    found = wrappers(response)
    assert {(tabindex, role) for tabindex, role, _name in found} == {("0", "region")}
    names = [name for _tabindex, _role, name in found]
    assert names == [
        f"Stan sprawozdań według województw i okresów, {period.start.year}",
        "Wartości krajowe, III kwartał 2026",
        "Uczestnicy działań według województw: wartości osiągnięte i docelowe",
        "Wiersze: województwo gości; kolumny: województwo gospodarza",
    ]


def test_the_reports_tables_and_its_history_can_be_scrolled_by_keyboard(
    client, anna, frse, period, participants, share
):
    as_user(client, anna)
    fill(client, period, W7="100", W8="50")
    fill(client, period, W7="120", W8="50")
    found = wrappers(client.get(url(period)))
    assert found == [("0", "region", "Wskaźniki"), ("0", "region", "Historia zmian")]
    listing = wrappers(client.get("/sprawozdania/"))
    assert listing == [("0", "region", "Okresy sprawozdawcze")]
