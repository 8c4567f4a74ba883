"""Settings, read from environment variables.

The defaults are for `make run` on a developer's machine: a SQLite file in the project folder and
DEBUG on. With DJANGO_ENV=production the defaults turn safe (DEBUG off, HTTPS only, secure cookies,
HSTS) and the app refuses to start without a real SECRET_KEY and ALLOWED_HOSTS; see docs/deploy.md.
"""

import importlib.util
import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


DEV_SECRET_KEY = "insecure-dev-key-only-for-make-run"
PRODUCTION = os.environ.get("DJANGO_ENV", "development").strip().lower() == "production"
DEBUG = env_bool("DEBUG", not PRODUCTION)
SECRET_KEY = os.environ.get("SECRET_KEY", DEV_SECRET_KEY)
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get(
        "ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver"
    ).split(",")
    if h.strip()
]
if PRODUCTION:
    if SECRET_KEY == DEV_SECRET_KEY or len(SECRET_KEY) < 50:
        raise ImproperlyConfigured(
            "DJANGO_ENV=production needs SECRET_KEY: at least 50 random characters "
            '(python -c "import secrets; print(secrets.token_urlsafe(50))").'
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "DJANGO_ENV=production needs ALLOWED_HOSTS, e.g. ALLOWED_HOSTS=orgchart.example.com"
        )
    if DEBUG:
        raise ImproperlyConfigured("DJANGO_ENV=production refuses DEBUG=true.")

INSTALLED_APPS = [
    "modeltranslation",  # must come before django.contrib.admin
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "mptt",
    "simple_history",
    "rest_framework",
    "knox",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    # Ours, from the basement up (docs/architecture.md); the pages layer needs no app entry.
    "core",
    "roles",
    "people",
    "ladder",
    "planning",
    "staffing",
    "pay",
    "identity",
    "integrations",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.ratelimit.RateLimitHeaders",  # RateLimit-Policy and RateLimit on every API answer
    "core.query_strings.RefuseNulInQueryString",  # PostgreSQL cannot compare text with NUL
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",  # records who made each change
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",  # last: it turns a locked-out sign-in into the lockout page
]

if PRODUCTION:  # runserver serves static files in development
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "callcenter.urls"
WSGI_APPLICATION = "callcenter.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "pages.nav.header_links",  # the header's links, by who may open them
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions take the write lock at BEGIN, so two tree writes never interleave;
    # WAL lets pages read while a write is under way.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
# PostgreSQL's JIT compiles a query the planner thinks costly: a recursive walk is estimated at
# 100 times its rows, so a 2 ms walk spent 150-235 ms compiling (planning/overlay.py's facts at
# 100k). Short reads gain nothing from it; DATABASE_JIT=on turns it back on. A pooler that
# refuses startup options (pgbouncer without ignore_startup_parameters) needs `ALTER DATABASE …
# SET jit = off` instead and DATABASE_JIT=server (docs/deploy.md).
_JIT = os.environ.get("DATABASE_JIT", "off")

# Read replicas (callcenter/db_router.py, docs/deploy.md): reads that tolerate lag go to them;
# writes, transactions and a client's reads for REPLICA_PIN_SECONDS after its write, to the primary.
REPLICA_PIN_SECONDS = int(os.environ.get("REPLICA_PIN_SECONDS", "10"))
for _n, _url in enumerate(
    (u.strip() for u in os.environ.get("DATABASE_REPLICA_URLS", "").split(",") if u.strip()), 1
):
    DATABASES[f"replica{_n}"] = dj_database_url.parse(
        _url, conn_max_age=DATABASES["default"]["CONN_MAX_AGE"], conn_health_checks=True
    )
    DATABASES[f"replica{_n}"]["TEST"] = {"MIRROR": "default"}  # tests: the primary stands in
for _db in DATABASES.values():
    if _db["ENGINE"] == "django.db.backends.postgresql" and _JIT in ("on", "off"):
        _db.setdefault("OPTIONS", {})["options"] = f"-c jit={_JIT}"
