"""A table wider than a phone scrolls sideways inside its ``.table-wrap``. A keyboard user
can scroll it only if the wrapper takes focus, and hears what it is only if it is a named
region (axe ``scrollable-region-focusable``, WCAG 2.1.1 and 4.1.2). So every wrapper is
written ``<div{% table_wrap "caption-id" %}>``, named by the table's caption or heading."""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def table_wrap(labelled_by: str) -> str:
    """``<div{% table_wrap "history-heading" %}><table>…</table></div>``"""
    return format_html(
        ' class="table-wrap" role="region" tabindex="0" aria-labelledby="{}"', labelled_by
    )
