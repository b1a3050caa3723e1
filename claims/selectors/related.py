"""Related claims (issue #4): claims of other articles, best first, with a tier.

One interface, two backends for the dense search: pgvector (HNSW, cosine
distance) on PostgreSQL; on SQLite an index kept per process, exact up to
20k vectors and a faiss HNSW graph past them (`InProcessClaimVectors`),
over the MiniLM vectors stored in ClaimEmbedding (its own table, issue #5).

Ranking (issue #24: one ranker for both): the dense search is the candidate
generator, its RELATED_CANDIDATES nearest claims are ranked as the library's
matches are (`claims.retrieval.ranking.rank_found`: BM25 among them, the
re-ranker, the library's tiers, CLAIMS_LIBRARY_*_THRESHOLD). The setting
CLAIMS_RELATED_RANKING = "dense" keeps the ranking before it: the cosine of
the two vectors, tiered by CLAIMS_RELATED_THRESHOLD and
CLAIMS_SAME_CLAIM_THRESHOLD (`manage.py evaluate claim-to-claim` compares
the two).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np
from django.conf import settings
from django.db import connection
from django.db.models import Count, Max, QuerySet, Value
from django.db.models.functions import Cast

from ..models import Claim, ClaimEmbedding
from ..retrieval import Tier, tier_for
from ..retrieval.ranking import RELATED_THRESHOLD, SAME_CLAIM_THRESHOLD, rank_found
from ..retrieval.types import Document
from ..retrieval.vectors import (
    EXACT_MAX_ROWS,
    RERANK_CANDIDATES,
    ExactVectorIndex,
    HnswVectorIndex,
)
from .library import DIMENSIONS, library_thresholds

RANKINGS = ("hybrid", "dense")
# The dense index's nearest claims the hybrid ranking ranks: what the
# pgvector search reads anyway (it re-ranks that many by the full vectors).
RELATED_CANDIDATES = RERANK_CANDIDATES


@dataclass(frozen=True)
class RelatedMatch:
    """A claim from another article, close to the claim searched for."""

    id: int
    text: str
    score: float  # hybrid: the re-ranker's score in [0, 1]; dense: the cosine
    tier: str  # Tier.SAME or Tier.RELATED
    article_id: int
    url: str = ""
    similarity: float | None = None  # the cosine of the two claims' vectors


def related_ranking() -> str:
    """Return how related claims are ranked: "hybrid" (default) or "dense"."""
    ranking = getattr(settings, "CLAIMS_RELATED_RANKING", "hybrid")
    if ranking not in RANKINGS:
        raise ValueError(f"CLAIMS_RELATED_RANKING must be one of {RANKINGS}, not {ranking!r}")
    return ranking


def related_depth(limit: int) -> int:
    """Return how many nearest claims the dense search fetches for limit."""
    return max(limit, RELATED_CANDIDATES) if related_ranking() == "hybrid" else limit


def related_thresholds() -> tuple[float, float]:
    """Return the related and same-claim thresholds of the dense ranking
    (cosines) from settings; the hybrid ranking uses the library's."""
    return (
        getattr(settings, "CLAIMS_RELATED_THRESHOLD", RELATED_THRESHOLD),
        getattr(settings, "CLAIMS_SAME_CLAIM_THRESHOLD", SAME_CLAIM_THRESHOLD),
    )


def claim_list_related(
    *, claim: Claim, limit: int = 10, backend: str | None = None
) -> list[RelatedMatch]:
    """Return visible claims of other articles related to claim, best first.

    backend is "pgvector" or "exact" (in process: exact up to
    CLAIMS_IN_PROCESS_EXACT_MAX_ROWS vectors, an HNSW graph past them); by
    default pgvector on PostgreSQL.
    """
    vector = claim.embedding if limit > 0 else None
    if vector is None:
        return []
    if backend is None:
        backend = "pgvector" if connection.vendor == "postgresql" else "exact"
    query = np.asarray(vector, dtype=np.float32)
    search = _nearest_pgvector if backend == "pgvector" else _nearest_in_process
    found = search(query, article_id=claim.article_id, limit=related_depth(limit))
    return related_matches(claim=claim, found=found, limit=limit)


