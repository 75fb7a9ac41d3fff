"""Marks that apps above monitoring add to the cells of the dashboard's "who has reported"
grid (e.g. opinions: whether the region's review of initiatives for the period is done). A
provider is registered in its app's ``AppConfig.ready`` with ``register`` and called once per
grid with the viewer, its regions and periods; it answers in a fixed number of queries.

The provider decides by its own app's access rules whether the viewer may open what a mark
points to, and leaves ``url`` empty when not: the grid then shows the mark as plain text."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Mark:
    text: str
    url: str = ""


# provider(viewer, regions, periods) → {(region id, period id): Mark}
Provider = Callable[[object, list, list], dict[tuple[int, int], Mark]]
_providers: list[Provider] = []


def register(provider: Provider) -> Provider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def marks(regions: list, periods: list, *, viewer) -> dict[tuple[int, int], list[Mark]]:
    """(region id, period id) → the marks every provider gives that cell, as ``viewer``
    may follow them."""
    found: dict[tuple[int, int], list[Mark]] = {}
    if not regions or not periods:
        return found
    for provider in _providers:
        for key, mark in provider(viewer, regions, periods).items():
            found.setdefault(key, []).append(mark)
    return found
