"""Score claim matching (dense, lexical, fused) on the CheckThat! splits.

`manage.py evaluate matching` ranks the checked claims of a CheckThat!
folder for each query of one split and prints MAP@1, MAP@5, MRR and
recall@5 of

* dense: the best cosine of the query with a claim's text or title (MiniLM);
* lexical: BM25 over text, title and subtitle;
* rrf: reciprocal rank fusion of the two (k = 60);
* fused: `HybridRanker` with the shipped re-ranker (the product's path): since
  issue #21 the untrained fusion of `claims/retrieval/fusion.py`;
* "fused, learnt on train (research)": the same ranker with a re-ranker
  fitted on the folder's train split (`train_reranker.fit_reranker`), the
  variant CheckThat!'s research-only licence allows to build locally, side
  by side with the shipped one;

each with query cleaning on, and dense, lexical and fused with it off (the
raw text). "fused, no dates" withholds the tweets' dates, as for a claim
from an undated source. MRR looks at the top 100 (fused: its candidates).

Defaults: the 2022 dev-test split and the 2020 dev split in ../shared/data.
The research re-ranker of each folder is fitted on its own train split (the
2022 train split holds all the 2020 train and dev tweets, so a re-ranker
learnt on it would not be held out on 2020 dev).
"""

from __future__ import annotations

import copy
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TextIO

import numpy as np

from claims.retrieval.cleaning import clean_query
from claims.retrieval.datasets import Split, dataset_splits
from claims.retrieval.lexical import top_k
from claims.retrieval.metrics import ranking_figures
from claims.retrieval.ranking import (
    DENSE_FIELDS,
    RELATED_THRESHOLD,
    SAME_CLAIM_THRESHOLD,
    HybridRanker,
    Reranker,
    build_ranker,
)
from claims.retrieval.thresholds import print_threshold_table, threshold_figures
from claims.retrieval.train_reranker import fit_reranker, ranked_runs, split_candidates
from claims.retrieval.vectors import DEFAULT_EMBEDDING_CACHE, default_encoder

DATASETS = ("checkthat2022_task2a_en_claim_retrieval", "checkthat2020_task2_claim_retrieval")
DEPTH = 100
RRF_K = 60  # Cormack et al. 2009
METRICS = ("map@1", "map@5", "mrr", "recall@5")


def default_datasets() -> list[Path]:
    from django.conf import settings

    return [Path(settings.BASE_DIR).parent / "shared" / "data" / name for name in DATASETS]


def add_arguments(parser) -> None:
    """Add the evaluation's options to its subcommand parser."""
    parser.add_argument(
        "--dataset",
        action="append",
        metavar="DIR",
        help="a CheckThat! claim-retrieval folder (repeatable; default: the 2022 and 2020 ones)",
    )
    parser.add_argument(
        "--split", help="the split to score (default: dev-test where there is one, else dev)"
    )
    parser.add_argument("--reranker", metavar="FILE", help="a re-ranker JSON (default: shipped)")
    parser.add_argument(
        "--embedding-cache",
        default=str(DEFAULT_EMBEDDING_CACHE),
        metavar="DIR",
        help="where corpus and query embeddings are kept between runs",
    )
    parser.add_argument("--no-embedding-cache", action="store_true", help="embed everything afresh")
    parser.add_argument(
        "--thresholds", action="store_true", help="also print tier figures per threshold"
    )


def run(options: dict, out: TextIO) -> dict:
    """Evaluate claim matching on each dataset; print tables, return figures."""
    # The re-ranker's probability has its own thresholds; the CLAIMS_*
    # settings are cosine thresholds for the claim view's dense path.
    related, same = RELATED_THRESHOLD, SAME_CLAIM_THRESHOLD
    cache = None if options.get("no_embedding_cache") else options.get("embedding_cache")
    encode = default_encoder(cache)
    reranker = Reranker.load(options["reranker"]) if options.get("reranker") else None
    figures = {}
    for dataset in options.get("dataset") or default_datasets():
        splits = dataset_splits(dataset)
        name = options.get("split") or ("dev-test" if "dev-test" in splits else "dev")
        if name not in splits:
            raise FileNotFoundError(
                f"{dataset}: no split {name!r}; this folder has {', '.join(splits)}"
            )
        started = time.perf_counter()
        result = evaluate_split(
            splits[name],
            encode=encode,
            reranker=reranker,
            refit_on=splits.get("train") if name != "train" else None,
            thresholds=(related, same),
            threshold_table=options.get("thresholds", False),
        )
        result["seconds"] = round(time.perf_counter() - started, 1)
        print_split(result, out)
        if "thresholds" in result:
            print_threshold_table(result["thresholds"], out, title="tiers per threshold")
        if "thresholds_no_dates" in result:
            print_threshold_table(
                result["thresholds_no_dates"], out, title="tiers per threshold, no dates"
            )
        out.write("\n")
        figures[splits[name].label] = result
    return figures


