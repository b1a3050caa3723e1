"""The library of checked claims, searched the way `manage.py match` searches
a CheckThat! corpus (issue #4).

`library_search` runs `claims.retrieval.ranking.HybridRanker` (dense and BM25
candidates, the learned re-ranker, tiers) over the CheckedClaim rows. Only
the vector indexes differ by database: pgvector HNSW on PostgreSQL, exact
numpy search in process elsewhere; both give the same results on the same
data (tests/test_library_search.py). The ranker, with its BM25 index, is
built once per process and rebuilt when the library changes.

Queries carry no date: the re-ranker's date features encode CheckThat!'s
"the check follows the tweet" prior, which does not hold for a claim that
repeats an old fact-check; its tiers were chosen on undated queries.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from django.conf import settings
from django.db import connection
from django.db.models import Count, Max, QuerySet

from ..models import CheckedClaim, Claim, ClaimRelation, LibraryMatch
from ..retrieval import Tier
from ..retrieval.lexical import LexicalIndex
from ..retrieval.ranking import RELATED_THRESHOLD, SAME_CLAIM_THRESHOLD, HybridRanker
from ..retrieval.types import Document, Query
from ..retrieval.vectors import ExactVectorIndex, VectorIndex, in_process_index

DIMENSIONS = 384


@dataclass(frozen=True)
class LibraryHit:
    """A checked claim found for a query text, best first."""

    checked_claim_id: int
    score: float  # the re-ranker's probability that the query repeats it
    similarity: float  # best cosine of the query with its text or headline
    tier: str  # Tier.SAME or Tier.RELATED


def library_thresholds() -> tuple[float, float]:
    """Return the related and same-claim thresholds on the re-ranker's score."""
    return (
        getattr(settings, "CLAIMS_LIBRARY_RELATED_THRESHOLD", RELATED_THRESHOLD),
        getattr(settings, "CLAIMS_LIBRARY_SAME_CLAIM_THRESHOLD", SAME_CLAIM_THRESHOLD),
    )


def library_search(
    texts: Sequence[str],
    *,
    vectors: Sequence[np.ndarray | None] | None = None,
    top: int = 5,
    backend: str | None = None,
    below_related: bool = False,
) -> list[list[LibraryHit]]:
    """Return, per text, the checked claims above the related threshold.

    vectors, when given, are the texts' stored MiniLM embeddings (reused
    rather than computed again). backend is "pgvector" or "exact"; by
    default pgvector on PostgreSQL. below_related keeps the weaker of the
    `top` matches too (tier "none"), as a ranked run needs.
    """
    if not texts:
        return []
    ranker = library_ranker(backend=backend)
    if ranker is None:
        return [[] for _ in texts]
    known = {
        text: np.asarray(vector, dtype=np.float32)
        for text, vector in zip(texts, vectors or (), strict=False)
        if vector is not None
    }
    related, same = library_thresholds()
    results = ranker.search(
        [Query(id=str(i), text=text) for i, text in enumerate(texts)],
        top=top,
        related_threshold=related,
        same_threshold=same,
        encode=_encoder_reusing(known),
    )
    return [
        [
            LibraryHit(
                checked_claim_id=int(match.doc_id),
                score=match.score,
                similarity=match.dense_score,
                tier=match.tier,
            )
            for match in matches
            if below_related or match.tier != Tier.NONE
        ]
        for matches in results
    ]


def library_nearest(
    vectors: Sequence[np.ndarray | None], *, backend: str | None = None
) -> list[tuple[int, float] | None]:
    """Return, per vector, its nearest checked claim and their cosine; None
    for a missing vector or an empty library. The queue's priority uses it."""
    ranker = library_ranker(backend=backend)
    present = [row for row, vector in enumerate(vectors) if vector is not None]
    nearest: list[tuple[int, float] | None] = [None] * len(vectors)
    if ranker is None or not present:
        return nearest
    queries = np.vstack([np.asarray(vectors[row], dtype=np.float32) for row in present])
    ids, cosines = ranker.vectors["text"].search(queries, 1)
    for row, found, cosine in zip(present, ids, cosines, strict=True):
        if found:
            nearest[row] = (int(found[0]), float(cosine[0]))
    return nearest


def library_match_list(*, claim: Claim) -> QuerySet[LibraryMatch]:
    """Return the claim's stored library matches, best first, rejected ones
    too (a decision can be undone); never a withdrawn check (a retracted
    verdict of the desk)."""
    return (
        LibraryMatch.objects.filter(claim=claim, checked_claim__withdrawn_at=None)
        .select_related("checked_claim", "decided_by")
        .defer("checked_claim__embedding", "checked_claim__title_embedding")
        .order_by("-score", "id")
    )


def library_checks_for(*, claim_ids: Sequence[int]) -> dict[int, LibraryMatch]:
    """Return, per claim, its best same-claim match not rejected: the verdict
    the queue shows at once."""
    matches = (
        LibraryMatch.objects.filter(
            claim_id__in=list(claim_ids),
            tier=ClaimRelation.Tier.SAME,
            checked_claim__withdrawn_at=None,
        )
        .exclude(decision=ClaimRelation.Decision.REJECTED)
        .select_related("checked_claim")
        .defer("checked_claim__embedding", "checked_claim__title_embedding")
        .order_by("claim_id", "-score", "id")
    )
    best: dict[int, LibraryMatch] = {}
    for match in matches:
        best.setdefault(match.claim_id, match)
    return best


