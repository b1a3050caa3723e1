"""Thin Celery wrappers around services; they take IDs and re-fetch."""

from celery import shared_task

from .webhooks import WebhookDeliveryError


@shared_task(acks_late=True)
def article_extract_claims(article_id: int, text_hash: str) -> int:
    """Extract the claims of one article; return how many were stored."""
    from .models import Article
    from .services import article_extract_claims as service

    article = Article.objects.filter(id=article_id, text_hash=text_hash).first()
    if article is None:  # deleted since it was queued
        return 0
    try:
        return len(service(article=article))
    except Exception:
        # The service stored the error on the article for people to see and
        # retry; a task retry would fail the same way.
        return 0


@shared_task
def lease_expire_stale() -> int:
    """Return claims with an expired lease to the queue (every minute, by beat)."""
    from .services import lease_expire_stale as service

    return service()


@shared_task(
    bind=True,
    acks_late=True,
    # https://docs.celeryq.dev/en/stable/userguide/tasks.html#automatic-retry-for-known-exceptions
    autoretry_for=(WebhookDeliveryError,),
    retry_backoff=5,  # 5 s, 10 s, 20 s, ... with jitter
    retry_backoff_max=3600,
    retry_jitter=True,
    max_retries=10,
)
def verdict_webhook_send(self, verdict_id: int, event: str) -> int | None:
    """POST a verdict event to the webhook; retried with backoff on failure."""
    from .models import Verdict
    from .webhooks import verdict_webhook_send as service

    verdict = (
        Verdict.objects.select_related("claim", "claim__article", "claim__speaker")
        .filter(pk=verdict_id)
        .first()
    )
    if verdict is None:  # deleted since it was queued
        return None
    return service(verdict=verdict, event=event, delivery=self.request.id or "")
