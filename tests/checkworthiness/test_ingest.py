"""Ingest scores claims with the trained model and queues by its score."""

from io import StringIO

import numpy as np
import pytest
from django.core.management import call_command

from claims import services
from claims.models import Article, Claim
from claims.nlp import checkworthiness_model, embeddings
from claims.nlp.checkworthiness import score_claims
from claims.nlp.checkworthiness_model import (
    DEFAULT_MODEL_PATH,
    CheckworthinessModel,
    feature_docs,
    sentence_features,
)
from claims.nlp.extraction import extract_claims
from claims.nlp.headings import HELD_BACK_REASONS

from .helpers import blank_nlp, hashed_embed


@pytest.fixture
def demo_claims(demo_text, monkeypatch) -> tuple[list[Claim], list[int]]:
    """Ingest the demo article, counting the texts MiniLM encodes."""
    encoded: list[int] = []
    real = embeddings.embed_texts

    def counting(texts):
        encoded.append(len(texts))
        return real(texts)

    monkeypatch.setattr(embeddings, "embed_texts", counting)
    article = services.article_submit(text=demo_text, submitted_by=None).article
    article.refresh_from_db()
    assert article.status == Article.Status.DONE
    return list(article.claims.order_by("position")), encoded


@pytest.mark.model
@pytest.mark.django_db(transaction=True)
def test_demo_claims_carry_the_model_score_and_reasons(demo_claims, settings):
    claims, encoded = demo_claims
    assert encoded == [len(claims)]  # each claim encoded once, scored on that vector
    for claim in claims:
        assert 0 <= claim.checkworthiness <= 1
        assert 1 <= len(claim.checkworthiness_reasons) <= 4
        queued = claim.checkworthiness >= settings.CLAIMS_QUEUE_MIN_SCORE
        assert claim.queue_state == (
            Claim.QueueState.QUEUED if queued else Claim.QueueState.BELOW_THRESHOLD
        )
    by_text = {c.text: c for c in claims}
    # A figure with a named place and date is queued, with the figure as a reason.
    strike = next(c for t, c in by_text.items() if t.startswith("Russian warplanes struck 24"))
    assert strike.queue_state == Claim.QueueState.QUEUED
    assert "states a number (24 targets)" in strike.checkworthiness_reasons
    # A headline fragment is not, and says what lowered it.
    fragment = by_text["Assad Not Essential"]
    assert fragment.queue_state == Claim.QueueState.BELOW_THRESHOLD
    assert any(r.endswith("(lowers)") for r in fragment.checkworthiness_reasons)
    assert strike.checkworthiness > fragment.checkworthiness


@pytest.mark.model
@pytest.mark.django_db(transaction=True)
def test_the_command_scores_like_ingest(demo_claims, tmp_path):
    """`manage.py checkworthiness` and ingest share one scoring path.

    The command tags each text alone; ingest reuses extraction's parse of
    the paragraph, whose tags and entities may differ a little in context.
    Where the features agree, so do score and reasons, exactly.
    """
    claims, _ = demo_claims
    source = tmp_path / "claims.tsv"
    assert not any("\t" in c.text or "\n" in c.text for c in claims)
    source.write_text("".join(f"{c.pk}\t{c.text}\n" for c in claims), encoding="utf-8")
    out = StringIO()
    call_command("checkworthiness", "--input", str(source), "--reasons", stdout=out)
    printed = {
        int(claim_id): (float(score), reasons.split("; "))
        for claim_id, score, reasons in (line.split("\t") for line in out.getvalue().splitlines())
    }
    parsed = {c.text: c.features for c in extract_claims(claims[0].article.text)}
    alone = feature_docs([c.text for c in claims])
    same_features = 0
    for claim, doc in zip(claims, alone, strict=True):
        score, reasons = printed[claim.pk]
        if claim.quote_type == "question":
            continue  # a question put to someone scores 0 at ingest, by rule
        if set(claim.checkworthiness_reasons) & set(HELD_BACK_REASONS):
            continue  # so does a heading held back from the queue (claims/nlp/headings.py)
        if np.array_equal(sentence_features(doc).values, parsed[claim.text].values):
            same_features += 1
            assert score == pytest.approx(claim.checkworthiness, abs=1e-4)
            assert reasons == claim.checkworthiness_reasons
        else:
            assert score == pytest.approx(claim.checkworthiness, abs=0.1)
    assert same_features >= 0.8 * len(claims)


@pytest.mark.model
@pytest.mark.django_db(transaction=True)
def test_ingest_scores_on_extractions_parse_without_tagging_again(demo_text, monkeypatch):
    """Ingest reuses the parse extraction made; no claim is tagged a second time."""

    def no_tagging(texts, nlp=None):
        raise AssertionError(f"tagged again: {list(texts)[:3]}")

    monkeypatch.setattr(checkworthiness_model, "feature_docs", no_tagging)
    article = services.article_submit(text=demo_text, submitted_by=None).article
    article.refresh_from_db()
    assert article.status == Article.Status.DONE, article.error
    stored = list(article.claims.order_by("position"))

    # What ingest stored is the score on extraction's own features (still
    # without tagging anything).
    extracted = extract_claims(demo_text)
    assert all(c.features is not None for c in extracted)
    expected = score_claims(extracted, embeddings.embed_texts([c.text for c in extracted]))
    assert [c.text for c in stored] == [c.text for c in expected]
    for claim, rescored in zip(stored, expected, strict=True):
        assert claim.checkworthiness == pytest.approx(rescored.checkworthiness, abs=1e-4)
        assert claim.checkworthiness_reasons == rescored.reasons
    # The features ride along in Python only: the JSON shape has no such key.
    assert "features" not in extracted[0].as_dict()


def test_only_texts_without_features_are_tagged(monkeypatch):
    """Claims that bring features from extraction are not tagged again."""
    nlp = blank_nlp()
    tagged: list[str] = []

    def recording(texts, nlp_=None):
        tagged.extend(texts)
        return list(nlp.pipe(texts))

    monkeypatch.setattr(checkworthiness_model, "feature_docs", recording)
    model = CheckworthinessModel.load(DEFAULT_MODEL_PATH)
    texts = ["Exports fell 12 percent in March.", "Thank you.", "Taxes rose 3 percent."]
    known = sentence_features(nlp(texts[0]))
    scored = model.score(texts, embeddings=hashed_embed(texts), features=[known, None, None])
    assert tagged == texts[1:]
    # Given or computed here, the same features give the same score.
    assert scored[0] == model.score(texts[:1], embeddings=hashed_embed(texts[:1]))[0]
