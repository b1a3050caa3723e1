"""Writes: queue a verdict event for every endpoint that hears it, deliver
one, send one again, give an endpoint a new secret (issue #24).

`webhook_event_queue` runs inside the verdict service's transaction: one
delivery row per endpoint, its body fixed then, and one task each once the
transaction commits. `webhook_deliver` makes one attempt; a delivered or
given-up delivery is left alone, so a retried or duplicated message sends
nothing twice.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from claims.models import Verdict

from .events import SIGNATURE_HEADER, webhook_body, webhook_sign
from .models import (
    SETTINGS_EVENTS,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
    secret_generate,
)
from .sending import webhook_post
from .tasks import webhook_deliver as webhook_deliver_task

SETTINGS_ENDPOINT_NAME = "CLAIMS_WEBHOOK_URL (from the settings)"
ENDPOINT_OFF = "The endpoint was switched off before delivery."
Status = WebhookDelivery.Status


def webhook_endpoint_from_settings() -> WebhookEndpoint | None:
    """Return CLAIMS_WEBHOOK_URL as an endpoint row (made the first time,
    its URL following the setting), or None when the setting is empty."""
    url = settings.CLAIMS_WEBHOOK_URL
    if not url:
        return None
    endpoint = WebhookEndpoint.objects.filter(from_settings=True).first()
    if endpoint is None:
        try:
            with transaction.atomic():
                endpoint = WebhookEndpoint.objects.create(
                    name=SETTINGS_ENDPOINT_NAME, url=url, events=list(SETTINGS_EVENTS),
                    from_settings=True, secret="",
                )
        except IntegrityError:  # made by a concurrent event
            endpoint = WebhookEndpoint.objects.get(from_settings=True)
    if endpoint.url != url:
        WebhookEndpoint.objects.filter(pk=endpoint.pk).update(url=url)
        endpoint.url = url
    return endpoint


def webhook_endpoints_for(*, event: str) -> list[WebhookEndpoint]:
    """Return the active endpoints that hear event."""
    webhook_endpoint_from_settings()
    endpoints = WebhookEndpoint.objects.filter(active=True)
    if not settings.CLAIMS_WEBHOOK_URL:  # unset since: its row hears nothing
        endpoints = endpoints.filter(from_settings=False)
    return [e for e in endpoints if event in (e.events or [])]


def webhook_event_queue(*, verdict: Verdict, event: str) -> list[WebhookDelivery]:
    """Record the event for every endpoint that hears it and send each once
    the transaction commits."""
    endpoints = webhook_endpoints_for(event=event)
    if not endpoints:
        return []
    body = webhook_body(verdict, event).decode("utf-8")
    deliveries = [
        WebhookDelivery.objects.create(endpoint=e, event=event, verdict=verdict, body=body)
        for e in endpoints
    ]
    for delivery in deliveries:
        webhook_deliver_task.delay_on_commit(delivery.pk)
    return deliveries


def webhook_deliver(
    *, delivery_id: int, retry_in: float | None, now: datetime.datetime | None = None
) -> WebhookDelivery | None:
    """Make one attempt at a pending delivery; return it, or None when there
    was nothing to do (delivered, given up, or in flight elsewhere).

    retry_in: seconds until the next attempt if this one fails in a way
    worth retrying; None when no attempt is left (then it is given up).
    """
    now = now or timezone.now()
    hold = now + datetime.timedelta(seconds=settings.CLAIMS_WEBHOOK_TIMEOUT * 2 + 30)
    claimed = (
        WebhookDelivery.objects.filter(pk=delivery_id, status__in=[Status.PENDING, Status.RETRYING])
        .filter(Q(locked_until=None) | Q(locked_until__lt=now))
        .update(locked_until=hold)
    )
    if not claimed:
        return None
    delivery = WebhookDelivery.objects.select_related("endpoint").get(pk=delivery_id)
    endpoint = delivery.endpoint
    number = delivery.attempts + 1
    if not endpoint.active:
        return _record(delivery, number=number, status=Status.FAILED, error=ENDPOINT_OFF)
    body = delivery.body.encode("utf-8")
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "claim-workbench-webhook",
        "X-Workbench-Event": delivery.event,
        "X-Workbench-Delivery": str(delivery.uuid),
        SIGNATURE_HEADER: webhook_sign(body, endpoint.signing_secret),
    }
    result = webhook_post(
        url=endpoint.url, body=body, headers=headers, timeout=settings.CLAIMS_WEBHOOK_TIMEOUT
    )
    next_retry_at = None
    if result.ok:
        status = Status.DELIVERED
    elif result.retryable and retry_in is not None:
        status = Status.RETRYING
        next_retry_at = timezone.now() + datetime.timedelta(seconds=retry_in)
    else:
        status = Status.FAILED
    return _record(
        delivery, number=number, status=status, status_code=result.status_code,
        error=result.error, duration_ms=result.duration_ms, next_retry_at=next_retry_at,
    )


def _record(delivery: WebhookDelivery, *, number: int, status: str, **fields) -> WebhookDelivery:
    fields = {"status_code": None, "error": "", "duration_ms": None, "next_retry_at": None,
              **fields}
    now = timezone.now()
    with transaction.atomic():
        WebhookAttempt.objects.create(delivery=delivery, number=number, at=now, outcome=status,
                                      **fields)
        update = {**fields, "status": status, "attempts": number, "locked_until": None}
        if status == Status.DELIVERED:
            update["delivered_at"] = now
        WebhookDelivery.objects.filter(pk=delivery.pk).update(**update)
    delivery.refresh_from_db()
    return delivery


def webhook_delivery_resend(*, delivery: WebhookDelivery) -> WebhookDelivery:
    """Send a delivery's body again as a new delivery (its own attempts)."""
    with transaction.atomic():
        again = WebhookDelivery.objects.create(
            endpoint=delivery.endpoint, event=delivery.event, verdict=delivery.verdict,
            body=delivery.body, resent_from=delivery,
        )
        webhook_deliver_task.delay_on_commit(again.pk)
    return again


def webhook_endpoint_rotate_secret(*, endpoint: WebhookEndpoint) -> WebhookEndpoint:
    """Give the endpoint a new secret (not the settings' one: that is
    CLAIMS_WEBHOOK_SECRET's to change)."""
    if not endpoint.from_settings:
        endpoint.secret = secret_generate()
        endpoint.save(update_fields=["secret"])
    return endpoint
