"""Writes: the multilingual vectors of claims and checks (issue #26)."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction

from ..models import CheckedClaim, Claim, ClaimMultilingualEmbedding


def claims_store_multilingual_vectors(*, claims: Sequence[Claim]) -> int:
    """Embed each claim as it reads on its own with the multilingual encoder
    and store the vectors (replacing earlier ones); return how many."""
    from ..nlp.multilingual import embed_multilingual

    claims = [c for c in claims if c.pk and c.text]
    vectors = embed_multilingual([c.display_text for c in claims])
    with transaction.atomic():
        ClaimMultilingualEmbedding.objects.filter(claim__in=claims).delete()
        ClaimMultilingualEmbedding.objects.bulk_create(
            [ClaimMultilingualEmbedding(claim=c, embedding=v)
             for c, v in zip(claims, vectors, strict=True)],
            batch_size=500,
        )
    return len(claims)


def checked_claims_embed_multilingual(*, batch: int = 256, limit: int | None = None) -> int:
    """Give the checks of the library that have none a multilingual vector
    (withdrawn ones left out); return how many were embedded."""
    from ..nlp.multilingual import embed_multilingual

    done = 0
    while limit is None or done < limit:
        size = batch if limit is None else min(batch, limit - done)
        rows = list(
            CheckedClaim.objects.filter(multilingual_embedding__isnull=True,
                                        withdrawn_at__isnull=True)
            .order_by("pk").only("pk", "text")[:size]
        )
        if not rows:
            break
        vectors = embed_multilingual([r.text for r in rows])
        with transaction.atomic():
            for row, vector in zip(rows, vectors, strict=True):
                CheckedClaim.objects.filter(pk=row.pk).update(multilingual_embedding=vector)
        done += len(rows)
    return done
