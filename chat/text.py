"""Text as search sees it."""

import re

from network.text import fold

SEARCH_TERMS_MAX = 8
SEARCH_TERM_MAX_LENGTH = 40


def searchable(text: str) -> str:
    """Folded words, one space apart: what search reads. Punctuation would let PostgreSQL's
    parser take "budzet-targow.xlsx" for one host-like token, which "targow" does not begin."""
    return " ".join(re.findall(r"[a-z0-9]+", fold(text)))


def search_terms(query: str) -> list[str]:
    """The words of a search query, folded: letters and digits only (nothing of the query
    reaches SQL but these), at most ``SEARCH_TERMS_MAX`` of them."""
    words = re.findall(r"[a-z0-9]+", fold(query))
    return [word[:SEARCH_TERM_MAX_LENGTH] for word in words][:SEARCH_TERMS_MAX]
