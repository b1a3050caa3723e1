"""The embedded default for `make run`: SQLite, in-process tasks, DEBUG."""

import os

os.environ.setdefault("SECRET_KEY", "dev-only-insecure-key-never-use-in-production")
os.environ.setdefault("DEBUG", "true")

from .base import *  # noqa: E402,F403
from .base import DATA_DIR  # noqa: E402

DATA_DIR.mkdir(parents=True, exist_ok=True)
STORAGES["staticfiles"]["BACKEND"] = (  # noqa: F405
    "django.contrib.staticfiles.storage.StaticFilesStorage"
)

DEMO_DATA_ALLOWED = True
WHITENOISE_USE_FINDERS = True  # serve app static files without collectstatic

# Notifications and password reset mails printed to the console unless
# EMAIL_URL names a real server.
if not EMAIL_URL:  # noqa: F405
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    CLAIMS_NOTIFICATION_EMAILS = True
