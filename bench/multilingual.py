"""Speed of the multilingual path (issue #26) against the English one, same texts.

Run: `HF_HUB_OFFLINE=1 .venv/bin/python bench/multilingual.py [--rounds 3]`

* throughput: texts a second of USE multilingual v3 (claims.nlp.multilingual)
  and of MiniLM (claims.nlp.embeddings) on the same texts (our
  cross-language query set, 333 sentences), and the ratio USE / MiniLM;
* added ingest time per article: an article's claims (12, the size of a
  typical news article's) embedded by USE, the work storing their
  multilingual vectors adds to ingest, beside the MiniLM embedding ingest
  already does; and the cross-language ranker's scoring of 40 candidates
  per claim (the features and the logistic regression, no database).

Both models are loaded and warmed before timing; best of --rounds.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[0] = str(ROOT)

import argparse  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402

CLAIMS_PER_ARTICLE = 12
CANDIDATES = 40


def best_of(rounds: int, work) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    from claims.evaluation.crosslingual_set import read_our_set
    from claims.nlp.embeddings import embed_texts
    from claims.nlp.multilingual import embed_multilingual
    from claims.retrieval import crosslingual as xl

    texts = [q.text for q in read_our_set()]
    embed_multilingual(texts[:8])
    embed_texts(texts[:8])
    use = best_of(args.rounds, lambda: embed_multilingual(texts))
    minilm = best_of(args.rounds, lambda: embed_texts(texts))
    print(f"{len(texts)} texts: USE {len(texts) / use:.0f}/s, MiniLM {len(texts) / minilm:.0f}/s; "
          f"ratio USE/MiniLM throughput {minilm / use:.2f}")

    article = texts[:CLAIMS_PER_ARTICLE]
    use_article = best_of(args.rounds, lambda: embed_multilingual(article))
    minilm_article = best_of(args.rounds, lambda: embed_texts(article))
    candidates = texts[CLAIMS_PER_ARTICLE : CLAIMS_PER_ARTICLE + CANDIDATES]
    ranker = xl.default_crosslingual_ranker()
    rng = np.random.default_rng(26)
    cosines = rng.uniform(0.2, 0.8, size=(2, CANDIDATES))

    def score_article():
        for text in article:
            features = xl.feature_matrix(
                use=cosines[0], minilm=cosines[1], query=xl.Terms.of(text, "es"),
                documents=[xl.Terms.of(c, "en") for c in candidates])
            ranker.score(features)

    scoring = best_of(args.rounds, score_article)
    print(f"an article of {CLAIMS_PER_ARTICLE} claims: USE embedding "
          f"{use_article * 1000:.0f} ms added to ingest (MiniLM, already there: "
          f"{minilm_article * 1000:.0f} ms; ratio {use_article / minilm_article:.2f}); "
          f"cross-language re-scoring of {CANDIDATES} candidates a claim "
          f"{scoring * 1000:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