if len(DATABASES) > 1:
    DATABASE_ROUTERS = ["callcenter.db_router.ReplicaRouter"]
    MIDDLEWARE.insert(
        MIDDLEWARE.index("core.ratelimit.RateLimitHeaders"),
        "callcenter.db_router.PinToPrimaryAfterWrites",
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Login lockout (django-axes): 5 failures for one username from one address lock that pair out
# for 15 minutes, on the sign-in page and the API token endpoint alike. Locking the pair, not the
# username alone, keeps someone else from locking a colleague out.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses locked-out credentials before a check
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "core.lockout.locked_out"  # a page, or JSON under /api/
AXES_CLIENT_IP_CALLABLE = "core.client_ip.client_ip"  # the address the API throttles use too

# How many proxies of ours stand in front of gunicorn, each appending to X-Forwarded-For. 0: the
# header is ignored and the client is REMOTE_ADDR. More than there are lets clients pick their
# address and dodge the lockout and the throttles (core/client_ip.py, docs/deploy.md).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT is the number of proxies: 0 or more.")

# The cache is shared by every worker and host (the replicas' pins; it decides where the API's
# throttles count): a table in the database by default (`manage.py createcachetable` makes it,
# after `migrate`), Redis when REDIS_URL is set (pip install ".[redis]"). A cache per process let
# each worker count alone.
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
if REDIS_URL:
    if importlib.util.find_spec("redis") is None:  # else every API request would fail
        raise ImproperlyConfigured('REDIS_URL needs the redis package: pip install ".[redis]"')
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "cache",
            # Above this many entries the oldest third is dropped.
            "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("CACHE_MAX_ENTRIES", "20000"))},
        }
    }
# The throttles count where the cache is shared (core/ratecounts.py): in Redis, or in a table of
# their own next to the database cache, one query a request. Each process deletes the table's
# ended windows at most this often.
RATELIMIT_PURGE_SECONDS = int(os.environ.get("RATELIMIT_PURGE_SECONDS", "600"))

# Sign-in through the company's identity provider (OpenID Connect; identity/oidc.py,
# docs/identity.md): off unless OIDC_DISCOVERY_URL (or OIDC_ISSUER) and OIDC_RP_CLIENT_ID are set.
OIDC_ISSUER = os.environ.get("OIDC_ISSUER", "").strip().rstrip("/")
OIDC_DISCOVERY_URL = os.environ.get("OIDC_DISCOVERY_URL", "").strip() or (
    f"{OIDC_ISSUER}/.well-known/openid-configuration" if OIDC_ISSUER else ""
)
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_RP_CLIENT_ID", "").strip()
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET", "")
OIDC_ENABLED = bool(OIDC_DISCOVERY_URL and OIDC_RP_CLIENT_ID)
OIDC_RP_SCOPES = os.environ.get("OIDC_RP_SCOPES", "openid email profile")
OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_PROVIDER_NAME = os.environ.get("OIDC_PROVIDER_NAME", "your company")
OIDC_GROUPS_CLAIM = os.environ.get("OIDC_GROUPS_CLAIM", "groups")
# Each: the claim's values (group names or ids, comma-separated) that put an account in the group.
for _group in ("EMPLOYEE", "MANAGER", "HR", "HR_ADMIN"):
    globals()[f"OIDC_GROUPS_{_group}"] = [
        v.strip() for v in os.environ.get(f"OIDC_GROUPS_{_group}", "").split(",") if v.strip()
    ]
OIDC_LINK_CLAIM = os.environ.get("OIDC_LINK_CLAIM", "email").strip()  # or employee_id
OIDC_EMPLOYEE_ID_CLAIM = os.environ.get("OIDC_EMPLOYEE_ID_CLAIM", "employee_number")
OIDC_UNKNOWN_USERS = os.environ.get("OIDC_UNKNOWN_USERS", "refuse").strip()  # or create
OIDC_LOCAL_SIGN_IN = env_bool("OIDC_LOCAL_SIGN_IN", True)  # false: superusers only (break-glass)
if OIDC_LINK_CLAIM not in ("email", "employee_id") or OIDC_UNKNOWN_USERS not in (
    "refuse",
    "create",
):
    raise ImproperlyConfigured(
        "OIDC_LINK_CLAIM is email or employee_id; OIDC_UNKNOWN_USERS is refuse or create."
    )