def claim_list_related_many(
    *, claims: list[Claim], limit: int = 10
) -> dict[int, list[RelatedMatch]]:
    """Return claim_list_related for each of claims (by id), the claims of
    one article at ingest: on PostgreSQL one query searches for all of them
    (a LATERAL join over their vectors), one reads the vectors and one the
    matched claims (issue #22: 27.8 queries per claim one by one)."""
    if connection.vendor != "postgresql":
        return {claim.pk: claim_list_related(claim=claim, limit=limit) for claim in claims}
    # Ingest attaches each claim's vector row; read the others in one query.
    vectors = {c.pk: c.vector_row.embedding for c in claims if Claim.vector_row.is_cached(c)}
    if missing := [c.pk for c in claims if c.pk not in vectors]:
        vectors |= dict(
            ClaimEmbedding.objects.filter(claim__in=missing).values_list("claim_id", "embedding")
        )
    asking = [c for c in claims if c.pk in vectors] if limit > 0 else []
    found: dict[int, list[tuple[int, float]]] = {c.pk: [] for c in claims}
    if asking:
        with connection.cursor() as cursor:
            cursor.execute(
                NEAREST_MANY_SQL,
                [
                    [c.pk for c in asking],
                    [c.article_id for c in asking],
                    [vector_text(vectors[c.pk]) for c in asking],
                    max(limit, RERANK_CANDIDATES),
                ],
            )
            for claim_id, other_id, distance in cursor.fetchall():
                found[claim_id].append((other_id, float(distance)))
    rows = Claim.objects.only("id", "text", "standalone", "article_id").in_bulk(
        {other_id for pairs in found.values() for other_id, _ in pairs}
    )
    result = {}
    for claim in claims:
        nearest = sorted(found[claim.pk], key=lambda pair: (pair[1], pair[0]))
        pairs = [(rows[other_id], 1.0 - distance) for other_id, distance in nearest]
        result[claim.pk] = related_matches(
            claim=claim, found=pairs[: related_depth(limit)], limit=limit
        )
    return result


# claim_vectors_candidates for several claims at once: the same candidates in
# the half-precision index's order, with their exact distances.
NEAREST_MANY_SQL = f"""
SELECT asked.claim_id, found.claim_id, found.distance
FROM (
    SELECT claim_id, article_id, query::vector({DIMENSIONS}) AS query
    FROM unnest(%s::bigint[], %s::bigint[], %s::text[]) AS given(claim_id, article_id, query)
) AS asked
CROSS JOIN LATERAL (
    SELECT vectors.claim_id, vectors.embedding <=> asked.query AS distance
    FROM claims_claimembedding AS vectors
    JOIN claims_claim AS claims ON claims.id = vectors.claim_id
    WHERE NOT claims.is_hidden AND claims.article_id <> asked.article_id
    ORDER BY vectors.embedding::halfvec({DIMENSIONS}) <=> asked.query::halfvec({DIMENSIONS}),
             vectors.claim_id
    LIMIT %s
) AS found
"""


def vector_text(vector) -> str:
    """Return a vector in pgvector's text form (float32 values, exactly)."""
    return "[" + ",".join(map(str, np.asarray(vector, dtype=np.float32).tolist())) + "]"


def related_matches(
    *, claim: Claim, found: list[tuple[Claim, float]], limit: int | None = None
) -> list[RelatedMatch]:
    """Return the best limit matches of claim among found (claim, cosine)
    pairs, the dense search's candidates, that reach a tier, best first."""
    if related_ranking() == "hybrid":
        return _hybrid_matches(claim=claim, found=found, limit=limit)
    related, same = related_thresholds()
    matches = []
    # Nearest first, ties by id, so both backends give one order.
    for row, score in sorted(found, key=lambda p: (-round(p[1], 5), p[0].pk)):
        tier = tier_for(score, claim.display_text, related_threshold=related, same_threshold=same)
        if tier != Tier.NONE:
            matches.append(
                RelatedMatch(
                    id=row.pk,
                    text=row.text,
                    score=score,
                    tier=tier,
                    article_id=row.article_id,
                    url=row.get_absolute_url(),
                    similarity=score,
                )
            )
    return matches[:limit]


