"""Tables that scroll sideways on a phone: every wrapper is a named region a keyboard can
focus and scroll (axe ``scrollable-region-focusable``), written once with ``{% table_wrap %}``."""

import re
from pathlib import Path

from django.template import engines

ROOT = Path(__file__).resolve().parents[2]
APPS = ("config", "network", "cms", "chat", "visits", "monitoring", "opinions")
BY_HAND = re.compile(r"class=\"[^\"]*\btable-wrap\b")


def test_the_wrapper_is_a_focusable_region_named_by_its_caption():
    template = engines["django"].from_string(
        '{% load tables %}<div{% table_wrap "history-heading" %}><table></table></div>'
    )
    assert template.render({}) == (
        '<div class="table-wrap" role="region" tabindex="0" aria-labelledby="history-heading">'
        "<table></table></div>"
    )


def test_the_name_is_escaped():
    template = engines["django"].from_string("{% load tables %}<div{% table_wrap label %}>")
    html = template.render({"label": 'a" onfocus="x'})
    assert 'aria-labelledby="a&quot; onfocus=&quot;x"' in html


def test_every_template_writes_its_table_wrapper_with_the_tag():
    templates = {
        path: path.read_text() for app in APPS for path in (ROOT / app).glob("templates/**/*.html")
    }
    wrapped = [path for path, text in templates.items() if "{% table_wrap " in text]
    by_hand = [path for path, text in templates.items() if BY_HAND.search(text)]
    assert len(wrapped) >= 19
    assert by_hand == []
