"""Tell another system when a verdict is published, corrected or retracted.

A JSON body is POSTed to settings.CLAIMS_WEBHOOK_URL, signed with
CLAIMS_WEBHOOK_SECRET: the header `X-Workbench-Signature: sha256=<hex>`
carries HMAC-SHA256(secret, body), as GitHub's webhooks do. The receiver
recomputes it over the raw body and compares in constant time. The Celery
task (claims.tasks.verdict_webhook_send) retries with backoff while the
receiver is down or answers 5xx, 408 or 429.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging

import requests
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from .claimreview import claimreview_from_verdict, verdict_public_url
from .models import Verdict

logger = logging.getLogger(__name__)

EVENT_PUBLISHED = "verdict.published"
EVENT_CORRECTED = "verdict.corrected"
EVENT_RETRACTED = "verdict.retracted"
# The status change whose note an event carries: what changed, or why withdrawn.
EVENT_NOTE_STATUS = {
    EVENT_CORRECTED: Verdict.Status.CORRECTED,
    EVENT_RETRACTED: Verdict.Status.RETRACTED,
}
SIGNATURE_HEADER = "X-Workbench-Signature"
# Answers worth trying again later; any other 4xx is the receiver refusing.
RETRYABLE_STATUSES = {408, 429}


class WebhookDeliveryError(Exception):
    """The receiver could not be reached or failed; worth retrying."""


def webhook_sign(body: bytes, secret: str) -> str:
    """Return the signature header's value for body."""
    digest = hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def webhook_signature_valid(body: bytes, secret: str, header: str) -> bool:
    """Return whether header is body's signature (what a receiver checks)."""
    return hmac.compare_digest(webhook_sign(body, secret), header or "")


def webhook_body(verdict: Verdict, event: str) -> bytes:
    """Return the event as JSON: the verdict, and its ClaimReview while public."""
    claim = verdict.claim
    payload = {
        "event": event,
        "sent_at": timezone.now(),
        "verdict": {
            "id": verdict.pk,
            "url": verdict_public_url(verdict.pk),
            "status": verdict.status,
            "rating": verdict.rating,
            "headline": verdict.headline,
            "published_at": verdict.published_at,
            "claim": {
                "id": claim.pk,
                "text": claim.text,
                "speaker": claim.speaker.name if claim.speaker_id else claim.speaker_text,
            },
        },
        "note": "",
        "claimreview": claimreview_from_verdict(verdict) if verdict.is_public else None,
    }
    if event in EVENT_NOTE_STATUS:
        change = verdict.status_changes.filter(new_status=EVENT_NOTE_STATUS[event]).last()
        payload["note"] = change.note if change else ""
    return json.dumps(payload, cls=DjangoJSONEncoder, ensure_ascii=False).encode("utf-8")


def verdict_webhook_send(*, verdict: Verdict, event: str, delivery: str = "") -> int | None:
    """POST the event to the configured webhook; return the answer's status.

    Return None when no webhook is configured. Raise WebhookDeliveryError
    when worth retrying; log and give up on any other refusal.
    """
    url = settings.CLAIMS_WEBHOOK_URL
    if not url:
        return None
    body = webhook_body(verdict, event)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "claim-workbench-webhook",
        "X-Workbench-Event": event,
        "X-Workbench-Delivery": delivery,
        SIGNATURE_HEADER: webhook_sign(body, settings.CLAIMS_WEBHOOK_SECRET),
    }
    try:
        response = requests.post(
            url, data=body, headers=headers, timeout=settings.CLAIMS_WEBHOOK_TIMEOUT
        )
    except requests.RequestException as exc:
        raise WebhookDeliveryError(f"{event} for verdict {verdict.pk}: {exc}") from exc
    status = response.status_code
    if status >= 500 or status in RETRYABLE_STATUSES:
        raise WebhookDeliveryError(f"{event} for verdict {verdict.pk}: {url} answered {status}")
    if status >= 400:
        logger.error("Webhook %s refused %s for verdict %s: %s", url, event, verdict.pk, status)
    return status
