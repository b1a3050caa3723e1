"""Thin Celery wrappers around notifications.services; they take IDs."""

from smtplib import SMTPException

from celery import shared_task


@shared_task(
    acks_late=True,
    ignore_result=True,
    # The mail server is down or refused for now: try again with backoff.
    autoretry_for=(SMTPException, OSError),
    retry_backoff=30,
    retry_backoff_max=3600,
    retry_jitter=True,
    max_retries=8,
)
def notification_email_send(notification_id: int) -> bool:
    """Email one notification (immediate delivery); a second run sends nothing."""
    from .models import Notification
    from .services import notification_email_send as service

    notification = (
        Notification.objects.select_related("user", "claim", "verdict", "source")
        .filter(pk=notification_id)
        .first()
    )
    return notification is not None and service(notification=notification)


@shared_task(ignore_result=True)
def notifications_digest_send() -> int:
    """Send the daily digests (by beat, at CLAIMS_NOTIFICATION_DIGEST_HOUR)."""
    from .services import notifications_digest_send as service

    return service()


@shared_task(ignore_result=True)
def notify_leases_expiring() -> int:
    """Warn holders whose lease is about to end (every minute, by beat)."""
    from .services import notify_leases_expiring as service

    return service()
