"""The shipped re-ranker is the untrained fusion, rebuilt byte for byte."""

import json

import numpy as np
import pytest

from claims.retrieval import fusion, train_reranker
from claims.retrieval.ranking import FEATURES, RERANKER_PATH, Reranker


def test_the_shipped_reranker_is_the_fusion_learnt_from_no_data(tmp_path, monkeypatch):
    monkeypatch.setattr(fusion, "RERANKER_PATH", tmp_path / "reranker.json")
    fusion.main()
    assert (tmp_path / "reranker.json").read_bytes() == RERANKER_PATH.read_bytes()
    shipped = json.loads(RERANKER_PATH.read_text(encoding="utf-8"))
    assert shipped["data"] == "none"


def test_the_fusion_tiers_follow_the_cosine_and_both_ranks():
    reranker = Reranker.load()
    row = dict.fromkeys(FEATURES, 0.0)

    def score(cosine: float, dense_rank: int, lexical_rank: int) -> float:
        values = {**row, "cos_max": cosine, "dense_rr": 1 / dense_rank}
        values["lexical_rr"] = 1 / lexical_rank
        return float(reranker.score(np.array([[values[name] for name in FEATURES]]))[0])

    assert score(0.9, 1, 1) > 0.8 > score(0.6, 1, 1) > 0.1 > score(0.3, 1, 1)
    assert score(0.6, 1, 1) > score(0.6, 1, 20)  # what BM25 ranks first climbs


def test_the_research_reranker_is_never_written_over_the_shipped_one():
    with pytest.raises(SystemExit):
        train_reranker.main(["--dataset", "x", "--out", str(RERANKER_PATH)])
