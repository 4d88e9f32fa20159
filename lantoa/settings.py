"""Lan Tỏa settings: everything comes from environment variables with safe defaults
for the embedded mode (SQLite in WAL mode, files under DATA_DIR)."""

import datetime
import os
import secrets
from pathlib import Path

import dj_database_url
from csp.constants import NONCE

from lantoa.core import file_modes

BASE_DIR = Path(__file__).resolve().parent.parent
PROJECT_DIR = BASE_DIR / "lantoa"


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


# Files on disk are the service account's alone (lantoa/core/file_modes.py). The umask is set
# here because settings is the first project code every entry point runs (manage.py, wsgi, the
# worker, pytest) and the first to create files (DATA_DIR, the secret key). With
# LANTOA_FILES_GROUP_READABLE a reverse proxy in the service's group may read static files and
# image renditions; the database, the secret key and documents stay owner-only.
LANTOA_FILES_GROUP_READABLE = env_bool("LANTOA_FILES_GROUP_READABLE", False)
file_modes.restrict_umask(LANTOA_FILES_GROUP_READABLE)
FILE_UPLOAD_PERMISSIONS, FILE_UPLOAD_DIRECTORY_PERMISSIONS = file_modes.upload_modes(LANTOA_FILES_GROUP_READABLE)

