import re
from html import unescape

from django.utils.html import escape, strip_tags


def paragraph_blocks(text: str) -> list[dict]:
    """A member's plain text as the body's text block: paragraphs split at empty lines,
    single line breaks kept, everything escaped."""
    paragraphs = [part.strip() for part in re.split(r"\n\s*\n", text or "") if part.strip()]
    if not paragraphs:
        return []
    html = "".join(
        "<p>{}</p>".format("<br/>".join(escape(line.strip()) for line in part.splitlines()))
        for part in paragraphs
    )
    return [{"type": "text", "value": html}]


def paragraphs_of(body) -> str:
    """The body's text blocks as plain text again, paragraphs separated by empty lines."""
    paragraphs = []
    for block in body:
        if block.block_type != "text":
            continue
        html = str(block.value.source if hasattr(block.value, "source") else block.value)
        for part in re.findall(r"<p[^>]*>(.*?)</p>", html, flags=re.S):
            paragraphs.append(unescape(strip_tags(re.sub(r"<br\s*/?>", "\n", part))))
    return "\n\n".join(paragraphs)
