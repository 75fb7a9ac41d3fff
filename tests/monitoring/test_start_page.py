"""Monitoring's block on the start page: the region's reports still to do, for those who
record them; submitted reports waiting for national staff; nothing for other members."""

import pytest
from django.utils import timezone

from monitoring.choices import ReportState
from monitoring.models import Report
from tests.monitoring.factories import PeriodFactory

pytestmark = pytest.mark.django_db

BLOCK = "/pulpit/bloki/sprawozdania/"


def test_a_coordinator_sees_every_open_period_not_yet_submitted(client, anna, period):
    PeriodFactory(name="Okres zamknięty", locked_at=timezone.now())
    client.force_login(anna)
    block = client.get(BLOCK).text
    assert "Sprawozdanie za IV kwartał" in block
    assert "Nierozpoczęte" in block
    assert "Okres zamknięty" not in block


def test_a_returned_report_is_due_again_and_a_submitted_one_is_not(client, anna, period):
    report = Report.objects.create(region=anna.region, period=period, state=ReportState.RETURNED)
    client.force_login(anna)
    assert "Zwrócone do poprawy" in client.get(BLOCK).text
    report.state = ReportState.SUBMITTED
    report.save()
    block = client.get(BLOCK).text
    assert "IV kwartał" not in block
    assert "Twoje województwo nie ma sprawozdania do wypełnienia ani poprawy." in block


def test_national_staff_see_submitted_reports_to_decide(client, frse, anna, period):
    Report.objects.create(region=anna.region, period=period, state=ReportState.SUBMITTED)
    client.force_login(frse)
    block = client.get(BLOCK).text
    assert "łódzkie – IV kwartał" in block


def test_members_who_do_not_record_have_no_such_block(client, lodz_member, opole_member, period):
    # (E-mail guests never reach the start page: tests/network/test_dashboard.py.)
    for user in (lodz_member, opole_member):
        client.force_login(user)
        assert client.get(BLOCK).status_code == 404
