"""Score check-worthiness: grouped CV, 2024 dev, 2021 tweets, debate MAP.

`manage.py evaluate checkworthiness` prints, for the model ingest uses:

* the grouped cross-validated F1 on ClaimBuster (5 folds of whole
  debates, mean and spread, at the threshold chosen on those folds), as
  training recorded it in the model (the only figure anything was chosen on);
* F1 of "Yes" at a score of 0.5 on the CheckThat! 2024 task 1 English dev
  file (ClaimBuster's expert set, left out of training) and on the
  CheckThat! 2021 task 1a tweets dev file (COVID-19 tweets, another
  domain): reported, never tuned on;
* the debate MAP over the 2021 task 1b transcripts (all 49 by default,
  `--debates-split train|dev` for one split): from the text alone, with
  the speaker-share context, and in the queue's order (the score raised by
  each line's nearest checked claim in a library, as Claim.priority raises
  it; LIAR's 12.8k PolitiFact checks stand in for a newsroom's library,
  `--library none` leaves it out), each with a bootstrap interval over the
  transcripts: a figure to watch, not to tune;
* throughput: sentences per second with embeddings precomputed, end to
  end, and as at ingest, where extraction's parse gives the features too.

The model scored is the one ingest uses (CLAIMS_CHECKWORTHINESS_MODEL when
that file exists, a promoted version or a manual retrain, else the packaged one)
or `--model`. `--compare FILE` scores a second model on the same sentences
and prints both, before and after; a retrained model in use is compared
with the packaged one unasked. `--cache DIR` keeps the sentences'
embeddings and features between runs.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

import numpy as np

from claims.evaluation.checkworthiness_sets import (
    DEFAULT_SHARED,
    THRESHOLD,
    TWEETS_DEV_FILE,
    OutOfDomain,
    average_precision,
    map_interval,
)
from claims.training.checkworthiness import (
    CHECKTHAT2024_DEV_FILE,
    DEBATES_DIR,
    cached_embeddings,
)
from claims.training.checkworthiness_cv import f1_at

SHARED_DATA = DEFAULT_SHARED
DEFAULT_CHECKTHAT2024 = SHARED_DATA / CHECKTHAT2024_DEV_FILE.parent
DEFAULT_TWEETS = SHARED_DATA / TWEETS_DEV_FILE
DEFAULT_DEBATES = SHARED_DATA / DEBATES_DIR
DEFAULT_LIBRARY = SHARED_DATA / "liar"
__all__ = ["average_precision", "f1_report", "map_interval", "run", "add_arguments"]


def add_arguments(parser) -> None:
    """Add the evaluation's options to its subcommand parser."""
    parser.add_argument(
        "--checkthat2024",
        default=str(DEFAULT_CHECKTHAT2024),
        metavar="DIR",
        help="CheckThat! 2024 task 1 English folder (its dev file is scored)",
    )
    parser.add_argument(
        "--tweets",
        default=str(DEFAULT_TWEETS),
        metavar="FILE",
        help="CheckThat! 2021 task 1a English tweets dev TSV (another domain)",
    )
    parser.add_argument(
        "--debates",
        default=str(DEFAULT_DEBATES),
        metavar="DIR",
        help="CheckThat! 2021 task 1b English folder (its transcripts are ranked)",
    )
    parser.add_argument(
        "--debates-split",
        default="all",
        choices=("all", "dev", "train"),
        help="which transcripts to rank: all 49 (default), the 9 dev or the 40 training ones; "
        "the packaged model learns from none of them",
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
        help="a model NPZ (default: the one ingest uses)",
    )
    parser.add_argument(
        "--compare",
        metavar="FILE",
        help="a second model NPZ, shown as 'before' (default: the packaged model when the "
        "model scored is another one)",
    )
    parser.add_argument(
        "--cache",
        metavar="DIR",
        help="keep the sentences' embeddings and features here between runs (never in the repo)",
    )


def f1_report(labels: np.ndarray, scores: np.ndarray, threshold: float = THRESHOLD) -> dict:
    """Return precision, recall and F1 of the positive class at a threshold."""
    precision, recall, f1 = f1_at(np.asarray(labels), np.asarray(scores), threshold)
    return {"precision": precision, "recall": recall, "f1": f1}


