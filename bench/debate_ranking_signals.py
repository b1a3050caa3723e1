"""Which signals rank the 2021 debate lines that fact-checkers checked (issue #6)?

    HF_HUB_OFFLINE=1 .venv/bin/python bench/debate_ranking_signals.py
    HF_HUB_OFFLINE=1 .venv/bin/python bench/debate_ranking_signals.py --data ../shared/data

An experiment, not a product figure: the packaged check-worthiness model
reaches MAP 0.12-0.13 on the CheckThat! 2021 task 1b dev transcripts against
a target of 0.25. This prints the MAP of the packaged model (text only, and
with the speakers, as `evaluate checkworthiness` does) beside the packaged
model plus a push from "resembles a claim fact-checkers have checked": the
cosine of a line to its nearest LIAR statement (12.8k PolitiFact checks,
research use, read from ../shared and never shipped), for a few weights.
Both the 9 dev and the 40 train transcripts are ranked; the packaged model
never learns from either. On train some positives are LIAR statements
themselves, so its figures for the push are optimistic; the share of
positives with a LIAR statement above cosine 0.9 is printed to show it.
The same push added to the calibrated score moves the CheckThat! 2024 dev
F1 at 0.5, printed last: why it would have to be a separate queue priority.

Embeddings are cached in /tmp/claim-workbench-debate-signals (first run:
about 10 minutes on two cores, mostly LIAR).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path[0] = str(ROOT)  # not bench/, whose queue.py would hide the standard one
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workbench.settings.dev")
CACHE = Path("/tmp/claim-workbench-debate-signals")
WEIGHTS = (5.0, 10.0, 20.0, 30.0)


def unit_rows(vectors: np.ndarray) -> np.ndarray:
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def logit(scores: np.ndarray) -> np.ndarray:
    clipped = np.clip(scores, 1e-6, 1 - 1e-6)
    return np.log(clipped / (1 - clipped))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "data"), type=Path)
    args = parser.parse_args()

    import django

    django.setup()
    from claims.evaluation.checkworthiness import average_precision, f1_report
    from claims.nlp.checkworthiness_model import get_checkworthiness_model
    from claims.nlp.embeddings import embed_texts
    from claims.services.library import liar_read
    from claims.training.checkworthiness import (
        CHECKTHAT2024_DEV_FILE,
        DEBATES_DIR,
        cached_embeddings,
        read_checkthat2024,
        read_transcripts,
    )

    def embed(texts: list[str]) -> np.ndarray:
        return cached_embeddings(texts, embed_texts, CACHE)

    model = get_checkworthiness_model()
    statements = [
        record["text"]
        for split in ("train", "valid", "test")
        for record in liar_read(args.data / "liar" / f"{split}.tsv")
    ]
    library = unit_rows(embed(statements))
    print(f"Library: {len(library):,} LIAR statements")

    def nearest_checked(vectors: np.ndarray) -> np.ndarray:
        return (unit_rows(vectors) @ library.T).max(axis=1)

    header = f"{'ranking':<46} {'dev MAP':>8} {'train MAP':>10}"
    rows: dict[str, dict[str, float]] = {}
    for split in ("dev", "train"):
        transcripts = read_transcripts(args.data / DEBATES_DIR / split)
        near_copies, positives = 0, 0
        for sentences in transcripts.values():
            texts = [s.text for s in sentences]
            labels = np.array([s.label for s in sentences])
            vectors = embed(texts)
            plain = np.array([p for p, _ in model.score(texts, embeddings=vectors)])
            speakers = [s.speaker for s in sentences]
            context = np.array(
                [p for p, _ in model.score(texts, embeddings=vectors, speakers=speakers)]
            )
            similarity = nearest_checked(vectors)
            near_copies += int((similarity[labels == 1] > 0.9).sum())
            positives += int(labels.sum())
            rankings = {
                "packaged, text only": plain,
                "packaged, with speakers (evaluate prints)": context,
                "nearest LIAR statement alone": similarity,
            }
            for weight in WEIGHTS:
                rankings[f"with speakers + {weight:g} x nearest LIAR"] = (
                    logit(context) + weight * similarity
                )
            for name, scores in rankings.items():
                rows.setdefault(name, {}).setdefault(split, []).append(
                    average_precision(labels, scores)
                )
        print(
            f"{split}: {len(transcripts)} transcripts, {positives} positives, "
            f"{near_copies / positives:.1%} of them with a LIAR statement above cosine 0.9"
        )
    print(header)
    for name, by_split in rows.items():
        print(f"{name:<46} {np.mean(by_split['dev']):>8.3f} {np.mean(by_split['train']):>10.3f}")

    dev = read_checkthat2024(args.data / CHECKTHAT2024_DEV_FILE)
    texts, labels = [t for _, t, _ in dev], np.array([label for _, _, label in dev])
    vectors = embed(texts)
    scores = logit(np.array([p for p, _ in model.score(texts, embeddings=vectors)]))
    similarity = nearest_checked(vectors)
    print("CheckThat! 2024 dev F1 at 0.5 when the push is added to the calibrated score:")
    print(f"  packaged: {f1_report(labels, scores, 0.0)['f1']:.3f}")
    for weight in WEIGHTS:
        pushed = scores + weight * (similarity - np.median(similarity))
        print(f"  + {weight:g} x (nearest LIAR - median): {f1_report(labels, pushed, 0.0)['f1']:.3f}")


if __name__ == "__main__":
    main()