def _hybrid_matches(
    *, claim: Claim, found: list[tuple[Claim, float]], limit: int | None
) -> list[RelatedMatch]:
    """The hybrid ranking of the candidates (`rank_found`), in id order so
    that ties fall the same way on both backends."""
    found = sorted(found, key=lambda pair: pair[0].pk)
    rows = {str(row.pk): (row, cosine) for row, cosine in found}
    related, same = library_thresholds()
    ranked = rank_found(
        claim.display_text,
        [Document(id=str(row.pk), text=row.display_text) for row, _ in found],
        [cosine for _, cosine in found],
        top=len(found),
        related_threshold=related,
        same_threshold=same,
    )
    matches = []
    for match in ranked:
        if match.tier == Tier.NONE:
            continue
        row, cosine = rows[match.doc_id]
        matches.append(
            RelatedMatch(
                id=row.pk,
                text=row.text,
                score=match.score,
                tier=match.tier,
                article_id=row.article_id,
                url=row.get_absolute_url(),
                similarity=cosine,
            )
        )
    return matches[:limit]


def claim_vectors_nearest(
    *, query: np.ndarray, article_id: int, limit: int
) -> list[ClaimEmbedding]:
    """Return the vector rows nearest to query by cosine distance, each with
    its claim, from visible claims of articles other than article_id.

    On PostgreSQL the HNSW index on the vector table (claim_embedding_hnsw)
    walks the rows nearest first and the join keeps the visible claims of
    other articles, as the index returns them; each row's `distance` is the
    exact one, from the full vectors.
    """
    return sorted(
        claim_vectors_candidates(query=query, article_id=article_id, limit=limit),
        key=lambda row: (row.distance, row.claim_id),
    )[:limit]


def claim_vectors_candidates(
    *, query: np.ndarray, article_id: int, limit: int
) -> QuerySet[ClaimEmbedding]:
    """The query claim_vectors_nearest re-ranks: at least RERANK_CANDIDATES
    rows in the half-precision index's order, with their exact distance."""
    from pgvector import HalfVector
    from pgvector.django import CosineDistance, HalfVectorField

    half = HalfVectorField(dimensions=DIMENSIONS)
    approximate = CosineDistance(
        Cast("embedding", half), Cast(Value(HalfVector(query).to_text()), half)
    )
    return (
        ClaimEmbedding.objects.filter(claim__is_hidden=False)
        .exclude(claim__article_id=article_id)
        .select_related("claim")
        .defer("embedding")
        .annotate(approximate=approximate, distance=CosineDistance("embedding", query.tolist()))
        .order_by("approximate", "claim_id")[: max(limit, RERANK_CANDIDATES)]
    )


def _nearest_pgvector(
    query: np.ndarray, *, article_id: int, limit: int
) -> list[tuple[Claim, float]]:
    rows = claim_vectors_nearest(query=query, article_id=article_id, limit=limit)
    return [(row.claim, 1.0 - float(row.distance)) for row in rows]


def _nearest_in_process(
    query: np.ndarray, *, article_id: int, limit: int
) -> list[tuple[Claim, float]]:
    """Search the process's index of claim vectors, then keep the visible
    claims of other articles: fetch more candidates until limit are kept."""
    visible = Claim.objects.filter(is_hidden=False).exclude(article_id=article_id)
    wanted = limit * 4 + 32  # an article's own claims are often its nearest
    while True:
        ids, scores = _CLAIM_VECTORS.search(query, wanted)
        objects = visible.in_bulk(ids)
        best = [(objects[pk], float(s)) for pk, s in zip(ids, scores, strict=True) if pk in objects]
        if len(best) >= limit or len(ids) < wanted:
            return best[:limit]
        wanted *= 4


