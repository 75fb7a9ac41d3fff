from anyascii import anyascii


def fold(text: str) -> str:
    """Lower case without diacritics, so "Łódź" and "lodz" compare equal."""
    return anyascii(text or "").lower()
