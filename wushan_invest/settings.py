"""Settings for 巫山县招商引资考核系统, read from the environment.

Every variable is parsed by a small helper that refuses junk with a clear error at start-up,
so a typo in a deployment fails loudly instead of running with a silent default.
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be 1/0, true/false, yes/no or on/off, not {raw!r}")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, not {raw!r}") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {raw!r}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_ints(name: str, default: list[int], *, minimum: int = 0) -> list[int]:
    """Whole numbers separated by commas (``3,1``), none below ``minimum``."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        values = [int(item) for item in raw.split(",") if item.strip()]
    except ValueError:
        raise ImproperlyConfigured(
            f"{name} must be whole numbers separated by commas (e.g. 3,1), not {raw!r}"
        ) from None
    if not values or min(values) < minimum:
        raise ImproperlyConfigured(f"{name} must list whole numbers of at least {minimum}, not {raw!r}")
    return values


def env_url(name: str, default: str = "") -> str:
    """An http(s) address such as https://zsks.wushan.gov.cn, or empty."""
    raw = os.environ.get(name, default).strip()
    if raw and not (urlsplit(raw).scheme in {"http", "https"} and urlsplit(raw).netloc):
        raise ImproperlyConfigured(f"{name} must be an http:// or https:// address, not {raw!r}")
    return raw


def database_from_url(url: str) -> dict:
    """Turn `sqlite:///relative/path`, `sqlite:////absolute/path` or `postgres://user:pw@host:port/name` into
    a DATABASES entry."""
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        path = unquote(parts.path)
        if path.startswith("/"):
            path = path[1:]
        if not path:
            raise ImproperlyConfigured(f"DATABASE_URL {url!r} names no SQLite file")
        name = path if path.startswith("/") else str(BASE_DIR / path)
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": name,
            "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE"},
        }
    if parts.scheme in {"postgres", "postgresql", "pgsql"}:
        name = unquote(parts.path.lstrip("/"))
        if not name:
            raise ImproperlyConfigured(f"DATABASE_URL {url!r} names no database")
        try:
            port = parts.port
        except ValueError:
            raise ImproperlyConfigured(f"DATABASE_URL {url!r} has a bad port") from None
        options = dict(parse_qsl(parts.query))
        # No JIT compilation: it costs 20–25 ms to plan a report page's grouped query and never pays back on queries
        # of this size (docs/operations.md); ``?options=…`` in the URL replaces it.
        options.setdefault("options", "-c jit=off")
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": name,
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": unquote(parts.hostname or ""),
            "PORT": str(port or ""),
            "OPTIONS": options,
            "CONN_MAX_AGE": env_int("CONN_MAX_AGE", 60),
            "CONN_HEALTH_CHECKS": True,
        }
    raise ImproperlyConfigured(f"DATABASE_URL must start with sqlite:// or postgres://, not {url.split(':', 1)[0]!r}")


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off (set DEBUG=1 for development)")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production-巫山"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "django_htmx",
    "core",
    "accounts",
    "audit",
    "targets",
    "projects",
    "enterprises",
    "scoring",
    "reports",
    "ops",
    "demo",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "audit.context.RequestContextMiddleware",  # the address of every audit event written while serving a request
    "core.memo.RequestMemoMiddleware",  # the year, calendars and scheme read once a GET request (core/memo.py)
    "core.security_headers.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "accounts.middleware.IdleTimeoutMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.SecondFactorMiddleware",
    "accounts.middleware.PasswordExpiryMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "wushan_invest.urls"
WSGI_APPLICATION = "wushan_invest.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {"default": database_from_url(os.environ.get("DATABASE_URL", "sqlite:///var/db.sqlite3"))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "accounts.validators.PasswordStrengthValidator", "OPTIONS": {"min_length": 8, "min_classes": 3}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "var" / "staticfiles"))
STATIC_MANIFEST = env_bool("STATIC_MANIFEST", False)
# Without collectstatic (development, tests) WhiteNoise serves straight from the app and static/ folders.
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Manifest storage only where collectstatic has run (production); plain storage in development and tests.
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if STATIC_MANIFEST
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Uploaded evidence lives outside any static path and is served only through a permission-checking view.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
# Never routed: evidence is only downloaded through the permission-checking view.
MEDIA_URL = "/_media_not_served/"
EVIDENCE_MAX_BYTES = env_int("EVIDENCE_MAX_MB", 20) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# No date typed or imported may be earlier than this year (a contract "signed on 0001-01-01" was once confirmed).
EARLIEST_YEAR = env_int("EARLIEST_YEAR", 2000)
# The most funds/contracts/starts rows the upload page imports in one request; a bigger ledger goes through
# `manage.py import_records`, which has no request timeout (gunicorn kills a worker after 60 s, half-way).
LEDGER_MAX_PAGE_ROWS = env_int("LEDGER_MAX_PAGE_ROWS", 30000)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "招商考核系统 <noreply@localhost>")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 30) * 60
# The idle timeout slides with activity: accounts.middleware.IdleTimeoutMiddleware saves the session (moving its
# expiry) at most once every SESSION_REFRESH_SECONDS instead of on every request.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_REFRESH_SECONDS = env_int("SESSION_REFRESH_SECONDS", 60)
if not 0 <= SESSION_REFRESH_SECONDS < SESSION_COOKIE_AGE:
    raise ImproperlyConfigured("SESSION_REFRESH_SECONDS must be at least 0 and less than the idle timeout")
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"weasyprint": {"level": "ERROR"}, "fontTools": {"level": "ERROR"}, "axes": {"level": "WARNING"}},
}

