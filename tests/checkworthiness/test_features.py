"""Interpretable features of a sentence."""

import pytest

from claims.nlp.checkworthiness_model import (
    FEATURE_INDEX,
    feature_docs,
    sentence_features,
    speaker_shares,
)

from .helpers import blank_nlp


def values(text: str, nlp=None) -> dict[str, float]:
    doc = (nlp or blank_nlp())(text)
    found = sentence_features(doc)
    return {name: float(found.values[i]) for name, i in FEATURE_INDEX.items()} | {
        "_evidence": found.evidence
    }


@pytest.mark.parametrize(
    ("text", "feature", "evidence"),
    [
        ("Prices rose 12 percent in 2019.", "percent", "percent"),  # a rate
        ("It cost $300 million.", "money", "$"),  # a currency sign
        ("Two years ago the plant closed.", "date", "years"),  # a period, no digits
        ("It rose to 4,000 jobs.", "number", "4,000"),  # digits
        ("Is that true?", "question", None),  # a question mark
        ("I think it is probably fine.", "hedge", "I think"),  # a hedge
        ("We will build it.", "future", "will"),  # a promise
        ("That was a terrible deal.", "opinion", "terrible"),  # an evaluative word
    ],
)
def test_lexical_features_need_no_model(text, feature, evidence):
    found = values(text)
    assert found[feature] > 0
    if evidence:
        assert found["_evidence"][feature] == evidence


def test_length_grows_and_short_marks_fragments():
    short, long = values("Thank you."), values("The plant employed four thousand workers in 2016.")
    assert short["short"] == 1 and long["short"] == 0
    assert long["length"] > short["length"]


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "feature", "evidence"),
    [
        # NER names the organisation and the tagger the past tense.
        ("The Russian Defense Ministry said it hit 24 targets.", "organisation", "Ministry"),
        ("The Russian Defense Ministry said it hit 24 targets.", "number", "24 targets"),
        ("The Russian Defense Ministry said it hit 24 targets.", "past_tense", "said"),
        # A reporting verb with a named source.
        ("Angela Merkel told reporters that exports fell.", "named_source", "Angela Merkel"),
        # A comparative from the tagger.
        ("Wages grew faster than prices.", "comparison", "faster"),
    ],
)
def test_model_features_use_tags_and_entities(text, feature, evidence):
    (doc,) = feature_docs([text])
    found = sentence_features(doc)
    assert found.values[FEATURE_INDEX[feature]] > 0
    assert evidence in found.evidence[feature]


def test_speaker_shares_are_zero_for_the_main_speaker_and_negative_for_others():
    shares = speaker_shares(["Trump", "Trump", "Trump", "Moderator", None])
    assert shares[0] == 0 and shares[-1] == 0
    assert shares[3] < 0
