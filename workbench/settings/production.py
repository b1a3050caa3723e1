"""Production: PostgreSQL, Redis; `manage.py check --deploy` is clean.

CLAIMS_HTTPS (default on) says the site is reached over HTTPS, through a TLS
proxy that sets X-Forwarded-Proto: plain http is redirected to https, HSTS is
sent and cookies are marked Secure. Switch it off only where there is no TLS
in front, e.g. `docker compose up` on one machine (http://localhost:8000);
SECURE_SSL_REDIRECT and SECURE_HSTS_SECONDS still override each part.
"""

from .base import *  # noqa: F403
from .base import env

DEBUG = False
CLAIMS_HTTPS = env.bool("CLAIMS_HTTPS", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=CLAIMS_HTTPS)
SECURE_HSTS_SECONDS = env.int(
    "SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365 if CLAIMS_HTTPS else 0
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = CLAIMS_HTTPS
SECURE_HSTS_PRELOAD = CLAIMS_HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
# A Secure cookie is never sent back over plain http: no login without TLS.
SESSION_COOKIE_SECURE = CLAIMS_HTTPS
CSRF_COOKIE_SECURE = CLAIMS_HTTPS
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
