"""Row ids from outside (URLs, query strings, JSON, frames, spreadsheets) fit the databases'
64-bit integers, or are refused as not found / invalid: beyond them SQLite raises OverflowError
where Django's own range check does not reach (a Wagtail page's id is the link to its parent
row), a 500 instead of a 404."""

MAX_ID = 2**63 - 1
ID_RANGE = range(-MAX_ID - 1, MAX_ID + 1)


class IdConverter:
    """``<id:pk>`` in URLs: at most 18 digits, so always within ``MAX_ID``."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(value)
