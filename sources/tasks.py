"""Thin Celery wrappers around the sources services."""

from celery import shared_task


@shared_task(ignore_result=True)
def sources_poll() -> int:
    """Check the sources that are due (every CLAIMS_SOURCES_POLL_SECONDS, by
    beat); return how many were checked. Idempotent: each source is claimed
    before it is checked, so overlapping rounds never check one twice."""
    from .services import sources_poll_due

    return len(sources_poll_due())


@shared_task(ignore_result=True, acks_late=True)
def evidence_archive(evidence_id: int) -> None:
    """Keep a snapshot of an evidence item's page (queued when it is added)."""
    from claims.models import Evidence

    from .services import evidence_archive as service

    evidence = Evidence.objects.filter(pk=evidence_id).first()
    if evidence is None or evidence.snapshots.exists():  # removed, or archived already
        return
    service(evidence=evidence)


@shared_task(ignore_result=True)
def evidence_recheck() -> int:
    """Re-check published verdicts' evidence that is due (by beat); flag
    pages gone or changed. Returns how many were checked."""
    from .services import evidence_recheck_due

    return evidence_recheck_due()