DATA_DIR = Path(os.environ.get("DATA_DIR", BASE_DIR / "var")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()


def _credential_keys() -> list[str]:
    """LANTOA_CREDENTIAL_KEYS (Fernet keys, newest first), else one kept in
    DATA_DIR/credential_key, made on first use, owner-only (lantoa/channels/credentials.py)."""
    listed = [key.strip() for key in os.environ.get("LANTOA_CREDENTIAL_KEYS", "").split(",") if key.strip()]
    if listed:
        return listed
    key_file = DATA_DIR / "credential_key"
    if not key_file.exists():
        from cryptography.fernet import Fernet

        key_file.write_text(Fernet.generate_key().decode())
        key_file.chmod(0o600)
    return [key_file.read_text().strip()]


# Channel credentials are encrypted with these keys, newest first.
LANTOA_CREDENTIAL_KEYS = _credential_keys()

# The platforms' API hosts (lantoa/channels/kinds): the real ones unless a staging site or a
# test points them at the local fakes (lantoa/channels/kinds/<kind>/fake.py).
LANTOA_FACEBOOK_GRAPH_URL = os.environ.get("LANTOA_FACEBOOK_GRAPH_URL", "https://graph.facebook.com")
LANTOA_FACEBOOK_GRAPH_VERSION = os.environ.get("LANTOA_FACEBOOK_GRAPH_VERSION", "v26.0")
LANTOA_ZALO_OPENAPI_URL = os.environ.get("LANTOA_ZALO_OPENAPI_URL", "https://openapi.zalo.me")
LANTOA_ZALO_OAUTH_URL = os.environ.get("LANTOA_ZALO_OAUTH_URL", "https://oauth.zaloapp.com")
LANTOA_YOUTUBE_API_URL = os.environ.get("LANTOA_YOUTUBE_API_URL", "https://www.googleapis.com")
LANTOA_YOUTUBE_API_KEY = os.environ.get("LANTOA_YOUTUBE_API_KEY", "")  # statistics of confirmed videos
# The site's Zalo app, which each union's OA grants access to (developers.zalo.me).
LANTOA_ZALO_APP_ID = os.environ.get("LANTOA_ZALO_APP_ID", "")
LANTOA_ZALO_APP_SECRET = os.environ.get("LANTOA_ZALO_APP_SECRET", "")
# The app's "OA Secret Key" (its Webhook settings), which signs the events Zalo forwards; an
# OA's own key, typed on its channel's connection, is tried first.
LANTOA_ZALO_OA_SECRET_KEY = os.environ.get("LANTOA_ZALO_OA_SECRET_KEY", "")
# The Facebook app whose Messenger webhook reaches /webhooks/messenger/ (developers.facebook.com).
LANTOA_MESSENGER_VERIFY_TOKEN = os.environ.get("LANTOA_MESSENGER_VERIFY_TOKEN", "")
LANTOA_MESSENGER_APP_SECRET = os.environ.get("LANTOA_MESSENGER_APP_SECRET", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "lantoa.core",
    "axes",
    "csp",
    "lantoa.org",
    "lantoa.channels",
    "lantoa.plans",
    "lantoa.reports",
    "lantoa.demo",
    "lantoa.api",
    "lantoa.privacy",
    "lantoa.workspace",
    "lantoa.content",
    "lantoa.portal",
    "lantoa.cascade",
    "lantoa.inbox",
    "ninja",
    "lantoa.lib",
    "lantoa.vi",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "lantoa.org.users_app.LantoaUsersAppConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "lantoa.core.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # After the CSRF check: control characters leave every form and query (lantoa/vi/middleware.py).
    "lantoa.vi.middleware.StripControlCharacters",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "lantoa.privacy.middleware.AccessRecordMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "lantoa.core.middleware.IncompleteFormMiddleware",
    # Anonymous portal pages from the cache; as deep as possible so CSP and Vary are fresh.
    "lantoa.portal.cache.PageCacheMiddleware",
    # Last, so that it turns a refused sign-in into the sign-in page with the reason.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "lantoa.urls"
WSGI_APPLICATION = "lantoa.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Database: SQLite in WAL mode by default, PostgreSQL when DATABASE_URL is set.
if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60, conn_health_checks=True)}
    if DATABASES["default"]["ENGINE"].endswith("postgresql"):
        # Compiling plans took longer than running the rollup queries (bench/plans.py).
        DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("SQLITE_PATH", str(DATA_DIR / "lantoa.sqlite3")),
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                    "PRAGMA busy_timeout=20000; PRAGMA foreign_keys=ON;"
                ),
            },
            # Each web thread keeps its connection: opening one (this schema parsed, the
            # pragmas above) cost more than a webhook's whole work, and closing the last one
            # checkpoints the WAL. bench/webhooks.py, 04/12/2026: a redelivered Zalo event
            # went from 8% of the bare view's requests a second to 58% (lantoa/inbox/webhooks.py).
            "CONN_MAX_AGE": None,
            "CONN_HEALTH_CHECKS": True,
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "org.User"

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# Portal pages served to anonymous readers from the cache, purged on publish
# (lantoa/portal/cache.py). The cache is shared by every process of the site, so a purge,
# a sign-in throttle or a rate limit holds across gunicorn's workers: Redis when REDIS_URL
# is set (several machines), else files under DATA_DIR/cache (one machine; an entry read
# costs one small file).
LANTOA_PAGE_CACHE_SECONDS = int(os.environ.get("LANTOA_PAGE_CACHE_SECONDS", "300"))
# The expensive parts of a portal page ({% portalcache %}: head, menu, main), for every
# reader, signed in or not, until the next publication; 0 renders them every time.
LANTOA_FRAGMENT_CACHE_SECONDS = int(os.environ.get("LANTOA_FRAGMENT_CACHE_SECONDS", "300"))
CACHES = (
    {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["REDIS_URL"]}}
    if os.environ.get("REDIS_URL")
    else {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(DATA_DIR / "cache"),
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }
)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Sign-in and transport security (lantoa.core.security; docs/dangerous-constructs.md)
# Sign-in throttle (django-axes): 10 failures within 15 minutes, counted per account and per
# address, refuse further attempts for 15 minutes; staff unlock at /admin/signin-locks/.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = 10
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # the lock ends 15 minutes after the 10th failure
AXES_LOCKOUT_CALLABLE = "lantoa.core.security.lockout_response"
AXES_DISABLE_ACCESS_LOG = True  # successful sign-ins are not kept (personal data with no use here)
# Shared page and collection passwords are not accounts and escape the throttle: not offered.
WAGTAIL_PRIVATE_PAGE_OPTIONS = {"SHARED_PASSWORD": False}
WAGTAILDOCS_PRIVATE_COLLECTION_OPTIONS = {"SHARED_PASSWORD": False}

