"""Compare check-worthiness model variants: grouped CV on ClaimBuster first.

    HF_HUB_OFFLINE=1 .venv/bin/python bench/checkworthiness_variants.py \\
        --cache /tmp/cw-cache [--variants full features+embedding embedding]

Each variant is trained as `train_checkworthiness` trains the packaged
model (same code, same folds) and prints: the grouped cross-validated F1 on
ClaimBuster (5 folds of whole debates, mean and spread, at the threshold
chosen on those folds) - the figure variants are chosen by - then, for
the report only, F1 on the CheckThat! 2024 dev file and on the CheckThat!
2021 tweets dev file (another domain), and the debate MAP over all 49
CheckThat! 2021 transcripts. The packaged model is printed first as the
baseline. `--cache DIR` keeps embeddings and features between runs.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

# bench/ holds a queue.py: the project root replaces the script folder on the path.
sys.path[0] = str(Path(__file__).resolve().parents[1])
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workbench.settings.dev")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

VARIANTS = {
    "embedding": "embedding",  # plain logistic regression on MiniLM
    "features": "features",  # the simplest: interpretable features only
    "features+embedding": "features+embedding",
    "full": "features+wording+embedding",  # the views of the model shipped before
}


def main() -> int:
    import django

    django.setup()
    from claims.evaluation.checkworthiness import DEFAULT_SHARED, OutOfDomain
    from claims.nlp.checkworthiness_model import DEFAULT_MODEL_PATH, CheckworthinessModel
    from claims.training.checkworthiness import load_training_data, train_checkworthiness
    from claims.training.checkworthiness_cv import Parts

    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default=str(DEFAULT_SHARED))
    parser.add_argument("--cache", default="/tmp/cw/cache")
    parser.add_argument("--variants", nargs="*", default=list(VARIANTS))
    args = parser.parse_args()

    sets = OutOfDomain.load(Path(args.data), cache_dir=args.cache)
    training = load_training_data(args.data)

    def report(name: str, model, cv: dict | None) -> None:
        figures = sets.evaluate(model)
        cv_text = (
            f"{cv['f1_mean']:.3f} ± {cv['f1_std']:.3f} at {cv['threshold']:.2f}" if cv else "n/a"
        )
        print(
            f"{name:<28} CV F1 {cv_text:<22} 2024 dev {figures['checkthat2024_dev']['f1']:.3f}"
            f"  tweets dev {figures['tweets_dev']['f1']:.3f}"
            f"  debate MAP {figures['debates']['map']:.3f}",
            flush=True,
        )

    report("packaged (before)", CheckworthinessModel.load(DEFAULT_MODEL_PATH), None)
    for name in args.variants:
        parts = Parts.parse(VARIANTS.get(name, name))
        model = train_checkworthiness(training.claims, parts=parts, cache_dir=args.cache)
        report(name, model, model.metadata["cross_validation"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
