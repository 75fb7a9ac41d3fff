"""Fan-out inside one daphne process: one channel-layer subscription per process, not per socket.

Channels' usual way gives every socket a channel of its own: each broadcast is copied into one
queue per socket, a task per socket wakes to read it, dispatches it, and hands it to daphne,
which frames it again for each socket. Here the process has one *relay* channel. It joins a
group (a room, a member) once, when the first local socket needs it, and leaves it when the last
one goes; a broadcast is read once, its WebSocket frame is built once, and the same bytes are
written to every local socket in the group (autobahn's prepared messages), in the event loop,
without a task or a queue per socket.

What a socket sees is unchanged (docs/chat-protocol.md): a frame reaches only sockets still in
its room, and while a socket's own handler runs (a `subscribe` reading history, a `send` waiting
for its `ack`) the broadcasts for it wait, so it gets them in the order it always did.
"""

import asyncio
import contextlib
import logging
import weakref
from functools import partial
from typing import Protocol

from daphne.ws_protocol import WebSocketProtocol
from twisted.internet import tcp
from twisted.protocols.policies import ProtocolWrapper

logger = logging.getLogger(__name__)

RECEIVE_RETRY_PAUSE = 0.5  # seconds, if reading the relay channel fails (it should not)


class Frame:
    """One encoded frame for every socket it goes to: UTF-8 and WebSocket framing done once."""

    __slots__ = ("_factory", "_prepared", "text")

    def __init__(self, text: str):
        self.text = text
        self._factory = None
        self._prepared = None

    def prepared(self, factory):
        # daphne has one protocol factory per server; the framed bytes are the same for all
        # of its sockets (a server does not mask, and daphne offers no compression).
        if self._factory is not factory:
            self._prepared = factory.prepareMessage(self.text.encode())
            self._factory = factory
        return self._prepared


def socket_of(send) -> WebSocketProtocol | None:
    """daphne's protocol object behind an ASGI ``send``, to write prepared frames to directly;
    None under another server (or a test communicator): frames then go through ``send``.

    Channels' session middleware wraps ``send`` (it saves the session on HTTP responses and
    the handshake, never on a frame), so its wrapper is looked through."""
    for _ in range(5):
        if isinstance(send, partial):
            protocol = send.args[0] if send.args else None
            return protocol if isinstance(protocol, WebSocketProtocol) else None
        send = getattr(getattr(send, "__self__", None), "real_send", None)
        if send is None:
            return None
    return None


def write(protocol: WebSocketProtocol, frame: Frame) -> None:
    """The frame's bytes onto the socket. With nothing queued before them (the usual case)
    they go to the kernel at once: Twisted's ``write`` would buffer them, register the
    socket for writing and unregister it after, two system calls per socket per frame."""
    if protocol.state != protocol.STATE_OPEN:
        return
    data = frame.prepared(protocol.factory).payloadHybi
    transport = protocol.transport
    if protocol.send_queue or not _idle(transport):
        protocol.sendData(data)  # behind what autobahn or Twisted already queued, in order
        return
    sent = transport.writeSomeData(data)
    if not isinstance(sent, int):
        transport.write(data)  # the connection is going: Twisted notices and closes it
    elif sent < len(data):
        transport.write(data[sent:])  # the rest when the socket can take it


def _idle(transport) -> bool:
    """A plain TCP connection, open, with nothing buffered (see twisted.internet.abstract).
    Not TLS: its wrapper passes attribute reads through to the TCP connection beneath, whose
    socket must only ever get encrypted bytes."""
    return (
        isinstance(transport, tcp.Connection)
        and not isinstance(transport, ProtocolWrapper)
        and not getattr(transport, "TLS", False)
        and transport.connected
        and not transport.disconnecting
        and not transport._tempDataLen
        and len(transport.dataBuffer) == transport.offset
    )


class Member(Protocol):
    """What the relay needs of a socket (the chat consumer)."""

    def take(self, event: dict, frame: Frame | None): ...


