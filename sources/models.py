"""Pages fetched for articles submitted by URL, and the feeds watched for new
ones (issue #23). The Article itself stays claims' own; these rows hang off
it, so that the claims app needs no new migration."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone


class PageFetch(models.Model):
    """The page behind an article submitted by URL: what was asked for, where
    the redirects ended, what came back and what went wrong.

    The article is stored `pending` with its URL and no text; the task
    fetches the page, reduces it to its main text and fills the article in.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting"
        FETCHING = "fetching", "Fetching"
        DONE = "done", "Fetched"
        FAILED = "failed", "Failed"

    article = models.OneToOneField(
        "claims.Article", on_delete=models.CASCADE, related_name="page_fetch"
    )
    requested_url = models.URLField(max_length=2000, db_index=True)
    final_url = models.URLField(max_length=2000, blank=True, db_index=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    http_status = models.PositiveSmallIntegerField(null=True, blank=True)
    content_type = models.CharField(max_length=200, blank=True)
    size = models.PositiveIntegerField(null=True, blank=True, help_text="Bytes of the body.")
    html_sha256 = models.CharField(max_length=64, blank=True, db_index=True)
    error = models.TextField(blank=True)
    duplicate_of = models.ForeignKey(
        "claims.Article",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The article whose text the page turned out to hold.",
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    fetched_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.final_url or self.requested_url


class Source(models.Model):
    """A feed (RSS 0.9x/1.0/2.0, Atom) or a sitemap watched for new articles."""

    class Kind(models.TextChoices):
        FEED = "feed", "RSS or Atom feed"
        SITEMAP = "sitemap", "Sitemap or news sitemap"

    name = models.CharField(max_length=200, help_text="How editors know it.")
    url = models.URLField("feed URL", max_length=2000, unique=True)
    kind = models.CharField(max_length=8, choices=Kind, default=Kind.FEED)
    outlet = models.CharField(
        max_length=200, blank=True, help_text="Given to its articles when their page names none."
    )
    language = models.CharField(max_length=12, default="en")
    poll_minutes = models.PositiveIntegerField(
        "poll every (minutes)", default=30, help_text="Checked again this long after a check."
    )
    active = models.BooleanField(default=True)
    last_checked_at = models.DateTimeField(null=True, blank=True)
    last_new_item_at = models.DateTimeField(null=True, blank=True)
    next_check_at = models.DateTimeField(
        null=True, blank=True, help_text="Empty: at the next round.", db_index=True
    )
    consecutive_failures = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    disabled_reason = models.TextField(
        blank=True, help_text="Why polling switched it off; cleared when switched on again."
    )
    etag = models.CharField(max_length=500, blank=True, editable=False)
    last_modified = models.CharField(max_length=100, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("sources:source_list") + f"#source-{self.pk}"

    @property
    def poll_interval(self) -> datetime.timedelta:
        return datetime.timedelta(minutes=self.poll_minutes)

    @property
    def is_failing(self) -> bool:
        return self.consecutive_failures > 0


class SourceEntry(models.Model):
    """One item seen in a source, kept so that no entry becomes an article twice."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="entries")
    key = models.CharField(max_length=2000, help_text="The entry's id, else its link.")
    url = models.URLField(max_length=2000)
    title = models.CharField(max_length=500, blank=True)
    article = models.ForeignKey(
        "claims.Article", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.BooleanField(
        default=True, help_text="False: the URL was already an article."
    )
    error = models.TextField(blank=True)
    seen_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-seen_at", "-pk"]
        verbose_name_plural = "source entries"
        constraints = [
            models.UniqueConstraint(fields=["source", "key"], name="source_entry_once"),
        ]

    def __str__(self) -> str:
        return self.title or self.url


class SourcePoll(models.Model):
    """What one check of a source did."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="polls")
    started_at = models.DateTimeField(default=timezone.now)
    http_status = models.PositiveSmallIntegerField(null=True, blank=True)
    not_modified = models.BooleanField(default=False)
    items = models.PositiveIntegerField(default=0, help_text="Entries in the feed.")
    new_items = models.PositiveIntegerField(default=0, help_text="Entries that became articles.")
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        indexes = [models.Index(fields=["source", "-started_at"], name="source_poll_recent")]

    def __str__(self) -> str:
        return f"{self.source} at {self.started_at:%Y-%m-%d %H:%M}"


class EvidenceSnapshot(models.Model):
    """A copy of an evidence page, kept so that the verdict survives link rot.

    The first snapshot that fetched the page is the archive: its HTML
    (gzip-compressed), main text and hash. Re-checks of published verdicts'
    evidence add a row each, flagged when the page is gone or its main text
    has changed beyond CLAIMS_EVIDENCE_CHANGE_THRESHOLD.
    """

    class Flag(models.TextChoices):
        NONE = "", "Unchanged"
        GONE = "gone", "Page gone"
        CHANGED = "changed", "Text changed"

    evidence = models.ForeignKey(
        "claims.Evidence", on_delete=models.CASCADE, related_name="snapshots"
    )
    url = models.URLField(max_length=2000)
    final_url = models.URLField(max_length=2000, blank=True)
    http_status = models.PositiveSmallIntegerField(null=True, blank=True)
    content_type = models.CharField(max_length=200, blank=True)
    html_gz = models.BinaryField(null=True, blank=True, editable=False)
    html_sha256 = models.CharField(max_length=64, blank=True)
    text = models.TextField(blank=True, help_text="The page's main text.")
    error = models.TextField(blank=True)
    is_recheck = models.BooleanField(default=False)
    flag = models.CharField(max_length=8, choices=Flag, blank=True, default=Flag.NONE)
    similarity = models.FloatField(
        null=True, blank=True, help_text="Main text compared with the archived copy (1: same)."
    )
    fetched_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-fetched_at", "-pk"]
        indexes = [
            models.Index(
                fields=["evidence", "-fetched_at"], name="evidence_snapshot_recent"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.url} at {self.fetched_at:%Y-%m-%d %H:%M}"

    @property
    def archived(self) -> bool:
        return self.html_gz is not None and not self.error


class Transcript(models.Model):
    """An article that is a transcript: its turns, each with its speaker, its
    span in the article's text and its time range where the source has one
    (issue #23). The article's text is one "SPEAKER: words" paragraph a turn."""

    class Format(models.TextChoices):
        SRT = "srt", "SubRip (.srt)"
        VTT = "vtt", "WebVTT (.vtt)"
        TSV = "tsv", "Debate TSV (line, speaker, text)"
        LABELLED = "labelled", "Speaker-labelled text"

    article = models.OneToOneField(
        "claims.Article", on_delete=models.CASCADE, related_name="transcript"
    )
    format = models.CharField(max_length=10, choices=Format)
    speakers = models.JSONField(default=list)
    turns = models.JSONField(
        default=list,
        help_text='[{"speaker", "start", "end" (characters), "start_s", "end_s" (seconds)}]',
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Transcript of article {self.article_id}"

    def turn_at(self, offset: int) -> dict | None:
        """The turn holding a character offset of the article's text."""
        return next((t for t in self.turns if t["start"] <= offset < t["end"]), None)
