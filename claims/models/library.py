"""The library of checked claims (imported and the desk's own) and its matches with open claims."""

from django.conf import settings
from django.db import models
from django.utils.text import Truncator

from ..fields import EmbeddingField
from .claims import Claim, ClaimRelation


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