class Relay:
    """This process's channel in the layer, and which local sockets are in which group."""

    def __init__(self, layer):
        self.layer = layer
        self.groups: dict[str, set[Member]] = {}
        self.members: set[Member] = set()
        self._channel: asyncio.Future | None = None
        self._reader: asyncio.Task | None = None
        self._tasks: set[asyncio.Task] = set()

    def _opened(self) -> str | None:
        """The channel, if it is open."""
        opening = self._channel
        if opening is None or not opening.done() or opening.cancelled() or opening.exception():
            return None
        return opening.result()

    async def channel(self) -> str:
        opening = self._channel
        failed = opening is not None and opening.done() and self._opened() is None
        if opening is None or failed:
            self._channel = asyncio.ensure_future(self._open())  # (again, after a failure)
        return await asyncio.shield(self._channel)

    async def _open(self) -> str:
        channel = await self.layer.new_channel("relay.")
        if not self.members:  # every socket went while the channel opened
            self._channel = None
            return channel
        self._reader = asyncio.ensure_future(self._read(channel))
        self._reader.add_done_callback(self._reader_ended)
        return channel

    def _reader_ended(self, reader: asyncio.Task) -> None:
        # Cancelled when the last socket went; anything else must not leave the process deaf:
        # the next join opens a channel again (and the next ping of every socket joins).
        if self._reader is reader and not reader.cancelled():
            logger.error("The relay stopped reading", exc_info=reader.exception())
            self._reader = self._channel = None

    def register(self, member: Member) -> None:
        self.members.add(member)

    async def join(self, group: str, member: Member) -> None:
        """Deliver ``group``'s events to ``member``. Idempotent: a ping calls it again after
        Redis restarted, to subscribe again what the restart lost. May raise an outage error
        (the member is in the group all the same, here)."""
        self.members.add(member)
        self.groups.setdefault(group, set()).add(member)
        await self.layer.group_add(group, await self.channel())

    async def leave(self, group: str, member: Member) -> None:
        members = self.groups.get(group)
        if members is None or member not in members:
            return
        members.discard(member)
        if not members:
            del self.groups[group]
            await self._discard(group)

    async def _discard(self, group: str) -> None:
        if self._channel is not None and not self._channel.done():
            with contextlib.suppress(Exception):  # opening failed: nothing was subscribed
                await asyncio.shield(self._channel)
        channel = self._opened()
        if channel is not None and group not in self.groups:  # nobody joined again meanwhile
            await self.layer.group_discard(group, channel)

    def unregister(self, member: Member) -> None:
        """The member's socket closed. It has normally left its groups already; if it could
        not (it failed, or was cancelled), the groups it leaves empty are discarded here. With
        no socket left, stop reading, so an idle event loop holds nothing."""
        self.members.discard(member)
        emptied = []
        for group in [g for g, members in self.groups.items() if member in members]:
            self.groups[group].discard(member)
            if not self.groups[group]:
                del self.groups[group]
                emptied.append(group)
        if not self.members and self._reader is not None:
            self._reader.cancel()
            self._reader = self._channel = None
            self.groups.clear()
        elif emptied:
            task = asyncio.ensure_future(self._discard_all(emptied))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _discard_all(self, groups: list[str]) -> None:
        for group in groups:
            try:
                await self._discard(group)
            except Exception as error:  # Redis unreachable: the subscription goes with it
                logger.warning("Could not leave %s: %s", group, error)

    async def _read(self, channel: str) -> None:
        while True:
            try:
                event = await self.layer.receive(channel)
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.warning("Reading the relay channel failed", exc_info=True)
                await asyncio.sleep(RECEIVE_RETRY_PAUSE)
                continue
            try:
                await self.deliver(event)
            except Exception:
                logger.exception("A relay event could not be delivered: %r", event.get("type"))

    async def deliver(self, event: dict) -> None:
        group = event.get("group")
        members = self.groups.get(group) if isinstance(group, str) else None
        if not members:
            return
        frame = Frame(event["text"]) if "text" in event else None
        for member in tuple(members):
            try:
                pending = member.take(event, frame)
                if pending is not None:
                    await pending
            except Exception:
                logger.warning("A socket could not take an event", exc_info=True)


_relays: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, list[Relay]]" = (
    weakref.WeakKeyDictionary()
)


def relay(layer) -> Relay:
    """The relay of this event loop for ``layer`` (one per process under daphne)."""
    relays = _relays.setdefault(asyncio.get_running_loop(), [])
    for existing in relays:
        if existing.layer is layer:
            return existing
    created = Relay(layer)
    relays.append(created)
    return created