def _encoder_reusing(known: dict[str, np.ndarray]):
    """Return an encoder that reuses stored vectors and embeds the rest."""

    def encode(texts: list[str]) -> np.ndarray:
        missing = [text for text in texts if text not in known]
        if missing:
            from ..nlp.embeddings import embed_texts

            for text, vector in zip(missing, embed_texts(missing), strict=True):
                known[text] = np.asarray(vector, dtype=np.float32)
        return np.vstack([known[text] for text in texts])

    return encode


# --- The ranker over the library, per process -------------------------------

# backend -> (library version, ranker or None when the library is empty)
_RANKERS: dict[str, tuple[tuple, HybridRanker | None]] = {}
_RANKERS_LOCK = threading.Lock()


def library_ranker(*, backend: str | None = None) -> HybridRanker | None:
    """Return the hybrid ranker over the library, None if the library is empty."""
    if backend is None:
        backend = "pgvector" if connection.vendor == "postgresql" else "exact"
    version = library_version()
    cached = _RANKERS.get(backend)
    if cached is not None and cached[0] == version:
        return cached[1]
    with _RANKERS_LOCK:
        cached = _RANKERS.get(backend)
        if cached is None or cached[0] != version:
            cached = (version, _build_ranker(backend))
            _RANKERS[backend] = cached
    return cached[1]


def library_version() -> tuple:
    """Return what changes whenever a checked claim is added, removed or edited."""
    return tuple(
        CheckedClaim.objects.exclude(embedding=None)
        .aggregate(count=Count("id"), last=Max("id"), updated=Max("updated_at"))
        .values()
    )


def _build_ranker(backend: str) -> HybridRanker | None:
    rows = (
        CheckedClaim.objects.exclude(embedding=None)
        .order_by("id")
        .values_list("id", "text", "title", "published_on")
    )
    documents = [
        Document(id=str(pk), text=text, title=title, date=published_on)
        for pk, text, title, published_on in rows
    ]
    if not documents:
        return None
    if backend == "pgvector":
        vectors = {"text": PgvectorIndex("embedding"), "title": PgvectorIndex("title_embedding")}
    else:
        vectors = _exact_indexes()
    return HybridRanker(documents, vectors=vectors, lexical=LexicalIndex(documents))


def _exact_indexes() -> dict[str, VectorIndex]:
    rows = CheckedClaim.objects.exclude(embedding=None).order_by("id")
    ids, texts, titles, titled = [], [], [], []
    for pk, text_vector, title_vector in rows.values_list("id", "embedding", "title_embedding"):
        ids.append(str(pk))
        texts.append(np.asarray(text_vector, dtype=np.float32))
        titles.append(texts[-1] if title_vector is None else np.asarray(title_vector, np.float32))
        titled.append(title_vector is not None)
    text_matrix, title_matrix = np.vstack(texts), np.vstack(titles)
    titled = np.asarray(titled)
    return {
        "text": in_process_index(ids, text_matrix),
        "title": _TitleIndex(
            searched=in_process_index([i for i, t in zip(ids, titled) if t], title_matrix[titled]),
            every_row=ExactVectorIndex(ids, title_matrix),
        ),
    }


@dataclass(frozen=True)
class _TitleIndex:
    """Headlines: only checks with one are searched; a check without one
    lends its claim's vector to the features, as on PostgreSQL."""

    searched: VectorIndex
    every_row: ExactVectorIndex

    def search(self, query_vectors: np.ndarray, k: int):
        if not len(self.searched):
            return [[] for _ in query_vectors], np.zeros((len(query_vectors), 0), np.float32)
        return self.searched.search(query_vectors, k)

    def embeddings(self, ids: Sequence[str]) -> np.ndarray:
        return self.every_row.embeddings(ids)


class PgvectorIndex:
    """`VectorIndex` over a CheckedClaim vector column, served by its HNSW index."""

    def __init__(self, column: str):
        self.column = column

    def search(self, query_vectors: np.ndarray, k: int) -> tuple[list[list[str]], np.ndarray]:
        from pgvector.django import CosineDistance

        ids, scores = [], np.zeros((len(query_vectors), k), dtype=np.float32)
        for row, vector in enumerate(np.asarray(query_vectors, dtype=np.float32)):
            found = list(
                CheckedClaim.objects.exclude(**{self.column: None})
                .annotate(distance=CosineDistance(self.column, vector.tolist()))
                .order_by("distance", "id")
                .values_list("id", "distance")[:k]
            )
            ids.append([str(pk) for pk, _ in found])
            scores[row, : len(found)] = [1.0 - distance for _, distance in found]
        return ids, scores

    def embeddings(self, ids: Sequence[str]) -> np.ndarray:
        """Return the rows' vectors; a check without a headline gives its claim's."""
        rows = CheckedClaim.objects.filter(pk__in=[int(i) for i in ids]).values_list(
            "id", self.column, "embedding"
        )
        found = {str(pk): own if own is not None else text for pk, own, text in rows}
        return np.vstack([np.asarray(found[i], dtype=np.float32) for i in ids])
