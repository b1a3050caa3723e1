"""Check-worthiness model, part 4: which model file scores, loaded once per
process, and the one scoring path of ingest and rescoring."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from .features import SentenceFeatures
from .model import CheckworthinessModel

DEFAULT_MODEL_PATH = Path(__file__).resolve().parents[1] / "models" / "checkworthiness.npz"


def resolve_model_path(preferred: str | Path | None = None) -> Path:
    """Return preferred when that file exists, else the packaged model.

    A newsroom's retrained model (`train_checkworthiness --with-feedback`)
    is written beside the data, never over the packaged artefact; deleting
    it goes back to the packaged model.
    """
    if preferred and Path(preferred).is_file():
        return Path(preferred)
    return DEFAULT_MODEL_PATH


def get_checkworthiness_model(path: str | Path | None = None) -> CheckworthinessModel:
    """Return the model at path (default: packaged), loaded once per process.

    A file rewritten since it was loaded (a retrain) is loaded again.
    """
    path = Path(path or DEFAULT_MODEL_PATH)
    return _load_cached(path, path.stat().st_mtime_ns)


@functools.lru_cache(maxsize=4)
def _load_cached(path: Path, mtime_ns: int) -> CheckworthinessModel:
    return CheckworthinessModel.load(path)


def score_sentences(
    texts: Sequence[str],
    embeddings: np.ndarray,
    *,
    model_path: str | Path | None = None,
    features: Sequence[SentenceFeatures | None] | None = None,
    speakers: Sequence[str | None] | None = None,
    shares: Sequence[float] | None = None,
) -> list[tuple[float, list[str]]]:
    """Score texts whose MiniLM embeddings the caller has already computed.

    The one scoring path of ingest and `manage.py checkworthiness`:
    model_path is preferred when it exists (see resolve_model_path).
    features, where given, come from the parse done at extraction; the
    other texts are tagged here. The speaker context the model was trained
    with (issue #23): `speakers`, the speaker of each text when the texts
    are one transcript's, in order; or `shares`, each text's speaker share
    worked out by the caller (several transcripts at once).
    """
    model = get_checkworthiness_model(resolve_model_path(model_path))
    return model.score(
        texts, embeddings=np.asarray(embeddings, dtype=np.float32), features=features,
        speakers=speakers, shares=shares,
    )
