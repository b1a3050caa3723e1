import numpy as np
import pytest

from claims.retrieval.lexical import LexicalIndex, tokenize, top_k
from claims.retrieval.types import Document


@pytest.mark.parametrize(
    "text,expected",
    [
        # Stemmed and lower-cased: "Fires" and "fire" meet.
        ("Wombats herding animals", ["wombat", "herd", "anim"]),
        # Lucene's stop words go; numbers stay.
        ("The army is in the 2020 draft", ["armi", "2020", "draft"]),
        # Possessives go with either apostrophe.
        ("McDonald’s fries and Trump's hotels", ["mcdonald", "fri", "trump", "hotel"]),
        # Underscores split words, like spaces.
        ("covid_19", ["covid", "19"]),
    ],
)
def test_tokenize(text, expected):
    assert tokenize(text) == expected


def test_search_ranks_the_matching_document_first(library):
    index = LexicalIndex(library)

    ids, scores = index.search(["wombats save animals from the Australian fires"], k=3)

    assert ids[0][0] == "vclaim-wombats"
    assert list(scores[0]) == sorted(scores[0], reverse=True)


def test_fields_are_scored_separately(library):
    """A word only in a title scores in the title and "all" fields, not in the text."""
    index = LexicalIndex(library)
    position = index.ids.index("vclaim-wombats")

    assert index.scores("safety", "title")[position] > 0
    assert index.scores("safety", "all")[position] > 0
    assert index.scores("safety", "text")[position] == 0


def test_a_field_empty_everywhere_scores_zero():
    """The 2020 corpus has no subtitles: that field is skipped, not an error."""
    index = LexicalIndex([Document("1", "alpha beta"), Document("2", "beta gamma")])

    assert "subtitle" not in index.fields
    assert not index.scores("beta", "subtitle").any()


def test_unknown_words_score_zero(library):
    assert not LexicalIndex(library).scores("zzyzx qwxp").any()


def test_top_k_breaks_ties_by_position():
    scores = np.array([1.0, 3.0, 3.0, 2.0, 3.0])

    assert list(top_k(scores, 4)) == [1, 2, 4, 3]
    assert list(top_k(scores, 10)) == [1, 2, 4, 3, 0]
