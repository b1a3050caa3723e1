"""The attributable claims of an article: their queue state, vectors, skips and relations."""
import datetime

import numpy as np
from django.conf import settings
from django.db import models
from django.db.models.functions import Cast, Coalesce, Greatest, Least
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from simple_history.models import HistoricalRecords

from ..fields import EmbeddingField
from ..nlp.types import QuoteType as NlpQuoteType
from .articles import Article, Speaker

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
    # Where the article is a transcript with times (captions, a timed
    # debate): the seconds of the turns the claim's sentence spans (issue #23).
    time_start = models.FloatField(null=True, blank=True)
    time_end = models.FloatField(null=True, blank=True)
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
            # Claims in a language of their own other than English (mixed
            # articles): see article_not_english.
            models.Index(
                fields=["language"], name="claim_own_language",
                condition=~models.Q(language__in=["", "en"]),
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
            # The queue sorted "newest first" (the desk's and the API's sort;
            # issue #22): read in order instead of sorting every queued claim.
            models.Index(
                models.F("created_at").desc(),
                models.F("id").desc(),
                name="claim_queue_newest",
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
