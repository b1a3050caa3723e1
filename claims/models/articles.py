"""Articles as submitted, and the speakers their claims are attributed to."""
import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords


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
        URL = "url", "Fetched from a URL"
        FEED = "feed", "From a watched source"

    title = models.CharField(max_length=500, blank=True)
    outlet = models.CharField(max_length=200, blank=True)
    url = models.URLField(max_length=2000, blank=True)
    author = models.CharField(max_length=300, blank=True)
    published_on = models.DateField(null=True, blank=True)
    language = models.CharField(
        max_length=12, default="en", help_text="ISO 639-1 code, detected at submit (issue #26)."
    )
    language_uncertain = models.BooleanField(
        default=False,
        help_text="The language was not detected surely; the most likely one was kept.",
    )
    text = models.TextField()
    text_hash = models.CharField(max_length=64, unique=True, editable=False)
    source = models.CharField(max_length=8, choices=Source, default=Source.WEB)
    status = models.CharField(
        max_length=12, choices=Status, default=Status.PENDING, db_index=True
    )
    progress = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    # Reliability (issue #19): the row is the record of work to do (an
    # outbox); these say whether its message reached the broker, whether a
    # worker is still alive on it, and how often it was tried.
    enqueued_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When its extraction was last handed to the queue; empty: not yet.",
    )
    heartbeat_at = models.DateTimeField(
        null=True, blank=True, help_text="Last sign of life of the worker extracting it."
    )
    attempts = models.PositiveSmallIntegerField(
        default=0, help_text="Extraction attempts since it was submitted or retried."
    )
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
        indexes = [
            # The few hidden articles, whose claims the counts by state
            # take off (issue #22).
            models.Index(
                fields=["id"], name="article_hidden", condition=models.Q(is_hidden=True)
            ),
            # The same URL again returns the existing article (issue #23).
            models.Index(fields=["url"], name="article_url", condition=~models.Q(url="")),
            # Whether any article is not English: ingest skips the
            # multilingual search on an English desk (issue #22).
            models.Index(
                fields=["language"], name="article_not_english", condition=~models.Q(language="en")
            ),
        ]

    def __str__(self) -> str:
        return self.title or self.text[:60]

    def get_absolute_url(self) -> str:
        return reverse("claims:article_detail", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def is_stalled(self) -> bool:
        """Processing, but its worker has shown no sign of life for
        CLAIMS_PROCESSING_STALE_SECONDS (the sweeper will requeue it)."""
        if self.status != self.Status.PROCESSING:
            return False
        seen = self.heartbeat_at or self.updated_at
        stale = datetime.timedelta(seconds=settings.CLAIMS_PROCESSING_STALE_SECONDS)
        return seen is not None and timezone.now() - seen > stale


class Speaker(models.Model):
    """A named person or organisation claims are attributed to (issue #20).

    Names are compared by `key` (claims/nlp/speakers.py: case, apostrophe,
    dot and honorific variants are one speaker). A person known in an
    article only by a surname is that article's speaker (`article`), never
    shared with other articles. An editor's merge keeps the merged row as an
    alias (`merged_into`): extraction meeting its name again credits the
    survivor. Unnamed sources ("a senior official") have no Speaker.
    """

    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        ORGANIZATION = "organization", "Organization"
        OTHER = "other", "Other"

    name = models.CharField(max_length=300)
    key = models.CharField(
        max_length=300,
        default="",
        editable=False,
        help_text="The name as compared: case, apostrophes, dots and honorifics aside.",
    )
    kind = models.CharField(max_length=16, choices=Kind, default=Kind.PERSON)
    article = models.ForeignKey(
        Article,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="Set for a surname known only in this article: not shared with others.",
    )
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="aliases",
        help_text="Merged into this speaker by an editor; the name is kept as an alias.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            # A row made outside the services (a fixture, a bench) may have
            # no key yet; speaker_get_or_create finds it by name then.
            models.UniqueConstraint(
                fields=["key"],
                condition=models.Q(article__isnull=True) & ~models.Q(key=""),
                name="speaker_unique_key",
            ),
            models.UniqueConstraint(
                fields=["key", "article"],
                condition=models.Q(article__isnull=False) & ~models.Q(key=""),
                name="speaker_unique_key_in_article",
            ),
        ]

    def __str__(self) -> str:
        return self.name
