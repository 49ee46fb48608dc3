"""Django settings for Gongkai, read from environment variables (django-environ).

Development defaults exist only where a wrong value cannot hurt a production
system; with ``GONGKAI_ENV=production`` the secret key, allowed hosts and
secure-cookie settings must come from the environment.
"""

from pathlib import Path

import environ

PACKAGE_DIR = Path(__file__).resolve().parent
# The repository root when installed editable (make demo / make test); the
# current directory otherwise.
_repo = PACKAGE_DIR.parent.parent
BASE_DIR = _repo if (_repo / "pyproject.toml").exists() else Path.cwd()

env = environ.Env()
GONGKAI_ENV = env.str("GONGKAI_ENV", default="development")
PRODUCTION = GONGKAI_ENV == "production"

VAR_DIR = Path(env.str("GONGKAI_VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

if PRODUCTION:
    SECRET_KEY = env.str("SECRET_KEY")  # no default: fail loudly when missing
    DEBUG = False
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
else:
    SECRET_KEY = env.str("SECRET_KEY", default="dev-only-insecure-key-do-not-use-in-production")
    DEBUG = env.bool("DEBUG", default=True)
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])

INSTALLED_APPS = [
    "gongkai.audit",
    "gongkai.agencies",
    "gongkai.workdays",
    "gongkai.catalogue",
    "gongkai.applications",
    "gongkai.registers",
    "gongkai.reports",
    "gongkai.portal",
    "gongkai.ops",
    "gongkai.notifications",
    "gongkai.api",
    "ninja",  # django-ninja: serves the API docs (Swagger UI) from static files, CSP-safe
    "django_tasks",
    "django_tasks_db",
    "axes",  # login throttling and lock-out
    "django_otp",
    "django_otp.plugins.otp_totp",  # TOTP second factor for staff
    "django_otp.plugins.otp_static",  # one-time recovery codes for that second factor
    "csp",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
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
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "gongkai.ops.security.RejectNullCharactersMiddleware",
    # Anonymous portal pages from the cache (portal/cache.py); outside CSP so a hit reuses
    # the stored (nonce-free) policy header instead of building it again.
    "gongkai.portal.cache.AnonymousPageCacheMiddleware",
    "gongkai.ops.security.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "gongkai.audit.context.AuditActorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "gongkai.ops.security.TwoFactorMiddleware",  # after messages: the grace-login reminder
    # A warning on every staff page while a year's holiday schedule is missing (#16).
    "gongkai.workdays.middleware.ProvisionalCalendarWarningMiddleware",
    "gongkai.ops.documents.PdfErrorMiddleware",  # a PDF without its text: a message, no file
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a lock-out into the lock-out page
]

ROOT_URLCONF = "gongkai.urls"
WSGI_APPLICATION = "gongkai.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "gongkai.portal.context_processors.portal",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'gongkai.sqlite3'}")
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers proceed during a write; IMMEDIATE takes the write lock at
    # BEGIN so concurrent writers wait (busy timeout) instead of failing with
    # "database is locked" half way through a transaction.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
        }
    )
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FORMS_URLFIELD_ASSUME_HTTPS = True  # Django 6 default; silences the transition warning

# --- Cache ----------------------------------------------------------------------
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://gongkai")}
# Counters every web worker must share (the public rate limits, gongkai.ops.ratelimit):
# CACHE_URL when set (Redis, several machines); else, in production, a file cache that
# the gunicorn workers of this machine share (a memory cache is one per process).
CACHES["shared"] = env.cache_url(
    "SHARED_CACHE_URL",
    default=env.str("CACHE_URL", default="")
    or (f"filecache://{VAR_DIR / 'shared-cache'}" if PRODUCTION else "locmemcache://shared"),
)

# --- Internationalisation -----------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [PACKAGE_DIR / "locale"]

# --- Static and media -----------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(VAR_DIR / "static")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
FILE_UPLOAD_PERMISSIONS = 0o640

# Media on S3-compatible object storage (several machines): `pip install gongkai[s3]`,
# USE_S3=1 and the AWS_* variables; none has a default, a missing one stops start-up.
USE_S3 = env.bool("USE_S3", default=False)
if USE_S3:
    STORAGES = {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": env.str("AWS_STORAGE_BUCKET_NAME"),
                "endpoint_url": env.str("AWS_S3_ENDPOINT_URL"),
                "region_name": env.str("AWS_S3_REGION_NAME", default=None),
                "access_key": env.str("AWS_ACCESS_KEY_ID"),
                "secret_key": env.str("AWS_SECRET_ACCESS_KEY"),
                "location": env.str("AWS_LOCATION", default="media"),
                "default_acl": None,  # private objects; files are served through the app
                "querystring_auth": True,
                "file_overwrite": False,
            },
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# --- E-mail -----------------------------------------------------------------------
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="gongkai@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Background tasks (django-tasks, the backport of Django 6's Tasks API) -----------
TASKS = {
    "default": {
        "BACKEND": env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
    }
}
# Retry policy of tasks that declare none (gongkai.ops.tasks): attempts and backoff
# (30 s, 2 min, 8 min, ... capped at 6 h).
GONGKAI_TASKS = {
    "MAX_ATTEMPTS": env.int("GONGKAI_TASK_MAX_ATTEMPTS", default=3),
    "BACKOFF_SECONDS": env.float("GONGKAI_TASK_BACKOFF_SECONDS", default=30.0),
    "BACKOFF_FACTOR": 4,
    "BACKOFF_MAX_SECONDS": 6 * 3600,
}

