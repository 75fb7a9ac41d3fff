"""Extension points of the ground floor's pages: apps above ``network`` add panels to a
region's page, a member's facts and the profile, by registering them in their
``AppConfig.ready`` (as Wagtail's hooks do), so ``network`` never imports them.

A panel is ``panel(request, obj) -> str``: HTML (already escaped, e.g. ``render_to_string``),
or an empty string to show nothing. Pages render a slot with ``{% panels "slot" obj %}``."""

from collections import defaultdict
from collections.abc import Callable

from django.utils.safestring import SafeString, mark_safe

# The slots network's templates render.
REGION_PAGE = "region_page"  # sections of /regiony/<slug>/, below the thematic networks
MEMBER_FACTS = "member_facts"  # <dt>/<dd> pairs about a member (profile and member page)
PROFILE_LINKS = "profile_links"  # links under the profile's facts
NETWORK_PAGE = "network_page"  # actions on a thematic network's page, above its members
SLOTS = frozenset({REGION_PAGE, MEMBER_FACTS, PROFILE_LINKS, NETWORK_PAGE})

Panel = Callable[..., str]
_panels: dict[str, list[tuple[int, Panel]]] = defaultdict(list)


def register(slot: str, panel: Panel, *, order: int = 100) -> Panel:
    if slot not in SLOTS:
        raise ValueError(f"Unknown panel slot {slot!r}")
    _panels[slot].append((order, panel))
    _panels[slot].sort(key=lambda entry: entry[0])
    return panel


def render(slot: str, request, obj) -> SafeString:
    return mark_safe("".join(panel(request, obj) for _order, panel in _panels[slot]))  # noqa: S308
