"""Rule-based check-worthiness: a score in [0, 1] with reasons."""

import pytest
import spacy

from claims.nlp.checkworthiness import score_checkworthiness, score_text
from claims.nlp.loading import get_nlp


@pytest.fixture(scope="module")
def blank_nlp():
    return spacy.blank("en")


@pytest.mark.parametrize(
    "text",
    [
        "",  # empty
        "?",  # punctuation only
        "The unemployment rate fell to 3.5 percent in 2019, more than in 2018.",
        "What a wonderful, beautiful day this will be!",
    ],
)
def test_score_range_and_reasons(blank_nlp, text):
    """Any text scores within [0, 1] and says why."""
    score, reasons = score_text(text, blank_nlp)
    assert 0.0 <= score <= 1.0
    assert reasons


@pytest.mark.parametrize(
    ("higher", "lower", "reason"),
    [
        # a number raises the score
        (
            "The city hired 300 new teachers last year.",
            "The city hired new teachers last year.",
            "contains a number or quantity",
        ),
        # a comparison raises the score
        (
            "The city hired more teachers than the county did.",
            "The city hired teachers and the county did too.",
            "makes a comparison",
        ),
        # a question lowers the score
        (
            "The city hired new teachers last year.",
            "Did the city hire new teachers last year?",
            "is a question, not a statement",
        ),
        # an opinion lowers the score
        (
            "The city hired new teachers last year.",
            "The city should hire new teachers next year.",
            "expresses an opinion (should)",
        ),
        # a prediction lowers the score
        (
            "The city hired new teachers last year.",
            "The city will hire new teachers next year.",
            "is a prediction (will), not yet checkable",
        ),
    ],
)
def test_signals_move_the_score(blank_nlp, higher, lower, reason):
    """Each signal moves the score the expected way and is named."""
    high_score, high_reasons = score_text(higher, blank_nlp)
    low_score, low_reasons = score_text(lower, blank_nlp)
    assert high_score > low_score
    assert reason in high_reasons + low_reasons


def test_named_source_is_a_reason(blank_nlp):
    """Attribution to a named source raises the score of a parsed span."""
    doc = blank_nlp("The city hired new teachers last year.")
    plain, _ = score_checkworthiness(doc[:])
    attributed, reasons = score_checkworthiness(doc[:], named_source="Jane Doe")
    assert attributed > plain
    assert "attributed to a named source" in reasons


@pytest.mark.model
def test_entities_raise_the_score():
    """Named entities (from the real NER) raise the score and are named."""
    with_entity, reasons = score_text("Russia hired new teachers last year.")
    without, _ = score_text("The city hired new teachers last year.")
    assert with_entity > without
    assert "names an entity: Russia" in reasons


@pytest.mark.model
def test_score_text_defaults_to_the_claim_pipeline():
    """score_text parses with the shared pipeline when given no nlp."""
    assert score_text("Russia struck 24 targets in Syria on Tuesday.") == score_checkworthiness(
        get_nlp()("Russia struck 24 targets in Syria on Tuesday.")
    )
