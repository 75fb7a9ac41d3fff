"""Marks that apps above monitoring add to the cells of the dashboard's "who has reported"
grid (e.g. opinions: whether the region's review of initiatives for the period is done). A
provider is registered in its app's ``AppConfig.ready`` with ``register`` and called once per
grid with its regions and periods; it answers in a fixed number of queries."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Mark:
    text: str
    url: str = ""


Provider = Callable[[list, list], dict[tuple[int, int], Mark]]
_providers: list[Provider] = []


def register(provider: Provider) -> Provider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def marks(regions: list, periods: list) -> dict[tuple[int, int], list[Mark]]:
    """(region id, period id) → the marks every provider gives that cell."""
    found: dict[tuple[int, int], list[Mark]] = {}
    if not regions or not periods:
        return found
    for provider in _providers:
        for key, mark in provider(regions, periods).items():
            found.setdefault(key, []).append(mark)
    return found
