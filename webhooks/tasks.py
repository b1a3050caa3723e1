"""Thin Celery wrapper: one task per delivery (an endpoint and an event)."""

from celery import shared_task
from celery.utils.time import get_exponential_backoff_interval
from django.db import InterfaceError, OperationalError

BACKOFF_FACTOR = 5  # 5 s, 10 s, 20 s, ... with full jitter
BACKOFF_MAX = 3600


@shared_task(
    bind=True,
    # Acknowledged when done and put back if the worker dies; the service
    # sends nothing twice (a delivered delivery is left alone).
    acks_late=True,
    reject_on_worker_lost=True,
    ignore_result=False,
    autoretry_for=(OperationalError, InterfaceError),
    max_retries=10,
)
def webhook_deliver(self, delivery_id: int) -> int | None:
    """Make one attempt; retry with backoff on 5xx, 408, 429 and network
    errors; return the answer's status (None: nothing to do, or no answer)."""
    from .models import WebhookDelivery
    from .services import webhook_deliver as service

    retry_in = None
    if self.request.retries < self.max_retries:
        retry_in = get_exponential_backoff_interval(
            factor=BACKOFF_FACTOR, retries=self.request.retries, maximum=BACKOFF_MAX,
            full_jitter=True,
        )
    delivery = service(delivery_id=delivery_id, retry_in=retry_in)
    if delivery is not None and delivery.status == WebhookDelivery.Status.RETRYING:
        if self.request.is_eager:  # tests: apply() runs the returned retry at once
            return self.retry(countdown=retry_in, throw=False)
        raise self.retry(countdown=retry_in)
    return delivery.status_code if delivery is not None else None
