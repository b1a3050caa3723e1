"""Claim matching (issue #4): find the checked claims a text repeats or relates to.

Pure Python, no Django: the Django layer supplies the documents and a
`VectorIndex` (pgvector) and calls `HybridRanker.search`.

    cleaning.py        social-media query cleaning (links, handles, signature)
    lexical.py         BM25 over document fields (bm25s)
    vectors.py         the VectorIndex protocol, exact numpy search, embedding cache
    ranking.py         HybridRanker, the JSON re-ranker, tier_for
    thresholds.py      the figures behind the tier thresholds
    datasets.py        CheckThat! corpus, query and qrels readers
    metrics.py         MAP@k, MRR, recall@k
    train_reranker.py  `python -m claims.retrieval.train_reranker --dataset DIR`
"""

from claims.retrieval.ranking import HybridRanker, Reranker, build_ranker, tier_for
from claims.retrieval.types import Document, Match, Query, Tier
from claims.retrieval.vectors import ExactVectorIndex, VectorIndex

__all__ = [
    "Document",
    "ExactVectorIndex",
    "HybridRanker",
    "Match",
    "Query",
    "Reranker",
    "Tier",
    "VectorIndex",
    "build_ranker",
    "tier_for",
]
