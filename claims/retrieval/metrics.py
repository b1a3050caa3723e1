"""Ranking metrics as the CheckThat! scorers compute them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence


def average_precision(ranked: Sequence[str], relevant: set[str], k: int) -> float:
    """Return AP@k: precision at each relevant hit in the top k, over |relevant|."""
    if not relevant:
        return 0.0
    hits, total = 0, 0.0
    for rank, doc_id in enumerate(ranked[:k], start=1):
        if doc_id in relevant:
            hits += 1
            total += hits / rank
    return total / len(relevant)


def reciprocal_rank(ranked: Sequence[str], relevant: set[str]) -> float:
    """Return 1 / the rank of the first relevant document, 0 if none is ranked."""
    for rank, doc_id in enumerate(ranked, start=1):
        if doc_id in relevant:
            return 1.0 / rank
    return 0.0


def recall(ranked: Sequence[str], relevant: set[str], k: int) -> float:
    """Return the share of relevant documents found in the top k."""
    if not relevant:
        return 0.0
    return len(relevant.intersection(ranked[:k])) / len(relevant)


def ranking_figures(
    runs: Mapping[str, Sequence[str]], qrels: Mapping[str, set[str]]
) -> dict[str, float]:
    """Return MAP@1, MAP@5, MRR and recall@5 of ranked ids per query id.

    Every query in qrels counts; a query missing from runs scores 0.
    """
    figures = {"map@1": 0.0, "map@5": 0.0, "mrr": 0.0, "recall@5": 0.0}
    for query_id, relevant in qrels.items():
        ranked = runs.get(query_id, [])
        figures["map@1"] += average_precision(ranked, relevant, 1)
        figures["map@5"] += average_precision(ranked, relevant, 5)
        figures["mrr"] += reciprocal_rank(ranked, relevant)
        figures["recall@5"] += recall(ranked, relevant, 5)
    count = max(len(qrels), 1)
    return {name: value / count for name, value in figures.items()}