def run(options: dict, out: TextIO) -> dict:
    """Evaluate the model (and --compare) on every set; print, return figures."""
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
    split = options.get("debates_split") or "all"
    get_feature_nlp()  # load outside the timings
    cache = options.get("cache")
    started = time.perf_counter()
    sets = OutOfDomain.load(
        paths={
            "checkthat2024": checkthat / CHECKTHAT2024_DEV_FILE.name,
            "tweets": Path(options.get("tweets") or DEFAULT_TWEETS),
            "debates": Path(options.get("debates") or DEFAULT_DEBATES),
        },
        splits=("train", "dev") if split == "all" else (split,),
        cache_dir=cache,
    )
    loading_seconds = time.perf_counter() - started

    def embed(texts: list[str]):
        return cached_embeddings(texts, embed_texts, cache)

    library = Library.of(library_path, library_texts, embed) if library_texts else None
    raises = (
        {name: library.raises(data.embeddings) for name, (data, _) in sets.transcripts.items()}
        if library
        else None
    )

    model = get_checkworthiness_model(model_path)
    started = time.perf_counter()
    figures = sets.evaluate(model, raises=raises)
    scoring_seconds = time.perf_counter() - started
    before = None
    if compare_path:
        before = sets.evaluate(get_checkworthiness_model(compare_path), raises=raises)
    dev = sets.checkthat2024_dev
    # Ingest has parsed the article with the claim pipeline before scoring.
    parsed = list(get_nlp(settings.CLAIMS_SPACY_MODEL).pipe(dev.texts))
    ingest = _ingest_throughput(model, dev.texts, dev.embeddings, parsed)

    out.write(f"Model: {model_path} (parts: {model.metadata.get('parts', 'n/a')})\n")
    if before:
        out.write(f"Compared with (before): {compare_path}\n")
    cv = model.metadata.get("cross_validation")
    if cv:
        out.write(
            f"ClaimBuster, grouped cross-validation ({cv['folds']} folds of whole debates, "
            f"{cv['debates']} groups; recorded at training): F1 {cv['f1_mean']:.3f} "
            f"± {cv['f1_std']:.3f} (folds {', '.join(f'{v:.3f}' for v in cv['f1_by_fold'])}), "
            f"precision {cv['precision_mean']:.3f}, recall {cv['recall_mean']:.3f}, "
            f"at the threshold chosen on the folds ({cv['threshold']:.2f}, a score of 0.5)\n"
        )
    else:
        out.write("ClaimBuster, grouped cross-validation: not recorded in this model\n")
    for key, title in (
        ("checkthat2024_dev", "CheckThat! 2024 task 1 English dev (report only)"),
        ("tweets_dev", "CheckThat! 2021 task 1a tweets dev (report only, another domain)"),
    ):
        found = figures[key]
        out.write(
            f"{title}, {found['sentences']} sentences, {found['positives']} Yes\n"
            f"  F1 (Yes) at {THRESHOLD}: {found['f1']:.3f}   precision "
            f"{found['precision']:.3f}   recall {found['recall']:.3f}\n"
        )
        if before:
            old = before[key]
            out.write(
                f"  before: F1 {old['f1']:.3f}   precision {old['precision']:.3f}   "
                f"recall {old['recall']:.3f}\n"
            )

    debates = figures["debates"]
    debates["split"] = split
    out.write(
        f"CheckThat! 2021 task 1b English debates, {split} ({debates['transcripts']} "
        "transcripts; a figure to watch, not to tune)\n"
    )
    out.write(
        f"  MAP text only {debates['map']:.3f} ({_interval(debates['map_interval'])}); "
        f"with transcript context {debates['map_with_speakers']:.3f} "
        f"({_interval(debates['map_with_speakers_interval'])})\n"
    )
    if raises is not None:
        out.write(
            f"  MAP in the queue's order (with context, raised by the nearest of "
            f"{library.statements:,} checked claims in {library.path}): "
            f"{debates['map_queue_order']:.3f} ({_interval(debates['map_queue_order_interval'])})\n"
        )
        debates["library"] = {"path": str(library.path), "statements": library.statements}
    if before:
        old = before["debates"]
        out.write(
            f"  before: MAP text only {old['map']:.3f}   with transcript context "
            f"{old['map_with_speakers']:.3f}"
            + (f"   queue order {old['map_queue_order']:.3f}" if raises is not None else "")
            + "\n"
        )

    scored = len(dev.texts) + len(sets.tweets_dev.texts)
    scored += 2 * sum(len(data.texts) for data, _ in sets.transcripts.values())
    precomputed = scored / scoring_seconds
    speed = {
        "sentences_per_second_precomputed_embeddings": precomputed,
        "seconds_to_embed_and_tag": loading_seconds,
        "sentences_per_second_ingest_path": ingest["sentences_per_second"],
        "ingest_path_f1": f1_report(dev.labels, ingest["scores"])["f1"],
    }
    out.write(
        f"Throughput: {precomputed:.0f} sentences/s with embeddings and features "
        f"precomputed ({scored} scored)\n"
        f"Throughput as at ingest (embeddings and the claim parse precomputed, features "
        f"from that parse): {ingest['sentences_per_second']:.0f} sentences/s "
        f"({len(dev.texts)} CheckThat! 2024 dev sentences; F1 on those scores "
        f"{speed['ingest_path_f1']:.3f})\n"
    )
    figures["throughput"] = speed
    figures["model"] = {"path": str(model_path), **model.metadata}
    if before:
        figures["before"] = {"path": str(compare_path), **before}
    return figures


def _interval(bounds: tuple[float, float]) -> str:
    low, high = bounds
    return f"95% bootstrap interval over transcripts {low:.3f}-{high:.3f}"


def _ingest_throughput(model, texts, embeddings, parsed) -> dict:
    """Time scoring as ingest does it, on texts already parsed by extraction.

    What is timed is what ingest pays after the parse: the features of each
    parsed text, then the model on them and the precomputed embeddings.
    The best of three runs, as the machine is shared.
    """
    from claims.nlp.checkworthiness_model import span_features

    best, scored = float("inf"), []
    for _ in range(3):
        started = time.perf_counter()
        features = [span_features(doc[:]) for doc in parsed]
        scored = model.score(texts, embeddings=embeddings, features=features)
        best = min(best, time.perf_counter() - started)
    return {
        "sentences_per_second": len(texts) / best,
        "scores": np.array([score for score, _ in scored]),
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
