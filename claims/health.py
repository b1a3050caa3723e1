"""GET /health/: does this web process answer and reach its database?

For container healthchecks (docker-compose.yml) and load balancers. It is
answered by a middleware placed before every other one, so that it works
whatever the Host header (a healthcheck calls 127.0.0.1, which need not be
in ALLOWED_HOSTS) and over plain http behind a TLS proxy (no redirect). It
says "ok" or why not, nothing else, so it needs no login.
"""

from __future__ import annotations

import logging

from django.db import connection
from django.db.utils import DatabaseError
from django.http import HttpResponse
from django.views.decorators.http import require_safe

HEALTH_PATH = "/health/"
logger = logging.getLogger(__name__)


@require_safe
def health(request) -> HttpResponse:
    """Answer 200 "ok" when the database answers, else 503. Also routed as
    an ordinary URL (workbench/urls.py), so that it is listed and tested
    with the others; the middleware answers it first."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as exc:
        logger.warning("Health check: database unavailable: %s", exc)
        response = HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    else:
        response = HttpResponse("ok\n", content_type="text/plain")
    response["Cache-Control"] = "no-store"
    return response


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == HEALTH_PATH and request.method in ("GET", "HEAD"):
            return health(request)
        return self.get_response(request)
