"""Writes: the check-worthiness model learns from the desk (issue #21).

`checkworthiness_retrain` is what the weekly beat task runs. When enough
new desk decisions exist (claims taken to a verdict are positives, skips as
"not check-worthy" negatives), it trains a candidate on ClaimBuster plus
those decisions, compares it with the model in use and promotes it only if
it is not worse; the open claims are then scored again, so the queue
reorders. Every candidate is kept as a version with its figures, its
training data digest and its feedback count; `checkworthiness_rollback`
goes back to the model before the active version, and to the scores the
open claims had then.

The held-out check: a fixed fifth of the desk's decisions (chosen by a hash
of the text, so a decision is either always or never held out) is never
trained on by any version; the candidate's agreement with the desk on those
must be at least the current model's, and its grouped cross-validated F1 on
ClaimBuster (recorded at training) must not fall more than CV_TOLERANCE
below the current model's. The CheckThat! 2024 dev file is not used:
choosing on it would spend the only figure reported as unseen.

Versions live in files under CLAIMS_CHECKWORTHINESS_DIR (`versions.json`,
`vNNNN.npz`, the score snapshots), not in the database: a model and its
snapshot are files to copy or delete, and no migration is needed.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import logging
import os
import shutil
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
from django.conf import settings
from django.utils import timezone

from .checkworthiness import (
    ScoreChange,
    claims_restore_scores,
    claims_rescore_open,
    claims_snapshot_open,
)

logger = logging.getLogger(__name__)

REGISTRY = "versions.json"
HOLDOUT_SHARE = 5  # one decision in five, by a hash of its text
CV_TOLERANCE = 0.01  # grouped CV F1 may fall this much (fold-to-fold noise)
VERSION_NOT_FOUND = "No check-worthiness model version {version}."
NOTHING_TO_ROLL_BACK = "No promoted check-worthiness model version to roll back."


@dataclass
class Version:
    """One trained candidate, promoted or not."""

    id: str
    created_at: str
    status: str  # active, rejected, rolled_back, retired
    feedback: int  # desk decisions it was trained on
    feedback_held_out: int
    data_digest: str
    figures: dict  # candidate and current figures on the held-out check
    reason: str = ""
    previous_model: str | None = None  # the model file in use before promotion
    snapshot: str | None = None  # open claims' scores before promotion


@dataclass
class Registry:
    """The versions file: every candidate, newest last."""

    versions: list[Version] = field(default_factory=list)

    @classmethod
    def load(cls, folder: Path) -> Registry:
        path = folder / REGISTRY
        if not path.exists():
            return cls()
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls([Version(**row) for row in data["versions"]])

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        temporary = folder / f".{REGISTRY}.tmp"
        temporary.write_text(
            json.dumps({"versions": [asdict(v) for v in self.versions]}, indent=1) + "\n",
            encoding="utf-8",
        )
        os.replace(temporary, folder / REGISTRY)

    @property
    def active(self) -> Version | None:
        return next((v for v in reversed(self.versions) if v.status == "active"), None)

    def next_id(self) -> str:
        return f"v{len(self.versions) + 1:04d}"


@dataclass(frozen=True)
class RetrainResult:
    """What a retrain did: skipped (why), rejected or promoted."""

    outcome: str  # skipped, rejected, promoted
    reason: str
    version: str | None = None
    rescored: int = 0


def versions_dir() -> Path:
    return Path(settings.CLAIMS_CHECKWORTHINESS_DIR)


@contextlib.contextmanager
def _exclusive(folder: Path):
    """Hold the folder's lock: one retrain or rollback at a time."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def held_out(text: str) -> bool:
    """Return whether a desk decision on text belongs to the held-out check."""
    return int(hashlib.sha256(text.encode("utf-8")).hexdigest()[:8], 16) % HOLDOUT_SHARE == 0


