"""Articles, the attributable claims extracted from them, and their verdicts."""

import datetime

import numpy as np
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models.functions import Cast, Coalesce, Greatest, Least
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from simple_history.models import HistoricalRecords

from .fields import EmbeddingField
from .nlp.types import QuoteType as NlpQuoteType


# Resembling a claim of the library of checked claims raises a claim in the
# queue: LIBRARY_PUSH per unit of cosine to its nearest checked claim above
# LIBRARY_FLOOR (issue #6). Fact-checkers return to what they checked before;
# on the CheckThat! 2021 debates, with LIAR's PolitiFact checks as the library,
# a logistic regression over the 40 training transcripts fits a push of 3.4
# above a floor of 0.4, 3.3 above 0.5 (bench/debate_ranking_signals.py).
LIBRARY_PUSH = 3.0
LIBRARY_FLOOR = 0.4


def library_push(similarity: float | None) -> float:
    """Return what a claim gains in the queue from its nearest checked claim,
    as Claim.priority computes it in the database."""
    return LIBRARY_PUSH * max((similarity or 0.0) - LIBRARY_FLOOR, 0.0)


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
        QUESTION = NlpQuoteType.QUESTION, "Question or request (not a claim)"

    class QueueState(models.TextChoices):
        BELOW_THRESHOLD = "below_threshold", "Below check-worthiness threshold"
        QUEUED = "queued", "Queued"
        ASSIGNED = "assigned", "Assigned"
        SKIPPED = "skipped", "Skipped"
        IN_REVIEW = "in_review", "Verdict in review"
        DONE = "done", "Done"

    # No index of its own: claim_unique_position (article, position) serves
    # every lookup by article.
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="claims", db_index=False
    )
    position = models.PositiveIntegerField(help_text="Order of the claim in its article.")
    text = models.TextField(help_text="The checkable statement (the content span).")
    sentence_start = models.PositiveIntegerField()
    sentence_end = models.PositiveIntegerField()
    content_start = models.PositiveIntegerField()
    content_end = models.PositiveIntegerField()

    # Issue #20: a statement of several sentences becomes one claim per
    # checkable sentence; the claims of one relation (same speaker, cue and
    # outlet) share this number within their article, so the desk shows them
    # together. None for claims stored before the split.
    attribution = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Claims of one attributed statement share this number in their article.",
    )
    language = models.CharField(
        max_length=12,
        blank=True,
        help_text="The claim's own language when it differs from its article's "
        "(a mixed-language article); empty: the article's.",
    )
    standalone = models.TextField(
        blank=True,
        help_text="The claim as it reads on its own: pronouns and short references "
        "replaced by what they refer to, in brackets. Empty when it needs none.",
    )

    speaker = models.ForeignKey(
        Speaker, null=True, blank=True, on_delete=models.SET_NULL, related_name="claims"
    )
    speaker_text = models.CharField(max_length=300, blank=True)
    speaker_unnamed = models.BooleanField(
        default=False,
        help_text='An unnamed source ("a senior official", "experts"): kept as written '
        "in speaker_text, with no speaker.",
    )
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

    checkworthiness = models.FloatField(default=0.0)
    checkworthiness_reasons = models.JSONField(default=list, blank=True)
    queue_state = models.CharField(max_length=16, choices=QueueState, default=QueueState.QUEUED)
    is_hidden = models.BooleanField(default=False)
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged_claims",
        help_text="The claim this duplicate was merged into (it is hidden since).",
        db_index=False,  # claim_merged_into, partial
    )

    related_claims_count = models.PositiveIntegerField(
        default=0, help_text="How many other articles carry the same claim."
    )
    is_pinned = models.BooleanField(
        default=False, help_text="Pinned by an editor: ahead of every unpinned claim."
    )
    library_similarity = models.FloatField(
        null=True,
        blank=True,
        help_text="Cosine to the nearest claim in the library of checked claims.",
    )
    nearest_checked_claim = models.ForeignKey(
        "CheckedClaim",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
        help_text="The library's checked claim this claim resembles most.",
    )
    # The queue order in one indexed column, so that taking the next claim
    # reads one index entry instead of sorting the queue. A recurring claim
    # gains up to 0.25 over its check-worthiness (0-1), one that resembles a
    # checked claim up to LIBRARY_PUSH * (1 - LIBRARY_FLOOR); a pin outranks all.
    priority = models.GeneratedField(
        expression=models.F("checkworthiness")
        + Cast(Least(models.F("related_claims_count"), models.Value(5)), models.FloatField())
        * models.Value(0.05)
        + Greatest(
            Coalesce(models.F("library_similarity"), models.Value(0.0))
            - models.Value(LIBRARY_FLOOR),
            models.Value(0.0),
        )
        * models.Value(LIBRARY_PUSH)
        + models.Case(
            models.When(is_pinned=True, then=models.Value(10.0)), default=models.Value(0.0)
        ),
        output_field=models.FloatField(),
        db_persist=True,
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_claims",
        db_index=False,  # claim_assigned_to, partial
    )
    assigned_at = models.DateTimeField(null=True, blank=True)
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    retired_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When extraction stopped finding this claim; kept for its desk work.",
    )

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(
        excluded_fields=["priority", "library_similarity", "nearest_checked_claim"]
    )

    class Meta:
        ordering = ["article_id", "position"]
        permissions = [
            ("take_claim", "Can take claims from the queue"),
            ("manage_queue", "Can assign, pin, skip and requeue claims for others"),
        ]
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
        # Taking a claim changes indexed columns, so PostgreSQL adds the new
        # row version to every index of this table whose condition it meets
        # (issue #5): only the indexes a query needs are kept, those on
        # columns that are mostly NULL are partial, and the vector lives in
        # ClaimEmbedding with its HNSW index.
        indexes = [
            # Each state's list in queue order, and the counts by state read
            # from the index alone (is_hidden included; issue #22).
            models.Index(
                fields=["queue_state", "-priority", "-created_at", "-id"],
                include=["is_hidden"],
                name="claim_state_order",
            ),
            # The list of every state in queue order (the API's default).
            models.Index(fields=["-priority", "-created_at", "-id"], name="claim_order"),
            models.Index(
                fields=["merged_into"],
                name="claim_merged_into",
                condition=models.Q(merged_into__isnull=False),
            ),
            models.Index(
                fields=["assigned_to"],
                name="claim_assigned_to",
                condition=models.Q(assigned_to__isnull=False),
            ),
            models.Index(
                models.F("priority").desc(),
                models.F("created_at").desc(),
                models.F("id").desc(),
                name="claim_queue_order",
                condition=models.Q(queue_state="queued", is_hidden=False),
            ),
            models.Index(
                fields=["lease_expires_at"],
                name="claim_lease_expiry",
                condition=models.Q(queue_state="assigned"),
            ),
        ]

    def __str__(self) -> str:
        return Truncator(self.text).chars(80)  # with an ellipsis when cut

    def get_absolute_url(self) -> str:
        return reverse("claims:claim_detail", args=[self.pk])

    @property
    def display_text(self) -> str:
        """The claim as the queue shows it: standing alone where its exact
        words lean on the article ("[The IMF] edged up ...")."""
        return self.standalone or self.text

    @property
    def language_code(self) -> str:
        """The claim's language: its own in a mixed article, else its article's."""
        return self.language or self.article.language

    @property
    def sentence_text(self) -> str:
        return self.article.text[self.sentence_start : self.sentence_end]

    @property
    def speaker_name(self) -> str:
        """The speaker's canonical name, or an unnamed source as written."""
        if self.speaker_id:
            return self.speaker.name
        return self.speaker_text if self.speaker_unnamed else ""

    @property
    def library_raise(self) -> float:
        """What resembling its nearest checked claim adds to the priority."""
        return library_push(self.library_similarity)

    @property
    def lease_remaining(self) -> datetime.timedelta | None:
        """Return the time left on the fact-checker's lease (never negative)."""
        if self.queue_state != self.QueueState.ASSIGNED or self.lease_expires_at is None:
            return None
        return max(self.lease_expires_at - timezone.now(), datetime.timedelta(0))

    @property
    def embedding(self) -> np.ndarray | None:
        """Return the claim's MiniLM vector, or None if it has none.

        Read from ClaimEmbedding (one query, unless the row was loaded with
        select_related("vector_row") or attached at ingest).
        """
        try:
            return self.vector_row.embedding
        except ClaimEmbedding.DoesNotExist:
            return None


