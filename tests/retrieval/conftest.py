"""Fixtures for the retrieval tests: a tiny library and a bag-of-words encoder."""

from __future__ import annotations

import datetime
import hashlib
import re

import numpy as np
import pytest

from claims.retrieval.types import Document

LIBRARY = [
    Document(
        "vclaim-fries",
        "McDonald's restaurants are offering $1 fries of any size between May 18 and 31.",
        title="$1 McDonald's Any Size Fries",
        subtitle="Rumor: one-dollar fries at McDonald's.",
        date=datetime.date(2015, 5, 26),
    ),
    Document(
        "vclaim-anaconda",
        "A viral video shows a 10-meter-long anaconda swimming across a river in Brazil.",
        title="Does Video Show a 10-Meter-Long Anaconda?",
        date=datetime.date(2021, 3, 6),
    ),
    Document(
        "vclaim-starlink",
        "Elon Musk said Starlink satellite internet service is now active in Ukraine.",
        title="Did Elon Musk Activate Starlink in Ukraine?",
        date=datetime.date(2022, 2, 27),
    ),
    Document(
        "vclaim-wombats",
        "Wombats are herding other animals into their burrows to save them from the fires.",
        title="Are Wombats Herding Animals To Safety During Australia Fires?",
        date=datetime.date(2020, 1, 15),
    ),
    Document(
        "vclaim-draft",
        "The U.S. Army is sending text messages informing people they were selected for the draft.",
        title="Is the U.S. Army Texting People About a Military Draft?",
        date=datetime.date(2020, 1, 8),
    ),
]


def bag_of_words_encode(texts: list[str], dimensions: int = 256) -> np.ndarray:
    """Embed texts as normalised hashed word counts: cosine = word overlap."""
    vectors = np.zeros((len(texts), dimensions), dtype=np.float32)
    for row, text in enumerate(texts):
        for word in re.findall(r"\w+", text.lower()):
            vectors[row, int(hashlib.md5(word.encode()).hexdigest(), 16) % dimensions] += 1
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms == 0, 1, norms)


@pytest.fixture
def library() -> list[Document]:
    return list(LIBRARY)


@pytest.fixture
def fake_encode():
    return bag_of_words_encode
