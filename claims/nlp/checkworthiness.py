"""Check-worthiness of extracted claims: a 0-1 score with reasons.

score_claims() is what ingest uses: the trained model
(`checkworthiness_model`), fed the MiniLM vectors ingest computed anyway.
The rules below are the first version; extraction still attaches their
score, which score_claims() replaces, and they remain for callers that
have a parse but no embedding. Both return (score in [0, 1], reasons).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span

from claims.nlp.types import ExtractedClaim, QuoteType

if TYPE_CHECKING:
    import numpy as np
    from spacy.language import Language

BASE_SCORE = 0.35
NUMBER_LABELS = frozenset({"CARDINAL", "QUANTITY", "MONEY", "PERCENT"})
ENTITY_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "LAW", "PRODUCT"}
)
COMPARATIVE_TAGS = frozenset({"JJR", "JJS", "RBR", "RBS"})
COMPARATIVE_WORDS = frozenset(
    """
    compared decline declined doubled double fell fewer higher increase
    increased least less lower more most record rose surpassed than tripled
    """.split()
)
OPINION_WORDS = frozenset(
    """
    amazing awful beautiful best disgraceful disgusting fantastic great
    horrible incredible must ought outrageous ridiculous shameful should
    stupid terrible tremendous unacceptable wonderful worst
    """.split()
)
OPINION_PHRASES = ("i think", "i believe", "i feel", "in my opinion", "in my view")
PREDICTION_WORDS = frozenset({"will", "'ll", "’ll", "shall", "forecast", "predict", "predicts"})
MAX_ENTITY_REASONS = 3
# A question put to a speaker ("Asked whether ...") is an attribution with
# nothing to check: it scores 0, so ingest never queues it.
QUESTION_REASON = "is a question or request put to someone, not a claim"


def score_checkworthiness(
    span: Span | Doc, *, named_source: str | None = None
) -> tuple[float, list[str]]:
    """Return a 0-1 check-worthiness score for a parsed claim and why.

    named_source is the canonical speaker when the claim is attributed to
    one; attribution makes a claim easier to check.
    """
    score = BASE_SCORE
    reasons: list[str] = []
    tokens = list(span)
    lowers = [t.lower_ for t in tokens]
    text = " ".join(lowers)

    if any(
        t.like_num or t.ent_type_ in NUMBER_LABELS or t.text in {"%", "$", "€", "£"}
        for t in tokens
    ):
        score += 0.2
        reasons.append("contains a number or quantity")
    entities = list(
        dict.fromkeys(e.text for e in span.ents if e.label_ in ENTITY_LABELS)
    )
    for rank, name in enumerate(entities[:MAX_ENTITY_REASONS]):
        score += 0.1 if rank == 0 else 0.05
        reasons.append(f"names an entity: {name}")
    if any(t.tag_ in COMPARATIVE_TAGS for t in tokens) or any(
        w in COMPARATIVE_WORDS for w in lowers
    ):
        score += 0.1
        reasons.append("makes a comparison")
    if named_source:
        score += 0.05
        reasons.append("attributed to a named source")

    if tokens and (tokens[-1].text == "?" or "?" in lowers[-2:]):
        score -= 0.3
        reasons.append("is a question, not a statement")
    opinion = next((w for w in lowers if w in OPINION_WORDS), None) or next(
        (p for p in OPINION_PHRASES if p in text), None
    )
    if opinion:
        score -= 0.2
        reasons.append(f"expresses an opinion ({opinion})")
    prediction = next((w for w in lowers if w in PREDICTION_WORDS), None)
    if prediction is None and "going to" in text:
        prediction = "going to"
    if prediction:
        score -= 0.15
        reasons.append(f"is a prediction ({prediction}), not yet checkable")
    if sum(1 for t in tokens if t.is_alpha) < 5:
        score -= 0.1
        reasons.append("is very short")
    if not reasons:
        reasons.append("no specific, checkable details found")
    return round(min(1.0, max(0.0, score)), 3), reasons


def score_text(text: str, nlp: Language | None = None) -> tuple[float, list[str]]:
    """Score a plain string, parsing it with nlp (default: the claim pipeline)."""
    if nlp is None:
        from claims.nlp.loading import get_nlp

        nlp = get_nlp()
    return score_checkworthiness(nlp(text))


def score_claims(
    claims: Sequence[ExtractedClaim],
    vectors: np.ndarray | Sequence[Sequence[float]],
    *,
    model_path: str | Path | None = None,
    speakers: Sequence[str | None] | None = None,
) -> list[ExtractedClaim]:
    """Return the claims rescored by the trained model, with its reasons.

    speakers: for a transcript's claims, each one's turn speaker (the
    context the model was trained with; issue #23), else None.

    vectors are the claims' MiniLM embeddings (one row per claim, in order),
    so nothing is encoded twice; likewise the features extraction computed
    from its parse (claim.features), so only claims without them are tagged.
    model_path is preferred when the file exists (a newsroom's retrained
    model), else the packaged model scores.
    """
    from claims.nlp.checkworthiness_model import score_sentences

    if len(claims) != len(vectors):
        raise ValueError("claims and vectors must have the same length")
    scored = score_sentences(
        [c.standalone or c.text for c in claims],
        vectors,
        model_path=model_path,
        features=[c.features for c in claims],
        speakers=speakers,
    )
    return [
        replace(claim, checkworthiness=round(score, 4), reasons=reasons)
        if claim.quote_type != QuoteType.QUESTION and not claim.held_back
        else replace(
            claim, checkworthiness=0.0, reasons=[claim.held_back or QUESTION_REASON]
        )
        for claim, (score, reasons) in zip(claims, scored, strict=True)
    ]
