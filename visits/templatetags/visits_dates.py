"""``{% event_when event %}``: an event's dates as people write them, in Warsaw time — a range
within one day once ("18 stycznia 2027, 9:00–16:00"), a longer one with both dates."""

from django import template
from django.utils import formats, timezone
from django.utils.html import format_html

register = template.Library()


def when_text(starts_at, ends_at) -> str:
    start, end = timezone.localtime(starts_at), timezone.localtime(ends_at)
    start_day = formats.date_format(start, "DATE_FORMAT")
    start_time = formats.date_format(start, "G:i")
    end_time = formats.date_format(end, "G:i")
    if start.date() == end.date():
        return f"{start_day}, {start_time}–{end_time}"
    return f"{start_day}, {start_time} – {formats.date_format(end, 'DATE_FORMAT')}, {end_time}"


@register.simple_tag
def event_when(event):
    return format_html(
        '<time datetime="{}">{}</time>',
        timezone.localtime(event.starts_at).isoformat(),
        when_text(event.starts_at, event.ends_at),
    )


@register.simple_tag
def event_times(event):
    """Under a day's heading: only the hours when the event is within that day."""
    start, end = timezone.localtime(event.starts_at), timezone.localtime(event.ends_at)
    if start.date() == end.date():
        text = f"{formats.date_format(start, 'G:i')}–{formats.date_format(end, 'G:i')}"
    else:
        text = when_text(event.starts_at, event.ends_at)
    return format_html('<time datetime="{}">{}</time>', start.isoformat(), text)


@register.filter
def when(event) -> str:
    """The same words as plain text (e-mails)."""
    return when_text(event.starts_at, event.ends_at)
