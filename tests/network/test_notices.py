"""The worker rebuilds a notice from its name, in a process that may never have imported the
app that sent it: every kind must be registered as soon as Django starts."""

import json
import os
import subprocess
import sys
from pathlib import Path

from network.notices import NoticeKind

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
