"""Train the learned relation filter (issue #20, part 4); no Django imports.

Only our own sentences are used (data/attribution_sentences.jsonl, written
and annotated for this project; ATTRIBUTION_GUIDE.md). Each is run through
the claim pipeline with the filter off; every relation the rules find is an
example, labelled 1 when its cue and its source overlap those of an
annotated relation (a relation without a source matches one without), else
0. A logistic regression over the features of relation_filter.py is
trained on them. Its regularisation and the threshold under which a
relation is dropped are chosen by grouped cross-validation on our sentences
(never on PolNeAR, which is for measuring only): the threshold that gives
the best relation F1 on held-out folds.

`make attribution-model` (`python -m claims.training.attribution_filter`)
rewrites claims/nlp/models/attribution_filter.json; the same data and code
give the same file, byte for byte.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from claims.nlp.attribution.relation_filter import MODEL_FILE, features
from claims.training.attribution_data import JSONL_FILE, read_jsonl

C_GRID = (0.1, 0.3, 1.0, 3.0)
THRESHOLDS = tuple(round(0.05 * i, 2) for i in range(1, 19))
FOLDS = 5
DECIMALS = 6


@dataclass(frozen=True)
class Example:
    """One relation the rules found in one of our sentences."""

    sentence: int  # index of the sentence (the CV group)
    features: dict[str, float]
    label: int


def _overlap(a: list[tuple[int, int]], b: list[tuple[int, int]], text: str) -> bool:
    """Return whether two span lists share a character that is not a space."""
    return any(
        not text[i].isspace()
        for s1, e1 in a
        for s2, e2 in b
        for i in range(max(s1, s2), min(e1, e2))
    )


def _predicted_source(attribution) -> list[tuple[int, int]]:
    """Return the relation's source as the evaluation reads it."""
    span = attribution.source_phrase or attribution.source
    if span is None and attribution.reported_by:
        span = attribution.reported_by[0]
    return [] if span is None else [(span.start_char, span.end_char)]


def matches(text: str, attribution, gold: dict) -> bool:
    """Return whether a predicted relation's cue and source match gold's."""
    cue = [(attribution.cue.start_char, attribution.cue.end_char)]
    if not _overlap(cue, [tuple(s) for s in gold["cue"]], text):
        return False
    source = _predicted_source(attribution)
    gold_source = [tuple(s) for s in gold["source"]]
    if not source or not gold_source:
        return not source and not gold_source
    return _overlap(source, gold_source, text)


def build_examples(sentences: list[dict], nlp) -> tuple[list[Example], int]:
    """Return the examples of the rules' relations and the gold count.

    Relations sharing a cue are one example, as the filter decides once
    per cue.
    """
    from claims.nlp.attribution import ATTRIBUTION_FACTORY

    component = nlp.get_pipe(ATTRIBUTION_FACTORY)
    saved, component.relation_filter = component.relation_filter, None
    examples: list[Example] = []
    try:
        docs = nlp.pipe(s["text"] for s in sentences)
        for index, (sentence, doc) in enumerate(zip(sentences, docs, strict=True)):
            seen: set[tuple[int, int]] = set()
            for attribution in doc._.attributions or ():
                cue = attribution.cue
                if cue is None or (cue.start, cue.end) in seen:
                    continue
                seen.add((cue.start, cue.end))
                label = any(
                    matches(sentence["text"], attribution, gold)
                    for gold in sentence["relations"]
                )
                examples.append(Example(index, features(doc, attribution), int(label)))
    finally:
        component.relation_filter = saved
    return examples, sum(len(s["relations"]) for s in sentences)


def vectorize(examples: list[Example], names: list[str]) -> np.ndarray:
    """Return the examples' feature matrix over sorted names."""
    column = {name: i for i, name in enumerate(names)}
    matrix = np.zeros((len(examples), len(names)))
    for row, example in enumerate(examples):
        for name, value in example.features.items():
            if name in column:
                matrix[row, column[name]] = value
    return matrix


