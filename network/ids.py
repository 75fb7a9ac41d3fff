"""``<id:pk>`` in URLs: a row's id, at most 18 digits, so every id a URL can name fits the
databases' 64-bit integers. Beyond them SQLite raises OverflowError where Django's own range
check does not reach (a Wagtail page's id is the link to its parent row), which would be a
500 for a mistyped address instead of a 404."""


class IdConverter:
    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(value)
