"""BM25 over documents with fields (claim text, title, subtitle), via bm25s."""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Sequence

import bm25s
import numpy as np
import Stemmer

from claims.retrieval.types import Document

# bm25s sets its logger to DEBUG and logs every index build; keep it quiet.
logging.getLogger("bm25s").setLevel(logging.WARNING)

# Fields of `Document` indexed on their own, and "all" = their concatenation.
FIELDS = ("text", "title", "subtitle")
ALL_FIELDS = "all"

# Lucene's English stop words, as bm25s ships them.
STOP_WORDS = frozenset(bm25s.stopwords.STOPWORDS_EN)
_WORD = re.compile(r"[^\W_]+")
_POSSESSIVE = re.compile(r"['’]s\b")


@functools.cache
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("english")


def tokenize(text: str) -> list[str]:
    """Return the stemmed, lower-cased words of text, without stop words."""
    return list(_tokens(text))


@functools.lru_cache(maxsize=1 << 16)
def _tokens(text: str) -> tuple[str, ...]:
    # Cached: at ingest the same candidates come back for several claims of
    # an article (issue #22).
    words = _WORD.findall(_POSSESSIVE.sub("", text.lower()))
    return tuple(_stemmer().stemWords([word for word in words if word not in STOP_WORDS]))


class LexicalIndex:
    """A BM25 index over each field of a set of documents, and over all of them."""

    def __init__(self, documents: Sequence[Document], *, k1: float = 1.2, b: float = 0.75):
        self.ids = [document.id for document in documents]
        texts = {field: [getattr(d, field) for d in documents] for field in FIELDS}
        texts[ALL_FIELDS] = [" ".join(getattr(d, field) for field in FIELDS) for d in documents]
        self._indexes: dict[str, bm25s.BM25] = {}
        built: dict[tuple, bm25s.BM25] = {}
        for field, column in texts.items():
            tokens = tuple(_tokens(text) for text in column)
            if not any(tokens):  # e.g. no subtitles in the 2020 corpus
                continue
            # A field with the same words as another (documents with text
            # alone: "all" is the text) shares its index.
            if tokens not in built:
                built[tokens] = bm25s.BM25(k1=k1, b=b)
                built[tokens].index([list(t) for t in tokens], show_progress=False)
            self._indexes[field] = built[tokens]

    @property
    def fields(self) -> list[str]:
        """Return the fields that have text in at least one document."""
        return list(self._indexes)

    def __len__(self) -> int:
        return len(self.ids)

    def scores(self, query: str, field: str = ALL_FIELDS) -> np.ndarray:
        """Return the BM25 score of every document's field for query (zeros if absent)."""
        index = self._indexes.get(field)
        if index is None or not self.ids:
            return np.zeros(len(self.ids), dtype=np.float32)
        tokens = [token for token in tokenize(query) if token in index.vocab_dict]
        if not tokens:
            return np.zeros(len(self.ids), dtype=np.float32)
        return index.get_scores(tokens).astype(np.float32, copy=False)

    def search(
        self, queries: Sequence[str], k: int, field: str = ALL_FIELDS
    ) -> tuple[list[list[str]], np.ndarray]:
        """Return the ids and scores of the k best documents per query, best first."""
        k = min(k, len(self.ids))
        ids, rows = [], np.zeros((len(queries), k), dtype=np.float32)
        for row, query in enumerate(queries):
            scores = self.scores(query, field)
            best = top_k(scores, k)
            ids.append([self.ids[i] for i in best])
            rows[row] = scores[best]
        return ids, rows


def top_k(scores: np.ndarray, k: int) -> np.ndarray:
    """Return the indexes of the k highest scores, highest first (ties by index)."""
    k = min(k, len(scores))
    if k <= 0:
        return np.zeros(0, dtype=np.int64)
    best = np.argpartition(-scores, k - 1)[:k]
    return best[np.lexsort((best, -scores[best]))]