def _fit(x: np.ndarray, y: np.ndarray, c: float) -> LogisticRegression:
    # The "bias" feature is the intercept, regularised like the rest.
    model = LogisticRegression(C=c, fit_intercept=False, solver="lbfgs", max_iter=5000)
    return model.fit(x, y)


def out_of_fold(x: np.ndarray, y: np.ndarray, groups: np.ndarray, c: float) -> np.ndarray:
    """Return each example's probability from a model that never saw its
    sentence."""
    probabilities = np.zeros(len(y))
    for train, test in GroupKFold(n_splits=FOLDS).split(x, y, groups):
        probabilities[test] = _fit(x[train], y[train], c).predict_proba(x[test])[:, 1]
    return probabilities


def figures(y: np.ndarray, keep: np.ndarray, gold: int) -> dict:
    """Return relation precision, recall and F1 of the kept predictions."""
    right = int((y * keep).sum())
    kept = int(keep.sum())
    p = right / kept if kept else 0.0
    r = right / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4), "kept": kept}


def train(sentences: list[dict], nlp) -> dict:
    """Return the model file's content trained on sentences."""
    examples, gold = build_examples(sentences, nlp)
    names = sorted({name for example in examples for name in example.features})
    x = vectorize(examples, names)
    y = np.array([e.label for e in examples])
    groups = np.array([e.sentence for e in examples])
    log_loss = {}
    for c in C_GRID:
        p = np.clip(out_of_fold(x, y, groups, c), 1e-9, 1 - 1e-9)
        log_loss[c] = float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))
    best_c = min(C_GRID, key=lambda c: (round(log_loss[c], 9), c))
    held_out = out_of_fold(x, y, groups, best_c)
    by_threshold = {t: figures(y, held_out >= t, gold) for t in THRESHOLDS}
    # Best held-out F1; on a tie the lowest threshold, which drops least.
    threshold = max(THRESHOLDS, key=lambda t: (by_threshold[t]["f1"], -t))
    model = _fit(x, y, best_c)
    weights = [round(float(w), DECIMALS) for w in model.coef_[0]]
    return {
        "about": "Learned relation filter (issue #20); see README 'Learned relation filter'.",
        "data": {
            "file": JSONL_FILE.name,
            "sentences": len(sentences),
            "relations": gold,
            "examples": len(examples),
            "positives": int(y.sum()),
        },
        "c": best_c,
        "threshold": threshold,
        "cross_validation": {
            "folds": FOLDS,
            "log_loss": {str(c): round(v, 6) for c, v in log_loss.items()},
            "rules_alone": figures(y, np.ones(len(y), dtype=bool), gold),
            "filtered": by_threshold[threshold],
        },
        "features": names,
        "weights": weights,
    }


def dumps(model: dict) -> str:
    """Return the model as stable JSON text."""
    return json.dumps(model, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=JSONL_FILE)
    parser.add_argument("--output", type=Path, default=MODEL_FILE)
    parser.add_argument("--limit", type=int, default=0, help="only the first N sentences")
    args = parser.parse_args(argv)
    from claims.nlp.loading import get_nlp

    sentences = read_jsonl(args.data)
    if args.limit:
        sentences = sentences[: args.limit]
    model = train(sentences, get_nlp())
    model["data"]["sha256"] = hashlib.sha256(args.data.read_bytes()).hexdigest()
    if args.limit:
        model["data"]["limit"] = args.limit
    args.output.write_text(dumps(model), encoding="utf-8")
    cv = model["cross_validation"]
    print(
        f"{model['data']['examples']} relations found in {len(sentences)} sentences; "
        f"C={model['c']}, threshold {model['threshold']}; held out: rules alone "
        f"{cv['rules_alone']}, filtered {cv['filtered']} -> {args.output}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