# HTTPS=true when the site is reached over HTTPS: secure cookies, HTTP redirected, HSTS.
HTTPS = env_bool("HTTPS", False)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", HTTPS)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # local health probes speak plain HTTP
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 31_536_000 if HTTPS else 0))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# Preloading commits the whole registered domain to HTTPS for good: the operator's choice.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
# BEHIND_PROXY=true: a reverse proxy in front sets X-Forwarded-Proto and X-Forwarded-For;
# they are trusted (the proxy must overwrite them), and the throttle counts the client's address.
BEHIND_PROXY = env_bool("BEHIND_PROXY", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR") if BEHIND_PROXY else ("REMOTE_ADDR",)
AXES_IPWARE_PROXY_ORDER = "right-most"  # the address the nearest proxy saw
AXES_IPWARE_PROXY_COUNT = 1 if BEHIND_PROXY else None

# Content-Security-Policy (django-csp): strict everywhere; lantoa.core.security loosens the
# admin only where Wagtail 8 needs it (inline style attributes, same-origin preview frames).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'self'"],
        "form-action": ["'self'"],
    }
}
# No Gravatar: it would send a hash of each staff member's e-mail address to a third party.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
WAGTAILADMIN_PERMITTED_LANGUAGES = [("vi", "Tiếng Việt")]
WAGTAIL_I18N_ENABLED = False
# Project strings first (they win), then our Vietnamese for Wagtail and Django (see build_upstream_catalog).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_upstream"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
WAGTAIL_TIME_FORMAT = "%H:%M"
FORMAT_MODULE_PATH = ["lantoa.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
# The embedded server serves image renditions (MEDIA_ROOT/images/, lantoa/core/media.py);
# set to 0 when a reverse proxy serves them (docs/deployment.md). Nothing else under /media/.
LANTOA_SERVE_MEDIA = env_bool("LANTOA_SERVE_MEDIA", True)
# Documents only through /documents/<id>/<name> and its scope hook, whatever the storage.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
file_modes.secure_data_files(
    data_dir=DATA_DIR,
    media_root=MEDIA_ROOT,
    database=DATABASES["default"],
    group_readable=LANTOA_FILES_GROUP_READABLE,
)
WHITENOISE_AUTOREFRESH = DEBUG

WAGTAIL_SITE_NAME = "Lan Tỏa"
# No call to releases.wagtail.org from superusers' browsers: the CSP blocks it, and union servers
# upgrade through their own deployment, not a banner.
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILADMIN_BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:8000")
# Page addresses in plain letters ("thang-cong-nhan"): a link shared on Zalo stays readable.
WAGTAIL_ALLOW_UNICODE_SLUGS = False
# The last approval publishes, whoever decides it (the spokesperson holds no page right).
WAGTAIL_FINISH_WORKFLOW_ACTION = "lantoa.content.publishing.publish_workflow_state"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "lantoa.vi.search_backend"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAILUSERS_PASSWORD_REQUIRED = True
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Outgoing mail (assignment reminders): SMTP when EMAIL_HOST is set, else printed to the console.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if os.environ.get("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Lan Tỏa <no-reply@localhost>")

# Seconds between scheduler ticks in the worker process.
LANTOA_SCHEDULER_INTERVAL = int(os.environ.get("LANTOA_SCHEDULER_INTERVAL", "30"))
# The worker writes a heartbeat; after this many seconds without one, /healthz reports it
# down and the other workers reclaim and retry the tasks it was running.
LANTOA_WORKER_STALE_AFTER = int(os.environ.get("LANTOA_WORKER_STALE_AFTER", "120"))
# Personal data (docs/privacy.md): days the access record is kept; days Wagtail's audit log is
# kept (0: for good, it is the history of the union's records; erasure pseudonymises people in it).
LANTOA_LOG_RETENTION_DAYS = int(os.environ.get("LANTOA_LOG_RETENTION_DAYS", "365"))
LANTOA_AUDIT_LOG_RETENTION_DAYS = int(os.environ.get("LANTOA_AUDIT_LOG_RETENTION_DAYS", "0"))
# Days an idempotency key (lantoa.lib.tasks.enqueue_once) blocks the same work being enqueued again.
LANTOA_TASK_KEY_DAYS = int(os.environ.get("LANTOA_TASK_KEY_DAYS", "7"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # One line per task run drowns the console of `make run`; failures still show.
        "django_tasks": {"level": os.environ.get("TASKS_LOG_LEVEL", "WARNING")},
        "django_tasks_db": {"level": os.environ.get("TASKS_LOG_LEVEL", "WARNING")},
        # django-axes says INFO on every start and sign-in; failures and locks are WARNING.
        "axes": {"level": "WARNING"},
    },
}
