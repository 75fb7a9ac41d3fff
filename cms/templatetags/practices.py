"""Reads the practice pages show beside their own fields, for their templates: the page models
then need no selectors (which import them)."""

from django import template

from cms import selectors

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
