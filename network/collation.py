"""Polish alphabetical order for names: Dąbrowska before Dudek, Łukasik after Lis, Wójcik
before Wróbel, Żak last.

PostgreSQL orders with its ICU collation ``pl-x-icu`` (migration ``0004_polish_collation``
checks that it is there). SQLite has no ICU: a collation of the same name is registered on
every new SQLite connection, comparing by a key that follows the Polish alphabet, so
``polish("last_name")`` orders the same way on both databases.
"""

import unicodedata
from functools import lru_cache

from django.db.models import F
from django.db.models.functions import Collate

POLISH_COLLATION = "pl-x-icu"
POLISH_ALPHABET = "aąbcćdeęfghijklłmnńoópqrsśtuvwxyzźż"
_LETTERS = {letter: 1000 + 10 * index for index, letter in enumerate(POLISH_ALPHABET)}


@lru_cache(maxsize=4096)
def polish_sort_key(text: str) -> tuple:
    """Letters by the Polish alphabet first, then accents foreign to it (é after e), then
    case (lower first), as ICU's Polish rules do. Spaces and punctuation come before
    digits, digits before letters."""
    primary, secondary, tertiary = [], [], []
    for char in text:
        lower = char.lower()
        accent = 0
        if lower in _LETTERS:
            weight = _LETTERS[lower]
        else:
            base, *marks = unicodedata.normalize("NFD", lower) or " "
            if base in _LETTERS:
                weight, accent = _LETTERS[base], 1 + len(marks)
            elif base.isdigit():
                weight = 100 + unicodedata.digit(base, 0)
            elif base.isalpha():
                weight = 2000 + ord(base)
            else:
                weight, accent = 1, ord(base)
        primary.append(weight)
        secondary.append(accent)
        tertiary.append(0 if char == lower else 1)
    return (tuple(primary), tuple(secondary), tuple(tertiary))


def compare(left: str, right: str) -> int:
    left_key, right_key = polish_sort_key(left), polish_sort_key(right)
    return (left_key > right_key) - (left_key < right_key)


def register_on_sqlite(sender, connection, **kwargs) -> None:
    """``connection_created`` receiver: SQLite connections learn ``pl-x-icu``."""
    if connection.vendor == "sqlite":
        connection.connection.create_collation(POLISH_COLLATION, compare)


def polish(field: str) -> Collate:
    """``order_by(polish("last_name"), polish("first_name"))``"""
    return Collate(F(field), POLISH_COLLATION)
