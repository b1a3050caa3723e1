"""Train the research re-ranker on the CheckThat! 2022 train split.

    python -m claims.retrieval.train_reranker \\
        --dataset ../shared/data/checkthat2022_task2a_en_claim_retrieval \\
        [--out data/reranker-checkthat2022.json]

A locally built variant, never the shipped `reranker.json` (issue #21: the
data's terms allow research use only; the shipped re-ranker is the untrained
fusion of `fusion.py`). Compare the two with `manage.py evaluate matching
--reranker data/reranker-checkthat2022.json`.

Data: CLEF-2022 CheckThat! Task 2A (English), tweets and the Snopes checks
they repeat; the lab's licence: "These datasets are free for general
research use." Only the train split is fitted; the dev split picks nothing
but is reported, with the threshold figures behind the recommended settings.
The 2020 dev tweets are part of this train split, so 2020 dev figures of the
shipped re-ranker are not held out (`evaluate matching` refits on 2020 train
for them).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np

from claims.retrieval.datasets import dataset_split
from claims.retrieval.metrics import ranking_figures
from claims.retrieval.ranking import (
    CANDIDATE_DEPTH,
    FEATURES,
    RERANKER_PATH,
    Candidates,
    HybridRanker,
    Reranker,
    build_ranker,
)
from claims.retrieval.thresholds import print_threshold_table, threshold_figures
from claims.retrieval.vectors import DEFAULT_EMBEDDING_CACHE, default_encoder

RESEARCH_PATH = RERANKER_PATH.parents[2] / "data" / "reranker-checkthat2022.json"
REGULARISATION = 1.0  # sklearn's C; 0.1 and 10 give the same cross-validated MAP@5
ORIGIN = (
    "CLEF-2022 CheckThat! Task 2A English, train split (tweets -> Snopes checks); "
    '"These datasets are free for general research use."'
)


def fit_reranker(candidates: Sequence[Candidates], relevant: Sequence[set[str]]) -> Reranker:
    """Return a logistic regression of "is the true match" on candidate features.

    A dated query is also seen without its date, as a claim from an undated
    source would be. Each variant is also seen with its true match removed
    from the library (every candidate a negative), as most queries are in
    production: the score must then stay low although some candidate is
    still the best of the rest.
    """
    from sklearn.linear_model import LogisticRegression

    rows, labels = [], []
    for query_candidates, gold in zip(candidates, relevant, strict=True):
        variants = [query_candidates]
        if query_candidates.query.date is not None:
            variants.append(
                replace(query_candidates, query=replace(query_candidates.query, date=None))
            )
        variants += [variant.without(gold) for variant in variants]
        for variant in variants:
            rows.append(variant.features())
            labels.append(np.array([doc_id in gold for doc_id in variant.doc_ids]))
    features, target = np.vstack(rows), np.concatenate(labels)
    mean = features.mean(axis=0)
    scale = features.std(axis=0)
    scale[scale == 0] = 1.0  # a constant column (e.g. no dates in a corpus) weighs nothing
    model = LogisticRegression(C=REGULARISATION, max_iter=5000)
    model.fit((features - mean) / scale, target)
    return Reranker(
        features=FEATURES,
        mean=mean,
        scale=scale,
        weights=model.coef_[0],
        bias=float(model.intercept_[0]),
    )


def split_candidates(ranker: HybridRanker, split) -> tuple[list, list, list[set[str]], dict]:
    """Return the queries of a split, their candidates, true matches and qrels."""
    _, queries, qrels = split.load()
    relevant = [{ranker.canonical.get(d, d) for d in qrels[q.id]} for q in queries]
    return queries, ranker.candidates(queries), relevant, qrels


def ranked_runs(ranker: HybridRanker, queries, candidates, top: int = 100) -> dict[str, list[str]]:
    """Return the ranked document ids of each query id."""
    return {
        query.id: [match.doc_id for match in ranker.rank(c, top=top)]
        for query, c in zip(queries, candidates, strict=True)
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m claims.retrieval.train_reranker")
    parser.add_argument("--dataset", required=True, help="the CheckThat! 2022 task 2A folder")
    parser.add_argument("--split", default="train", help="the split to fit (train)")
    parser.add_argument("--report-split", default="dev", help="the split to report (dev)")
    parser.add_argument(
        "--out", default=str(RESEARCH_PATH), help="where to write the JSON (not the shipped file)"
    )
    parser.add_argument("--embedding-cache", default=str(DEFAULT_EMBEDDING_CACHE), metavar="DIR")
    args = parser.parse_args(argv)
    if Path(args.out).resolve() == RERANKER_PATH.resolve():
        parser.error(f"{args.out} is the shipped re-ranker; a model learnt from research-only "
                     "data is written elsewhere (--out)")

    train = dataset_split(args.dataset, args.split)
    ranker = build_ranker(train.load()[0], encode=default_encoder(args.embedding_cache))
    _, train_candidates, train_relevant, _ = split_candidates(ranker, train)
    ranker.reranker = fit_reranker(train_candidates, train_relevant)

    report = dataset_split(args.dataset, args.report_split)
    queries, candidates, relevant, qrels = split_candidates(ranker, report)
    figures = ranking_figures(ranked_runs(ranker, queries, candidates), qrels)
    rows = threshold_figures(ranker, candidates, [q.text for q in queries], relevant)
    print(f"{report.label}: " + "  ".join(f"{k} {v:.3f}" for k, v in figures.items()))
    print_threshold_table(rows, sys.stdout, title=f"tiers on {report.label}")

    ranker.reranker.about.update(
        {
            "about": "Claim matching re-ranker: logistic regression over FEATURES (standardised).",
            "data": ORIGIN,
            "command": "python -m claims.retrieval.train_reranker --dataset "
            "../shared/data/checkthat2022_task2a_en_claim_retrieval",
            "candidate_depth": CANDIDATE_DEPTH,
            "train_queries": len(train_relevant),
            f"{args.report_split}_figures": {k: round(v, 4) for k, v in figures.items()},
            f"{args.report_split}_tiers": [
                {k: round(v, 3) for k, v in row.items()} for row in rows
            ],
        }
    )
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    ranker.reranker.save(args.out)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
