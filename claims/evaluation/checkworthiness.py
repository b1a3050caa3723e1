"""Score check-worthiness: F1 on CheckThat! 2024 dev, MAP on 2021 debates.

`manage.py evaluate checkworthiness` scores the CheckThat! 2024 task 1
English dev file (ClaimBuster's expert set, left out of training): F1 of
the "Yes" class at a score of 0.5. Then it ranks each dev transcript of
CheckThat! 2021 task 1b by score and reports the mean over transcripts of
the average precision over its check-worthy lines (the task's MAP), from the
text alone and with the speaker-share context. Last, throughput: sentences
per second with embeddings precomputed (what ingest pays) and end to end.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TextIO

import numpy as np

from claims.training.checkworthiness import (
    CHECKTHAT2024_DEV_FILE,
    DEBATES_DIR,
    read_checkthat2024,
    read_transcripts,
)

SHARED_DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"
DEFAULT_CHECKTHAT2024 = SHARED_DATA / CHECKTHAT2024_DEV_FILE.parent
DEFAULT_DEBATES = SHARED_DATA / DEBATES_DIR
THRESHOLD = 0.5


def add_arguments(parser) -> None:
    """Add the evaluation's options to its subcommand parser."""
    parser.add_argument(
        "--checkthat2024",
        default=str(DEFAULT_CHECKTHAT2024),
        metavar="DIR",
        help="CheckThat! 2024 task 1 English folder (its dev file is scored)",
    )
    parser.add_argument(
        "--debates",
        default=str(DEFAULT_DEBATES),
        metavar="DIR",
        help="CheckThat! 2021 task 1b English folder (its dev transcripts are ranked)",
    )
    parser.add_argument("--model", metavar="FILE", help="a model NPZ (default: the packaged one)")


def average_precision(labels: np.ndarray, scores: np.ndarray) -> float:
    """Return the average precision of ranking by score (ties: stable order)."""
    order = np.argsort(-scores, kind="stable")
    hits = labels[order].astype(bool)
    if not hits.any():
        return 0.0
    precision_at_hit = np.cumsum(hits)[hits] / (np.flatnonzero(hits) + 1)
    return float(precision_at_hit.mean())


def f1_report(labels: np.ndarray, scores: np.ndarray, threshold: float = THRESHOLD) -> dict:
    """Return precision, recall and F1 of the positive class at a threshold."""
    predicted = scores >= threshold
    tp = int((predicted & (labels == 1)).sum())
    precision = tp / predicted.sum() if predicted.any() else 0.0
    recall = tp / (labels == 1).sum() if (labels == 1).any() else 0.0
    f1 = 2 * precision * recall / (precision + recall) if tp else 0.0
    return {"precision": float(precision), "recall": float(recall), "f1": float(f1)}


def run(options: dict, out: TextIO) -> dict:
    """Evaluate the model on both dev sets; print tables, return figures."""
    from claims.nlp.checkworthiness_model import (
        CheckworthinessModel,
        get_checkworthiness_model,
        get_feature_nlp,
    )
    from claims.nlp.embeddings import embed_texts

    model = (
        CheckworthinessModel.load(options["model"])
        if options.get("model")
        else get_checkworthiness_model()
    )
    checkthat = Path(options.get("checkthat2024") or DEFAULT_CHECKTHAT2024)
    rows = read_checkthat2024(checkthat / CHECKTHAT2024_DEV_FILE.name)
    transcripts = read_transcripts(Path(options.get("debates") or DEFAULT_DEBATES) / "dev")
    get_feature_nlp()  # load outside the timings

    texts = [text for _, text, _ in rows]
    lines = [s for sentences in transcripts.values() for s in sentences]
    all_texts = texts + [s.text for s in lines]
    started = time.perf_counter()
    embeddings = embed_texts(all_texts)
    embedding_seconds = time.perf_counter() - started

    started = time.perf_counter()
    scored = model.score(texts, embeddings=embeddings[: len(texts)])
    at = len(texts)
    ranked = {}
    for name, sentences in transcripts.items():
        batch = [s.text for s in sentences]
        vectors = embeddings[at : at + len(batch)]
        at += len(batch)
        ranked[name] = (
            model.score(batch, embeddings=vectors),
            model.score(batch, embeddings=vectors, speakers=[s.speaker for s in sentences]),
        )
    # Each transcript was scored twice; count its sentences twice too.
    scoring_seconds = time.perf_counter() - started
    scored_sentences = len(texts) + 2 * len(lines)

    labels = np.array([label for _, _, label in rows])
    f1 = f1_report(labels, np.array([score for score, _ in scored]))
    out.write(f"CheckThat! 2024 task 1 English dev ({len(rows)} sentences, {labels.sum()} Yes)\n")
    out.write(
        f"  F1 (Yes) at {THRESHOLD}: {f1['f1']:.3f}   "
        f"precision {f1['precision']:.3f}   recall {f1['recall']:.3f}\n"
    )

    out.write(f"CheckThat! 2021 task 1b English dev ({len(transcripts)} transcripts)\n")
    out.write(f"  {'transcript':<44} {'lines':>5} {'+':>3} {'AP text':>8} {'AP +spk':>8}\n")
    text_aps, context_aps = [], []
    for name, (plain, context) in ranked.items():
        gold = np.array([s.label for s in transcripts[name]])
        text_aps.append(average_precision(gold, np.array([s for s, _ in plain])))
        context_aps.append(average_precision(gold, np.array([s for s, _ in context])))
        out.write(
            f"  {name:<44} {len(gold):>5} {gold.sum():>3} "
            f"{text_aps[-1]:>8.3f} {context_aps[-1]:>8.3f}\n"
        )
    map_text, map_context = float(np.mean(text_aps)), float(np.mean(context_aps))
    out.write(f"  MAP, text only: {map_text:.3f}   with speaker context: {map_context:.3f}\n")

    per_sentence = scoring_seconds / scored_sentences
    precomputed = 1 / per_sentence
    end_to_end = len(all_texts) / (embedding_seconds + per_sentence * len(all_texts))
    out.write(
        f"Throughput: {precomputed:.0f} sentences/s with embeddings precomputed, "
        f"{end_to_end:.0f} sentences/s end to end ({len(all_texts)} sentences)\n"
    )
    return {
        "checkthat2024_dev": {"sentences": len(rows), **f1},
        "debates_dev": {
            "transcripts": len(transcripts),
            "map_text_only": map_text,
            "map_with_speakers": map_context,
            "average_precision": dict(zip(ranked, context_aps, strict=True)),
        },
        "throughput": {
            "sentences_per_second_precomputed_embeddings": precomputed,
            "sentences_per_second_end_to_end": end_to_end,
        },
        "model": model.metadata,
    }
