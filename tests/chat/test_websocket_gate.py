"""The WebSocket endpoint: only members' sessions from the site's own pages get in."""

import pytest
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client

from config.asgi import application
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.asyncio,
    pytest.mark.usefixtures("fresh_layer_and_presence", "close_worker_connections"),
]

# Seconds any one step may take (the communicator's own default is 1 s: too little for a
# handshake that reads the session and joins Redis groups on a loaded machine).
WAIT = 5


def session_cookie_for(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


async def connect(headers):
    communicator = WebsocketCommunicator(application, "/ws/chat/", headers=headers)
    connected, code = await communicator.connect(timeout=WAIT)
    return communicator, connected, code


@pytest.fixture
def member_cookie(db):
    return session_cookie_for(UserFactory())


async def test_member_from_the_site_connects_and_gets_pong(member_cookie):
    communicator, connected, _code = await connect(
        [(b"origin", b"http://localhost"), (b"cookie", f"sessionid={member_cookie}".encode())]
    )
    assert connected
    await communicator.send_json_to({"type": "ping"})
    assert (await communicator.receive_json_from(timeout=WAIT))["type"] == "pong"
    await communicator.disconnect(timeout=WAIT)


async def test_anonymous_handshake_is_refused():
    _communicator, connected, _code = await connect([(b"origin", b"http://localhost")])
    assert not connected


async def test_foreign_origin_is_refused_even_with_a_session(member_cookie):
    _communicator, connected, _code = await connect(
        [(b"origin", b"https://evil.example"), (b"cookie", f"sessionid={member_cookie}".encode())]
    )
    assert not connected


async def test_bad_frames_get_bad_request_not_a_crash(member_cookie):
    communicator, connected, _code = await connect(
        [(b"origin", b"http://localhost"), (b"cookie", f"sessionid={member_cookie}".encode())]
    )
    assert connected
    await communicator.send_to(text_data="{not json")
    error = await communicator.receive_json_from(timeout=WAIT)
    assert (error["type"], error["code"]) == ("error", "bad_request")
    await communicator.send_to(bytes_data=b"\x00\x01")
    assert (await communicator.receive_json_from(timeout=WAIT))["code"] == "bad_request"
    await communicator.send_json_to({"type": "ping"})
    assert (await communicator.receive_json_from(timeout=WAIT))["type"] == "pong"
    await communicator.disconnect(timeout=WAIT)


async def test_logging_out_closes_that_members_sockets(db):
    from asgiref.sync import sync_to_async

    member = await sync_to_async(UserFactory)()
    client = Client()
    await sync_to_async(client.force_login)(member)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    communicator, connected, _code = await connect(
        [(b"origin", b"http://localhost"), (b"cookie", f"sessionid={cookie}".encode())]
    )
    assert connected
    await sync_to_async(client.post)("/konto/wylogowanie/")
    closed = await communicator.receive_output(timeout=WAIT)
    assert closed == {"type": "websocket.close", "code": 4003}
