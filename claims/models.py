"""Articles and the attributable claims extracted from them."""

from django.conf import settings
from django.db import models
from django.urls import reverse

from .fields import EmbeddingField
from .nlp.types import QuoteType as NlpQuoteType


class Article(models.Model):
    """A news article as submitted; its text is never changed after submit."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        PROCESSING = "processing", "Processing"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    class Source(models.TextChoices):
        WEB = "web", "Web form"
        API = "api", "REST API"
        CLI = "cli", "Command line"
        DEMO = "demo", "Demo fixture"

    title = models.CharField(max_length=500, blank=True)
    outlet = models.CharField(max_length=200, blank=True)
    url = models.URLField(max_length=2000, blank=True)
    author = models.CharField(max_length=300, blank=True)
    published_on = models.DateField(null=True, blank=True)
    language = models.CharField(max_length=12, default="en")
    text = models.TextField()
    text_hash = models.CharField(max_length=64, unique=True, editable=False)
    source = models.CharField(max_length=8, choices=Source, default=Source.WEB)
    status = models.CharField(
        max_length=12, choices=Status, default=Status.PENDING, db_index=True
    )
    progress = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    is_hidden = models.BooleanField(default=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="submitted_articles",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="article_progress_lte_100"
            )
        ]

    def __str__(self) -> str:
        return self.title or self.text[:60]

    def get_absolute_url(self) -> str:
        return reverse("claims:article_detail", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)


class Speaker(models.Model):
    """A person or organisation claims are attributed to, by canonical name."""

    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        ORGANIZATION = "organization", "Organization"
        OTHER = "other", "Other"

    name = models.CharField(max_length=300, unique=True)
    kind = models.CharField(max_length=16, choices=Kind, default=Kind.PERSON)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Claim(models.Model):
    """One attributable statement in an article, with exact character spans.

    Every span is an offset pair into `article.text`; the stored text of each
    part equals `article.text[start:end]`.
    """

    class QuoteType(models.TextChoices):
        DIRECT = NlpQuoteType.DIRECT, "Direct quote"
        INDIRECT = NlpQuoteType.INDIRECT, "Indirect speech"
        MIXED = NlpQuoteType.MIXED, "Mixed quote"
        REPORTED = NlpQuoteType.REPORTED, "Reported (no named source)"
        UNATTRIBUTED = NlpQuoteType.UNATTRIBUTED, "Unattributed"

    class QueueState(models.TextChoices):
        BELOW_THRESHOLD = "below_threshold", "Below check-worthiness threshold"
        QUEUED = "queued", "Queued"
        ASSIGNED = "assigned", "Assigned"
        SKIPPED = "skipped", "Skipped"
        DONE = "done", "Done"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="claims")
    position = models.PositiveIntegerField(help_text="Order of the claim in its article.")
    text = models.TextField(help_text="The checkable statement (the content span).")
    sentence_start = models.PositiveIntegerField()
    sentence_end = models.PositiveIntegerField()
    content_start = models.PositiveIntegerField()
    content_end = models.PositiveIntegerField()

    speaker = models.ForeignKey(
        Speaker, null=True, blank=True, on_delete=models.SET_NULL, related_name="claims"
    )
    speaker_text = models.CharField(max_length=300, blank=True)
    speaker_start = models.PositiveIntegerField(null=True, blank=True)
    speaker_end = models.PositiveIntegerField(null=True, blank=True)
    speaker_role = models.CharField(max_length=300, blank=True)

    cue_text = models.CharField(max_length=200, blank=True)
    cue_start = models.PositiveIntegerField(null=True, blank=True)
    cue_end = models.PositiveIntegerField(null=True, blank=True)

    reported_by = models.JSONField(
        default=list, blank=True, help_text='Outlet credits: [{"text", "start", "end"}].'
    )
    quote_type = models.CharField(max_length=16, choices=QuoteType)

    checkworthiness = models.FloatField(default=0.0, db_index=True)
    checkworthiness_reasons = models.JSONField(default=list, blank=True)
    queue_state = models.CharField(
        max_length=16, choices=QueueState, default=QueueState.QUEUED, db_index=True
    )
    is_hidden = models.BooleanField(default=False)
    embedding = EmbeddingField(dimensions=384, null=True, blank=True, editable=False)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["article_id", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "position"], name="claim_unique_position"
            ),
            models.CheckConstraint(
                condition=models.Q(sentence_start__lte=models.F("sentence_end"))
                & models.Q(content_start__lte=models.F("content_end")),
                name="claim_spans_ordered",
            ),
        ]
        indexes = [models.Index(fields=["queue_state", "-checkworthiness"])]

    def __str__(self) -> str:
        return self.text[:80]

    def get_absolute_url(self) -> str:
        return reverse("claims:claim_detail", args=[self.pk])

    @property
    def sentence_text(self) -> str:
        return self.article.text[self.sentence_start : self.sentence_end]

    @property
    def speaker_name(self) -> str:
        return self.speaker.name if self.speaker_id else ""
