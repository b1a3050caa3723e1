"""The scoring contract of the packaged check-worthiness model."""

import re

import numpy as np
import pytest

from claims.nlp.checkworthiness_model import (
    DEFAULT_MODEL_PATH,
    NO_REASON,
    CheckworthinessModel,
    get_checkworthiness_model,
)

from .helpers import blank_nlp, hashed_embed

READABLE = re.compile(r"^[a-z][^_\n]*$")  # a lower-case phrase, no identifiers


@pytest.fixture(scope="module")
def model() -> CheckworthinessModel:
    return get_checkworthiness_model()


@pytest.mark.model
def test_scores_are_probabilities_with_readable_reasons(model):
    texts = [
        "The Russian Defense Ministry said its jets hit 24 targets in Syria on Tuesday.",
        "Thank you.",
        "Do you really believe that?",
        "",
    ]
    results = model.score(texts)
    assert len(results) == len(texts)
    for score, reasons in results:
        assert 0.0 <= score <= 1.0
        assert 1 <= len(reasons) <= 4
        assert all(isinstance(r, str) and READABLE.match(r) for r in reasons), reasons
    assert results[0][0] > 0.5 > results[1][0]
    assert any(r.startswith("states a number (24") for r in results[0][1])
    assert any("phrased as a question (lowers)" == r for r in results[2][1])


@pytest.mark.model
@pytest.mark.parametrize(
    ("higher", "lower"),
    [
        # A figure makes a vague statement checkable.
        ("Crime in the city rose 40 percent last year.", "Crime in the city rose last year."),
        # An amount of money and a named organisation.
        (
            "The Pentagon spent $1.2 billion on the program.",
            "They spent a lot on the program.",
        ),
        # A named source and a date.
        (
            "The Labor Department reported 250,000 new jobs in March.",
            "There were new jobs recently.",
        ),
    ],
)
def test_numbers_and_entities_raise_the_score(model, higher, lower):
    (high, reasons), (low, _) = model.score([higher, lower])
    assert high > low
    assert not any(r.endswith("(lowers)") for r in reasons[:1])


@pytest.mark.model
@pytest.mark.parametrize(
    ("statement", "weaker"),
    [
        # The same content asked as a question.
        ("Taxes went up under his plan.", "Did taxes go up under his plan?"),
        # The same content as a hedged opinion.
        ("The new law cut emissions by a third.", "I think the new law was a great idea."),
        # A promise about the future instead of a record.
        ("Unemployment fell to 4 percent in 2018.", "We will bring unemployment down."),
    ],
)
def test_questions_opinions_and_promises_lower_the_score(model, statement, weaker):
    (strong, _), (weak, reasons) = model.score([statement, weaker])
    assert weak < strong
    assert any(r.endswith("(lowers)") for r in reasons)


@pytest.mark.model
def test_a_low_score_names_what_lowered_it(model):
    """A promise's "will" lowers it only modestly, yet it is named."""
    (score, reasons), = model.score(["We will bring unemployment down."])
    assert score < 0.5
    assert "predicts or promises (will) (lowers)" in reasons
    # Lowering reasons come before what raised it anyway.
    lowering = [r.endswith("(lowers)") for r in reasons]
    assert lowering == sorted(lowering, reverse=True)


def test_wording_reasons_skip_stop_words():
    """The words quoted in a wording reason are ones a reader can weigh."""
    model = CheckworthinessModel.load(DEFAULT_MODEL_PATH)
    row = model.wording.transform(["Unemployment fell in the state in 2018."])
    quoted = model._top_terms(row.indices, row.data, positive=True, limit=5)
    assert "'unemployment'" in quoted
    assert "'in'" not in quoted and "'the'" not in quoted and "'in the'" not in quoted


@pytest.mark.model
def test_precomputed_embeddings_and_docs_give_the_same_scores(model):
    from claims.nlp.checkworthiness_model import feature_docs
    from claims.nlp.embeddings import embed_texts

    texts = ["Exports fell 12 percent in March.", "Well, that is nice."]
    plain = model.score(texts)
    reused = model.score(texts, embeddings=embed_texts(texts), docs=feature_docs(texts))
    assert [s for s, _ in plain] == pytest.approx([s for s, _ in reused])


def test_minor_speakers_are_lowered_in_a_transcript():
    model = CheckworthinessModel.load(DEFAULT_MODEL_PATH)
    nlp = blank_nlp()
    texts = ["Exports fell 12 percent in March."] * 3
    speakers = ["Candidate", "Candidate", "Moderator"]
    scored = model.score(
        texts, embeddings=hashed_embed(texts), docs=list(nlp.pipe(texts)), speakers=speakers
    )
    assert model.speaker_weight > 0
    assert scored[2][0] < scored[0][0] == scored[1][0]


def test_save_and_load_round_trip(tmp_path):
    model = CheckworthinessModel.load(DEFAULT_MODEL_PATH)
    path = tmp_path / "copy.npz"
    model.save(path)
    again = CheckworthinessModel.load(path)
    nlp = blank_nlp()
    texts = ["Exports fell 12 percent in March.", "Hello there.", "x"]
    docs = list(nlp.pipe(texts))
    assert again.score(texts, hashed_embed(texts), docs) == model.score(
        texts, hashed_embed(texts), docs
    )
    assert again.metadata == model.metadata
    assert path.stat().st_size < 5_000_000  # "a few MB at most"
    with np.load(path, allow_pickle=False) as data:  # no pickled objects inside
        assert "header" in data.files


def test_empty_input_and_mismatched_lengths():
    model = CheckworthinessModel.load(DEFAULT_MODEL_PATH)
    assert model.score([]) == []
    with pytest.raises(ValueError, match="same length"):
        model.score(["One.", "Two."], embeddings=hashed_embed(["One."]), docs=[None, None])


def test_no_reason_placeholder_is_readable():
    assert READABLE.match(NO_REASON)
