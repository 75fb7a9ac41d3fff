"""The floor for the chat benchmark: a minimal broadcast server on the ``websockets`` library.

It speaks just enough of docs/chat-protocol.md for ``bench/chat_load.py``'s clients:
``subscribe`` is answered with an empty ``subscribed``; each ``send`` gets an id, an ``ack``
to its sender and one encoded ``message`` frame relayed to every connected socket. No
database, no channel layer, no authentication, one process: whatever our server spends
above this is the price of Django, Channels, Redis and PostgreSQL.

    .venv/bin/python bench/ws_floor.py --port 8765
"""

import argparse
import asyncio
import itertools
import json
import signal

from websockets.asyncio.server import broadcast, serve

_ids = itertools.count(1)
_sockets = set()


def _encode(frame: dict) -> str:
    return json.dumps(frame, ensure_ascii=False, separators=(",", ":"))


async def _handler(ws) -> None:
    _sockets.add(ws)
    try:
        async for text in ws:
            frame = json.loads(text)
            kind = frame.get("type")
            if kind == "send":
                message = {
                    "id": next(_ids),
                    "room": frame["room"],
                    "topic": frame["topic"],
                    "body": frame["body"],
                    "client_id": frame["client_id"],
                }
                await ws.send(
                    _encode({"type": "ack", "client_id": frame["client_id"], "message": message})
                )
                broadcast(
                    _sockets,
                    _encode({"type": "message", "room": frame["room"], "message": message}),
                )
            elif kind == "subscribe":
                reply = {
                    "type": "subscribed",
                    "room": frame["room"],
                    "messages": [],
                    "has_more": False,
                }
                await ws.send(_encode({**reply, "unread": 0, "online": []}))
            elif kind == "ping":
                await ws.send('{"type":"pong","latest":{}}')
    finally:
        _sockets.discard(ws)


async def _main(host: str, port: int) -> None:
    stop = asyncio.get_running_loop().create_future()
    for signum in (signal.SIGINT, signal.SIGTERM):
        asyncio.get_running_loop().add_signal_handler(signum, stop.set_result, None)
    # Like daphne: no compression, 64 KiB frames at most.
    async with serve(_handler, host, port, compression=None, max_size=65536, backlog=4096):
        await stop


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    asyncio.run(_main(args.host, args.port))
