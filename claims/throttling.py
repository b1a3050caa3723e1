"""DRF's throttles, failing open: a cache outage lets requests through.

Throttle counts live in the cache (CACHE_URL, Redis in production). When that
cache cannot be reached, DRF's throttles raise and every API request, GETs
included, answers 500. These subclasses log a warning and allow the request
instead: throttling is a protection, not a reason to be down. Password
guessing stays limited meanwhile by django-axes, which counts in the database.
"""

from __future__ import annotations

import logging

from redis.exceptions import RedisError
from rest_framework import throttling

logger = logging.getLogger(__name__)

# What a cache backend raises when its server is unreachable: redis-py's
# errors (Django's RedisCache), and socket errors from other backends.
CACHE_ERRORS: tuple[type[BaseException], ...] = (RedisError, OSError)


class FailOpenMixin:
    """Allow the request, with a warning in the log, when the cache fails."""

    def allow_request(self, request, view) -> bool:
        try:
            return super().allow_request(request, view)
        except CACHE_ERRORS as exc:
            logger.warning(
                "Throttle cache unavailable, request allowed unthrottled (%s, scope %s): %s",
                type(self).__name__,
                getattr(self, "scope", None),
                exc,
            )
            return True


class AnonRateThrottle(FailOpenMixin, throttling.AnonRateThrottle):
    pass


class UserRateThrottle(FailOpenMixin, throttling.UserRateThrottle):
    pass


class ScopedRateThrottle(FailOpenMixin, throttling.ScopedRateThrottle):
    pass
