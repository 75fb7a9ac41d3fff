"""Test runs: ``base`` with a fast password hasher and in-memory e-mail.

``DATABASE_URL`` (set by ``make test`` to ``TEST_DATABASE_URL`` for the PostgreSQL pass) and
``REDIS_URL`` are honoured exactly as in production.
"""

import os
import tempfile

from .base import *  # noqa: F403

# Uploaded and generated images go to a throwaway folder, never into var/media.
MEDIA_ROOT = tempfile.mkdtemp(prefix="wzk-test-media-")

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Django's test runner sends e-mail straight to its outbox; tests/network/test_mail_queue.py
# puts every kind of e-mail through the queue (QueuedEmailBackend, the database queue and a
# worker) into the same outbox. Tasks run right after commit unless a test says otherwise.
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {
    name: {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
    for name in TASKS  # noqa: F405
}
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
if REDIS_URL:  # noqa: F405
    # Keep test runs apart from each other and from a platform using the same Redis.
    CACHES["default"]["KEY_PREFIX"] = f"wzk-test-{os.getpid()}"  # noqa: F405
    # Pub/sub channel names are global to the Redis server (whatever the database number).
    CHANNEL_LAYERS["default"]["CONFIG"]["prefix"] = f"wzk-test-{os.getpid()}:channels:"  # noqa: F405
