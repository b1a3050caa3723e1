"""Notifications and each person's choice of how to get them (issue #24)."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class Kind(models.TextChoices):
    CLAIM_ASSIGNED = "claim_assigned", "A claim assigned to you"
    VERDICT_SENT_BACK = "verdict_sent_back", "Your verdict sent back"
    VERDICT_AWAITING_REVIEW = "verdict_awaiting_review", "A verdict awaiting your review"
    VERDICT_PUBLISHED = "verdict_published", "A verdict of yours published"
    VERDICT_CORRECTED = "verdict_corrected", "A verdict of yours corrected"
    LEASE_EXPIRING = "lease_expiring", "Your lease on a claim about to expire"
    SOURCE_FAILING = "source_failing", "A watched source failing or switched off"


class Email(models.TextChoices):
    IMMEDIATE = "immediate", "By email at once"
    DIGEST = "digest", "In the daily email digest"
    NONE = "none", "Not by email"


class Notification(models.Model):
    """Something on the desk that waits for one person, about one claim or
    one watched source (exactly one of the two).

    Written by notifications.services only, for someone who may see the
    claim (and the verdict) or the source; `email` is how it goes out by
    mail, decided from their settings when it is made; `emailed_at` when
    it did.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=32, choices=Kind)
    claim = models.ForeignKey(
        "claims.Claim", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    source = models.ForeignKey(
        "sources.Source", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    verdict = models.ForeignKey(
        "claims.Verdict", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    message = models.CharField(max_length=500)
    # One notification per key and person: a lease is warned of once.
    key = models.CharField(max_length=200, blank=True)
    email = models.CharField(max_length=10, choices=Email, default=Email.NONE)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "-created_at", "-id"], name="notification_user_list"),
            # The bell's count.
            models.Index(
                fields=["user"], name="notification_unread", condition=models.Q(read_at=None)
            ),
            # The digest's and the sender's work left.
            models.Index(
                fields=["email", "user"],
                name="notification_mail_due",
                condition=models.Q(emailed_at=None) & ~models.Q(email="none"),
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"], condition=~models.Q(key=""), name="notification_unique_key"
            ),
            models.CheckConstraint(
                condition=models.Q(claim__isnull=False, source__isnull=True)
                | models.Q(claim__isnull=True, source__isnull=False),
                name="notification_one_target",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.message}"

    @property
    def target_url(self) -> str:
        """Return the page of what it is about: the claim, or the source."""
        target = self.claim if self.claim_id else self.source
        return target.get_absolute_url()


class NotificationSetting(models.Model):
    """One person's choice for one kind; without a row, on and emailed at once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_settings"
    )
    kind = models.CharField(max_length=32, choices=Kind)
    enabled = models.BooleanField(default=True)
    email = models.CharField(max_length=10, choices=Email, default=Email.IMMEDIATE)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notification_setting_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.kind}"
