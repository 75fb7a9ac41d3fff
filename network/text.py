"""Text as search compares it, for every app's search (practices, discussions, actions)."""

from anyascii import anyascii


def fold(text: str) -> str:
    """Lower case without diacritics, so "Łódź" and "lodz" compare equal."""
    return anyascii(text or "").lower()


def folded_name(first_name: str, last_name: str) -> str:
    """A person's name as the members' directory searches it: "Łukasz Żółtowski" is
    "lukasz zoltowski" (``User.search_name``)."""
    return " ".join(fold(part) for part in (first_name, last_name) if part)
