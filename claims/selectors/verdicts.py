"""Reads: verdicts for review, and verdicts suggested by related claims."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet

from ..models import Claim, ClaimRelation, Verdict
from ..roles import READ_ALL_VERDICTS

# What every role may read of verdicts: published ones, and retracted ones
# (their retraction note) once published, on claims nobody hid.
READABLE_BY_EVERY_ROLE = (
    Q(status__in=Verdict.PUBLIC_STATUSES)
    | Q(status=Verdict.Status.RETRACTED, published_at__isnull=False)
) & Q(claim__is_hidden=False, claim__article__is_hidden=False)


@dataclass(frozen=True)
class VerdictSuggestion:
    """A published verdict on a claim that may be the same as the one at hand."""

    verdict: Verdict
    relation: ClaimRelation

    @property
    def is_confirmed(self) -> bool:
        return self.relation.decision == ClaimRelation.Decision.CONFIRMED


def verdict_list_visible(*, user: AbstractBaseUser | AnonymousUser) -> QuerySet[Verdict]:
    """Return the verdicts user may read: every one for editors (who review),
    otherwise the published ones, the user's own and those on the claim the
    user holds.

    A draft, and a verdict on its way to publication, stays with its author
    and the editors; a fact-checker who takes over the claim (released, or
    assigned by an editor) reads the draft to carry on with it, as the
    services let the holder edit it. The claim page, the API, the claim's
    history and every action on a verdict go through this rule.
    """
    if user.is_active and user.has_perm(READ_ALL_VERDICTS):
        return Verdict.objects.all()
    if not user.is_authenticated:
        return Verdict.objects.filter(READABLE_BY_EVERY_ROLE)
    holds_claim = Q(claim__queue_state=Claim.QueueState.ASSIGNED, claim__assigned_to=user)
    return Verdict.objects.filter(READABLE_BY_EVERY_ROLE | Q(author=user) | holds_claim)


def verdict_is_visible(*, verdict: Verdict, user: AbstractBaseUser | AnonymousUser) -> bool:
    """Return whether user may read verdict (see verdict_list_visible)."""
    return verdict_list_visible(user=user).filter(pk=verdict.pk).exists()


def verdict_list_for_review(*, status: str = Verdict.Status.SUBMITTED) -> QuerySet[Verdict]:
    """Return verdicts in a workflow status, the longest waiting first."""
    return (
        Verdict.objects.filter(status=status)
        .select_related("claim", "claim__article", "author", "editor")
        .defer("claim__article__text")
        .order_by("submitted_at", "id")
    )


def verdict_list_recently_published(*, limit: int = 5) -> list[Verdict]:
    """Return the public verdicts on visible claims, the last published first."""
    return list(
        Verdict.objects.filter(
            status__in=Verdict.PUBLIC_STATUSES,
            claim__is_hidden=False,
            claim__article__is_hidden=False,
        )
        .select_related("claim", "author")
        .only("id", "status", "rating", "headline", "published_at", "claim__text",
              "claim__article_id", "author__username")
        .order_by("-published_at", "-id")[:limit]
    )


def verdict_list_suggested(*, claim: Claim) -> list[VerdictSuggestion]:
    """Return published verdicts of claims marked the same as claim.

    Relations count in either direction unless rejected; confirmed ones come
    first, then the most similar.
    """
    relations = ClaimRelation.objects.filter(
        Q(claim=claim) | Q(other=claim),
        tier=ClaimRelation.Tier.SAME,
        decision__in=[ClaimRelation.Decision.CONFIRMED, ClaimRelation.Decision.PENDING],
    )
    relation_by_claim = {
        (r.other_id if r.claim_id == claim.pk else r.claim_id): r for r in relations
    }
    verdicts = Verdict.objects.filter(
        claim_id__in=relation_by_claim, status__in=Verdict.PUBLIC_STATUSES
    ).select_related("claim")
    suggestions = [VerdictSuggestion(v, relation_by_claim[v.claim_id]) for v in verdicts]
    suggestions.sort(key=lambda s: (not s.is_confirmed, -s.relation.similarity, s.verdict.pk))
    return suggestions
