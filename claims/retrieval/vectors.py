"""Nearest-neighbour search over normalised embeddings.

`VectorIndex` is the whole contract the ranker needs. In process (SQLite,
tests, the evaluation) `in_process_index` gives an `ExactVectorIndex` up to
`EXACT_MAX_ROWS` rows and an `HnswVectorIndex` (faiss) past it, where one
exact scan costs tens of milliseconds on two cores; a pgvector
implementation in the Django layer serves PostgreSQL.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

VECTOR_SHAPE_INVALID = "expected {rows} vectors of one dimension, got shape {shape}"
# Past this many rows the in-process backend searches an HNSW graph: an exact
# scan of 20k rows takes a few ms here, of 100k some 20-80 ms.
EXACT_MAX_ROWS = 20_000
# pgvector: the claims' HNSW index holds half-precision copies of the vectors
# (migration 0010), half the pages to walk at 1M rows; its first this many
# candidates are re-ranked by the full vectors, which fixes the near-ties half
# precision blurs (claims.selectors.related, bench/similarity.py).
RERANK_CANDIDATES = 40
# faiss HNSW: m links a node, build and search beam widths. Chosen with
# bench/similarity.py (recall@10 against exact at 100k; see the README).
HNSW_M, HNSW_EF_CONSTRUCTION, HNSW_EF_SEARCH = 32, 80, 96
# Outside the repo: embeddings are derived data, minutes to rebuild.
DEFAULT_EMBEDDING_CACHE = Path(tempfile.gettempdir()) / "claim-workbench-embeddings"


class VectorIndex(Protocol):
    """Cosine search over document vectors (rows are L2-normalised)."""

    def search(self, query_vectors: np.ndarray, k: int) -> tuple[list[list[str]], np.ndarray]:
        """Return the ids and cosines of the k nearest documents per query row."""
        ...

    def embeddings(self, ids: Sequence[str]) -> np.ndarray:
        """Return the vectors of these documents, one row per id, in order."""
        ...


class ExactVectorIndex:
    """Exact search over a numpy matrix: one normalised row per document."""

    def __init__(self, ids: Sequence[str], matrix: np.ndarray):
        matrix = _as_matrix(ids, matrix)
        self.ids = list(ids)
        self.matrix = matrix
        self._position = {doc_id: row for row, doc_id in enumerate(self.ids)}

    def __len__(self) -> int:
        return len(self.ids)

    def search(self, query_vectors: np.ndarray, k: int) -> tuple[list[list[str]], np.ndarray]:
        """Return the ids and cosines of the k nearest documents per query row,
        nearest first; equal cosines in row order."""
        queries = np.asarray(query_vectors, dtype=np.float32)
        k = max(0, min(k, len(self.ids)))
        ids, scores = [], np.zeros((len(queries), k), dtype=np.float32)
        for row, query in enumerate(queries):
            # One matrix-vector product per query, batch or not, so that a
            # query gets the same cosines to the last bit either way.
            cosines = self.matrix @ query
            best = top_rows(cosines, k)
            ids.append([self.ids[i] for i in best])
            scores[row] = cosines[best]
        return ids, scores

    def embeddings(self, ids: Sequence[str]) -> np.ndarray:
        """Return the vectors of these documents, one row per id, in order."""
        return self.matrix[[self._position[doc_id] for doc_id in ids]]


class HnswVectorIndex:
    """Approximate search over a faiss HNSW graph of normalised rows (inner
    product = cosine). Rows can be added, never removed: a caller filters out
    rows that are gone, and rebuilds when too many are."""

    def __init__(
        self,
        ids: Sequence,
        matrix: np.ndarray,
        *,
        m: int = HNSW_M,
        ef_construction: int = HNSW_EF_CONSTRUCTION,
        ef_search: int = HNSW_EF_SEARCH,
    ):
        import faiss

        matrix = _as_matrix(ids, matrix)
        self._index = faiss.IndexHNSWFlat(matrix.shape[1], m, faiss.METRIC_INNER_PRODUCT)
        self._index.hnsw.efConstruction = ef_construction
        self._index.hnsw.efSearch = ef_search
        self.ids: list = []
        self._position: dict = {}
        self.add(ids, matrix)

    def __len__(self) -> int:
        return len(self.ids)

    def add(self, ids: Sequence, matrix: np.ndarray) -> None:
        """Add rows (ids not in the index yet)."""
        matrix = _as_matrix(ids, matrix)
        if not len(ids):
            return
        self._index.add(np.ascontiguousarray(matrix))
        self._position.update((doc_id, len(self.ids) + row) for row, doc_id in enumerate(ids))
        self.ids.extend(ids)

    def search(self, query_vectors: np.ndarray, k: int) -> tuple[list[list], np.ndarray]:
        """Return the ids and cosines of (about) the k nearest rows per query,
        nearest first; equal cosines in row order, as ExactVectorIndex."""
        queries = np.ascontiguousarray(np.asarray(query_vectors, dtype=np.float32))
        k = max(0, min(k, len(self.ids)))
        if k == 0:
            return [[] for _ in queries], np.zeros((len(queries), 0), dtype=np.float32)
        cosines, rows = self._index.search(queries, k)
        ids, scores = [], np.zeros((len(queries), k), dtype=np.float32)
        for q, (found, score) in enumerate(zip(rows, cosines, strict=True)):
            keep = found >= 0  # fewer than k reachable: faiss pads with -1
            found, score = found[keep], score[keep]
            order = np.lexsort((found, -score))
            ids.append([self.ids[i] for i in found[order]])
            scores[q, : len(order)] = score[order]
        return ids, scores

    def embeddings(self, ids: Sequence) -> np.ndarray:
        """Return the vectors of these documents, one row per id, in order."""
        rows = np.asarray([self._position[doc_id] for doc_id in ids], dtype=np.int64)
        return self._index.reconstruct_batch(rows)


def in_process_index(
    ids: Sequence, matrix: np.ndarray, *, exact_max_rows: int = EXACT_MAX_ROWS, **hnsw: int
) -> ExactVectorIndex | HnswVectorIndex:
    """Return the in-process index for these rows: exact up to exact_max_rows,
    an HNSW graph past it (hnsw: m, ef_construction, ef_search)."""
    if len(ids) <= exact_max_rows:
        return ExactVectorIndex(ids, matrix)
    return HnswVectorIndex(ids, matrix, **hnsw)


def _as_matrix(ids: Sequence, matrix: np.ndarray) -> np.ndarray:
    matrix = np.asarray(matrix, dtype=np.float32)
    if matrix.ndim != 2 or len(matrix) != len(ids):
        raise ValueError(VECTOR_SHAPE_INVALID.format(rows=len(ids), shape=matrix.shape))
    return matrix


def top_rows(scores: np.ndarray, k: int) -> np.ndarray:
    """Return the rows of the k highest scores, highest first, equal scores
    by row: the same rows whatever the partition happens to pick."""
    k = min(k, len(scores))
    if k <= 0:
        return np.zeros(0, dtype=np.int64)
    if k < len(scores):
        # argpartition alone may keep any of several rows tied at the k-th
        # score; take them all, then the first by row.
        kth = np.partition(scores, len(scores) - k)[len(scores) - k]
        candidates = np.flatnonzero(scores >= kth)
    else:
        candidates = np.arange(len(scores))
    order = np.lexsort((candidates, -scores[candidates]))
    return candidates[order[:k]]


def cached_encoder(
    encode: Callable[[list[str]], np.ndarray], cache_dir: str | Path, *, model: str
) -> Callable[[list[str]], np.ndarray]:
    """Return encode, memoised on disk: one .npy per (model, list of texts).

    Embedding a 14k-claim corpus takes minutes on two cores; the evaluation
    and the training script reuse the vectors between runs.
    """
    cache_dir = Path(cache_dir)

    def encode_cached(texts: list[str]) -> np.ndarray:
        digest = hashlib.sha256(model.encode())
        for text in texts:
            digest.update(text.encode("utf-8") + b"\x00")
        path = cache_dir / f"{digest.hexdigest()[:32]}.npy"
        if path.is_file():
            return np.load(path)
        vectors = encode(texts)
        cache_dir.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".tmp.npy")
        np.save(partial, vectors)
        partial.replace(path)
        return vectors

    return encode_cached


def default_encoder(
    cache_dir: str | Path | None = DEFAULT_EMBEDDING_CACHE,
) -> Callable[[list[str]], np.ndarray]:
    """Return the packaged MiniLM encoder, memoised in cache_dir unless it is None."""
    from claims.nlp.embeddings import ENCODER_PACKAGE, embed_texts

    if cache_dir is None:
        return embed_texts
    return cached_encoder(embed_texts, cache_dir, model=ENCODER_PACKAGE)
