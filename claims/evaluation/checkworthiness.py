"""Score check-worthiness: F1 on CheckThat! 2024 dev, MAP on 2021 debates.

`manage.py evaluate checkworthiness` scores the CheckThat! 2024 task 1
English dev file (ClaimBuster's expert set, left out of training): F1 of
the "Yes" class at a score of 0.5. Then it ranks each dev transcript of
CheckThat! 2021 task 1b by score and reports the mean over transcripts of
the average precision over its check-worthy lines (the task's MAP), from the
text alone and with the speaker-share context, and in the queue's order:
that score raised by each line's nearest checked claim in a library, as
Claim.priority raises it (LIAR's 12.8k PolitiFact checks stand in for a
newsroom's library; `--library none` leaves it out). Each MAP with context
comes with a bootstrap interval over the transcripts, since a handful of
them decides it. Last, throughput: sentences
per second with embeddings precomputed, end to end, and as at ingest, where
extraction's parse gives the features too (on the 2024 dev sentences).

The model scored is the one ingest uses (CLAIMS_CHECKWORTHINESS_MODEL when
that file exists, else the packaged one) or `--model`. `--compare FILE`
scores a second model on the same sentences and prints both, before and
after; a retrained model in use is compared with the packaged one unasked.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
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
DEFAULT_LIBRARY = SHARED_DATA / "liar"
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
    parser.add_argument(
        "--debates-split",
        default="dev",
        choices=("dev", "train"),
        help="which transcripts to rank: dev (default), or the 40 training ones, which "
        "the packaged model never learns from",
    )
    parser.add_argument(
        "--library",
        default=str(DEFAULT_LIBRARY),
        metavar="DIR",
        help="LIAR folder whose statements serve as the library of checked claims for the "
        "queue-order MAP, or 'none'",
    )
    parser.add_argument(
        "--model",
        metavar="FILE",
        help="a model NPZ (default: the one ingest uses: CLAIMS_CHECKWORTHINESS_MODEL "
        "when that file exists, else the packaged model)",
    )
    parser.add_argument(
        "--compare",
        metavar="FILE",
        help="a second model NPZ, shown as 'before' (default: the packaged model when the "
        "model scored is another one)",
    )


def average_precision(labels: np.ndarray, scores: np.ndarray) -> float:
    """Return the average precision of ranking by score (ties: stable order)."""
    order = np.argsort(-scores, kind="stable")
    hits = labels[order].astype(bool)
    if not hits.any():
        return 0.0
    precision_at_hit = np.cumsum(hits)[hits] / (np.flatnonzero(hits) + 1)
    return float(precision_at_hit.mean())


def map_interval(
    aps: list[float], *, level: float = 0.95, draws: int = 10_000
) -> tuple[float, float]:
    """Return a bootstrap interval of the MAP over transcripts drawn again.

    Transcripts differ so much (one positive in one, 28 in another) that the
    mean over a handful moves by tenths when one transcript is swapped; the
    interval says how far. Seeded, so the same figures print the same.
    """
    values = np.asarray(aps, dtype=float)
    draws_at = np.random.default_rng(0).integers(0, len(values), size=(draws, len(values)))
    means = values[draws_at].mean(axis=1)
    tail = (1 - level) / 2 * 100
    low, high = np.percentile(means, [tail, 100 - tail])
    return float(low), float(high)


def f1_report(labels: np.ndarray, scores: np.ndarray, threshold: float = THRESHOLD) -> dict:
    """Return precision, recall and F1 of the positive class at a threshold."""
    predicted = scores >= threshold
    tp = int((predicted & (labels == 1)).sum())
    precision = tp / predicted.sum() if predicted.any() else 0.0
    recall = tp / (labels == 1).sum() if (labels == 1).any() else 0.0
    f1 = 2 * precision * recall / (precision + recall) if tp else 0.0
    return {"precision": float(precision), "recall": float(recall), "f1": float(f1)}


def run(options: dict, out: TextIO) -> dict:
    """Evaluate the model (and --compare) on both dev sets; print, return figures."""
    from django.conf import settings

    from claims.nlp.checkworthiness_model import (
        DEFAULT_MODEL_PATH,
        get_checkworthiness_model,
        get_feature_nlp,
        resolve_model_path,
    )
    from claims.nlp.embeddings import embed_texts
    from claims.nlp.loading import get_nlp

    model_path = Path(
        options.get("model") or resolve_model_path(settings.CLAIMS_CHECKWORTHINESS_MODEL)
    )
    compare_path = options.get("compare")
    if not compare_path and model_path.resolve() != DEFAULT_MODEL_PATH.resolve():
        compare_path = DEFAULT_MODEL_PATH
    for path in filter(None, (model_path, compare_path)):
        if not Path(path).is_file():
            raise FileNotFoundError(f"No model file at {path}")
    library_path, library_texts = _library_texts(options.get("library") or str(DEFAULT_LIBRARY))
    checkthat = Path(options.get("checkthat2024") or DEFAULT_CHECKTHAT2024)
    rows = read_checkthat2024(checkthat / CHECKTHAT2024_DEV_FILE.name)
    split = options.get("debates_split") or "dev"
    transcripts = read_transcripts(Path(options.get("debates") or DEFAULT_DEBATES) / split)
    get_feature_nlp()  # load outside the timings

    texts = [text for _, text, _ in rows]
    lines = [s for sentences in transcripts.values() for s in sentences]
    all_texts = texts + [s.text for s in lines]
    started = time.perf_counter()
    embeddings = embed_texts(all_texts)
    embedding_seconds = time.perf_counter() - started
    library = Library.of(library_path, library_texts, embed_texts) if library_texts else None

    model = get_checkworthiness_model(model_path)
    figures = _evaluate(model, rows, transcripts, embeddings, library)
    # Ingest has parsed the article with the claim pipeline before scoring.
    parsed = list(get_nlp(settings.CLAIMS_SPACY_MODEL).pipe(texts))
    ingest = _ingest_throughput(model, texts, embeddings[: len(texts)], parsed)
    before = None
    if compare_path:
        before = _evaluate(
            get_checkworthiness_model(compare_path), rows, transcripts, embeddings, library
        )

    out.write(f"Model: {model_path}\n")
    if before:
        out.write(f"Compared with (before): {compare_path}\n")
    f1, labels = figures["checkthat2024_dev"], np.array([label for _, _, label in rows])
    out.write(f"CheckThat! 2024 task 1 English dev ({len(rows)} sentences, {labels.sum()} Yes)\n")
    out.write(
        f"  F1 (Yes) at {THRESHOLD}: {f1['f1']:.3f}   "
        f"precision {f1['precision']:.3f}   recall {f1['recall']:.3f}\n"
    )
    if before:
        old = before["checkthat2024_dev"]
        out.write(
            f"  before: F1 {old['f1']:.3f}   precision {old['precision']:.3f}   "
            f"recall {old['recall']:.3f}\n"
        )

    debates = figures["debates_dev"]  # the key predates --debates-split
    debates["split"] = split
    out.write(f"CheckThat! 2021 task 1b English {split} ({len(transcripts)} transcripts)\n")
    queue_aps = debates.get("ap_queue_order", {})
    out.write(
        f"  {'transcript':<44} {'lines':>5} {'+':>3} {'AP text':>8} {'AP +ctx':>8}"
        + (f" {'AP queue':>8}" if queue_aps else "")
        + "\n"
    )
    for name, sentences in transcripts.items():
        gold = sum(s.label for s in sentences)
        out.write(
            f"  {name:<44} {len(sentences):>5} {gold:>3} "
            f"{debates['ap_text_only'][name]:>8.3f} {debates['average_precision'][name]:>8.3f}"
            + (f" {queue_aps[name]:>8.3f}" if queue_aps else "")
            + "\n"
        )
    out.write(
        f"  MAP, text only: {debates['map_text_only']:.3f}   "
        f"with transcript context: {debates['map_with_speakers']:.3f} "
        f"({_interval(debates['map_with_speakers_interval'], len(transcripts))})\n"
    )
    if queue_aps:
        out.write(
            f"  MAP, queue order (with context, raised by the nearest of "
            f"{library.statements:,} checked claims in {library.path}): "
            f"{debates['map_queue_order']:.3f} "
            f"({_interval(debates['map_queue_order_interval'], len(transcripts))})\n"
        )
    if before:
        old = before["debates_dev"]
        out.write(
            f"  before: MAP text only {old['map_text_only']:.3f}   "
            f"with transcript context {old['map_with_speakers']:.3f}"
            + (f"   queue order {old['map_queue_order']:.3f}" if queue_aps else "")
            + "\n"
        )

    speed = figures["throughput"]
    per_sentence = speed.pop("seconds") / speed.pop("sentences")
    precomputed = 1 / per_sentence
    end_to_end = len(all_texts) / (embedding_seconds + per_sentence * len(all_texts))
    speed["sentences_per_second_precomputed_embeddings"] = precomputed
    speed["sentences_per_second_end_to_end"] = end_to_end
    out.write(
        f"Throughput: {precomputed:.0f} sentences/s with embeddings precomputed, "
        f"{end_to_end:.0f} sentences/s end to end ({len(all_texts)} sentences)\n"
    )
    ingest_f1 = f1_report(labels, ingest.pop("scores"))["f1"]
    speed["sentences_per_second_ingest_path"] = ingest["sentences_per_second"]
    speed["ingest_path_f1"] = ingest_f1
    out.write(
        f"Throughput as at ingest (embeddings and the claim parse precomputed, features "
        f"from that parse): {ingest['sentences_per_second']:.0f} sentences/s "
        f"({len(texts)} CheckThat! 2024 dev sentences; F1 on those scores {ingest_f1:.3f})\n"
    )
    if library:
        debates["library"] = {"path": str(library.path), "statements": library.statements}
    figures["model"] = {"path": str(model_path), **model.metadata}
    if before:
        del before["throughput"]  # timed on the same sentences: not a comparison
        figures["before"] = {"path": str(compare_path), **before}
    return figures


def _interval(bounds: tuple[float, float], transcripts: int) -> str:
    low, high = bounds
    return f"95% bootstrap interval over the {transcripts} transcripts: {low:.3f}-{high:.3f}"


def _ingest_throughput(model, texts, embeddings, parsed) -> dict:
    """Time scoring as ingest does it, on texts already parsed by extraction.

    What is timed is what ingest pays after the parse: the features of each
    parsed text, then the model on them and the precomputed embeddings.
    """
    from claims.nlp.checkworthiness_model import span_features

    started = time.perf_counter()
    features = [span_features(doc[:]) for doc in parsed]
    scored = model.score(texts, embeddings=embeddings, features=features)
    seconds = time.perf_counter() - started
    return {
        "sentences_per_second": len(texts) / seconds,
        "scores": np.array([score for score, _ in scored]),
    }


def _evaluate(model, rows, transcripts, embeddings, library: Library | None) -> dict:
    """Score both dev sets with one model, on precomputed embeddings; with a
    library, also rank the transcripts in the queue's order."""
    texts = [text for _, text, _ in rows]
    started = time.perf_counter()
    scored = model.score(texts, embeddings=embeddings[: len(texts)])
    at = len(texts)
    ranked, vectors = {}, {}
    for name, sentences in transcripts.items():
        batch = [s.text for s in sentences]
        vectors[name] = embeddings[at : at + len(batch)]
        at += len(batch)
        ranked[name] = (
            model.score(batch, embeddings=vectors[name]),
            model.score(batch, embeddings=vectors[name], speakers=[s.speaker for s in sentences]),
        )
    seconds = time.perf_counter() - started
    # Each transcript was scored twice; count its sentences twice too.
    sentences = len(texts) + 2 * sum(len(s) for s in transcripts.values())

    labels = np.array([label for _, _, label in rows])
    text_aps, context_aps, queue_aps = {}, {}, {}
    for name, (plain, context) in ranked.items():
        gold = np.array([s.label for s in transcripts[name]])
        context_scores = np.array([s for s, _ in context])
        text_aps[name] = average_precision(gold, np.array([s for s, _ in plain]))
        context_aps[name] = average_precision(gold, context_scores)
        if library:
            raised = context_scores + library.raises(vectors[name])
            queue_aps[name] = average_precision(gold, raised)
    queue_order = (
        {
            "map_queue_order": float(np.mean(list(queue_aps.values()))),
            "map_queue_order_interval": map_interval(list(queue_aps.values())),
            "ap_queue_order": queue_aps,
        }
        if library
        else {}
    )
    return {
        "checkthat2024_dev": {
            "sentences": len(rows),
            **f1_report(labels, np.array([score for score, _ in scored])),
        },
        "debates_dev": {
            "transcripts": len(transcripts),
            "map_text_only": float(np.mean(list(text_aps.values()))),
            "map_with_speakers": float(np.mean(list(context_aps.values()))),
            "map_with_speakers_interval": map_interval(list(context_aps.values())),
            "ap_text_only": text_aps,
            "average_precision": context_aps,
            **queue_order,
        },
        "throughput": {"seconds": seconds, "sentences": sentences},
    }


