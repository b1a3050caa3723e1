"""Thin Celery wrappers around the sources services."""

from celery import shared_task


@shared_task(ignore_result=True)
def sources_poll() -> int:
    """Check the sources that are due (every CLAIMS_SOURCES_POLL_SECONDS, by
    beat); return how many were checked. Idempotent: each source is claimed
    before it is checked, so overlapping rounds never check one twice."""
    from .services import sources_poll_due

    return len(sources_poll_due())
