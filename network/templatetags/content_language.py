"""What members write (practice titles and bodies, messages, event texts, names of networks)
is in Polish, whatever the interface's language. ``{% content_lang %}`` inside an element's
tag marks it ``lang="pl"`` when the interface is in another language (WCAG 3.1.2), and
writes nothing when the page itself is Polish."""

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.translation import get_language

register = template.Library()

# The language of the content members write (Wagtail's content languages list only it).
CONTENT_LANGUAGE = settings.WAGTAIL_CONTENT_LANGUAGES[0][0]


@register.simple_tag
def content_lang() -> str:
    """``<h1{% content_lang %}>{{ page.title }}</h1>``"""
    if (get_language() or settings.LANGUAGE_CODE).split("-")[0] == CONTENT_LANGUAGE:
        return ""
    return format_html(' lang="{}"', CONTENT_LANGUAGE)
