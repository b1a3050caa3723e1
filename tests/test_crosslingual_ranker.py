"""The cross-language ranker (issue #26): its lexical signals, its shipped
weights and tiers, our query set, and the threshold rule."""

from collections import Counter

import numpy as np
import pytest

from claims.evaluation.crosslingual_set import (
    LANGUAGES,
    OUR_SET,
    choose_thresholds,
    read_our_set,
)
from claims.retrieval import crosslingual as xl


def test_numbers_are_compared_as_digits_whatever_the_separators():
    assert xl.numbers("1.000 personas") == xl.numbers("1,000 people") == {"1000"}
    assert xl.numbers("20 000 morts") == {"20000"}
    assert xl.numbers("a 4,99 dólares") == xl.numbers("at $4.99") == {"499"}
    # a day and a year stay two numbers
    assert xl.numbers("le 6 2021") == {"6", "2021"}


def test_cognates_and_names_cross_languages_with_accents_folded():
    query = xl.Terms.of("Hallaron ladrillos de cocaína en un envío de plátanos a Canadá.", "es")
    document = xl.Terms.of("Bricks of cocaine were found in banana shipments to Canada.", "en")
    numbers_shared, numbers_only, names, cognates, grams = query.agreement(document)
    assert (numbers_shared, numbers_only) == (0.0, 0.0)
    assert names == 1.0  # "Canadá" (the first word is never taken for a name)
    assert 0 < cognates < 1 and 0 < grams < 1
    assert "hallaron" not in query.names and "de" not in query.content


def test_the_feature_matrix_has_a_row_per_candidate():
    query = xl.Terms.of("Biden dijo 2020", "es")
    documents = [xl.Terms.of("Biden said in 2020", "en"), xl.Terms.of("Bridge", "en")]
    features = xl.feature_matrix(use=np.array([0.6, 0.7]), minilm=None, query=query,
                                 documents=documents)
    assert features.shape == (2, len(xl.FEATURES))
    column = dict(zip(xl.FEATURES, features.T, strict=True))
    assert column["use_cos"].tolist() == [0.6, 0.7]
    assert column["minilm_cos"].tolist() == [0.0, 0.0]
    assert column["numbers_shared"].tolist() == [1.0, 0.0]
    assert xl.feature_matrix(use=np.zeros(0), minilm=None, query=query,
                             documents=[]).shape == (0, len(xl.FEATURES))


def test_the_shipped_ranker_is_fitted_on_no_data():
    """CheckThat! data is research-only: it neither trains nor chooses
    anything shipped (issue #21's rule), so the shipped weights are hand-set."""
    ranker = xl.CrossLingualRanker.load()
    related, same = ranker.thresholds
    assert 0 < related < same < 1
    assert ranker.about["data"].startswith("none")
    assert list(ranker.mean) == [0] * len(xl.FEATURES)
    # a candidate that shares the query's number and name beats one of the
    # same USE cosine that shares nothing
    query = xl.Terms.of("Costco pierde 40 millones al año con el pollo asado", "es")
    documents = [xl.Terms.of("A bridge will reopen in May", "en"),
                 xl.Terms.of("Costco loses 40 million a year on rotisserie chicken", "en")]
    features = xl.feature_matrix(use=np.array([0.55, 0.55]), minilm=np.array([0.3, 0.3]),
                                 query=query, documents=documents)
    assert xl.rank(ranker, ["bridge", "costco"], features)[0][0] == "costco"


def test_a_ranker_on_other_features_is_refused(tmp_path):
    path = tmp_path / "w.json"
    ranker = xl.CrossLingualRanker.load()
    ranker.save(path)
    path.write_text(path.read_text().replace('"use_cos"', '"other"'))
    with pytest.raises(ValueError, match="other features"):
        xl.CrossLingualRanker.load(path)


def test_our_set_has_a_hundred_queries_a_language_in_two_splits():
    queries = read_our_set(OUR_SET)
    per = Counter((q.language, q.split) for q in queries)
    for language in LANGUAGES:
        assert per[language, "tune"] + per[language, "test"] >= 100
        assert per[language, "tune"] >= 50 and per[language, "test"] >= 50
    assert len({q.qid for q in queries}) == len(queries)
    # a vclaim is in one split only
    splits = {}
    for q in queries:
        assert splits.setdefault(q.vclaim_id, q.split) == q.split
    assert all(q.vclaim_id.startswith("vclaim-") and q.text for q in queries)


def test_a_malformed_set_is_refused(tmp_path):
    path = tmp_path / "s.tsv"
    path.write_text("qid\tlanguage\tvclaim_id\tsplit\ttext\nq\tes\tv\tdev\tHola\n")
    with pytest.raises(ValueError, match="split tune|test"):
        read_our_set(path)
    path.write_text("id\ttext\n")
    with pytest.raises(ValueError, match="header"):
        read_our_set(path)


def test_the_tiers_are_the_lowest_thresholds_reaching_the_precision():
    rows = [
        {"threshold": 0.1, "same_precision": 0.7, "related_precision": 0.5},
        {"threshold": 0.2, "same_precision": 0.85, "related_precision": 0.62},
        {"threshold": 0.3, "same_precision": 0.92, "related_precision": 0.7},
        {"threshold": 0.4, "same_precision": 0.88, "related_precision": 0.8},
        {"threshold": 0.5, "same_precision": 0.95, "related_precision": 0.9},
    ]
    # 0.3 reaches 0.9 but 0.4 does not: the same tier starts at 0.5
    assert choose_thresholds(rows) == {"related": 0.2, "same": 0.5}
