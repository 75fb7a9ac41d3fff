"""Reads the practice pages show beside their own fields, for their templates: the page models
then need no selectors (which import them)."""

from django import template
from django.utils import formats

from cms import permissions, selectors
from cms.forms import AskAuthorForm

register = template.Library()


@register.simple_tag
def latest_practices(limit: int):
    return selectors.latest_practices(limit=limit)


@register.simple_tag
def related_practices(practice, limit: int):
    return selectors.related_practices(practice, limit=limit)


@register.simple_tag
def practices_inspired_by(practice):
    return selectors.practices_inspired_by(practice)


@register.simple_tag(takes_context=True)
def ask_author_form(context, practice):
    """The "ask the author" form for a member who may write to the contact person, else None."""
    if not permissions.can_ask_author(context["request"].user, practice):
        return None
    return AskAuthorForm()


@register.simple_tag(takes_context=True)
def can_submit_practice(context) -> bool:
    return permissions.can_submit_practice(context["request"].user)


@register.simple_tag
def practice_dates(practice) -> str:
    """When the practice ran: "10 marca 2026 – 11 marca 2026", one date when it began and
    ended the same day or has no end."""
    start, end = practice.start_date, practice.end_date
    text = formats.date_format(start, "DATE_FORMAT") if start else ""
    if end and end != start:
        text = f"{text} – {formats.date_format(end, 'DATE_FORMAT')}"
    return text
