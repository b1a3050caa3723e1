"""Settings for pytest: eager Celery, fast hashers, a known secret."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key")

from .base import *  # noqa: E402,F403
from .base import DATABASES, env  # noqa: E402

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
# Tests that start a real worker switch eager mode off and send here.
CELERY_BROKER_URL = env.str("TEST_REDIS_URL", default="memory://")
CELERY_RESULT_BACKEND = None
STORAGES["staticfiles"]["BACKEND"] = (  # noqa: F405
    "django.contrib.staticfiles.storage.StaticFilesStorage"
)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory, so that a real Celery worker process can share it.
    DATABASES["default"]["TEST"] = {
        "NAME": env.str(
            "TEST_SQLITE_PATH", default=f"/tmp/claim-workbench-test-{os.getpid()}.sqlite3"
        )
    }

DEMO_DATA_ALLOWED = True
# The packaged check-worthiness model, whatever a developer retrained.
CLAIMS_CHECKWORTHINESS_MODEL = ""
WHITENOISE_USE_FINDERS = True  # serve app static files without collectstatic
# Evidence URLs in tests are examples: never fetched, except by the tests of
# snapshots, against their own server on 127.0.0.1 (issue #23).
CLAIMS_EVIDENCE_ARCHIVE = False
# Figures computed on every request: tests change data between requests.
CLAIMS_DASHBOARD_CACHE_SECONDS = 0
CLAIMS_DESK_COUNTS_SECONDS = 0
