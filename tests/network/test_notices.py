"""The worker rebuilds a notice from its name, in a process that may never have imported the
app that sent it: every kind must be registered as soon as Django starts."""

import json
import os
import subprocess
import sys
from pathlib import Path

from network.notices import NoticeKind, PracticeNotification, sentence

ROOT = Path(__file__).resolve().parents[2]


def test_every_kind_of_notice_is_registered_when_django_starts():
    script = (
        "import django, json; django.setup(); from network import notices; "
        "print(json.dumps(sorted(notices._kinds)))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    registered = json.loads(done.stdout.strip().splitlines()[-1])
    assert registered == sorted(kind.value for kind in NoticeKind)


def test_a_sentence_keeps_apart_what_members_wrote_wherever_it_also_appears():
    # A room called "Anna", mentioned by Anna Nowak: only the room's name is the member's.
    line = sentence(
        "%(name)s mentioned you in %(room)s (100%%)",
        ("room",),
        name="Anna Nowak",
        room="Anna",
    )
    assert line.text == str(line) == "Anna Nowak mentioned you in Anna (100%)"
    frame = PracticeNotification(
        change="to_review", practice={}, url="/", text=line.text, parts=line.parts()
    ).dump()
    assert frame["parts"] == [
        {"text": "Anna Nowak mentioned you in ", "lang": None},
        {"text": "Anna", "lang": "pl"},
        {"text": " (100%)", "lang": None},
    ]


def test_parts_that_do_not_make_up_the_text_are_dropped_never_the_notice(caplog):
    parts = sentence("“%(title)s” has changed", ("title",), title="Targi").parts()
    frame = PracticeNotification(
        change="to_review", practice={}, url="/", text="Something else", parts=parts
    ).dump()
    assert frame["text"] == "Something else" and frame["parts"] == []
    assert "do not make up its text" in caplog.text