class ClaimEmbedding(models.Model):
    """A claim's MiniLM vector, in a table of its own (issue #5).

    The vector is written once, at ingest, while the claim's row changes at
    every take, release and verdict. In the claim table each such update
    also added the row's new version to the HNSW index (about 13 ms of
    PostgreSQL CPU per take); here the HNSW index (claim_embedding_hnsw,
    PostgreSQL only) changes only when vectors do.
    """

    claim = models.OneToOneField(
        Claim, on_delete=models.CASCADE, primary_key=True, related_name="vector_row"
    )
    embedding = EmbeddingField(dimensions=384, editable=False)
    # Lets the in-process search (SQLite) notice a changed vector; indexed,
    # since each search asks for the latest.
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    def __str__(self) -> str:
        return f"vector of claim {self.claim_id}"


class ClaimMultilingualEmbedding(models.Model):
    """A claim's multilingual vector (USE multilingual v3, 512-d; issue #26).

    Matches claims across languages: "El paro bajó" finds "Unemployment
    fell". Its own table and HNSW index (claim_multilingual_hnsw, PostgreSQL
    only), like ClaimEmbedding; on SQLite the in-process index.
    """

    claim = models.OneToOneField(
        Claim, on_delete=models.CASCADE, primary_key=True, related_name="multilingual_row"
    )
    embedding = EmbeddingField(dimensions=512, editable=False)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    def __str__(self) -> str:
        return f"multilingual vector of claim {self.claim_id}"


