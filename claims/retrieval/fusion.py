"""The shipped re-ranker: a fusion of the dense and lexical evidence, untrained.

    python -m claims.retrieval.fusion   # rewrites reranker.json, byte for byte

Issue #21: a model that ships as the default learns only from data whose
terms allow it. The only labelled claim-matching data here is CheckThat!
(2020, 2022), "free for general research use", so the default re-ranker is
fitted on nothing: it is a logistic function of three of `FEATURES` with
weights set by hand, in the `Reranker` format (mean 0, scale 1, so the
weights are in the features' own units):

* the best MiniLM cosine of the claim with the check's text or title,
  14 logits per unit: a check that both retrievers rank first scores 0.10
  (the related tier) at cosine 0.47, 0.73 at 0.70 and 0.80 (same claim) at
  0.73, so the tiers sit near the claim view's own cosine tiers (0.5, 0.7);
* the reciprocal ranks of the check by the dense and the BM25 retrievers,
  1 logit each: rank fusion, so what BM25 puts first (a shared name, number
  or rare word) climbs over a check of about the same cosine.

Dates, numbers and names agreement weigh nothing: without data to learn
from, nothing says how much. `python -m claims.retrieval.train_reranker`
still fits the learned re-ranker on CheckThat! 2022 train, as a research
variant built locally (`--out`, never the shipped file); `manage.py
evaluate matching --reranker FILE` prints it beside this one.
"""

from __future__ import annotations

import sys

import numpy as np

from claims.retrieval.ranking import FEATURES, RERANKER_PATH, Reranker

COSINE_WEIGHT = 14.0
COSINE_MIDPOINT = 0.70  # with both ranks first, this cosine scores 0.73
RANK_WEIGHT = 1.0  # per reciprocal rank (dense, BM25)
ABOUT = {
    "about": "Claim matching re-ranker: rank and score fusion of MiniLM cosine and BM25, "
    "weights set by hand (claims/retrieval/fusion.py); fitted on no data.",
    "data": "none",
    "command": "python -m claims.retrieval.fusion",
}


def fusion_reranker() -> Reranker:
    """Return the hand-set fusion re-ranker (see the module docstring)."""
    weights = dict.fromkeys(FEATURES, 0.0)
    weights.update(cos_max=COSINE_WEIGHT, dense_rr=RANK_WEIGHT, lexical_rr=RANK_WEIGHT)
    return Reranker(
        features=FEATURES,
        mean=np.zeros(len(FEATURES)),
        scale=np.ones(len(FEATURES)),
        weights=np.array([weights[name] for name in FEATURES]),
        bias=-COSINE_WEIGHT * COSINE_MIDPOINT - RANK_WEIGHT,
        about=dict(ABOUT),
    )


def main() -> int:
    fusion_reranker().save(RERANKER_PATH)
    print(f"wrote {RERANKER_PATH}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
