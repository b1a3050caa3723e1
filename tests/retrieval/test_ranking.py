import datetime
import json

import numpy as np
import pytest

from claims.retrieval.ranking import (
    FEATURES,
    RERANKER_PATH,
    HybridRanker,
    Reranker,
    build_ranker,
    tier_for,
)
from claims.retrieval.types import Document, Query, Tier
from claims.retrieval.vectors import ExactVectorIndex

LONG = "The U.S. Army is texting young men that they were picked for the draft."


@pytest.mark.parametrize(
    "score,text,expected",
    [
        (0.95, LONG, Tier.SAME),  # high score, a full sentence
        (0.80, LONG, Tier.SAME),  # the threshold itself counts
        (0.79, LONG, Tier.RELATED),  # just below it
        (0.95, "Vaccines cause autism", Tier.RELATED),  # under 8 words: never "same"
        # Links, emoji and the signature do not count as words.
        (
            0.95,
            "Army draft texts are fake 🔥 https://t.co/abc — Jane Roe (@jroe) January 8, 2020",
            Tier.RELATED,
        ),
        (0.10, LONG, Tier.RELATED),  # the related threshold itself counts
        (0.09, LONG, Tier.NONE),
    ],
)
def test_tier_for(score, text, expected):
    assert tier_for(score, text, related_threshold=0.1, same_threshold=0.8) == expected


def linear_reranker(**weights) -> Reranker:
    """A re-ranker that adds the named raw features with these weights."""
    return Reranker(
        features=FEATURES,
        mean=np.zeros(len(FEATURES)),
        scale=np.ones(len(FEATURES)),
        weights=np.array([weights.get(name, 0.0) for name in FEATURES]),
        bias=0.0,
    )


def test_fusion_prefers_agreement_of_dense_and_lexical():
    """A document second in both lists beats one first in only one of them."""
    documents = [
        Document("dense-only", "delta epsilon", title="delta"),
        Document("lexical-only", "alpha beta gamma", title="alpha beta gamma"),
        Document("both", "alpha beta zeta", title="alpha beta zeta"),
    ]
    cosines = {"dense-only": 0.9, "lexical-only": 0.1, "both": 0.7}
    rows = np.array([[c, np.sqrt(1 - c * c)] for c in cosines.values()], dtype=np.float32)
    vectors = {name: ExactVectorIndex(list(cosines), rows) for name in ("text", "title")}
    ranker = HybridRanker(
        documents,
        vectors=vectors,
        reranker=linear_reranker(cos_max=1.0, bm25_rel=1.0),
        encode=lambda texts: np.tile(np.array([1.0, 0.0], dtype=np.float32), (len(texts), 1)),
    )

    [matches] = ranker.search(["alpha beta gamma"], top=3)

    assert [m.doc_id for m in matches] == ["both", "lexical-only", "dense-only"]
    assert [m.dense_score for m in matches] == pytest.approx([0.7, 0.1, 0.9])
    assert matches[1].lexical_score > matches[0].lexical_score > matches[2].lexical_score == 0


def test_search_finds_the_claim_a_tweet_repeats(library, fake_encode):
    ranker = build_ranker(library, encode=fake_encode)
    tweet = (
        "Fact check: the Army is NOT sending texts about a military draft. If you get "
        "texts about the draft they are fake pic.twitter.com/3S32De8ekP "
        "— U.S. Army CGSC (@USACGSC) January 8, 2020"
    )

    [matches] = ranker.search([tweet], top=3, related_threshold=0.1, same_threshold=0.5)

    assert matches[0].doc_id == "vclaim-draft"
    assert matches[0].tier == Tier.SAME
    assert [m.score for m in matches] == sorted((m.score for m in matches), reverse=True)
    assert all(0.0 <= m.score <= 1.0 for m in matches)


def test_a_near_duplicate_check_is_shown_once(fake_encode):
    """Checks that differ only in punctuation fold into the first one."""
    documents = [
        Document("original", 'Trump "crashed" a wedding.', title="Did Trump Crash a Wedding?"),
        Document("copy", "Trump 'crashed' a wedding.", title="Did Trump Crash a Wedding?"),
        Document("other", "Obama cancelled the wedding.", title="Obama and the wedding"),
    ]
    ranker = build_ranker(documents, encode=fake_encode)

    [matches] = ranker.search(["Trump crashed a wedding"], top=3)

    assert [m.doc_id for m in matches] == ["original", "other"]


def test_query_date_overrides_the_signature_date(library, fake_encode):
    ranker = build_ranker(library, encode=fake_encode)
    tweet = "Army draft texts — Jane Roe (@jroe) January 8, 2020"

    [signed] = ranker.candidates([tweet])
    [dated] = ranker.candidates([Query("q", tweet, date=datetime.date(2021, 1, 1))])

    assert signed.query.date == datetime.date(2020, 1, 8)
    assert dated.query.date == datetime.date(2021, 1, 1)


def test_candidates_features_and_without(library, fake_encode):
    ranker = build_ranker(library, encode=fake_encode)
    [candidates] = ranker.candidates(["wombats save animals from the fires"])

    fewer = candidates.without({"vclaim-wombats"})

    assert candidates.features().shape == (len(candidates), len(FEATURES))
    assert "vclaim-wombats" in candidates.doc_ids
    assert "vclaim-wombats" not in fewer.doc_ids
    assert len(fewer) == len(candidates) - 1
    assert fewer.features().shape == (len(fewer), len(FEATURES))


def test_reranker_json_round_trip(tmp_path):
    reranker = linear_reranker(cos_max=2.0)
    path = tmp_path / "reranker.json"

    reranker.save(path)
    loaded = Reranker.load(path)

    features = np.random.default_rng(0).random((4, len(FEATURES)))
    assert loaded.score(features) == pytest.approx(reranker.score(features))


def test_reranker_from_other_features_is_refused(tmp_path):
    path = tmp_path / "reranker.json"
    linear_reranker().save(path)
    data = json.loads(path.read_text())
    data["features"][0] = "something_else"
    path.write_text(json.dumps(data))

    with pytest.raises(ValueError, match="retrain it"):
        Reranker.load(path)


def test_shipped_reranker_is_small_and_says_where_it_comes_from():
    reranker = Reranker.load(RERANKER_PATH)

    assert RERANKER_PATH.stat().st_size < 20_000
    # Issue #21: learnt from no data (CheckThat! is research use only).
    assert reranker.about["data"] == "none"
    assert reranker.about["command"] == "python -m claims.retrieval.fusion"


def test_an_empty_library_finds_nothing(fake_encode):
    ranker = build_ranker([], encode=fake_encode)

    assert ranker.search(["Vaccines contain microchips that track you"]) == [[]]


def test_the_ranker_needs_both_vector_fields(library):
    index = ExactVectorIndex([d.id for d in library], np.eye(len(library), dtype=np.float32))

    with pytest.raises(ValueError, match="text, title"):
        HybridRanker(library, vectors={"text": index})