class ClaimSkip(models.Model):
    """A decision not to check a claim now, with the reason and who took it.

    Kept as data: "not check-worthy" skips are the negative examples the
    check-worthiness model will learn from.
    """

    class Reason(models.TextChoices):
        NOT_CHECK_WORTHY = "not_check_worthy", "Not check-worthy"
        DUPLICATE = "duplicate", "Duplicate"
        OUT_OF_SCOPE = "out_of_scope", "Out of scope"
        NEEDS_EXPERTISE = "needs_expertise", "Needs expertise"

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="skips")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="claim_skips",
    )
    reason = models.CharField(max_length=20, choices=Reason, db_index=True)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "claim"])]

    def __str__(self) -> str:
        return f"{self.get_reason_display()}: claim {self.claim_id}"


class ClaimRelation(models.Model):
    """Two claims found to be related or the same, and the desk's decision."""

    class Tier(models.TextChoices):
        RELATED = "related", "Related"
        SAME = "same", "Same claim"

    class Decision(models.TextChoices):
        PENDING = "pending", "Pending"
        CONFIRMED = "confirmed", "Confirmed"
        REJECTED = "rejected", "Rejected"

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="relations")
    other = models.ForeignKey(
        Claim, on_delete=models.CASCADE, related_name="reverse_relations"
    )
    similarity = models.FloatField()
    tier = models.CharField(max_length=8, choices=Tier)
    decision = models.CharField(max_length=10, choices=Decision, default=Decision.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="claim_relation_decisions",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["claim", "-similarity"]
        constraints = [
            models.UniqueConstraint(fields=["claim", "other"], name="claim_relation_unique"),
            models.CheckConstraint(
                condition=~models.Q(claim=models.F("other")), name="claim_relation_not_self"
            ),
        ]
        indexes = [
            # The dashboard's decisions by score band, from the index alone.
            models.Index(
                fields=["created_at"], include=["similarity", "decision"],
                name="claim_relation_found",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.claim_id} ~ {self.other_id} ({self.get_tier_display()})"


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


class ModerationLog(models.Model):
    """Who did what to which object in moderation, when, and why.

    Written by the moderation services only; never edited afterwards.
    """

    class Action(models.TextChoices):
        APPROVE = "approve", "Approve verdict"
        REQUEST_CHANGES = "request_changes", "Send verdict back"
        PUBLISH = "publish", "Publish verdict"
        RETRACT = "retract", "Retract verdict"
        MERGE = "merge", "Merge duplicate claims"
        HIDE = "hide", "Hide"
        UNHIDE = "unhide", "Unhide"
        ASSIGN = "assign", "Assign claim"
        RETRY_EXTRACTION = "retry_extraction", "Re-run extraction"
        MERGE_SPEAKERS = "merge_speakers", "Merge speakers"
        RENAME_SPEAKER = "rename_speaker", "Rename speaker"

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="moderation_log",
    )
    action = models.CharField(max_length=20, choices=Action, db_index=True)
    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.PositiveBigIntegerField()
    object_repr = models.CharField(max_length=200)
    reason = models.TextField(blank=True)
    details = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        permissions = [
            ("moderate_content", "Can hide, unhide and merge claims and articles"),
        ]

    def __str__(self) -> str:
        return f"{self.actor or 'system'}: {self.get_action_display()} {self.object_repr}"


class CheckedClaim(models.Model):
    """A claim fact-checked elsewhere, imported into the library (issue #4).

    Rows come from importers (ClaimReview feeds, CheckThat!, LIAR) and from
    the desk's own published verdicts (source "desk", external_id the
    verdict's id); the pair (source, external_id) identifies a row, so
    re-importing or correcting updates it.
    """

    text = models.TextField(help_text="The checked claim.")
    title = models.CharField(max_length=1000, blank=True, help_text="The fact-check's headline.")
    speaker = models.CharField(max_length=300, blank=True)
    verdict = models.CharField(
        max_length=200, blank=True, help_text="The rating's name, as published."
    )
    rating_value = models.FloatField(null=True, blank=True)
    source = models.CharField(
        max_length=32,
        db_index=True,
        help_text="claimreview, checkthat2022, checkthat2020, liar, or desk (this desk)",
    )
    external_id = models.CharField(max_length=2000)
    url = models.URLField(max_length=2000, blank=True)
    published_on = models.DateField(null=True, blank=True)
    reviewer = models.CharField(max_length=300, blank=True, help_text="Who published the check.")
    embedding = EmbeddingField(dimensions=384, null=True, blank=True, editable=False)
    # The headline's vector, searched beside the claim's; empty when the
    # headline is (the search then uses the claim's vector for both).
    title_embedding = EmbeddingField(dimensions=384, null=True, blank=True, editable=False)
    # Issue #26: the check's language, and its multilingual vector (USE
    # multilingual v3, 512-d; HNSW index checked_claim_multilingual_hnsw on
    # PostgreSQL), which finds it from a claim in another language.
    language = models.CharField(max_length=12, default="en")
    multilingual_embedding = EmbeddingField(
        dimensions=512, null=True, blank=True, editable=False
    )
    # The desk's own published verdicts feed the library (issue #24): source
    # "desk", one row per verdict, withdrawn (vectors cleared, so no search
    # finds it) when the verdict is retracted.
    desk_verdict = models.OneToOneField(
        "Verdict",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="library_entry",
        help_text="The desk's verdict this check was published as (source desk).",
    )
    withdrawn_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When its verdict was retracted; a withdrawn check matches nothing.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["source", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "external_id"], name="checked_claim_unique_external_id"
            )
        ]

    def __str__(self) -> str:
        return Truncator(self.text).chars(80)  # with an ellipsis when cut


class LibraryMatch(models.Model):
    """A checked claim of the library that a claim may repeat, and the desk's decision.

    Found by the hybrid search at ingest; the score is the re-ranker's
    probability that the claim repeats the checked one. Decisions are kept
    when the search runs again, and counted on the dashboard so that the
    thresholds can be re-tuned.
    """

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="library_matches")
    checked_claim = models.ForeignKey(
        CheckedClaim, on_delete=models.CASCADE, related_name="matches"
    )
    score = models.FloatField(help_text="The re-ranker's probability, 0 to 1.")
    similarity = models.FloatField(help_text="The best cosine of the two texts' vectors.")
    tier = models.CharField(max_length=8, choices=ClaimRelation.Tier)
    decision = models.CharField(
        max_length=10, choices=ClaimRelation.Decision, default=ClaimRelation.Decision.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="library_match_decisions",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["claim", "-score"]
        verbose_name_plural = "library matches"
        constraints = [
            models.UniqueConstraint(
                fields=["claim", "checked_claim"], name="library_match_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.claim_id} ~ library {self.checked_claim_id} ({self.get_tier_display()})"