@dataclass(frozen=True)
class Library:
    """Checked claims standing in for a newsroom's library, as the queue uses it."""

    path: Path
    statements: int
    index: object  # claims.retrieval.vectors.VectorIndex

    @classmethod
    def of(cls, path: Path, texts: list[str], embed) -> Library:
        from claims.retrieval.vectors import in_process_index

        ids = [str(row) for row in range(len(texts))]
        return cls(path, len(texts), in_process_index(ids, embed(texts)))

    def nearest(self, vectors: np.ndarray) -> np.ndarray:
        """Return each line's cosine to its nearest checked claim."""
        _, cosines = self.index.search(vectors, 1)
        return cosines[:, 0]

    def raises(self, vectors: np.ndarray) -> np.ndarray:
        """Return what each line's nearest checked claim adds to its priority."""
        from claims.models import library_push

        return np.array([library_push(float(cosine)) for cosine in self.nearest(vectors)])


def _library_texts(folder: str) -> tuple[Path | None, list[str]]:
    """Read the LIAR statements in folder (no library for 'none')."""
    from claims.services.library import liar_read_folder

    if folder.lower() == "none":
        return None, []
    try:
        records = liar_read_folder(folder)
    except FileNotFoundError as exc:
        raise FileNotFoundError(f"{exc}; --library none leaves it out") from exc
    return Path(folder), [record["text"] for record in records]
