"""Ingest scores claims with the trained model and queues by its score."""

from io import StringIO

import pytest
from django.core.management import call_command

from claims import services
from claims.models import Article, Claim
from claims.nlp import embeddings


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
    """`manage.py checkworthiness` and ingest share one scoring path."""
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
    for claim in claims:
        score, reasons = printed[claim.pk]
        assert score == pytest.approx(claim.checkworthiness, abs=1e-4)
        assert reasons == claim.checkworthiness_reasons
