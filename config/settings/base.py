"""Settings for every environment, driven by environment variables.

Nothing configured gives a laptop setup: SQLite under ``var/``, an in-memory channel layer,
a local-memory cache, e-mail printed to the console and a secret key generated once into
``var/``. ``DATABASE_URL`` switches to PostgreSQL and ``REDIS_URL`` to Redis for the channel
layer and the cache. ``config.settings.production`` only adds the security toggles.
"""

import secrets
from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
CONFIG_DIR = BASE_DIR / "config"
VAR_DIR = Path(environ.Env().str("VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)


def _development_secret_key() -> str:
    """A key made once per checkout, so sessions survive restarts on a laptop."""
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(64))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = env.str("SECRET_KEY", default="") or _development_secret_key()

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
if "*" in ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must name the hosts; '*' is not accepted.")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "daphne",
    "network",
    "visits",
    "cms",
    "chat",
    # seed_demo and its data; production settings leave it out.
    "demo",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.api.v2",
    "rest_framework",
    # The events API: its Swagger UI is served from our static files, not a CDN.
    "ninja",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "axes",
    "channels",
    "django_tasks",
    "django_tasks_db",
    # The history of a report's values and states (monitoring).
    "simple_history",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Last: their own catalogues then never override another app's translation of the same
    # words (their domain words that collide have a context: "monitoring", "opinions").
    "monitoring",
    "opinions",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.PolishFirstLocaleMiddleware",
    # Input that is not text (lone surrogates, JSON nested thousands deep): a 400, in the
    # visitor's language, before any view or the database sees it.
    "config.middleware.UnreadableInputMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # E-mail guests see only their event; an expired guest is logged out.
    "visits.middleware.GuestAccessMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, so it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [CONFIG_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "config.context_processors.site",
            ],
        },
    },
]

# --- Data -----------------------------------------------------------------------------------

DATABASES = {"default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Reuse connections for a minute: opening one costs several milliseconds per request.
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # Behind PgBouncer in transaction pooling (docs/scaling.md): a server-side cursor would
    # outlive the transaction that opened it on the pooled connection.
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env.bool(
        "DATABASE_TRANSACTION_POOLING", default=False
    )
else:
    # WAL lets the live daphne server read while a writer commits.
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    )
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "network.User"

REDIS_URL = env.str("REDIS_URL", default="")

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "wzk",
        }
    }
    # Redis pub/sub: one PUBLISH per broadcast, each process fans out to its own sockets; no
    # per-process queue that drops messages when full. What Redis cannot deliver (it is
    # restarting, or a subscriber fell behind its output buffer limit) is lost for the socket,
    # never for the room: messages are stored first, and clients catch up by `prev_id`/`pong`.
    # Pub/sub channels ignore the database number: the prefix keeps platforms apart.
    CHANNEL_LAYERS = {
        "default": {
            # channels_redis' pub/sub layer; a socket opens even while Redis is unreachable.
            "BACKEND": "chat.layers.PubSubChannelLayer",
            # More than one Redis for the layer (docs/scaling.md): each room's group lives on
            # one of them, chosen by a hash of its name; presence and limits stay on REDIS_URL.
            "CONFIG": {
                "hosts": env.list("CHANNEL_REDIS_URLS", default=[REDIS_URL]),
                "prefix": "wzk:channels:",
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

# --- Accounts -------------------------------------------------------------------------------

AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses a locked-out username + IP before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "network.backends.EmailBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "network:login"
LOGIN_REDIRECT_URL = "network:dashboard"
LOGOUT_REDIRECT_URL = "/"
# Activation and password-reset links stay valid for three days.
PASSWORD_RESET_TIMEOUT = int(timedelta(days=3).total_seconds())

# Brute-force protection: a lock applies to one e-mail from one address, so a colleague behind
# the same office NAT keeps logging in while someone else mistypes a password.
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = "network.lockout.cool_off"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_USERNAME_FORM_FIELD = "username"
# Failures count against the e-mail as login reads it, however it was spelt.
AXES_USERNAME_CALLABLE = "network.lockout.username"
AXES_ENABLE_ACCESS_FAILURE_LOG = True

SESSION_COOKIE_AGE = int(timedelta(days=14).total_seconds())
# An e-mail guest's account works until this many days after their event ends.
VISITS_GUEST_PASS_DAYS = env.int("VISITS_GUEST_PASS_DAYS", default=14)
# One-step answers from the invitation e-mail: how long its signed links stay valid.
VISITS_ANSWER_LINK_DAYS = env.int("VISITS_ANSWER_LINK_DAYS", default=30)
# Monitoring: days a finished export can be downloaded; the largest spreadsheet imported.
MONITORING_EXPORT_DAYS = env.int("MONITORING_EXPORT_DAYS", default=7)
MONITORING_IMPORT_MAX_BYTES = env.int("MONITORING_IMPORT_MAX_BYTES", default=5 * 1024 * 1024)

# --- E-mail ---------------------------------------------------------------------------------

EMAIL_URL = env.str("EMAIL_URL", default="consolemail://")
vars().update(environ.Env.email_url_config(EMAIL_URL))
# Every e-mail is queued (network.mail); the worker sends it with the backend EMAIL_URL names.
MAIL_DELIVERY_BACKEND = EMAIL_BACKEND  # noqa: F821 (set from EMAIL_URL just above)
EMAIL_BACKEND = "network.mail.QueuedEmailBackend"
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Platforma WZK <noreply@wzk.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Task queue -----------------------------------------------------------------------------

# "platform": e-mail and notices (network.tasks). With Redis, a queue in the database that the
# worker runs (`manage.py db_worker --backend platform`), so a request never waits for a mail
# server and a failed send is retried. Without Redis (a laptop), tasks run in the request's own
# process after commit: live notices must come from the process whose in-memory channel layer
# holds the sockets. TASKS_IMMEDIATE=1 forces that; TASKS_IMMEDIATE=0 forces the queue.
# "default" is Wagtail's own small tasks (search and reference index), run as before.
TASKS_IMMEDIATE = env.bool("TASKS_IMMEDIATE", default=not REDIS_URL)
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "platform": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if TASKS_IMMEDIATE
            else "django_tasks_db.DatabaseBackend"
        ),
    },
}

