"""What a webhook says and how it is signed (moved from claims/webhooks.py).

A JSON body is POSTed, signed with the endpoint's secret: the header
`X-Workbench-Signature: sha256=<hex>` carries HMAC-SHA256(secret, body), as
GitHub's webhooks do. The receiver recomputes it over the raw body and
compares in constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from claims.claimreview import claimreview_from_verdict, verdict_public_url
from claims.models import Verdict

from .models import Event

EVENT_SUBMITTED = Event.SUBMITTED.value
EVENT_PUBLISHED = Event.PUBLISHED.value
EVENT_CORRECTED = Event.CORRECTED.value
EVENT_RETRACTED = Event.RETRACTED.value
# The status change whose note an event carries: what changed, why withdrawn.
EVENT_NOTE_STATUS = {
    EVENT_SUBMITTED: Verdict.Status.SUBMITTED,
    EVENT_CORRECTED: Verdict.Status.CORRECTED,
    EVENT_RETRACTED: Verdict.Status.RETRACTED,
}
SIGNATURE_HEADER = "X-Workbench-Signature"


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
