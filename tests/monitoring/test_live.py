"""Report notices reach people live, as ``notification`` frames (kind ``report``) on the
discussions WebSocket, after commit, in each recipient's language: FRSE hears of a
submission, the region of a return."""

import pytest
from asgiref.sync import sync_to_async

from monitoring import services
from tests.chat.conftest import close_worker_connections, fresh_layer_and_presence  # noqa: F401
from tests.chat.test_consumer import receive, socket
from tests.factories import CoordinatorFactory, NationalModeratorFactory, region
from tests.monitoring.factories import IndicatorFactory, PeriodFactory
from tests.notices import written

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.asyncio,
    pytest.mark.usefixtures("fresh_layer_and_presence", "close_worker_connections"),
]


@sync_to_async
def _setup():
    anna = CoordinatorFactory(region=region("lodzkie"))
    frse = NationalModeratorFactory(language="en")
    IndicatorFactory(code="W7")
    period = PeriodFactory(name="IV kwartał")
    report = services.report_start(actor=anna, region=anna.region, period=period)
    services.report_save(actor=anna, report=report, entries={"W7": {"value": "10"}})
    return anna, frse, report


async def test_a_submission_reaches_frse_and_a_return_reaches_the_region():
    anna, frse, report = await _setup()
    async with socket(anna) as anna_ws, socket(frse) as frse_ws:
        await sync_to_async(services.report_submit)(actor=anna, report=report)
        frame = await receive(frse_ws, "notification")
        assert frame["kind"] == "report" and frame["change"] == "submitted"
        assert frame["report"] == {
            "region": "lodzkie",
            "period": report.period_id,
            "state": "submitted",
        }
        assert frame["url"] == f"/sprawozdania/{report.period_id}/lodzkie/"
        assert frame["text"] == "The łódzkie region has submitted its report for IV kwartał"
        assert written(frame) == ["IV kwartał"]  # marked Polish in the English sentence

        await sync_to_async(services.report_return)(
            actor=frse, report=report, reasons={"W7": "Sprawdź listy."}
        )
        frame = await receive(anna_ws, "notification")
        assert frame["change"] == "returned" and frame["report"]["state"] == "returned"
        assert (
            frame["text"]
            == "Sprawozdanie Twojego województwa za okres IV kwartał zwrócono do poprawy"
        )
