"""Changes reach the people concerned live, as ``notification`` frames (kind ``visit``) on the
discussions WebSocket, after commit, in each recipient's language."""

import pytest
from asgiref.sync import sync_to_async

from tests.chat.conftest import close_worker_connections, fresh_layer_and_presence  # noqa: F401
from tests.chat.test_consumer import receive, socket
from tests.factories import CoordinatorFactory, UserFactory, region
from tests.notices import written
from tests.visits.factories import EventFactory
from visits import services

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.asyncio,
    pytest.mark.usefixtures("fresh_layer_and_presence", "close_worker_connections"),
]


@sync_to_async
def _setup():
    host = CoordinatorFactory(region=region("lodzkie"))
    event = EventFactory(organiser=host, host_region=host.region, guest_seats=2)
    guest = UserFactory(region=region("opolskie"))
    english = UserFactory(region=region("mazowieckie"), language="en")
    return host, event, guest, english


async def test_an_invitation_and_an_answer_reach_invitee_and_host_live():
    host, event, guest, english = await _setup()
    async with socket(host) as host_ws, socket(guest) as guest_ws, socket(english) as en_ws:
        invitations = await sync_to_async(services.invitations_send)(
            actor=host, event=event, users=[guest, english]
        )
        frame = await receive(guest_ws, "notification")
        assert frame["kind"] == "visit"
        assert frame["change"] == "invited"
        assert frame["invitation"] == invitations[0].pk
        assert frame["url"] == invitations[0].get_absolute_url()
        assert frame["event"]["id"] == event.pk
        assert frame["event"]["seats_left"] == 2
        assert frame["text"] == f"Region łódzkie zaprasza Cię na „{event.title}”"
        frame = await receive(en_ws, "notification")
        assert frame["text"] == f"The łódzkie region invites you to “{event.title}”"
        assert written(frame) == [event.title]  # marked Polish in the English sentence

        await sync_to_async(services.invitation_accept)(
            actor=guest, invitation=invitations[0], people_count=2
        )
        frame = await receive(guest_ws, "notification")
        assert frame["change"] == "accepted"
        assert frame["event"]["seats_left"] == 0
        frame = await receive(host_ws, "notification")
        assert frame["change"] == "answer_accepted"
        assert frame["event"]["seats_left"] == 0
        assert guest.get_full_name() in frame["text"]