class InProcessClaimVectors:
    """The claims' vectors for the in-process search (SQLite), per process.

    Up to EXACT_MAX_ROWS vectors: an exact matrix, re-read when a vector
    changes. Past it: a faiss HNSW graph, built in a thread (a minute or two
    at 100k rows on two cores) while queries scan the exact matrix, then kept
    up to date by adding new vectors; a changed vector, or a tenth of the
    rows deleted, starts a new build.
    """

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._exact: tuple[tuple, ExactVectorIndex] | None = None  # (key, index)
        self._graph: tuple[tuple, HnswVectorIndex] | None = None
        self._building: threading.Thread | None = None

    def search(self, query: np.ndarray, k: int) -> tuple[list[int], np.ndarray]:
        """Return the ids and cosines of (about) the k nearest claims."""
        key = _vector_key()
        with self._lock:
            index = self._current(key)
            ids, scores = index.search(query[None, :], k)
        return ids[0], scores[0]

    def wait(self) -> None:
        """Wait for a graph being built (tests, the benchmark)."""
        building = self._building
        if building is not None:
            building.join()

    def _current(self, key: tuple) -> ExactVectorIndex | HnswVectorIndex:
        if self._graph is not None and self._catch_up(key):
            return self._graph[1]
        if self._exact is None or self._exact[0] != key:
            ids, matrix = _vector_rows(ClaimEmbedding.objects.all())
            self._exact = (key, ExactVectorIndex(ids, matrix))
            if len(ids) > _exact_max_rows() and self._building is None:
                self._start_build(key, ids, matrix)
        return self._exact[1]

    def _catch_up(self, key: tuple) -> bool:
        """Bring the graph to key by adding the new vectors; False when only
        a rebuild can (a vector changed, or many rows are gone)."""
        graph_key, graph = self._graph
        if graph_key == key:
            return True
        count, last, updated = key
        _, graph_last, graph_updated = graph_key
        changed = ClaimEmbedding.objects.filter(claim_id__lte=graph_last or 0)
        if graph_updated is not None:
            changed = changed.filter(updated_at__gt=graph_updated)
        if changed.exists() or len(graph) - count > len(graph) // 10:
            self._graph = None
            return False
        ids, matrix = _vector_rows(ClaimEmbedding.objects.filter(claim_id__gt=graph_last or 0))
        graph.add(ids, matrix)
        self._graph = (key, graph)
        return True

    def _start_build(self, key: tuple, ids: list[int], matrix: np.ndarray) -> None:
        def build() -> None:
            graph = HnswVectorIndex(ids, matrix)
            with self._lock:
                self._graph, self._building = (key, graph), None
                self._exact = None  # the graph serves from now on

        self._building = threading.Thread(target=build, name="claim-vector-graph", daemon=True)
        self._building.start()


def _vector_key() -> tuple:
    """What changes when a vector is added, removed or changed."""
    return tuple(
        ClaimEmbedding.objects.aggregate(
            count=Count("claim_id"), last=Max("claim_id"), updated=Max("updated_at")
        ).values()
    )


def _vector_rows(vectors: QuerySet) -> tuple[list[int], np.ndarray]:
    rows = vectors.order_by("claim_id").values_list("claim_id", "embedding")
    ids = [pk for pk, _ in rows]
    if not ids:
        return ids, np.zeros((0, DIMENSIONS), dtype=np.float32)
    return ids, np.vstack([np.asarray(vector, dtype=np.float32) for _, vector in rows])


def _exact_max_rows() -> int:
    return getattr(settings, "CLAIMS_IN_PROCESS_EXACT_MAX_ROWS", EXACT_MAX_ROWS)


_CLAIM_VECTORS = InProcessClaimVectors()
