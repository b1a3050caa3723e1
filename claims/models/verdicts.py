"""Verdicts on claims, their evidence, status changes and published revisions."""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .claims import Claim


class Verdict(models.Model):
    """A fact-checker's verdict on a claim, reviewed and published by an editor.

    The status is a workflow kept apart from the rating. A published verdict
    changes only through a correction, which stores a new VerdictRevision.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"
        APPROVED = "approved", "Approved"
        PUBLISHED = "published", "Published"
        CORRECTED = "corrected", "Corrected"
        RETRACTED = "retracted", "Retracted"

    # Allowed next statuses (django-oscar's order pipeline).
    TRANSITIONS = {
        Status.DRAFT: {Status.SUBMITTED},
        Status.SUBMITTED: {Status.CHANGES_REQUESTED, Status.APPROVED},
        Status.CHANGES_REQUESTED: {Status.DRAFT},
        Status.APPROVED: {Status.CHANGES_REQUESTED, Status.PUBLISHED},
        Status.PUBLISHED: {Status.CORRECTED, Status.RETRACTED},
        Status.CORRECTED: {Status.CORRECTED, Status.RETRACTED},
        Status.RETRACTED: set(),
    }
    PUBLIC_STATUSES = (Status.PUBLISHED, Status.CORRECTED)

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="verdicts")
    status = models.CharField(
        max_length=20, choices=Status, default=Status.DRAFT, db_index=True
    )
    rating = models.CharField(
        max_length=32, blank=True, help_text="A key of settings.CLAIMS_RATING_SCALE."
    )
    headline = models.CharField(max_length=300, blank=True, help_text="For readers.")
    rationale = models.TextField(blank=True, help_text="Markdown.")
    rationale_html = models.TextField(blank=True, editable=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="authored_verdicts",
    )
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="approved_verdicts",
    )
    adopted_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="adoptions"
    )
    version = models.PositiveIntegerField(
        default=1, editable=False, help_text="Bumped by every save; a stale save is refused."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["claim"],
                condition=~models.Q(status="retracted"),
                name="verdict_one_standing_per_claim",
            ),
        ]
        indexes = [
            # The desk's lists (issue #22): verdicts waiting in a status, the
            # longest waiting first, and the last published.
            models.Index(fields=["status", "submitted_at", "id"], name="verdict_review_order"),
            models.Index(
                fields=["-published_at", "-id"],
                name="verdict_published_order",
                condition=models.Q(status__in=["published", "corrected"]),
            ),
        ]
        permissions = [
            ("review_verdict", "Can request changes to and approve verdicts"),
            ("publish_verdict", "Can publish approved verdicts"),
            ("correct_verdict", "Can correct and retract published verdicts"),
        ]

    def __str__(self) -> str:
        return f"verdict {self.pk} on claim {self.claim_id}"

    @property
    def is_public(self) -> bool:
        return self.status in self.PUBLIC_STATUSES


class Evidence(models.Model):
    """A source the verdict rests on, with the passage quoted from it."""

    class Stance(models.TextChoices):
        SUPPORTS = "supports", "Supports the claim"
        REFUTES = "refutes", "Refutes the claim"
        CONTEXT = "context", "Context"

    verdict = models.ForeignKey(Verdict, on_delete=models.CASCADE, related_name="evidence")
    url = models.URLField(max_length=2000)
    title = models.CharField(max_length=500, blank=True)
    excerpt = models.TextField(blank=True, help_text="The passage quoted from the source.")
    stance = models.CharField(max_length=10, choices=Stance)
    accessed_on = models.DateField(default=timezone.localdate)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="added_evidence",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["verdict", "id"]
        verbose_name_plural = "evidence"

    def __str__(self) -> str:
        return self.title or self.url


class VerdictStatusChange(models.Model):
    """One move of a verdict through its workflow: who, when, from, to, why."""

    verdict = models.ForeignKey(
        Verdict, on_delete=models.CASCADE, related_name="status_changes"
    )
    old_status = models.CharField(max_length=20, choices=Verdict.Status)
    new_status = models.CharField(max_length=20, choices=Verdict.Status)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="verdict_status_changes",
    )
    changed_at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.verdict}: {self.old_status} -> {self.new_status}"


class VerdictRevision(models.Model):
    """What readers saw: a published verdict as of one publication or correction.

    Revisions are never changed, so an earlier version stays visible after a
    correction.
    """

    verdict = models.ForeignKey(Verdict, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    rating = models.CharField(max_length=32)
    headline = models.CharField(max_length=300)
    rationale = models.TextField()
    rationale_html = models.TextField()
    evidence = models.JSONField(
        default=list, encoder=DjangoJSONEncoder, help_text="The evidence items as published."
    )
    note = models.TextField(blank=True, help_text="What the correction changed, and why.")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="published_revisions",
    )
    published_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["verdict", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["verdict", "number"], name="verdict_revision_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.verdict}, revision {self.number}"
