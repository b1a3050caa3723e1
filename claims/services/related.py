"""Related claims (issue #4): store the links a claim's search finds."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q
from django.db.models.expressions import RawSQL

from ..models import Claim, ClaimRelation


def claim_relations_refresh(*, claim: Claim) -> list[ClaimRelation]:
    """Store the claims of other articles related to claim, and the counts
    (claims_relations_refresh for one claim)."""
    relations = claims_relations_refresh(claims=[claim])[claim.pk]
    claim.refresh_from_db(fields=["related_claims_count"])
    return relations


def claims_relations_refresh(*, claims: list[Claim]) -> dict[int, list[ClaimRelation]]:
    """Store the claims of other articles related to each of claims (one
    article's, at ingest), and the counts; return each claim's relations.

    Pending links are replaced by what the search finds now; a confirmed or
    rejected link keeps its decision (its similarity and tier are updated).
    The related-claims count of each claim and of every claim it is linked
    to is recomputed. A handful of queries for all of the claims (issue
    #22): one search, one read of the links, one write of each kind, one
    statement for the counts.
    """
    from ..selectors.multilingual import related_in_every_language
    from ..selectors.related import claim_list_related_many

    if not claims:
        return {}
    # Two English claims by MiniLM, any other pair by the multilingual
    # vectors (issue #26).
    found = related_in_every_language(
        claims=claims, found=claim_list_related_many(claims=claims)
    )
    ids = [c.pk for c in claims]
    result: dict[int, list[ClaimRelation]] = {}
    with transaction.atomic():
        stored = list(
            ClaimRelation.objects.select_for_update()
            .filter(Q(claim__in=ids) | Q(other__in=ids))
            .order_by("pk")
        )
        stale, created, changed, touched = [], [], [], set(ids)
        for claim in claims:
            existing = {
                (r.other_id if r.claim_id == claim.pk else r.claim_id): r
                for r in stored
                if claim.pk in (r.claim_id, r.other_id)
            }
            matches = {m.id: m for m in found[claim.pk]}
            touched |= set(existing) | set(matches)
            stale += [
                r.pk
                for other_id, r in existing.items()
                if other_id not in matches
                and r.claim_id == claim.pk
                and r.decision == ClaimRelation.Decision.PENDING
            ]
            relations = []
            for other_id, match in matches.items():
                relation = existing.get(other_id)
                if relation is None:
                    relation = ClaimRelation(
                        claim=claim, other_id=other_id, similarity=match.score, tier=match.tier
                    )
                    created.append(relation)
                elif (relation.similarity, relation.tier) != (match.score, match.tier):
                    relation.similarity, relation.tier = match.score, match.tier
                    changed.append(relation)
                relations.append(relation)
            result[claim.pk] = relations
        if stale:
            ClaimRelation.objects.filter(pk__in=stale).delete()
        if created:
            ClaimRelation.objects.bulk_create(created)
        if changed:
            ClaimRelation.objects.bulk_update(changed, ["similarity", "tier"])
        claims_related_count_update(claim_ids=touched)
    return result


# The other articles linked to a claim as the same claim, rejected links left
# out, for the UPDATE of claims_related_count_update ("claims_claim" is the
# row being updated; the inner table has an alias).
RELATED_ARTICLES_SQL = """
SELECT COUNT(DISTINCT linked.article_id) FROM claims_claim AS linked
WHERE linked.article_id <> claims_claim.article_id AND linked.id IN (
    SELECT other_id FROM claims_claimrelation
    WHERE claim_id = claims_claim.id AND tier = %s AND decision <> %s
    UNION ALL
    SELECT claim_id FROM claims_claimrelation
    WHERE other_id = claims_claim.id AND tier = %s AND decision <> %s
)
"""


def claims_related_count_update(*, claim_ids: Iterable[int]) -> None:
    """Set each claim's related-claims count: the other articles linked to it
    as the same claim, rejected links left out; in one statement."""
    same, rejected = ClaimRelation.Tier.SAME, ClaimRelation.Decision.REJECTED
    Claim.objects.filter(pk__in=list(claim_ids)).update(
        related_claims_count=RawSQL(RELATED_ARTICLES_SQL, [same, rejected, same, rejected])
    )
