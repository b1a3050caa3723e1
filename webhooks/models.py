"""Webhook endpoints, their deliveries and each delivery's attempts (issue #24)."""

import secrets
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone


class Event(models.TextChoices):
    SUBMITTED = "verdict.submitted", "Verdict submitted for review"
    PUBLISHED = "verdict.published", "Verdict published"
    CORRECTED = "verdict.corrected", "Verdict corrected"
    RETRACTED = "verdict.retracted", "Verdict retracted"


# What CLAIMS_WEBHOOK_URL heard before endpoints were kept in the database.
SETTINGS_EVENTS = [Event.PUBLISHED, Event.CORRECTED, Event.RETRACTED]


def secret_generate() -> str:
    return secrets.token_urlsafe(32)


class WebhookEndpoint(models.Model):
    """A receiver: its URL, the secret its bodies are signed with, the
    events it hears. The row marked from_settings is CLAIMS_WEBHOOK_URL's
    (its URL follows the setting, its secret is CLAIMS_WEBHOOK_SECRET)."""

    name = models.CharField(max_length=200)
    url = models.URLField("URL", max_length=2000)
    # Needed in clear to sign; shown in the admin to those who may change it.
    secret = models.CharField(max_length=200, default=secret_generate, editable=False)
    active = models.BooleanField(default=True)
    events = models.JSONField(default=list, help_text="The events it hears.")
    from_settings = models.BooleanField(default=False, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["from_settings"],
                condition=models.Q(from_settings=True),
                name="webhook_endpoint_one_from_settings",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from sources.fetching import url_refusal

        unknown = set(self.events or []) - set(Event.values)
        if not isinstance(self.events, list) or unknown:
            raise ValidationError({"events": f"Unknown events: {sorted(unknown)}"})
        refusal = url_refusal(self.url or "")
        if refusal and not self.from_settings:
            raise ValidationError({"url": refusal})

    @property
    def signing_secret(self) -> str:
        return settings.CLAIMS_WEBHOOK_SECRET if self.from_settings else self.secret


class WebhookDelivery(models.Model):
    """One event for one endpoint: its body (the same bytes on every
    attempt), where it stands and the last attempt's outcome."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        RETRYING = "retrying", "Failed, will retry"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Failed, given up"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.CharField(max_length=40, choices=Event)
    verdict = models.ForeignKey(
        "claims.Verdict", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField()
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)
    duration_ms = models.PositiveIntegerField(null=True, blank=True)
    next_retry_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    # While an attempt is in flight: a duplicate message waits it out.
    locked_until = models.DateTimeField(null=True, blank=True, editable=False)
    resent_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "webhook deliveries"
        indexes = [
            models.Index(fields=["endpoint", "-created_at"], name="webhook_delivery_endpoint"),
            models.Index(fields=["status", "-created_at"], name="webhook_delivery_status"),
        ]

    def __str__(self) -> str:
        return f"{self.event} to {self.endpoint} ({self.status})"


class WebhookAttempt(models.Model):
    """One POST of a delivery and what came of it."""

    delivery = models.ForeignKey(
        WebhookDelivery, on_delete=models.CASCADE, related_name="attempt_log"
    )
    number = models.PositiveSmallIntegerField()
    at = models.DateTimeField(default=timezone.now)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)
    duration_ms = models.PositiveIntegerField(null=True, blank=True)
    outcome = models.CharField(max_length=10, choices=WebhookDelivery.Status)
    next_retry_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["delivery", "number"]

    def __str__(self) -> str:
        return f"Attempt {self.number}: {self.outcome}"
