import numpy as np
import pytest

from claims.retrieval.vectors import (
    ExactVectorIndex,
    HnswVectorIndex,
    cached_encoder,
    in_process_index,
)


def unit(*rows):
    matrix = np.array(rows, dtype=np.float32)
    return matrix / np.linalg.norm(matrix, axis=1, keepdims=True)


def test_search_returns_the_nearest_by_cosine():
    index = ExactVectorIndex(["a", "b", "c"], unit([1, 0, 0], [0, 1, 0], [1, 1, 0]))

    ids, scores = index.search(unit([1, 0.2, 0], [0, 0, 1]), k=2)

    assert ids[0] == ["a", "c"]
    assert scores[0][0] == pytest.approx(1 / np.sqrt(1.04))
    assert len(ids[1]) == 2 and scores[1].tolist() == [0.0, 0.0]  # orthogonal: ties by position


def test_k_larger_than_the_index():
    index = ExactVectorIndex(["a", "b"], unit([1, 0], [0, 1]))

    ids, scores = index.search(unit([0, 1]), k=10)

    assert ids == [["b", "a"]]
    assert scores.shape == (1, 2)


def test_embeddings_follow_the_ids_given():
    matrix = unit([1, 0], [0, 1], [1, 1])
    index = ExactVectorIndex(["a", "b", "c"], matrix)

    assert np.array_equal(index.embeddings(["c", "a"]), matrix[[2, 0]])


def test_rows_and_ids_must_agree():
    with pytest.raises(ValueError, match="expected 3 vectors"):
        ExactVectorIndex(["a", "b", "c"], unit([1, 0], [0, 1]))


def test_cached_encoder_embeds_each_list_once(tmp_path):
    calls = []

    def encode(texts):
        calls.append(list(texts))
        return np.ones((len(texts), 2), dtype=np.float32)

    cached = cached_encoder(encode, tmp_path, model="test-model")

    first = cached(["one", "two"])
    again = cached(["one", "two"])
    cached(["one", "three"])

    assert calls == [["one", "two"], ["one", "three"]]
    assert np.array_equal(first, again)
    assert len(list(tmp_path.glob("*.npy"))) == 2


def test_equal_cosines_at_the_cut_keep_the_first_rows():
    # 300 rows tie for the last two places: the partition must not pick any two.
    matrix = unit(*([[1, 0]] * 3 + [[0.6, 0.8]] * 300))
    ids = [f"d{n}" for n in range(len(matrix))]
    index = ExactVectorIndex(ids, matrix[::-1].copy())

    found, scores = index.search(unit([1, 0]), k=5)

    # Reversed: the three exact matches are the last rows, the ties come first.
    assert found[0] == ["d300", "d301", "d302", "d0", "d1"]
    assert scores[0][3:].tolist() == pytest.approx([0.6, 0.6])


def test_a_batch_of_queries_gives_what_each_query_gives_alone():
    rng = np.random.default_rng(7)
    matrix = rng.standard_normal((2000, 16)).astype(np.float32)
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
    index = ExactVectorIndex([str(n) for n in range(2000)], matrix)
    queries = matrix[:10] + 0.1

    batch_ids, batch_scores = index.search(queries, k=10)

    for row, query in enumerate(queries):
        ids, scores = index.search(query[None, :], k=10)
        assert ids[0] == batch_ids[row]
        assert np.array_equal(scores[0], batch_scores[row])
        assert ids[0][0] == str(row)


def clustered(rows, dim=32, centres=50, seed=3):
    """Unit vectors in clusters, like sentence embeddings of related claims
    (uniform random vectors would tell nothing about a graph index)."""
    rng = np.random.default_rng(seed)
    centre = rng.standard_normal((centres, dim)).astype(np.float32)
    matrix = centre[rng.integers(0, centres, rows)] + 0.4 * rng.standard_normal((rows, dim))
    return (matrix / np.linalg.norm(matrix, axis=1, keepdims=True)).astype(np.float32)


def test_hnsw_finds_what_exact_search_finds():
    matrix = clustered(5000)
    ids = [f"c{n}" for n in range(len(matrix))]
    exact, graph = ExactVectorIndex(ids, matrix), HnswVectorIndex(ids, matrix)
    queries = clustered(200, seed=4)

    truth, true_scores = exact.search(queries, k=10)
    found, scores = graph.search(queries, k=10)

    recall = np.mean([len(set(f) & set(t)) / 10 for f, t in zip(found, truth, strict=True)])
    assert recall >= 0.95
    # Cosines are the exact ones, nearest first.
    for row, query in enumerate(queries):
        assert scores[row] == pytest.approx(graph.embeddings(found[row]) @ query, abs=1e-5)
        assert list(scores[row]) == sorted(scores[row], reverse=True)


def test_hnsw_rows_added_later_are_found():
    matrix = clustered(3000)
    graph = HnswVectorIndex(list(range(2000)), matrix[:2000])

    graph.add(list(range(2000, 3000)), matrix[2000:])

    assert len(graph) == 3000
    ids, scores = graph.search(matrix[[2500, 10]], k=1)
    assert ids == [[2500], [10]]
    assert np.array_equal(graph.embeddings([2999, 0]), matrix[[2999, 0]])


def test_hnsw_k_larger_than_the_index_and_empty_index():
    graph = HnswVectorIndex(["a", "b"], unit([1, 0], [0, 1]))
    assert graph.search(unit([0, 1]), k=10)[0] == [["b", "a"]]

    empty = HnswVectorIndex([], np.zeros((0, 2), dtype=np.float32))
    ids, scores = empty.search(unit([0, 1]), k=5)
    assert ids == [[]] and scores.shape == (1, 0)


def test_in_process_index_is_exact_up_to_the_limit_then_a_graph():
    matrix = clustered(300)
    ids = list(range(300))

    assert isinstance(in_process_index(ids, matrix, exact_max_rows=300), ExactVectorIndex)
    assert isinstance(in_process_index(ids, matrix, exact_max_rows=299), HnswVectorIndex)
