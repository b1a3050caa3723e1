"""Related claims (issue #4): store the links a claim's search finds."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q

from ..models import Claim, ClaimRelation


def claim_relations_refresh(*, claim: Claim) -> list[ClaimRelation]:
    """Store the claims of other articles related to claim, and the counts.

    Pending links are replaced by what the search finds now; a confirmed or
    rejected link keeps its decision (its similarity and tier are updated).
    The related-claims count of claim and of every claim it is linked to is
    recomputed.
    """
    from ..selectors.related import claim_list_related

    found = {m.id: m for m in claim_list_related(claim=claim)}
    with transaction.atomic():
        existing = {
            (r.other_id if r.claim_id == claim.pk else r.claim_id): r
            for r in ClaimRelation.objects.select_for_update().filter(
                Q(claim=claim) | Q(other=claim)
            )
        }
        touched = set(existing) | set(found)
        stale = [
            r.pk
            for other_id, r in existing.items()
            if other_id not in found
            and r.claim_id == claim.pk
            and r.decision == ClaimRelation.Decision.PENDING
        ]
        ClaimRelation.objects.filter(pk__in=stale).delete()
        relations = []
        for other_id, match in found.items():
            relation = existing.get(other_id)
            if relation is None:
                relation = ClaimRelation.objects.create(
                    claim=claim, other_id=other_id, similarity=match.score, tier=match.tier
                )
            elif (relation.similarity, relation.tier) != (match.score, match.tier):
                relation.similarity, relation.tier = match.score, match.tier
                relation.save(update_fields=["similarity", "tier"])
            relations.append(relation)
        claims_related_count_update(claim_ids={claim.pk, *touched})
    claim.refresh_from_db(fields=["related_claims_count"])
    return relations


def claims_related_count_update(*, claim_ids: Iterable[int]) -> None:
    """Set each claim's related-claims count: the other articles linked to it
    as the same claim, rejected links left out."""
    for claim_id in claim_ids:
        relations = ClaimRelation.objects.filter(
            Q(claim_id=claim_id) | Q(other_id=claim_id), tier=ClaimRelation.Tier.SAME
        ).exclude(decision=ClaimRelation.Decision.REJECTED)
        other_ids = {
            r.other_id if r.claim_id == claim_id else r.claim_id
            for r in relations.only("claim_id", "other_id")
        }
        own_article = Claim.objects.filter(pk=claim_id).values("article_id")
        articles = (
            Claim.objects.filter(pk__in=other_ids)
            .exclude(article_id__in=own_article)
            .values("article_id")
            .distinct()
            .count()
        )
        Claim.objects.filter(pk=claim_id).update(related_claims_count=articles)