def evaluate_split(
    split: Split,
    *,
    encode,
    reranker: Reranker | None = None,
    refit_on: Split | None = None,
    thresholds: tuple[float, float] = (RELATED_THRESHOLD, SAME_CLAIM_THRESHOLD),
    threshold_table: bool = False,
) -> dict:
    """Return the figures of every system on one split (see the module docstring)."""
    documents, queries, qrels = split.load()
    ranker = build_ranker(documents, encode=encode, reranker=reranker)
    qrels = {q: {ranker.canonical.get(d, d) for d in ids} for q, ids in qrels.items()}

    def fused(candidates, model=ranker):
        return ranking_figures(ranked_runs(model, queries, candidates), qrels)

    cleaned = [clean_query(q.text) for q in queries]
    dense = _dense_runs(ranker, queries, encode(cleaned))
    lexical = _lexical_runs(ranker, queries, cleaned)
    candidates = ranker.candidates(queries)
    systems = {
        "dense": ranking_figures(dense, qrels),
        "lexical": ranking_figures(lexical, qrels),
        "rrf": ranking_figures(_rrf(dense, lexical), qrels),
        "fused": fused(candidates),
    }
    if any(document.date for document in documents):
        systems["fused, no dates"] = fused(
            [replace(c, query=replace(c.query, date=None)) for c in candidates]
        )
    raw = [q.text for q in queries]
    systems["dense, raw query"] = ranking_figures(_dense_runs(ranker, queries, encode(raw)), qrels)
    systems["lexical, raw query"] = ranking_figures(_lexical_runs(ranker, queries, raw), qrels)
    systems["fused, raw query"] = fused(ranker.candidates(queries, clean=False))
    if refit_on is not None:
        _, train_candidates, train_relevant, _ = split_candidates(ranker, refit_on)
        refit = copy.copy(ranker)
        refit.reranker = fit_reranker(train_candidates, train_relevant)
        systems[f"learnt on {refit_on.name} (research)"] = fused(candidates, refit)
    relevant = [qrels[q.id] for q in queries]
    texts = [q.text for q in queries]
    related, same = thresholds
    at_related, at_same = threshold_figures(
        ranker, candidates, texts, relevant, thresholds=(related, same)
    )
    result = {
        "split": split.label,
        "queries": len(queries),
        "documents": len(documents),
        "systems": systems,
        "tiers": {
            "related_threshold": related,
            "related_recall": at_related["related_recall"],
            "related_shown": at_related["shown"],
            "related_shown_no_match": at_related["shown_no_match"],
            "same_threshold": same,
            "same_precision": at_same["same_precision"],
            "same_recall": at_same["same_recall"],
            "false_same_no_match": at_same["false_same_no_match"],
        },
    }
    if threshold_table:
        result["thresholds"] = threshold_figures(ranker, candidates, texts, relevant)
        if "fused, no dates" in systems:
            # The claim view's queries carry no date: its tiers come from this table.
            undated = [replace(c, query=replace(c.query, date=None)) for c in candidates]
            result["thresholds_no_dates"] = threshold_figures(ranker, undated, texts, relevant)
    return result


def _dense_runs(ranker: HybridRanker, queries, query_vectors: np.ndarray) -> dict[str, list[str]]:
    similarities = np.max(
        [query_vectors @ ranker.vectors[name].matrix.T for name in DENSE_FIELDS], axis=0
    )
    ids = ranker.vectors[DENSE_FIELDS[0]].ids
    return {
        query.id: _distinct([ranker.canonical[ids[i]] for i in top_k(row, DEPTH * 2)])[:DEPTH]
        for query, row in zip(queries, similarities, strict=True)
    }


def _lexical_runs(ranker: HybridRanker, queries, texts: Sequence[str]) -> dict[str, list[str]]:
    ids, _ = ranker.lexical.search(texts, DEPTH * 2)
    return {
        query.id: _distinct([ranker.canonical[doc_id] for doc_id in row])[:DEPTH]
        for query, row in zip(queries, ids, strict=True)
    }


def _distinct(ids: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(ids))


def _rrf(*runs: dict[str, list[str]]) -> dict[str, list[str]]:
    fused = {}
    for query_id in runs[0]:
        scores: dict[str, float] = {}
        for run in runs:
            for rank, doc_id in enumerate(run.get(query_id, []), start=1):
                scores[doc_id] = scores.get(doc_id, 0.0) + 1.0 / (RRF_K + rank)
        fused[query_id] = sorted(scores, key=lambda d: -scores[d])[:DEPTH]
    return fused


def print_split(result: dict, out: TextIO) -> None:
    """Print one split's table of systems by metric."""
    out.write(
        f"{result['split']}: {result['queries']} queries, {result['documents']} checked claims,"
        f" {result['seconds']} s\n"
    )
    out.write(f"{'system':<24}" + "".join(f"{m:>10}" for m in METRICS) + "\n")
    for name, figures in result["systems"].items():
        out.write(f"{name:<24}" + "".join(f"{figures[m]:>10.3f}" for m in METRICS) + "\n")
    tiers = result["tiers"]
    out.write(
        f"tiers: same >= {tiers['same_threshold']}: precision {tiers['same_precision']:.3f},"
        f" recall {tiers['same_recall']:.3f}, {tiers['false_same_no_match']:.3f} of queries"
        f" linked wrongly when their claim is withheld; related >= {tiers['related_threshold']}:"
        f" recall {tiers['related_recall']:.3f}, {tiers['related_shown']:.2f} shown"
        f" ({tiers['related_shown_no_match']:.2f} when withheld)\n"
    )
