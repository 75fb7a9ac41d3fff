"""``make run`` as a newcomer types it: a taken port is said at once, before installing or
migrating, with the ``PORT=`` to use; the links in e-mails follow the chosen address."""

import shutil
import socket
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def test_a_taken_port_is_said_before_migrating(tmp_path):
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        port = server.getsockname()[1]
        result = subprocess.run(
            ["make", "--no-print-directory", "run", f"PORT={port}", f"VAR_DIR={tmp_path}"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode != 0
    assert f"Port {port} on 127.0.0.1 is already taken" in result.stderr
    assert f"Port {port} na 127.0.0.1 jest zajęty" in result.stderr
    assert f"make run PORT={port + 1}" in result.stderr
    # Nothing was set up: no log, no database.
    assert list(tmp_path.iterdir()) == []


def test_e_mailed_links_follow_host_and_port():
    result = subprocess.run(
        ["make", "--no-print-directory", "-n", "run", "PORT=8123", "HOST=localhost"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    commands = [
        line for line in result.stdout.splitlines() if "manage.py" in line or "daphne" in line
    ]
    assert commands
    assert all("SITE_URL=http://localhost:8123" in line for line in commands)
    assert "-b localhost -p 8123" in result.stdout
