"""Light stand-ins for the encoder and the pipeline, and tiny labelled data."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import numpy as np
import spacy

from claims.training.checkworthiness import LabelledSentence

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
SHARED_DATA = SHARED / "data"
NO_SHARED = f"needs the shared data folder at {SHARED} (not part of the repository)"

CHECKWORTHY = [
    "Unemployment rose to 9 percent in 2010.",
    "The deficit doubled to $1.4 trillion last year.",
    "Violent crime fell by 20 percent between 2008 and 2014.",
    "We have spent $6 trillion in the Middle East since 2001.",
    "Taxes went up 30 percent under the governor's plan.",
    "Exports dropped 12 percent in March, the ministry said.",
    "The plant employed 4,000 workers before it closed in 2016.",
    "Medicare costs grew by 7 percent a year during the decade.",
]
OTHER = [
    "Thank you very much.",
    "What do you think about that?",
    "I love this country.",
    "That is a great question.",
    "Let me finish, please.",
    "We will win again.",
    "You know what I mean?",
    "I think he is wrong about that.",
]


def hashed_embed(texts: list[str]) -> np.ndarray:
    """Return a fixed unit vector per text (a stand-in for MiniLM)."""
    rows = []
    for text in texts:
        seed = int(hashlib.sha256(text.encode("utf-8")).hexdigest()[:8], 16)
        vector = np.random.default_rng(seed).normal(size=384)
        rows.append(vector / np.linalg.norm(vector))
    return np.array(rows, dtype=np.float32)


def blank_nlp():
    """Return a blank English pipeline: lexical features only."""
    return spacy.blank("en")


def tiny_claims() -> list[LabelledSentence]:
    return [LabelledSentence(t, 1) for t in CHECKWORTHY] + [LabelledSentence(t, 0) for t in OTHER]


def write_tiny_data(folder: Path) -> Path:
    """Write a shared-data layout with the tiny set as ClaimBuster; return it.

    The CheckThat! 2024 dev file holds the first check-worthy sentence,
    which training must leave out.
    """
    (folder / "claimbuster").mkdir(parents=True)
    with open(folder / "claimbuster" / "crowdsourced.csv", "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["Sentence_id", "Text", "Speaker", "File_id", "Verdict"])
        for n, text in enumerate(CHECKWORTHY + OTHER):
            writer.writerow([n, text, "A", "d.txt", 1 if text in CHECKWORTHY else -1])
    dev = folder / "checkthat2024_task1_en_checkworthiness"
    dev.mkdir()
    (dev / "CT24_checkworthy_english_dev.tsv").write_text(
        f"Sentence_id\tText\tclass_label\n1\t{CHECKWORTHY[0]}\tYes\n", encoding="utf-8"
    )
    return folder
