"""Extension points of the ground floor's pages: apps above ``network`` add panels to a
region's page, a member's facts and the profile, by registering them in their
``AppConfig.ready`` (as Wagtail's hooks do), so ``network`` never imports them.

A panel is ``panel(request, obj) -> str``: HTML (already escaped, e.g. ``render_to_string``),
or an empty string to show nothing. Pages render a slot with ``{% panels "slot" obj %}``."""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.safestring import SafeString, mark_safe

# The slots network's templates render.
REGION_PAGE = "region_page"  # sections of /regiony/<slug>/, below the thematic networks
REGION_LINKS = "region_links"  # <li> links at the top of /regiony/<slug>/ (its practices, ...)
MEMBER_FACTS = "member_facts"  # <dt>/<dd> pairs about a member (profile and member page)
PROFILE_LINKS = "profile_links"  # links under the profile's facts
NETWORK_PAGE = "network_page"  # actions on a thematic network's page, above its members
SLOTS = frozenset({REGION_PAGE, REGION_LINKS, MEMBER_FACTS, PROFILE_LINKS, NETWORK_PAGE})

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


@dataclass(frozen=True)
class RegionCount:
    """A figure on every card of /regiony/: ``counts(user)`` answers {region id: number} for
    all regions in one query; ``label(number)`` says it ("3 good practices")."""

    counts: Callable[..., dict[int, int]]
    label: Callable[[int], str]
    order: int = 100


_region_counts: list[RegionCount] = []


def register_region_count(count: RegionCount) -> RegionCount:
    _region_counts.append(count)
    _region_counts.sort(key=lambda entry: entry.order)
    return count


def region_figures(user, regions) -> dict[int, list[str]]:
    """Every registered figure for each region: one query per kind of figure."""
    figures: dict[int, list[str]] = {region.pk: [] for region in regions}
    for count in _region_counts:
        numbers = count.counts(user)
        for region_id, texts in figures.items():
            texts.append(count.label(numbers.get(region_id, 0)))
    return figures
