"""Thin Celery wrappers around services; they take IDs and re-fetch."""

from celery import shared_task


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