# --- Language and time ----------------------------------------------------------------------

LANGUAGE_CODE = "pl"
LANGUAGES = [("pl", _("Polish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "wzk_language"
LANGUAGE_COOKIE_AGE = int(timedelta(days=365).total_seconds())
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Europe/Warsaw"
# English dates written as the Polish ones are ("4 December 2026, 11:36"): config/formats/en.
FORMAT_MODULE_PATH = ["config.formats"]
USE_I18N = True
USE_TZ = True

# --- Static and media -----------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(VAR_DIR / "static")))
STATICFILES_DIRS = [CONFIG_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "config.storage.StaticFilesStorage"
        )
    },
}
# Files sent in discussions (chat.attachments): at most this many bytes each, and only these
# kinds, recognised by their content (the extension must agree).
CHAT_ATTACHMENT_MAX_BYTES = env.int("CHAT_ATTACHMENT_MAX_BYTES", default=10 * 1024 * 1024)
CHAT_ATTACHMENT_IMAGE_TYPES = ["jpg", "jpeg", "png", "gif", "webp"]
CHAT_ATTACHMENT_DOCUMENT_TYPES = ["pdf", "docx", "xlsx", "pptx", "odt", "ods", "odp", "txt", "csv"]
# Without DEBUG, files are served from STATIC_ROOT (``collectstatic``); with it, from the apps.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

# --- Wagtail --------------------------------------------------------------------------------

WAGTAIL_SITE_NAME = "Platforma WZK"
WAGTAILADMIN_BASE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
WAGTAILADMIN_PERMITTED_LANGUAGES = [("pl", "Polski"), ("en", "English")]
WAGTAIL_CONTENT_LANGUAGES = [("pl", "Polski")]
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No avatars from gravatar.com: it would receive a hash of every staff e-mail address.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# One login page for the whole platform, with its brute-force protection.
WAGTAILADMIN_LOGIN_URL = "/konto/logowanie/"
WAGTAIL_USER_CUSTOM_FIELDS = []
TAGGIT_CASE_INSENSITIVE = True
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

SITE_URL = WAGTAILADMIN_BASE_URL

# --- Logging --------------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "filters": {"redis_outage": {"()": "chat.outages.RedisOutageFilter"}},
    "loggers": {
        # A Redis restart: one line a second while it lasts, not a traceback.
        "channels_redis.pubsub": {"filters": ["redis_outage"]},
        "axes": {"level": "WARNING"},
        # Wagtail's background tasks log every run at INFO.
        "django_tasks": {"level": "WARNING"},
        "django.db.backends": {"level": "INFO"},
    },
}
