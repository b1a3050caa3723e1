"""Figures behind the related / same-claim thresholds.

On a split whose qrels give each query its true match, for each candidate
threshold t:

* same precision: of the queries whose best match scores >= t (and that are
  long enough to be auto-linked), the share whose best match is the true one;
* same recall: the share of all queries auto-linked to their true match;
* false same, no match: the same rule when the true match is withheld from
  the library, the usual case in production, where every auto-link is wrong;
* related recall: the share of queries whose true match is in the top 5 with
  a score >= t; shown: the mean number of top-5 matches at or above t, with
  and without the true match in the library.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TextIO

import numpy as np

from claims.retrieval.ranking import SAME_CLAIM_MIN_WORDS, Candidates, HybridRanker, word_count

CANDIDATE_THRESHOLDS = (0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95)


def threshold_figures(
    ranker: HybridRanker,
    candidates: Sequence[Candidates],
    texts: Sequence[str],
    relevant: Sequence[set[str]],
    thresholds: Sequence[float] = CANDIDATE_THRESHOLDS,
    top: int = 5,
) -> list[dict]:
    """Return one row of tier figures per threshold (see the module docstring)."""
    with_match, without_match = [], []
    for query_candidates, gold in zip(candidates, relevant, strict=True):
        with_match.append(ranker.rank(query_candidates, top=top))
        without_match.append(ranker.rank(query_candidates.without(gold), top=top))
    long_enough = np.array([word_count(text) >= SAME_CLAIM_MIN_WORDS for text in texts])
    best = np.array([m[0].score if m else 0.0 for m in with_match])
    best_is_gold = np.array(
        [bool(m) and m[0].doc_id in g for m, g in zip(with_match, relevant, strict=True)]
    )
    best_without = np.array([m[0].score if m else 0.0 for m in without_match])
    rows = []
    for threshold in thresholds:
        linked = (best >= threshold) & long_enough
        found = [
            any(match.doc_id in gold and match.score >= threshold for match in matches)
            for matches, gold in zip(with_match, relevant, strict=True)
        ]
        rows.append(
            {
                "threshold": threshold,
                "same_precision": float(best_is_gold[linked].mean()) if linked.any() else 1.0,
                "same_recall": float((linked & best_is_gold).mean()),
                "false_same_no_match": float(((best_without >= threshold) & long_enough).mean()),
                "related_recall": float(np.mean(found)),
                "shown": _mean_shown(with_match, threshold),
                "shown_no_match": _mean_shown(without_match, threshold),
            }
        )
    return rows


def _mean_shown(results: Sequence[Sequence], threshold: float) -> float:
    return float(np.mean([sum(match.score >= threshold for match in r) for r in results]))


def print_threshold_table(rows: Sequence[Mapping], out: TextIO, *, title: str) -> None:
    """Print threshold_figures rows as a table."""
    out.write(f"{title}\n")
    out.write(
        f"{'threshold':>9}  {'same P':>6}  {'same R':>6}  {'false same*':>11}"
        f"  {'related R':>9}  {'shown':>5}  {'shown*':>6}\n"
    )
    for row in rows:
        out.write(
            f"{row['threshold']:>9.2f}  {row['same_precision']:>6.3f}  {row['same_recall']:>6.3f}"
            f"  {row['false_same_no_match']:>11.3f}  {row['related_recall']:>9.3f}"
            f"  {row['shown']:>5.2f}  {row['shown_no_match']:>6.2f}\n"
        )
    out.write("* with the true match withheld from the library\n")