def agreement(model, pairs: list[tuple[str, int]]) -> float | None:
    """Return the share of decisions a model sides with (score >= 0.5)."""
    if not pairs:
        return None
    from ..nlp.embeddings import embed_texts

    texts = [text for text, _ in pairs]
    scored = model.score(texts, embeddings=embed_texts(texts))
    return float(np.mean([(s >= 0.5) == bool(label) for (s, _), (_, label) in zip(scored, pairs)]))


def checkworthiness_compare(
    *, candidate, current, held: list[tuple[str, int]]
) -> tuple[bool, dict, str]:
    """Return (promote?, figures, reason): the candidate against the current
    model on the held-out decisions and on grouped CV."""
    figures = {
        "candidate_agreement": agreement(candidate, held),
        "current_agreement": agreement(current, held),
        "candidate_cv_f1": (candidate.metadata.get("cross_validation") or {}).get("f1_mean"),
        "current_cv_f1": (current.metadata.get("cross_validation") or {}).get("f1_mean"),
        "held_out": len(held),
    }
    if figures["candidate_agreement"] is not None and (
        figures["candidate_agreement"] < figures["current_agreement"]
    ):
        return False, figures, "agrees less with the held-out desk decisions"
    if (
        figures["candidate_cv_f1"] is not None
        and figures["current_cv_f1"] is not None
        and figures["candidate_cv_f1"] < figures["current_cv_f1"] - CV_TOLERANCE
    ):
        return False, figures, "lower grouped cross-validated F1 on ClaimBuster"
    return True, figures, "not worse on the held-out decisions nor on grouped CV"


def _train_candidate(pairs: list[tuple[str, int]]):
    """Train on the shippable data plus the desk's pairs (the default trainer)."""
    from ..training.checkworthiness import load_training_data, train_checkworthiness

    training = load_training_data(settings.CLAIMS_CHECKWORTHINESS_DATA)
    cache = versions_dir() / "cache"
    return train_checkworthiness(
        training.claims,
        extra=pairs,
        cache_dir=cache,
        command="checkworthiness_retrain (beat)",
    )


def checkworthiness_retrain(
    *, force: bool = False, train: Callable | None = None
) -> RetrainResult:
    """Train a candidate on the desk's decisions when there are enough new
    ones; promote it if it is not worse, then score the open claims again.

    Idempotent: decisions already trained on (the same set, by digest) or
    fewer than CLAIMS_CHECKWORTHINESS_RETRAIN_MIN_NEW new ones do nothing.
    train(pairs) -> model replaces the trainer (tests give a small one).
    """
    from ..nlp.checkworthiness_model import CheckworthinessModel, get_checkworthiness_model
    from ..selectors.checkworthiness import checkworthiness_feedback_list
    from ..training.checkworthiness import data_digest
    from .checkworthiness import checkworthiness_model_path

    if not settings.CLAIMS_CHECKWORTHINESS_MODEL:
        return RetrainResult("skipped", "CLAIMS_CHECKWORTHINESS_MODEL is empty: no promotion")
    folder = versions_dir()
    with _exclusive(folder):
        registry = Registry.load(folder)
        pairs = checkworthiness_feedback_list().pairs
        digest = data_digest([f"{label}\t{text}" for text, label in pairs])
        last = registry.versions[-1] if registry.versions else None
        if last is not None and last.data_digest == digest and not force:
            return RetrainResult("skipped", "no new desk decisions since the last candidate")
        seen = (last.feedback + last.feedback_held_out) if last else 0
        new = len(pairs) - seen
        if new < settings.CLAIMS_CHECKWORTHINESS_RETRAIN_MIN_NEW and not force:
            return RetrainResult(
                "skipped",
                f"{new} new desk decisions; a retrain needs "
                f"{settings.CLAIMS_CHECKWORTHINESS_RETRAIN_MIN_NEW}",
            )
        if not pairs:
            return RetrainResult("skipped", "no desk decisions")
        held = [pair for pair in pairs if held_out(pair[0])]
        trained = [pair for pair in pairs if not held_out(pair[0])]

        candidate = (train or _train_candidate)(trained)
        version = Version(
            id=registry.next_id(),
            created_at=timezone.now().isoformat(),
            status="rejected",
            feedback=len(trained),
            feedback_held_out=len(held),
            data_digest=digest,
            figures={},
        )
        candidate.metadata["version"] = version.id
        candidate.save(folder / f"{version.id}.npz")
        current_path = checkworthiness_model_path()
        current = get_checkworthiness_model(current_path)
        promote, version.figures, version.reason = checkworthiness_compare(
            candidate=CheckworthinessModel.load(folder / f"{version.id}.npz"),
            current=current,
            held=held,
        )
        if not promote:
            registry.versions.append(version)
            registry.save(folder)
            logger.info("Check-worthiness %s not promoted: %s", version.id, version.reason)
            return RetrainResult("rejected", version.reason, version.id)

        # Keep what to roll back to: the model file in use and the scores.
        target = Path(settings.CLAIMS_CHECKWORTHINESS_MODEL)
        if target.is_file():
            version.previous_model = f"{version.id}-previous.npz"
            shutil.copyfile(target, folder / version.previous_model)
        version.snapshot = f"{version.id}-scores.json"
        _write_snapshot(folder / version.snapshot, claims_snapshot_open())
        _install(folder / f"{version.id}.npz", target)
        for other in registry.versions:
            if other.status == "active":
                other.status = "retired"
        version.status = "active"
        registry.versions.append(version)
        registry.save(folder)
    rescored = claims_rescore_open()
    logger.info("Check-worthiness %s promoted; %s open claims rescored", version.id, rescored)
    return RetrainResult("promoted", version.reason, version.id, rescored)


