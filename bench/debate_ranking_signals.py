"""Which signals rank the 2021 debate lines that fact-checkers checked (issue #6)?

    HF_HUB_OFFLINE=1 .venv/bin/python bench/debate_ranking_signals.py
    HF_HUB_OFFLINE=1 .venv/bin/python bench/debate_ranking_signals.py --data ../shared/data

Where the queue's library push comes from: the packaged check-worthiness
model reaches MAP 0.12-0.13 on the CheckThat! 2021 task 1b dev transcripts
against a target of 0.25. This prints the MAP of the packaged model (text
only, and with the speakers, as `evaluate checkworthiness` does) beside the
score plus a push from "resembles a claim fact-checkers have checked": the
cosine of a line to its nearest LIAR statement (12.8k PolitiFact checks,
research use, read from ../shared and never shipped), as Claim.priority adds
it (LIBRARY_PUSH per unit of cosine above LIBRARY_FLOOR), for a few pushes.
It fits the push by logistic regression over the 40 training transcripts
(score and cosine above the floor as the two features): the fitted ratio is
the push, which claims/models/claims.py rounds into LIBRARY_PUSH.
Both the 9 dev and the 40 train transcripts are ranked; the packaged model
never learns from either. On train some positives are LIAR statements
themselves, so its figures for the push are optimistic; the share of
positives with a LIAR statement above cosine 0.9 is printed to show it, and
a third column ranks train without those near copies (every line above 0.9
left out, positive or not).
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
PUSHES = (1.0, 2.0, 3.0, 4.0, 6.0)
NEAR_COPY = 0.9  # a line this close to a LIAR statement is, on train, mostly that statement
FLOORS = (0.4, 0.5)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "data"), type=Path)
    args = parser.parse_args()

    import django

    django.setup()
    from sklearn.linear_model import LogisticRegression

    from claims.evaluation.checkworthiness import Library, average_precision, f1_report
    from claims.models import LIBRARY_FLOOR, LIBRARY_PUSH
    from claims.nlp.checkworthiness_model import get_checkworthiness_model
    from claims.nlp.embeddings import embed_texts
    from claims.services.library import liar_read_folder
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
    statements = [record["text"] for record in liar_read_folder(args.data / "liar")]
    library = Library.of(args.data / "liar", statements, embed)
    print(f"Library: {library.statements:,} LIAR statements")

    header = f"{'ranking':<52} {'dev MAP':>8} {'train MAP':>10} {'no copies':>10}"
    rows: dict[str, dict[str, list[float]]] = {}
    fitting: dict[float, tuple[list, list]] = {floor: ([], []) for floor in FLOORS}
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
            similarity = library.nearest(vectors)
            near_copies += int((similarity[labels == 1] > NEAR_COPY).sum())
            positives += int(labels.sum())
            rankings = {
                "packaged, text only": plain,
                "packaged, with speakers (evaluate prints)": context,
                "nearest LIAR statement alone": similarity,
            }
            for push in sorted({*PUSHES, LIBRARY_PUSH}):
                mark = " (the queue)" if push == LIBRARY_PUSH else ""
                rankings[f"with speakers + {push:g} x (nearest - {LIBRARY_FLOOR:g}){mark}"] = (
                    context + push * np.maximum(similarity - LIBRARY_FLOOR, 0)
                )
            kept = similarity <= NEAR_COPY
            for name, scores in rankings.items():
                by_split = rows.setdefault(name, {})
                by_split.setdefault(split, []).append(average_precision(labels, scores))
                if split == "train":
                    by_split.setdefault("copies left out", []).append(
                        average_precision(labels[kept], scores[kept])
                    )
            if split == "train":
                for floor, (features, targets) in fitting.items():
                    features.append(np.column_stack([context, np.maximum(similarity - floor, 0)]))
                    targets.append(labels)
        print(
            f"{split}: {len(transcripts)} transcripts, {positives} positives, "
            f"{near_copies / positives:.1%} of them with a LIAR statement above cosine {NEAR_COPY:g}"
        )
    print(header)
    for name, by_split in rows.items():
        print(
            f"{name:<52} {np.mean(by_split['dev']):>8.3f} {np.mean(by_split['train']):>10.3f}"
            f" {np.mean(by_split['copies left out']):>10.3f}"
        )
    for floor, (features, targets) in fitting.items():
        fit = LogisticRegression(max_iter=2000).fit(np.vstack(features), np.concatenate(targets))
        score_weight, push_weight = fit.coef_[0]
        print(
            f"Fitted on train: push {push_weight / score_weight:.2f} per unit of cosine "
            f"above {floor:g} (the queue uses {LIBRARY_PUSH:g} above {LIBRARY_FLOOR:g})"
        )

    dev = read_checkthat2024(args.data / CHECKTHAT2024_DEV_FILE)
    texts, labels = [t for _, t, _ in dev], np.array([label for _, _, label in dev])
    vectors = embed(texts)
    scores = np.array([p for p, _ in model.score(texts, embeddings=vectors)])
    similarity = library.nearest(vectors)
    print("CheckThat! 2024 dev F1 at 0.5 if the push were added to the calibrated score:")
    print(f"  packaged: {f1_report(labels, scores)['f1']:.3f}")
    for push in PUSHES:
        pushed = scores + push * np.maximum(similarity - LIBRARY_FLOOR, 0)
        f1 = f1_report(labels, pushed)["f1"]
        print(f"  + {push:g} x (nearest LIAR - {LIBRARY_FLOOR:g}): {f1:.3f}")


if __name__ == "__main__":
    main()
