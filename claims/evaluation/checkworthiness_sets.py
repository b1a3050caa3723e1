"""The check-worthiness evaluation sets, scored the same way by every caller.

Read only to report (issue #21): the CheckThat! 2024 task 1 dev file
(ClaimBuster's expert set), the CheckThat! 2021 task 1a tweets dev file
(COVID-19 tweets: another domain) and all 49 CheckThat! 2021 task 1b debate
transcripts (train and dev together; a figure to watch, not to tune). None
of them chooses anything in the packaged model.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from claims.training.checkworthiness import (
    CHECKTHAT2024_DEV_FILE,
    DEBATES_DIR,
    LabelledSentence,
    cached_embeddings,
    cached_features,
    read_checkthat2024,
    read_transcripts,
)
from claims.training.checkworthiness_cv import f1_at

DEFAULT_SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data"
TWEETS_DEV_FILE = (
    Path("checkthat2021_task1a_en_tweets_checkworthiness") / "dataset_dev_v1_english.tsv"
)
THRESHOLD = 0.5


def read_tweets(path: str | Path) -> list[tuple[str, int]]:
    """Read a CheckThat! 2021 task 1a TSV as (tweet text, 0/1).

    The dev file names its label column claim_worthiness, train
    check_worthiness; both are the check-worthiness label.
    """
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [
        (row["tweet_text"], int(row.get("check_worthiness") or row["claim_worthiness"]))
        for row in rows
    ]


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


@dataclass
class ScoredSet:
    """Texts with labels, their embeddings and features, ready to score."""

    texts: list[str]
    labels: np.ndarray
    embeddings: np.ndarray
    features: list  # SentenceFeatures per text

    def scores(self, model, speakers=None) -> np.ndarray:
        scored = model.score(
            self.texts, embeddings=self.embeddings, features=self.features, speakers=speakers
        )
        return np.array([score for score, _ in scored])


@dataclass
class OutOfDomain:
    """The report-only sets: 2024 dev, 2021 tweets dev, 49 debate transcripts."""

    checkthat2024_dev: ScoredSet
    tweets_dev: ScoredSet
    transcripts: dict[str, tuple[ScoredSet, list[str]]]  # name -> (lines, speakers)

    @classmethod
    def load(
        cls,
        shared: Path | None = None,
        *,
        paths: dict[str, Path] | None = None,
        cache_dir: str | None = None,
        splits: tuple[str, ...] = ("train", "dev"),
        embed=None,
    ) -> OutOfDomain:
        """Read the sets (under shared, or at paths: checkthat2024 file,
        tweets file, debates folder) and embed and tag them once (cached in
        cache_dir when given)."""
        from claims.nlp.checkworthiness_model import SentenceFeatures

        if embed is None:
            from claims.nlp.embeddings import embed_texts as embed
        shared = Path(shared or DEFAULT_SHARED)
        paths = {
            "checkthat2024": shared / CHECKTHAT2024_DEV_FILE,
            "tweets": shared / TWEETS_DEV_FILE,
            "debates": shared / DEBATES_DIR,
            **(paths or {}),
        }
        dev = [(text, label) for _, text, label in read_checkthat2024(paths["checkthat2024"])]
        tweets = read_tweets(paths["tweets"])
        transcripts: dict[str, list[LabelledSentence]] = {}
        for split in splits:
            for name, lines in read_transcripts(Path(paths["debates"]) / split).items():
                transcripts[f"{split}/{name}"] = lines
        texts = sorted(
            {t for t, _ in dev + tweets} | {s.text for lines in transcripts.values() for s in lines}
        )
        vectors = dict(zip(texts, cached_embeddings(texts, embed, cache_dir), strict=True))
        values = dict(zip(texts, cached_features(texts, None, cache_dir), strict=True))

        def scored(pairs: list[tuple[str, int]]) -> ScoredSet:
            batch = [t for t, _ in pairs]
            return ScoredSet(
                texts=batch,
                labels=np.array([label for _, label in pairs]),
                embeddings=np.stack([vectors[t] for t in batch]),
                features=[SentenceFeatures(values=values[t]) for t in batch],
            )

        return cls(
            checkthat2024_dev=scored(dev),
            tweets_dev=scored(tweets),
            transcripts={
                name: (scored([(s.text, s.label) for s in lines]), [s.speaker for s in lines])
                for name, lines in transcripts.items()
            },
        )

    def evaluate(self, model, *, raises=None) -> dict:
        """Return F1 at 0.5 on 2024 dev and tweets dev, and the debate MAP
        by score, with transcript context, and (raises: name -> array, the
        library's raise per line) in the queue's order."""
        figures = {}
        for name, data in (
            ("checkthat2024_dev", self.checkthat2024_dev),
            ("tweets_dev", self.tweets_dev),
        ):
            precision, recall, f1 = f1_at(data.labels, data.scores(model), THRESHOLD)
            figures[name] = {
                "sentences": len(data.texts),
                "positives": int(data.labels.sum()),
                "precision": precision,
                "recall": recall,
                "f1": f1,
            }
        text_aps, context_aps, queue_aps = {}, {}, {}
        for name, (data, speakers) in self.transcripts.items():
            text_aps[name] = average_precision(data.labels, data.scores(model))
            context = data.scores(model, speakers=speakers)
            context_aps[name] = average_precision(data.labels, context)
            if raises is not None:
                queue_aps[name] = average_precision(data.labels, context + raises[name])
        debates = {
            "transcripts": len(self.transcripts),
            "map": float(np.mean(list(text_aps.values()))),
            "map_interval": map_interval(list(text_aps.values())),
            "map_with_speakers": float(np.mean(list(context_aps.values()))),
            "map_with_speakers_interval": map_interval(list(context_aps.values())),
            "ap_text_only": text_aps,
            "average_precision": context_aps,
        }
        if queue_aps:
            debates["map_queue_order"] = float(np.mean(list(queue_aps.values())))
            debates["map_queue_order_interval"] = map_interval(list(queue_aps.values()))
            debates["ap_queue_order"] = queue_aps
        figures["debates"] = debates
        return figures
