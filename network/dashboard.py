"""The member's start page (``/pulpit/``) as an extension point: each app that has something
waiting for the member registers a block in its ``AppConfig.ready``, so ``network`` shows
invitations, reports or votes without importing the apps that own them.

A block renders its body for the request (``render(request) -> str``: HTML, already escaped,
e.g. ``render_to_string``), or ``None`` when it is not for this member (a block of
coordinators' work for a plain member). Its ``refresh_on`` names the kinds of ``notification``
frame (``network.notices.NoticeKind`` values) after which the page fetches the block again from
``/pulpit/bloki/<name>/``: the page updates live without knowing what the blocks hold."""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class Block:
    name: str  # a slug: the fragment's URL and the section's id
    title: str | Promise
    render: Callable[..., str | None]
    refresh_on: tuple[str, ...] = ()
    order: int = 100
    # Also fetched again when the page's chat script says a room's counts changed.
    refresh_on_rooms: bool = False
    # A static ES module the page loads once if the block is shown (e.g. chat's quiet
    # subscriptions that keep the rooms' counts live).
    script: str = ""


_blocks: dict[str, Block] = {}


def register(block: Block) -> Block:
    if not block.name.replace("-", "").isalnum():
        raise ValueError(f"Block name {block.name!r} is not a slug.")
    if block.name in _blocks and _blocks[block.name] != block:
        raise ValueError(f"Dashboard block {block.name!r} is registered twice.")
    _blocks[block.name] = block
    return block


def blocks() -> list[Block]:
    return sorted(_blocks.values(), key=lambda block: (block.order, block.name))


def block(name: str) -> Block | None:
    return _blocks.get(name)