# --- Auth -----------------------------------------------------------------------------
LOGIN_URL = "wagtailadmin_login"
AUTHENTICATION_BACKENDS = [
    "gongkai.ops.security.LoginThrottleBackend",  # django-axes: refuses locked-out logins
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# --- Wagtail ---------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "满洲里市政府信息公开"
WAGTAIL_ENABLE_UPDATE_CHECK = False  # no calls home (and its notice is in English)
#: The address the public and staff reach this site at; every link in an e-mail or notice is
#: built on it (``gongkai.ops.links.public_url``). Unset: http://127.0.0.1:$PORT (the demo);
#: ``check --deploy`` warns when it is unset with DEBUG off. See docs/deployment.md.
GONGKAI_PUBLIC_URL = env.str("GONGKAI_PUBLIC_URL", default="").strip().rstrip("/")
WAGTAILADMIN_BASE_URL = env.str(
    "WAGTAILADMIN_BASE_URL",
    default=GONGKAI_PUBLIC_URL or f"http://127.0.0.1:{env.str('PORT', default='8000')}",
)
WAGTAILADMIN_PERMITTED_LANGUAGES = [("zh-hans", "简体中文")]
WAGTAIL_I18N_ENABLED = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "doc", "xlsx", "xls", "txt", "zip", "ofd", "wps"]

# --- Security -------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # Wagtail admin reads the token from the cookie
X_FRAME_OPTIONS = "DENY"  # Wagtail's preview views set SAMEORIGIN themselves
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Number of trusted reverse proxies (nginx) that append to X-Forwarded-For; 0 = none.
GONGKAI_PROXY_COUNT = env.int("GONGKAI_PROXY_COUNT", default=1 if PRODUCTION else 0)

# Login throttling (django-axes): lock a username on the address it is tried from after
# AXES_FAILURE_LIMIT failures, for AXES_COOLOFF_MINUTES. The database handler works
# across processes; "axes.handlers.cache.AxesCacheHandler" needs a shared CACHE_URL.
AXES_HANDLER = env.str("AXES_HANDLER", default="axes.handlers.database.AxesDatabaseHandler")
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = __import__("datetime").timedelta(
    minutes=env.int("AXES_COOLOFF_MINUTES", default=30)
)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "ops/lockout.html"
AXES_CLIENT_IP_CALLABLE = "gongkai.ops.security.client_ip"
AXES_VERBOSE = False

# Two-factor authentication (django-otp TOTP, with one-time recovery codes): required of
# system and agency administrators and of everyone who may publish or answer in the
# agency's name (gongkai.ops.security.two_factor_required), after one grace login. Off by
# default outside production so that `gongkai demo` logins work as printed; with it on,
# `gongkai demo` enrols the demo users and prints their authenticator keys.
GONGKAI_REQUIRE_2FA = env.bool("GONGKAI_REQUIRE_2FA", default=PRODUCTION)
OTP_TOTP_ISSUER = WAGTAIL_SITE_NAME
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # no third-party requests from the staff console

# Content-Security-Policy (django-csp). The public portal: nothing inline, nothing from
# elsewhere. The staff console (Wagtail) needs inline scripts and styles of its own.
_CSP_COMMON = {
    "default-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
}
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **_CSP_COMMON,
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "frame-src": ["'self'"],
        "frame-ancestors": ["'self'"],
    }
}
GONGKAI_ADMIN_CSP = {
    **_CSP_COMMON,
    "img-src": ["'self'", "data:", "blob:"],
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "frame-src": ["'self'"],
    "frame-ancestors": ["'self'"],
    "worker-src": ["'self'", "blob:"],
}

# --- Gongkai ---------------------------------------------------------------------------
# Policy knobs that the regulation leaves open ([U] in domain-rules) are settings.
GONGKAI = {
    # Whether the fee window (收费通知 → 缴费) pauses the reply clock (109号 is silent).
    "FEE_WINDOW_PAUSES_CLOCK": env.bool("GONGKAI_FEE_WINDOW_PAUSES_CLOCK", default=False),
    "UPLOAD_MAX_BYTES": env.int("GONGKAI_UPLOAD_MAX_BYTES", default=10 * 1024 * 1024),
    # Public limits per client address and hour (gongkai.ops.ratelimit): accepted online
    # applications; application forms refused (sent back for corrections); wrong
    # tracking-number/query-code pairs in the status lookup.
    "APPLY_RATE_LIMIT": env.int("GONGKAI_APPLY_RATE_LIMIT", default=10),
    "APPLY_REFUSED_LIMIT": env.int("GONGKAI_APPLY_REFUSED_LIMIT", default=100),
    "STATUS_FAILURE_LIMIT": env.int("GONGKAI_STATUS_FAILURE_LIMIT", default=20),
}

# The public portal: whole-page cache of anonymous pages (gongkai.portal.cache) and static
# publishing (`gongkai portal publish`; when set, pages are re-rendered there on publish).
GONGKAI_PORTAL_CACHE = {"TIMEOUT": env.int("GONGKAI_PORTAL_CACHE_TIMEOUT", default=600)}
GONGKAI_STATIC_PUBLISH_DIR = env.str("GONGKAI_STATIC_PUBLISH_DIR", default="")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}
