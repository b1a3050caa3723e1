"""Related claims (issue #4): claims of other articles, nearest first, with a tier.

One interface, two backends for the dense search: pgvector (HNSW, cosine
distance) on PostgreSQL, an exact search over a numpy matrix cached per
process on SQLite. The score is the cosine of the two MiniLM embeddings;
`claims.retrieval.tier_for` turns it into a tier with the thresholds in
settings. The library of checked claims has its own, hybrid search:
`claims.selectors.library`.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np
from django.conf import settings
from django.db import connection
from django.db.models import Count, Max, Model, QuerySet

from ..models import Claim
from ..retrieval import Tier, tier_for
from ..retrieval.ranking import RELATED_THRESHOLD, SAME_CLAIM_THRESHOLD


@dataclass(frozen=True)
class RelatedMatch:
    """A claim from another article, close to the claim searched for."""

    id: int
    text: str
    score: float  # cosine similarity with the claim, in [-1, 1]
    tier: str  # Tier.SAME or Tier.RELATED
    article_id: int
    url: str = ""


def related_thresholds() -> tuple[float, float]:
    """Return the related and same-claim thresholds from settings."""
    return (
        getattr(settings, "CLAIMS_RELATED_THRESHOLD", RELATED_THRESHOLD),
        getattr(settings, "CLAIMS_SAME_CLAIM_THRESHOLD", SAME_CLAIM_THRESHOLD),
    )


def claim_list_related(
    *, claim: Claim, limit: int = 10, backend: str | None = None
) -> list[RelatedMatch]:
    """Return visible claims of other articles related to claim, nearest first.

    backend is "pgvector" or "exact"; by default pgvector on PostgreSQL.
    """
    if claim.embedding is None or limit <= 0:
        return []
    if backend is None:
        backend = "pgvector" if connection.vendor == "postgresql" else "exact"
    query = np.asarray(claim.embedding, dtype=np.float32)
    claims = Claim.objects.exclude(embedding=None).exclude(article_id=claim.article_id).filter(
        is_hidden=False
    )
    search = _nearest_pgvector if backend == "pgvector" else _nearest_exact
    related, same = related_thresholds()
    matches = []
    # Nearest first, ties by id, so both backends give one order.
    for row, score in sorted(search(claims, query, limit), key=lambda p: (-round(p[1], 5), p[0].pk)):
        tier = tier_for(score, claim.text, related_threshold=related, same_threshold=same)
        if tier != Tier.NONE:
            matches.append(
                RelatedMatch(
                    id=row.pk,
                    text=row.text,
                    score=score,
                    tier=tier,
                    article_id=row.article_id,
                    url=row.get_absolute_url(),
                )
            )
    return matches


def _nearest_pgvector(
    queryset: QuerySet, query: np.ndarray, limit: int
) -> list[tuple[Model, float]]:
    from pgvector.django import CosineDistance

    rows = (
        queryset.defer("embedding")
        .annotate(distance=CosineDistance("embedding", query.tolist()))
        .order_by("distance", "id")[:limit]
    )
    return [(row, 1.0 - float(row.distance)) for row in rows]


def _nearest_exact(
    queryset: QuerySet, query: np.ndarray, limit: int
) -> list[tuple[Model, float]]:
    ids, matrix = _matrix_for(queryset.model)
    if not ids:
        return []
    allowed = set(queryset.values_list("id", flat=True))
    cosines = matrix @ query
    order = np.lexsort((np.asarray(ids), -cosines))  # by cosine, then id
    best = []
    for row in order:
        if ids[row] in allowed:
            best.append((ids[row], float(cosines[row])))
            if len(best) == limit:
                break
    objects = queryset.defer("embedding").in_bulk([pk for pk, _ in best])
    return [(objects[pk], score) for pk, score in best]


# Per process: model label -> (version key, ids, matrix). The key changes
# when rows are added, removed or edited, and the matrix is then re-read.
_MATRICES: dict[str, tuple[tuple, list[int], np.ndarray]] = {}
_MATRICES_LOCK = threading.Lock()


def _matrix_for(model: type[Model]) -> tuple[list[int], np.ndarray]:
    key = tuple(
        model.objects.exclude(embedding=None)
        .aggregate(count=Count("id"), last=Max("id"), updated=Max("updated_at"))
        .values()
    )
    label = model._meta.label
    cached = _MATRICES.get(label)
    if cached is not None and cached[0] == key:
        return cached[1], cached[2]
    with _MATRICES_LOCK:
        rows = model.objects.exclude(embedding=None).order_by("id").values_list("id", "embedding")
        ids = [pk for pk, _ in rows]
        vectors = [np.asarray(vector, dtype=np.float32) for _, vector in rows]
        matrix = np.vstack(vectors) if vectors else np.zeros((0, 384), dtype=np.float32)
        _MATRICES[label] = (key, ids, matrix)
    return ids, matrix
