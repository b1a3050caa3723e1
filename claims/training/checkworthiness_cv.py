"""Grouped cross-validation of the check-worthiness model (issue #21).

ClaimBuster's sentences come from 33 debates, and a debate repeats its
topics, names and phrasings: folds that split a debate let the model
recognise the debate rather than the kind of sentence. So every fold
holds out whole debates (`debate_folds`), and the model's parts, its
calibration and its threshold are chosen on those out-of-fold scores.
The CheckThat! 2024 dev file is never looked at here. No Django imports.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.model_selection import GroupKFold

CV_FOLDS = 5
# Thresholds tried on the calibrated out-of-fold scores; the one with the
# best mean F1 over the folds becomes the model's 0.5.
THRESHOLDS = np.round(np.arange(0.20, 0.71, 0.01), 2)


@dataclass(frozen=True)
class Parts:
    """Which views of a sentence a model learns from."""

    features: bool = True  # the interpretable features, each with a reason
    wording: bool = True  # TF-IDF word uni- and bigrams
    embedding: bool = True  # the MiniLM sentence embedding

    @classmethod
    def parse(cls, text: str) -> Parts:
        """Read "features+embedding" (any of features, wording, embedding)."""
        names = {name.strip() for name in text.split("+") if name.strip()}
        unknown = names - {"features", "wording", "embedding"}
        if unknown or not names:
            raise ValueError(f"Unknown model parts: {text!r} (features, wording, embedding)")
        return cls(**{name: name in names for name in ("features", "wording", "embedding")})

    def __str__(self) -> str:
        return "+".join(n for n in ("features", "wording", "embedding") if getattr(self, n))


def debate_folds(
    groups: Sequence[str], folds: int = CV_FOLDS
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Return (train, test) row indices per fold; no group is in two folds.

    GroupKFold is deterministic (groups spread by size), so the same data
    gives the same folds and the trained file stays the same, byte for byte.
    """
    groups = np.asarray(groups)
    folds = min(folds, len(set(groups.tolist())))
    if folds < 2:
        return []
    splitter = GroupKFold(folds)
    return [(train, test) for train, test in splitter.split(groups, groups=groups)]


def f1_at(labels: np.ndarray, scores: np.ndarray, threshold: float) -> tuple[float, float, float]:
    """Return (precision, recall, F1) of the positive class at a threshold."""
    predicted = scores >= threshold
    positive = labels == 1
    tp = int((predicted & positive).sum())
    if not tp:
        return 0.0, 0.0, 0.0
    precision, recall = tp / predicted.sum(), tp / positive.sum()
    return float(precision), float(recall), float(2 * precision * recall / (precision + recall))


@dataclass(frozen=True)
class CrossValidation:
    """Out-of-fold scores of one model configuration and what they give."""

    threshold: float
    f1: list[float]  # per fold, at the threshold
    precision: list[float]
    recall: list[float]
    groups: int

    def summary(self) -> dict:
        """Return the figures a model records in its header."""
        return {
            "folds": len(self.f1),
            "debates": self.groups,
            "threshold": self.threshold,
            "f1_mean": round(float(np.mean(self.f1)), 4),
            "f1_std": round(float(np.std(self.f1)), 4),
            "f1_by_fold": [round(v, 4) for v in self.f1],
            "precision_mean": round(float(np.mean(self.precision)), 4),
            "recall_mean": round(float(np.mean(self.recall)), 4),
        }


def cross_validation(
    labels: np.ndarray,
    scores: np.ndarray,
    folds: list[tuple[np.ndarray, np.ndarray]],
    *,
    groups: int,
    rows: np.ndarray | None = None,
) -> CrossValidation:
    """Choose the threshold with the best mean F1 over folds; report F1 per fold.

    scores are calibrated out-of-fold scores; rows (a boolean mask), when
    given, limits the figures to those rows (ClaimBuster, not feedback).
    """
    keep = np.ones(len(labels), dtype=bool) if rows is None else rows
    tests = [test[keep[test]] for _, test in folds]

    def by_fold(threshold: float) -> list[tuple[float, float, float]]:
        return [f1_at(labels[test], scores[test], threshold) for test in tests]

    best = max(THRESHOLDS, key=lambda t: (np.mean([f for *_, f in by_fold(t)]), -abs(t - 0.5)))
    figures = by_fold(float(best))
    return CrossValidation(
        threshold=float(best),
        f1=[f for *_, f in figures],
        precision=[p for p, *_ in figures],
        recall=[r for _, r, _ in figures],
        groups=groups,
    )