# --- Security and operations (GB/T 22239-2019 level 2 expectations, Django's deployment checklist) -----------------

# Sign-in: django-axes locks a USER NAME (not an address: a whole unit sits behind one NAT address) after 5 failures.
AUTHENTICATION_BACKENDS = [
    "accounts.backends.LockoutBackend",
    "accounts.backends.AccountBackend",  # Django's ModelBackend, with the user's unit and leader in one query
]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
# A lockout lasts its 15 minutes from the last counted failure; attempts during it do not extend it.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "accounts.views.lockout"
AXES_CLIENT_IP_CALLABLE = "audit.client_ip.client_ip"
AXES_ENABLE_ADMIN = False  # accounts are unlocked from the account admin (audited), not from axes' own tables
AXES_DISABLE_ACCESS_LOG = True  # sign-ins are in the audit log already
AXES_VERBOSE = False

PASSWORD_MAX_AGE_DAYS = env_int("PASSWORD_MAX_AGE_DAYS", 90)  # 0 turns expiry off

# Optional TOTP second factor; with OTP_REQUIRED=1 the roles below cannot work without one.
OTP_REQUIRED = env_bool("OTP_REQUIRED", False)
OTP_REQUIRED_ROLES = env_list("OTP_REQUIRED_ROLES", ["auditor", "admin", "audit_admin"])
OTP_ISSUER = os.environ.get("OTP_ISSUER", "巫山县招商引资考核系统")

# The audit log is kept at least 180 days (GB/T 22239-2019 8.1.4.3 and the Cybersecurity Law, art. 21).
AUDIT_RETENTION_DAYS = env_int("AUDIT_RETENTION_DAYS", 180)
if AUDIT_RETENTION_DAYS < 180:
    raise ImproperlyConfigured(f"AUDIT_RETENTION_DAYS must be at least 180, not {AUDIT_RETENTION_DAYS}")
# Addresses (or networks) of reverse proxies whose X-Forwarded-For is believed; anyone else's is ignored.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", [])

# HTTPS. Secure by default when DEBUG is off; behind nginx set USE_X_FORWARDED_PROTO=1 (nginx overwrites the header).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
if env_bool("USE_X_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
# No inline script or style anywhere: JavaScript lives in static/js/, wired by data-* and htmx attributes.
CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",  # Bootstrap draws its small icons (select arrow, close button) as data: SVG
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
# axes.W006 asks to lock by address too; locking per user name alone is deliberate (units share one NAT address).
# Spraying many names from one address is throttled by nginx's limit_req on the sign-in page (deploy/nginx).
SILENCED_SYSTEM_CHECKS = ["axes.W006", *env_list("SILENCED_SYSTEM_CHECKS", [])]

# Evidence downloads: the app checks permission, then nginx sends the file (X-Accel-Redirect) when this is on.
EVIDENCE_X_ACCEL = env_bool("EVIDENCE_X_ACCEL", False)
EVIDENCE_X_ACCEL_PREFIX = os.environ.get("EVIDENCE_X_ACCEL_PREFIX", "/_protected/")

# Filing reminders (manage.py send_reminders): days before a deadline to remind, then every this many days once
# overdue (the day after the deadline first); the address of the system written in the mails, if any.
FILING_REMINDER_DAYS = tuple(env_ints("FILING_REMINDER_DAYS", [3, 1]))
FILING_OVERDUE_REPEAT_DAYS = env_int("FILING_OVERDUE_REPEAT_DAYS", 7, minimum=1)
SITE_URL = env_url("SITE_URL")

# Seconds the dashboards' standings (the year scored at a cut-off) stay in a worker's memory; 0 computes every time.
STANDINGS_CACHE_SECONDS = env_int("STANDINGS_CACHE_SECONDS", 30)

# A target enterprise nobody has contacted for this many days is flagged on the lists (目标企业库, 重点企业表).
TARGET_UNTOUCHED_DAYS = env_int("TARGET_UNTOUCHED_DAYS", 60)

BACKUP_DIR = Path(os.environ.get("BACKUP_DIR", BASE_DIR / "var" / "backups"))
BACKUP_KEEP = env_int("BACKUP_KEEP", 14)  # backups kept by `manage.py backup --prune`
