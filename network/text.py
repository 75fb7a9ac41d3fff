"""Text as search compares it, for every app's search (practices, discussions, actions)."""

from anyascii import anyascii


def fold(text: str) -> str:
    """Lower case without diacritics, so "Łódź" and "lodz" compare equal."""
    return anyascii(text or "").lower()