def checkworthiness_rollback() -> RetrainResult:
    """Go back to the model in use before the active version, and put back
    the scores the open claims had before it was promoted; claims ingested
    since are scored again by the restored model."""
    folder = versions_dir()
    with _exclusive(folder):
        registry = Registry.load(folder)
        version = registry.active
        if version is None:
            raise ValueError(NOTHING_TO_ROLL_BACK)
        target = Path(settings.CLAIMS_CHECKWORTHINESS_MODEL)
        if version.previous_model:
            _install(folder / version.previous_model, target)
        else:
            target.unlink(missing_ok=True)  # back to the packaged model
        snapshot = _read_snapshot(folder / version.snapshot) if version.snapshot else {}
        version.status = "rolled_back"
        earlier = next(
            (v for v in reversed(registry.versions) if v.status == "retired"), None
        )
        if earlier is not None and version.previous_model:
            earlier.status = "active"
        registry.save(folder)
    restored = claims_restore_scores(snapshot=snapshot)
    from .checkworthiness import claims_open, claims_score, claims_set_scores

    newer = [claim for claim in claims_open() if claim.pk not in snapshot]
    rescored = claims_set_scores(scores=claims_score(claims=newer)) if newer else 0
    changed = restored + rescored
    return RetrainResult("rolled_back", f"{version.id} rolled back", version.id, changed)


def _install(source: Path, target: Path) -> None:
    """Put a model file in place atomically: ingest never reads half a file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.tmp")
    shutil.copyfile(source, temporary)
    os.replace(temporary, target)


def _write_snapshot(path: Path, snapshot: dict[int, ScoreChange]) -> None:
    rows = {str(pk): asdict(change) for pk, change in snapshot.items()}
    path.write_text(json.dumps(rows), encoding="utf-8")


def _read_snapshot(path: Path) -> dict[int, ScoreChange]:
    rows = json.loads(path.read_text(encoding="utf-8"))
    return {int(pk): ScoreChange(**row) for pk, row in rows.items()}


def checkworthiness_versions() -> list[Version]:
    """Return every version, newest first."""
    return list(reversed(Registry.load(versions_dir()).versions))
