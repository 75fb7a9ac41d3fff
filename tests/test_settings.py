"""Settings come from the environment; production passes Django's deployment checks."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PRINT_SETTINGS = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps({
    "engine": settings.DATABASES["default"]["ENGINE"],
    "db_name": str(settings.DATABASES["default"]["NAME"]),
    "layer": settings.CHANNEL_LAYERS["default"]["BACKEND"],
    "cache": settings.CACHES["default"]["BACKEND"],
    "email": settings.MAIL_DELIVERY_BACKEND,
    "queued_email": settings.EMAIL_BACKEND,
    "tasks": settings.TASKS["platform"]["BACKEND"],
    "time_zone": settings.TIME_ZONE,
    "language": settings.LANGUAGE_CODE,
    "secret_key": settings.SECRET_KEY,
    "debug": settings.DEBUG,
}))
"""


def run_python(code: str, env: dict, settings_module: str = "config.settings.base"):
    clean = {k: v for k, v in os.environ.items() if k not in _CONFIG_VARIABLES}
    clean.update({"DJANGO_SETTINGS_MODULE": settings_module, **env})
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True
    )


_CONFIG_VARIABLES = {
    "DATABASE_URL",
    "REDIS_URL",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "EMAIL_URL",
    "DEBUG",
    "VAR_DIR",
    "TASKS_IMMEDIATE",
    "CHANNEL_REDIS_URLS",
    "DATABASE_TRANSACTION_POOLING",
}


def read_settings(env: dict) -> dict:
    result = run_python(PRINT_SETTINGS, env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_nothing_configured_gives_the_laptop_setup(tmp_path):
    first = read_settings({"VAR_DIR": str(tmp_path)})
    assert first["engine"] == "django.db.backends.sqlite3"
    assert first["db_name"] == str(tmp_path / "db.sqlite3")
    assert first["layer"] == "channels.layers.InMemoryChannelLayer"
    assert first["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert first["email"] == "django.core.mail.backends.console.EmailBackend"
    assert first["queued_email"] == "network.mail.QueuedEmailBackend"
    # No Redis, no channel layer another process could reach: tasks run in the web process.
    assert first["tasks"] == "django_tasks.backends.immediate.ImmediateBackend"
    assert first["time_zone"] == "Europe/Warsaw"
    assert first["language"] == "pl"
    assert first["debug"] is False
    # The development key is generated once and reused.
    assert (tmp_path / "secret_key").read_text().strip() == first["secret_key"]
    assert read_settings({"VAR_DIR": str(tmp_path)})["secret_key"] == first["secret_key"]


def test_urls_switch_to_postgresql_redis_and_smtp(tmp_path):
    configured = read_settings(
        {
            "VAR_DIR": str(tmp_path),
            "DATABASE_URL": "postgres://wzk:secret@db.internal:5432/wzk",
            "REDIS_URL": "redis://cache.internal:6379/0",
            "EMAIL_URL": "smtp+tls://mailer:pw@smtp.internal:587",
        }
    )
    assert configured["engine"] == "django.db.backends.postgresql"
    # channels_redis' pub/sub layer, letting sockets open while Redis is down (chat.layers).
    assert configured["layer"] == "chat.layers.PubSubChannelLayer"
    assert configured["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert configured["email"] == "django.core.mail.backends.smtp.EmailBackend"
    assert configured["queued_email"] == "network.mail.QueuedEmailBackend"
    assert configured["tasks"] == "django_tasks_db.DatabaseBackend"


def test_scaling_switches_shard_the_layer_and_suit_pgbouncer(tmp_path):
    code = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps({
    "hosts": settings.CHANNEL_LAYERS["default"]["CONFIG"]["hosts"],
    "cursors": settings.DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"],
}))
"""
    env = {
        "VAR_DIR": str(tmp_path),
        "DATABASE_URL": "postgres://wzk:secret@pgbouncer.internal:6432/wzk",
        "REDIS_URL": "redis://cache.internal:6379/0",
    }
    plain = run_python(code, env)
    assert json.loads(plain.stdout) == {
        "hosts": ["redis://cache.internal:6379/0"],
        "cursors": False,
    }
    scaled = run_python(
        code,
        {
            **env,
            "CHANNEL_REDIS_URLS": "redis://layer-1.internal:6379/0,redis://layer-2.internal:6379/0",
            "DATABASE_TRANSACTION_POOLING": "1",
        },
    )
    assert json.loads(scaled.stdout) == {
        "hosts": ["redis://layer-1.internal:6379/0", "redis://layer-2.internal:6379/0"],
        "cursors": True,
    }


def test_wildcard_allowed_hosts_is_refused(tmp_path):
    result = run_python(PRINT_SETTINGS, {"VAR_DIR": str(tmp_path), "ALLOWED_HOSTS": "*"})
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_production_settings_pass_check_deploy(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in _CONFIG_VARIABLES}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "wzk.example.org",
            "VAR_DIR": str(tmp_path),
        }
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_a_missing_secret_key(tmp_path):
    result = run_python(
        PRINT_SETTINGS, {"VAR_DIR": str(tmp_path)}, settings_module="config.settings.production"
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_leaves_the_demo_data_app_out(tmp_path):
    code = (
        "import django; from django.conf import settings; django.setup(); "
        "print(' '.join(settings.INSTALLED_APPS))"
    )
    env = {"VAR_DIR": str(tmp_path), "SECRET_KEY": secrets.token_urlsafe(64)}
    development = run_python(code, env)
    assert development.returncode == 0, development.stderr
    assert "demo" in development.stdout.split()
    production = run_python(code, env, settings_module="config.settings.production")
    assert production.returncode == 0, production.stderr
    assert "demo" not in production.stdout.split()
