"""Thin Celery wrappers around services; they take IDs and re-fetch."""

from celery import shared_task
from django.db import InterfaceError, OperationalError


@shared_task(
    bind=True,
    # Acknowledged when done, and put back if the worker process dies, so a
    # killed worker loses no article; article_process makes a second run a
    # no-op. https://docs.celeryq.dev/en/stable/userguide/tasks.html#Task.acks_late
    acks_late=True,
    reject_on_worker_lost=True,
    ignore_result=True,
    # The database went away (restart, failover): try again with backoff.
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=2,
    retry_backoff_max=60,
    retry_jitter=True,
    max_retries=8,
)
def article_extract_claims(self, article_id: int, text_hash: str, resume: bool = False):
    """Extract the claims of one article; return how many were stored, or
    None when there was nothing to do (done already, or a live worker has it)."""
    from .services.articles import ArticleExtractionFailed
    from .services.processing import article_process

    try:
        return article_process(
            article_id=article_id, text_hash=text_hash, resume=resume or bool(self.request.retries)
        )
    except ArticleExtractionFailed:
        # Recorded on the article for people to see and retry; a task retry
        # would fail the same way.
        return 0


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    ignore_result=True,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=2,
    retry_backoff_max=60,
    retry_jitter=True,
    max_retries=8,
)
def article_link_related(article_id: int) -> int | None:
    """Find the related claims of a done article's claims (issue #22: after
    extraction, so the article is done sooner); a second run does nothing."""
    from .services.processing import article_link_related as service

    return service(article_id=article_id)


@shared_task(ignore_result=True)
def articles_sweep() -> dict:
    """Queue articles whose message never reached the broker, requeue or fail
    stuck ones (every CLAIMS_SWEEP_SECONDS, by beat)."""
    from dataclasses import asdict

    from .services.processing import articles_sweep as service

    return asdict(service())


@shared_task
def lease_expire_stale() -> int:
    """Return claims with an expired lease to the queue (every minute, by beat)."""
    from .services import lease_expire_stale as service

    return service()


@shared_task(ignore_result=True)
def dashboard_refresh() -> None:
    """Compute the dashboard's all-time figures into the cache before the
    stored ones expire (by beat), so no editor waits for them."""
    from .selectors import dashboard_figures

    dashboard_figures(refresh=True)


# Training embeds ClaimBuster once (then cached) and fits six times: longer
# than an extraction's limit.
@shared_task(ignore_result=True, time_limit=3 * 3600, soft_time_limit=3 * 3600 - 60)
def checkworthiness_retrain() -> dict:
    """Retrain the check-worthiness model with the desk's decisions when
    enough are new; promote it only if not worse (weekly, by beat)."""
    from dataclasses import asdict

    from .services.checkworthiness_versions import checkworthiness_retrain as service

    return asdict(service())


@shared_task(
    acks_late=True,
    ignore_result=True,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=2,
    retry_backoff_max=60,
    retry_jitter=True,
    max_retries=8,
)
def library_refresh_for_checks(checked_ids: list[int]) -> None:
    """Match the open claims again after the desk published, corrected or
    retracted verdicts (their checks in the library); safe to run twice."""
    from .services.desk_library import library_refresh_for_checks as service

    service(checked_ids=checked_ids)


@shared_task(acks_late=True, ignore_result=True)
def verdict_webhook_send(verdict_id: int, event: str) -> int:
    """Queue a verdict event for every endpoint that hears it (the webhooks
    app); kept for messages queued before endpoints moved there."""
    from django.db import transaction

    from webhooks.services import webhook_event_queue

    from .models import Verdict

    verdict = Verdict.objects.select_related("claim").filter(pk=verdict_id).first()
    if verdict is None:  # deleted since it was queued
        return 0
    with transaction.atomic():
        return len(webhook_event_queue(verdict=verdict, event=event))
