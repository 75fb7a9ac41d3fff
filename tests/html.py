"""A page's HTML as a small tree, read with the standard library's parser, for tests that ask
what a reader is told: in which language a piece of text is read, what a region is called."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
    | {"track", "wbr"}
)
# Not read as the page's text: <title> is the tab's name, scripts hold data.
UNREAD = frozenset({"head", "script", "style", "template"})


@dataclass(eq=False)
class Element:
    tag: str
    attrs: dict[str, str]
    parent: Element | None = None
    children: list[Element | str] = field(default_factory=list)

    def walk(self) -> Iterator[Element]:
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.walk()

    def find_all(self, tag: str | None = None, *, class_: str | None = None) -> list[Element]:
        return [
            element
            for element in self.walk()
            if (tag is None or element.tag == tag)
            and (class_ is None or class_ in element.attrs.get("class", "").split())
        ]

    def by_id(self, element_id: str) -> Element | None:
        return next((e for e in self.walk() if e.attrs.get("id") == element_id), None)

    @property
    def text(self) -> str:
        return "".join(
            child if isinstance(child, str) else child.text
            for child in self.children
            if isinstance(child, str) or child.tag not in UNREAD
        )

    @property
    def lang(self) -> str:
        """The language this element's text is read in: its own or the nearest ancestor's."""
        element = self
        while element is not None:
            if "lang" in element.attrs:
                return element.attrs["lang"]
            element = element.parent
        return ""

    def texts(self) -> Iterator[tuple[str, Element]]:
        """Every piece of text a reader is read, with the element that holds it."""
        for child in self.children:
            if isinstance(child, str):
                yield child, self
            elif child.tag not in UNREAD:
                yield from child.texts()


class _Builder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        element = Element(tag, {name: value or "" for name, value in attrs}, self.current)
        self.current.children.append(element)
        if tag not in VOID:
            self.current = element

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(
            Element(tag, {name: value or "" for name, value in attrs}, self.current)
        )

    def handle_endtag(self, tag):
        element = self.current
        while element is not None and element.tag != tag:
            element = element.parent
        if element is not None and element.parent is not None:
            self.current = element.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse(html: str | bytes) -> Element:
    builder = _Builder()
    builder.feed(html.decode() if isinstance(html, bytes) else html)
    builder.close()
    return builder.root


def languages_of(page: Element, text: str) -> set[str]:
    """The language every piece of the page's text holding ``text`` is read in (spaces
    compared as spaces: Polish typography binds a one-letter word to the next one)."""
    text = " ".join(text.split())
    found = {holder.lang for piece, holder in page.texts() if text in " ".join(piece.split())}
    assert found, f"{text!r} is not in the page's text"
    return found
