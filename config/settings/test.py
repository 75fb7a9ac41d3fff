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
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
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