OIDC_TIMEOUT = float(os.environ.get("OIDC_TIMEOUT", "10"))
OIDC_USE_PKCE = True
OIDC_STORE_ID_TOKEN = True  # for the provider's sign-out (id_token_hint)
OIDC_AUTHENTICATION_CALLBACK_URL = "oidc_authentication_callback"
AUTHENTICATION_BACKENDS.append("identity.oidc.Backend")  # signs in no one while OIDC is off
AXES_WHITELIST_CALLABLE = "identity.oidc.is_sign_in_callback"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("de", _("German")), ("pl", _("Polish"))]
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Production serves hashed, compressed files (after collectstatic) through whitenoise.
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# HTTPS and cookies. Behind a proxy that terminates TLS, set TRUST_X_FORWARDED_PROTO=true.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", PRODUCTION)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = PRODUCTION
SESSION_COOKIE_HTTPONLY = True
# Database sessions that know their account, so signing one account out reads only its sessions
# (identity/sessions.py).
SESSION_ENGINE = "identity.sessions"
# No script reads the CSRF cookie (forms carry the token; DRF's browsable API and the Swagger UI
# take it from the page), so in production scripts cannot read it at all.
CSRF_COOKIE_HTTPONLY = PRODUCTION
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 31536000 if PRODUCTION else 0))
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = PRODUCTION
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("TRUST_X_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]
# Uploads (CSV imports) are capped; larger requests are refused before they reach a view.
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("DATA_UPLOAD_MAX_MEMORY_SIZE", 5 * 2**20))
FILE_UPLOAD_MAX_MEMORY_SIZE = DATA_UPLOAD_MAX_MEMORY_SIZE

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# The REST API (callcenter/api_urls.py): knox tokens for integrations, the session for the browser.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "knox.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": [
        "core.rest.ORJSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": [
        "core.rest.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "core.lists.Pagination",
    # Lists take only the parameters they declare (core/lists.py), in an order ending in the id.
    "DEFAULT_FILTER_BACKENDS": [
        "core.lists.DeclaredParametersOnly",
        "core.rest.FilterBackend",
        "core.lists.OrderingFilter",
        # ?updated_since= on every list, from the history (the integrations app knows which
        # history tables tell of a row's changes; the apps' views need not).
        "integrations.updated_since.UpdatedSince",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "core.rest.exception_handler",
    # Fair use: generous enough for an integration paging through 100,000 people.
    "DEFAULT_THROTTLE_CLASSES": [  # DRF's, counting by core.client_ip's address
        "core.rest.AnonRateThrottle",
        "core.rest.UserRateThrottle",
    ],
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,  # the same rule for any stock DRF throttle
    "DEFAULT_THROTTLE_RATES": {
        "token": os.environ.get("API_TOKEN_RATE", "30/minute"),
        "anon": os.environ.get("API_ANON_RATE", "120/minute"),
        "user": os.environ.get("API_USER_RATE", "3000/minute"),
    },
}
# Webhooks (integrations/delivery.py, `manage.py deliver_webhooks`). A subscription's URL may
# not resolve to a private, loopback or link-local address in production (the server would call
# into its own network); WEBHOOK_ALLOW_PRIVATE_ADDRESSES=true allows it, as development does.
WEBHOOK_ALLOW_PRIVATE_ADDRESSES = env_bool("WEBHOOK_ALLOW_PRIVATE_ADDRESSES", not PRODUCTION)
WEBHOOK_MAX_ATTEMPTS = int(os.environ.get("WEBHOOK_MAX_ATTEMPTS", "8"))
WEBHOOK_RETRY_SECONDS = int(os.environ.get("WEBHOOK_RETRY_SECONDS", "30"))  # doubled each try
WEBHOOK_RETRY_MAX_SECONDS = int(os.environ.get("WEBHOOK_RETRY_MAX_SECONDS", str(6 * 3600)))
WEBHOOK_CONNECT_TIMEOUT = float(os.environ.get("WEBHOOK_CONNECT_TIMEOUT", "5"))
WEBHOOK_READ_TIMEOUT = float(os.environ.get("WEBHOOK_READ_TIMEOUT", "10"))

REST_KNOX = {
    "TOKEN_TTL": timedelta(hours=int(os.environ.get("API_TOKEN_TTL_HOURS", "10"))),
    "TOKEN_LIMIT_PER_USER": None,
    "AUTO_REFRESH": False,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Call-center org chart API",
    "DESCRIPTION": (
        "Roles, people, seats, career ladders and promotions of the contact center.\n\n"
        '1. Get a token: `POST /api/v1/auth/token/` with `{"username", "password"}`.\n'
        "2. Press *Authorize* and enter `Token <token>` for knoxApiToken.\n"
        "3. Page through people: `GET /api/v1/people/?page=1&page_size=100` (at most 500), "
        "following `next`.\n"
        "4. Fetch a subtree: `GET /api/v1/positions/{id}/subtree/?depth=2`.\n"
        '5. Move a team: `POST /api/v1/positions/{id}/move/` with `{"manager": id}`.\n\n'
        "Text follows `Accept-Language` (en, de, pl). Bodies are JSON. Errors are RFC 9457 "
        "problem details (`application/problem+json`) with a stable `code`; bad input lists "
        "each problem in `errors` with a JSON Pointer or the query `parameter`; every "
        "operation declares the ones it can answer. Lists page by `page` or by `cursor`, and "
        "refuse parameters they do not declare. `RateLimit-Policy` and `RateLimit` headers "
        "tell where a client stands. Salary fields appear for HR only. More, and how to "
        "generate a client: docs/api.md."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "core.schema.document_errors",
        "core.idempotency.document_idempotency",
        "core.schema.tighten_parameters",
        "core.schema.drop_request_defaults",
    ],
    # Request bodies as JSON only: a generated client gets one body per operation. The API
    # still reads form posts (the browsable API's forms send them); the schema does not offer
    # them. The import declares its multipart file upload itself (people/api_import.py).
    "PARSER_WHITELIST": ["rest_framework.parsers.JSONParser"],
    # One enum of the change feed's event types, in its entries and in webhook subscriptions.
    "ENUM_NAME_OVERRIDES": {
        "EventTypeEnum": "integrations.sources.EVENT_TYPES",
        # planning's kind and status would otherwise take the names of ladder's and people's
        "PlannedChangeKindEnum": "planning.models.Kind",
        "KindEnum": "ladder.models.PathKind",
        "PlannedChangeStatusEnum": "planning.models.Status",
    },
}

# Content Security Policy (django-csp 4): everything from this site only, no inline script or
# style, no plugins, no framing. The Swagger UI at /api/docs/ gets its own policy (api_urls.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
if OIDC_ENABLED:
    # Signing out is a form whose answer redirects to the provider's end_session_endpoint, and
    # browsers hold that redirect to form-action (identity/oidc.py).
    _provider = urlsplit(OIDC_DISCOVERY_URL)
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"].append(
        f"{_provider.scheme}://{_provider.netloc}"
    )

# A manager above this many direct reports is flagged on the chart and in the analytics, unless
# their role sets its own norm (Role.span_min, span_max; team leaders: 15-30).
SPAN_OF_CONTROL_NORM = int(os.environ.get("SPAN_OF_CONTROL_NORM", "30"))
# Pay transparency (docs/pay-transparency.md): a group of women or men smaller than this is
# "too few to report" wherever the pay report or an Art. 7 answer leaves HR.
PAY_REPORT_MIN_GROUP = int(os.environ.get("PAY_REPORT_MIN_GROUP", "5"))
# Roles whose job evaluations total within this many points are suggested as one category of
# workers of equal value (pay.services.categories_suggest; HR edits the result in the admin).
PAY_EQUAL_VALUE_BAND = int(os.environ.get("PAY_EQUAL_VALUE_BAND", "10"))

# The org book (PDF and print HTML) of a branch with more seats than this is refused: a book of
# 2,000 seats takes about 13 s of CPU and 70 MB more memory to render (docs/analytics.md).
ORG_BOOK_MAX_SEATS = int(os.environ.get("ORG_BOOK_MAX_SEATS", "3000"))
