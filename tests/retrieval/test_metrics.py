import pytest

from claims.retrieval.metrics import average_precision, ranking_figures, recall, reciprocal_rank


@pytest.mark.parametrize(
    "ranked,relevant,k,expected",
    [
        (["a", "b"], {"a"}, 5, 1.0),  # found first
        (["x", "a"], {"a"}, 5, 0.5),  # found second
        (["x", "a"], {"a"}, 1, 0.0),  # beyond k
        (["a", "x", "b"], {"a", "b"}, 5, (1 + 2 / 3) / 2),  # two relevant, both found
        (["a"], {"a", "b"}, 5, 0.5),  # one of two found: divided by |relevant|
    ],
)
def test_average_precision(ranked, relevant, k, expected):
    assert average_precision(ranked, relevant, k) == pytest.approx(expected)


def test_reciprocal_rank_and_recall():
    assert reciprocal_rank(["x", "y", "a"], {"a"}) == pytest.approx(1 / 3)
    assert reciprocal_rank(["x"], {"a"}) == 0.0
    assert recall(["a", "x", "b"], {"a", "b"}, 2) == 0.5


def test_ranking_figures_count_missing_queries_as_zero():
    figures = ranking_figures({"q1": ["a"]}, {"q1": {"a"}, "q2": {"b"}})

    assert figures == {"map@1": 0.5, "map@5": 0.5, "mrr": 0.5, "recall@5": 0.5}
