"""Nearest-neighbour search over normalised embeddings.

`VectorIndex` is the whole contract the ranker needs; the in-process
`ExactVectorIndex` serves SQLite, tests and the evaluation, and a pgvector
implementation in the Django layer serves PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import numpy as np

from claims.retrieval.lexical import top_k

VECTOR_SHAPE_INVALID = "expected {rows} vectors of one dimension, got shape {shape}"


class VectorIndex(Protocol):
    """Cosine search over document vectors (rows are L2-normalised)."""

    def search(
        self, query_vectors: np.ndarray, k: int
    ) -> tuple[list[list[str]], np.ndarray]:
        """Return the ids and cosines of the k nearest documents per query row."""
        ...


class ExactVectorIndex:
    """Exact search over a numpy matrix: one normalised row per document."""

    def __init__(self, ids: Sequence[str], vectors: np.ndarray):
        vectors = np.asarray(vectors, dtype=np.float32)
        if vectors.ndim != 2 or len(vectors) != len(ids):
            raise ValueError(VECTOR_SHAPE_INVALID.format(rows=len(ids), shape=vectors.shape))
        self.ids = list(ids)
        self.vectors = vectors

    def __len__(self) -> int:
        return len(self.ids)

    def similarities(self, query_vectors: np.ndarray) -> np.ndarray:
        """Return the cosine of every query row with every document row."""
        return np.asarray(query_vectors, dtype=np.float32) @ self.vectors.T

    def search(
        self, query_vectors: np.ndarray, k: int
    ) -> tuple[list[list[str]], np.ndarray]:
        """Return the ids and cosines of the k nearest documents per query row."""
        similarities = self.similarities(query_vectors)
        k = min(k, len(self.ids))
        ids, scores = [], np.zeros((len(similarities), k), dtype=np.float32)
        for row, cosines in enumerate(similarities):
            best = top_k(cosines, k)
            ids.append([self.ids[i] for i in best])
            scores[row] = cosines[best]
        return ids, scores
