"""Check-worthiness model, part 2: a sentence's wording, as TF-IDF word uni-
and bigrams (one vocabulary per training source)."""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

TOKEN_PATTERN = re.compile(r"(?u)\b\w\w+\b")  # scikit-learn's default


def ngrams(text: str) -> list[str]:
    """Return the lower-cased word unigrams and bigrams of a text."""
    tokens = TOKEN_PATTERN.findall(text.lower())
    return tokens + [f"{a} {b}" for a, b in zip(tokens, tokens[1:], strict=False)]


@dataclass
class Wording:
    """TF-IDF over word n-grams (sublinear tf, smooth idf, L2 rows)."""

    vocabulary: dict[str, int]
    idf: np.ndarray

    @classmethod
    def fit(cls, texts: Sequence[str], *, min_df: int = 2) -> Wording:
        """Learn the vocabulary (n-grams in at least min_df texts) and idf."""
        df = Counter(gram for text in texts for gram in set(ngrams(text)))
        terms = sorted(gram for gram, count in df.items() if count >= min_df)
        n = len(texts)
        idf = np.array([math.log((1 + n) / (1 + df[t])) + 1 for t in terms], dtype=np.float32)
        return cls({t: i for i, t in enumerate(terms)}, idf)

    def transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        """Return one L2-normalised TF-IDF row per text."""
        indptr, indices, data = [0], [], []
        for text in texts:
            counts = Counter(g for g in ngrams(text) if g in self.vocabulary)
            columns = np.array([self.vocabulary[g] for g in counts], dtype=np.int64)
            weights = np.array([1 + math.log(c) for c in counts.values()], dtype=np.float32)
            weights *= self.idf[columns] if len(columns) else 1.0
            norm = float(np.linalg.norm(weights))
            indices.extend(columns.tolist())
            data.extend((weights / norm if norm else weights).tolist())
            indptr.append(len(indices))
        return sparse.csr_matrix(
            (np.array(data, dtype=np.float32), np.array(indices, dtype=np.int64), indptr),
            shape=(len(texts), len(self.idf)),
        )

    @functools.cached_property
    def terms(self) -> list[str]:
        """Return the n-grams in column order."""
        return sorted(self.vocabulary, key=self.vocabulary.__getitem__)


@dataclass
class WordingBlocks:
    """TF-IDF blocks side by side, one per training source's vocabulary."""

    blocks: list[Wording]

    def transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        """Return the blocks' rows for each text, concatenated."""
        return sparse.hstack([block.transform(texts) for block in self.blocks], format="csr")

    @functools.cached_property
    def terms(self) -> list[str]:
        """Return the n-grams in column order (a term may recur across blocks)."""
        return [term for block in self.blocks for term in block.terms]

    @property
    def size(self) -> int:
        return sum(len(block.idf) for block in self.blocks)
