"""The process's relay (chat/fanout.py) on the in-memory layer: what a fault in one event or
one socket must not do to the others, and what a closed socket leaves behind."""

import asyncio

import pytest
from channels.layers import InMemoryChannelLayer
from twisted.internet.protocol import Protocol
from twisted.protocols.tls import TLSMemoryBIOProtocol

from chat import fanout


class Socket:
    def __init__(self, *, fails_on=None):
        self.taken = []
        self.fails_on = fails_on

    def take(self, event, frame):
        if event.get("n") == self.fails_on:
            raise RuntimeError("this socket broke")
        self.taken.append((event["n"], frame.text if frame else None))


async def until(condition, timeout=2.0):
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():
        assert asyncio.get_running_loop().time() < deadline, "timed out"
        await asyncio.sleep(0.01)


def frame(group, n, **extra):
    return {"type": "chat.frame", "group": group, "text": f'{{"n":{n}}}', "n": n, **extra}


@pytest.mark.asyncio
async def test_one_broken_socket_or_malformed_event_stops_nobody_else():
    layer = InMemoryChannelLayer()
    relay = fanout.Relay(layer)
    broken, fine = Socket(fails_on=1), Socket()
    for socket in (broken, fine):
        relay.register(socket)
        await relay.join("room.a", socket)
    await layer.group_send("room.a", frame("room.a", 1))
    # An event naming its group wrongly (a list) is dropped, not fatal to the reader.
    await layer.group_send("room.a", {**frame("room.a", 2), "group": ["room.a"]})
    await layer.group_send("room.a", frame("room.a", 3))
    await until(lambda: [n for n, _ in fine.taken] == [1, 3])
    assert [n for n, _ in broken.taken] == [3]
    assert fine.taken[0][1] == '{"n":1}'  # the frame's text, the same object for everyone
    for socket in (broken, fine):
        relay.unregister(socket)


@pytest.mark.asyncio
async def test_a_socket_that_could_not_leave_leaves_no_subscription_behind():
    layer = InMemoryChannelLayer()
    relay = fanout.Relay(layer)
    staying, crashed = Socket(), Socket()
    relay.register(staying)
    relay.register(crashed)
    await relay.join("room.a", staying)
    await relay.join("room.b", crashed)
    assert "room.b" in layer.groups
    relay.unregister(crashed)  # its consumer died without leaving its rooms
    await until(lambda: "room.b" not in layer.groups)
    assert "room.a" in layer.groups
    await layer.group_send("room.a", frame("room.a", 1))
    await until(lambda: staying.taken == [(1, '{"n":1}')])
    relay.unregister(staying)


def test_frames_to_a_tls_connection_go_through_its_encryption():
    tls = TLSMemoryBIOProtocol(None, Protocol())
    assert not fanout._idle(tls)
