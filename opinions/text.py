"""A document's text: members write a little Markdown in a plain textarea (paragraphs,
headings, lists, bold, italics, links); the platform splits it into numbered paragraphs (the
anchors of comments), renders each to HTML with raw HTML switched off, and sanitises the result
with an allowlist (nh3). Two versions compare paragraph by paragraph, word by word inside a
changed paragraph.

Polish typography: a one-letter word (a, i, o, u, w, z) does not end a line; it is tied to
the next word with a no-break space."""

import difflib
import html
import re
from dataclasses import dataclass

import nh3
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "p", "h2", "h3", "h4", "ul", "ol", "li", "strong", "em", "a", "blockquote", "br", "code",
    "pre", "hr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}

_markdown = MarkdownIt("commonmark", {"html": False, "typographer": False}).disable("image")
# A one-letter word followed by a space, not inside a longer word.
_ORPHAN = re.compile(r"(?<![\w\u00a0])([aiouwzAIOUWZ]) (?=\S)")
_TAG_OR_TEXT = re.compile(r"(<[^>]*>)")
_WORDS = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class Paragraph:
    number: int
    source: str
    html: str


def sanitise(markup: str) -> str:
    return nh3.clean(
        markup,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )


def tie_single_letters(markup: str) -> str:
    """No-break spaces after one-letter words, in the text between tags only."""
    parts = _TAG_OR_TEXT.split(markup)
    return "".join(
        part if part.startswith("<") else _ORPHAN.sub("\\1\u00a0", part) for part in parts
    )


def _blocks(source: str) -> list[str]:
    """The top-level blocks of the Markdown (a paragraph, a heading, a whole list…), each as
    its own source lines."""
    lines = source.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    blocks = []
    for token in _markdown.parse(source.replace("\r\n", "\n").replace("\r", "\n")):
        if token.level == 0 and token.map and token.nesting in (0, 1):
            start, end = token.map
            blocks.append("\n".join(lines[start:end]).strip("\n"))
    return [block for block in blocks if block.strip()]


_HEADING = re.compile(r"<(/?)h([1-6])>")


def _to_html(block: str) -> str:
    """Markdown to sanitised HTML; headings one level down, under the page's own heading."""
    rendered = _HEADING.sub(lambda m: f"<{m[1]}h{min(int(m[2]) + 1, 4)}>", _markdown.render(block))
    return tie_single_letters(sanitise(rendered))


def paragraphs(source: str) -> list[Paragraph]:
    return [
        Paragraph(number, block, _to_html(block))
        for number, block in enumerate(_blocks(source), start=1)
    ]


def render(source: str) -> str:
    """The whole text as sanitised HTML, each paragraph in an anchored block."""
    return "\n".join(
        f'<div class="paragraph" id="akapit-{paragraph.number}">{paragraph.html}</div>'
        for paragraph in paragraphs(source)
    )


def plain(source: str) -> str:
    """The text without markup, for search."""
    return " ".join(html.unescape(nh3.clean(_markdown.render(source), tags=set())).split())


# --- Comparing two versions ------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One paragraph of the comparison: ``kind`` is equal, changed, added or removed; ``html``
    shows the paragraph's words with ``<del>`` and ``<ins>`` where they differ."""

    kind: str
    old_number: int | None
    new_number: int | None
    html: str


def _words_diff(old: str, new: str) -> str:
    old_words, new_words = _WORDS.findall(old), _WORDS.findall(new)
    out = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        if tag == "equal":
            out.append(html.escape("".join(old_words[a1:a2])))
            continue
        if a2 > a1:
            out.append(f"<del>{html.escape(''.join(old_words[a1:a2]))}</del>")
        if b2 > b1:
            out.append(f"<ins>{html.escape(''.join(new_words[b1:b2]))}</ins>")
    return "".join(out)


def compare(old_source: str, new_source: str) -> list[Change]:
    """The new version against the old, paragraph by paragraph (their Markdown, escaped)."""
    old, new = _blocks(old_source), _blocks(new_source)
    changes = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        if tag == "equal":
            changes += [
                Change("equal", a1 + i + 1, b1 + i + 1, html.escape(old[a1 + i]))
                for i in range(a2 - a1)
            ]
            continue
        pairs = min(a2 - a1, b2 - b1) if tag == "replace" else 0
        for i in range(pairs):
            changes.append(
                Change("changed", a1 + i + 1, b1 + i + 1, _words_diff(old[a1 + i], new[b1 + i]))
            )
        for i in range(a1 + pairs, a2):
            changes.append(Change("removed", i + 1, None, f"<del>{html.escape(old[i])}</del>"))
        for i in range(b1 + pairs, b2):
            changes.append(Change("added", None, i + 1, f"<ins>{html.escape(new[i])}</ins>"))
    return changes
