"""What members write (practice titles and bodies, messages, event texts, names of networks)
is in Polish, whatever the interface's language. ``{% content_lang %}`` inside an element's
tag marks it ``lang="pl"`` when the interface is in another language (WCAG 3.1.2), and
writes nothing when the page itself is Polish. ``|content_span`` does the same for a value
inside a sentence of the interface, where no element of its own holds it."""

from django import template
from django.conf import settings
from django.utils.html import conditional_escape, format_html
from django.utils.translation import get_language

register = template.Library()

# The language of the content members write (Wagtail's content languages list only it).
CONTENT_LANGUAGE = settings.WAGTAIL_CONTENT_LANGUAGES[0][0]


def _interface_speaks_content_language() -> bool:
    return (get_language() or settings.LANGUAGE_CODE).split("-")[0] == CONTENT_LANGUAGE


@register.simple_tag
def content_lang() -> str:
    """``<h1{% content_lang %}>{{ page.title }}</h1>``"""
    if _interface_speaks_content_language():
        return ""
    return format_html(' lang="{}"', CONTENT_LANGUAGE)


@register.filter
def content_span(value) -> str:
    """``{% blocktranslate with title=event.title|content_span %}Invitation: {{ title }}…``:
    the value in its own ``<span lang="pl">`` in another interface language, escaped as
    usual in either case. Not for ``<title>`` or attributes, which cannot hold markup."""
    if _interface_speaks_content_language():
        return conditional_escape(value)
    return format_html('<span lang="{}">{}</span>', CONTENT_LANGUAGE, value)
