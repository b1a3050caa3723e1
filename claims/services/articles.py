"""Writes: submitting articles and storing the claims extracted from them."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from ..article_input import (
    ArticleInputError,
    article_language,
    clean_article_metadata,
    clean_article_text,
    clean_published_on,
)
from ..models import Article, Claim, ClaimEmbedding
from ..nlp.language import own_language
from ..nlp.types import ExtractedClaim
from .processing import RELATED_PENDING_PROGRESS, article_enqueue, article_is_stale
from .speakers import speaker_get_or_create

logger = logging.getLogger(__name__)

ARTICLE_NOT_RETRYABLE = (
    "Only a failed article, or one whose processing stopped, can be retried; this one is "
    "{status}."
)


class ArticleExtractionFailed(Exception):
    """Extraction failed and the article was marked failed with the reason:
    people see it and can retry; a task retry would fail the same way."""


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class SubmitResult:
    article: Article
    created: bool  # False when the same text had been submitted before

    @property
    def queued(self) -> bool:
        """False while the queue could not be reached: the article is stored
        and the sweeper hands it to the queue once it answers."""
        return self.article.enqueued_at is not None or self.article.status != Article.Status.PENDING


def article_submit(
    *,
    text: str = "",
    submitted_by: AbstractBaseUser | None,
    title: str = "",
    outlet: str = "",
    url: str = "",
    author: str = "",
    published_on=None,
    language: str = "en",
    source: str = Article.Source.WEB,
    transcript=None,
) -> SubmitResult:
    """Store a new article and queue its extraction; return an existing one
    unchanged when the same text was submitted before.

    A transcript (sources.transcripts.Transcript, as parsed) is stored with
    its turns beside it (issue #23: sources.services.article_submit_transcript);
    its rendered text is the article's, whatever `text` says.

    The stored row is the record of the work (an outbox): when the queue
    cannot be reached the article stays `pending` with no `enqueued_at`, and
    `articles_sweep` queues it once the broker answers. Submitting never
    fails because the broker is down.

    A URL with no text is fetched by the task (issue #23:
    sources.services.article_submit_url), never in the request.

    The article's language is detected (issue #26); the language given is
    kept only where detection is unsure.

    Raises ArticleInputError (empty, too long, a language that cannot be
    embedded) before anything is written.
    """
    if transcript is not None:
        from sources.services import article_submit_transcript

        return article_submit_transcript(
            transcript=transcript, submitted_by=submitted_by, title=title, outlet=outlet,
            url=url, author=author, published_on=published_on, language=language,
            source=source,
        )
    if url and isinstance(text, str) and not text.strip():
        from sources.services import article_submit_url

        return article_submit_url(
            url=url, submitted_by=submitted_by, title=title, outlet=outlet, author=author,
            published_on=published_on, language=language, source=source,
        )
    text = clean_article_text(text)
    metadata = clean_article_metadata(  # refused, never cut, when too long
        title=title, outlet=outlet, url=url, author=author, language=language
    )
    published_on = clean_published_on(published_on)
    languages = article_language_fields(text=text, given=metadata["language"])
    text_hash = sha256_hex(text)
    existing = Article.objects.filter(text_hash=text_hash).first()
    if existing is not None:
        return SubmitResult(article=existing, created=False)
    article = Article(
        text=text,
        text_hash=text_hash,
        title=metadata["title"] or first_line_title(text),
        outlet=metadata["outlet"],
        url=metadata["url"],
        author=metadata["author"],
        published_on=published_on,
        **languages,
        source=source,
        submitted_by=submitted_by if getattr(submitted_by, "pk", None) else None,
    )
    try:
        article.full_clean(exclude=["text_hash"])
    except ValidationError as exc:
        raise ArticleInputError(validation_message(exc)) from exc
    try:
        with transaction.atomic():
            article.save()
            transaction.on_commit(lambda: article_enqueue(article=article))
    except IntegrityError:
        # Someone submitted the same text a moment ago.
        return SubmitResult(article=Article.objects.get(text_hash=text_hash), created=False)
    return SubmitResult(article=article, created=True)


def article_language_fields(*, text: str, given: str = "") -> dict:
    """Return the language and language_uncertain fields for an article's text.

    Raises ArticleInputError naming the language when it cannot be embedded.
    An unsure detection keeps the language the submitter (or the feed) gave,
    if it is an accepted one, else the most likely; both are flagged.
    """
    from ..nlp.language import ACCEPTED_LANGUAGES

    guess = article_language(text)
    code = guess.code
    if guess.uncertain and given in ACCEPTED_LANGUAGES:
        code = given
    return {"language": code, "language_uncertain": guess.uncertain}


def validation_message(error: ValidationError) -> str:
    """Return a model validation error as one readable line."""
    return "; ".join(
        f"{name.replace('_', ' ')}: {' '.join(messages)}"
        for name, messages in error.message_dict.items()
    )


def first_line_title(text: str) -> str:
    """Use the first line as the title when it reads like a headline."""
    first = text.split("\n", 1)[0].strip()
    return first[:200] if len(first) <= 200 else ""


def article_set_progress(*, article: Article, progress: int, status: str | None = None) -> None:
    """Record how far processing has got, visible at once to other processes;
    it is also a sign of life (the heartbeat)."""
    now = timezone.now()
    fields = {"progress": progress, "updated_at": now, "heartbeat_at": now}
    if status:
        fields["status"] = status
    Article.objects.filter(pk=article.pk).update(**fields)
    for name, value in fields.items():
        setattr(article, name, value)


def article_extract_claims(*, article: Article, link_related: bool = True) -> list[Claim]:
    """Extract, score and embed the article's claims and store them.

    link_related=False leaves the related-claims step to its own task
    (services/processing.py): the article is `done` with progress
    RELATED_PENDING_PROGRESS until that task has run (issue #22).

    Storing reconciles the new claims with the stored ones (services/
    reconcile.py): a claim that carries desk work keeps its id and that work,
    so running it again never destroys what people did. A failure leaves the
    article `failed` with the error and its earlier claims as they were, and
    raises ArticleExtractionFailed; when even that cannot be written (the
    database is gone), the database error is raised for the task to retry.
    """
    from sources.services import article_transcript, claims_set_times, transcript_speakers

    from ..nlp.checkworthiness import score_claims
    from ..nlp.embeddings import embed_texts
    from ..nlp.extraction import extract_claims
    from ..nlp.languages import extract_claims_in
    from ..nlp.loading import get_nlp
    from .reconcile import claims_reconcile

    try:
        article_set_progress(article=article, progress=5, status=Article.Status.PROCESSING)
        english = article.language == "en"
        if english:
            extracted = extract_claims(article.text, nlp=get_nlp(settings.CLAIMS_SPACY_MODEL))
        else:  # French, or sentence-level claims (issue #26; claims/nlp/languages)
            extracted = extract_claims_in(article.text, article.language)
        article_set_progress(article=article, progress=60)
        # Embedded as it reads on its own: "[The IMF] edged up ..." (issue #20).
        vectors = embed_texts([c.standalone or c.text for c in extracted])
        article_set_progress(article=article, progress=80)
        # The trained model replaces extraction's rule-based score, reusing
        # the vectors just computed.
        # Other languages keep their rule scores: the model learnt English.
        # A transcript's claims are scored with who says them, the context
        # the model was trained with (issue #23).
        transcript = article_transcript(article=article)
        if english:
            extracted = score_claims(
                extracted, vectors, model_path=settings.CLAIMS_CHECKWORTHINESS_MODEL,
                speakers=None if transcript is None else transcript_speakers(
                    transcript=transcript, offsets=[c.content.start for c in extracted]
                ),
            )
        article_set_progress(article=article, progress=90)
        with transaction.atomic():
            # One writer at a time per article: a redelivered message racing
            # this one waits here, then reconciles to the same claims.
            Article.objects.select_for_update().filter(pk=article.pk).first()
            claims = claims_reconcile(article=article, extracted=extracted, vectors=vectors)
            if transcript is not None:  # the time range of the claim's turns
                claims_set_times(transcript=transcript, claims=claims)
            now = timezone.now()
            Article.objects.filter(pk=article.pk).update(
                status=Article.Status.DONE,
                progress=100 if link_related else RELATED_PENDING_PROGRESS,
                error="",
                processed_at=now,
                updated_at=now,
                heartbeat_at=None,
                attempts=0,
            )
    except Exception as exc:
        logger.exception("Extraction failed for article %s", article.pk)
        article_mark_failed(article=article, error=extraction_error_message(exc))
        raise ArticleExtractionFailed(article.error) from exc
    article.refresh_from_db()
    if link_related:
        claims_link_related(claims=claims)
    return claims


def extraction_error_message(exc: BaseException) -> str:
    """Say why extraction stopped, in words for the article page."""
    from celery.exceptions import SoftTimeLimitExceeded

    if isinstance(exc, SoftTimeLimitExceeded):
        return (
            f"Extraction took longer than {settings.CELERY_TASK_SOFT_TIME_LIMIT} seconds and "
            "was stopped (CELERY_TASK_SOFT_TIME_LIMIT)."
        )
    return f"{type(exc).__name__}: {exc}"


def claims_link_related(*, claims: list[Claim]) -> None:
    """Refresh each claim's related claims and library matches; a failure is
    logged, never raised, so that the article stays extracted."""
    from .library import claims_match_library
    from .multilingual import claims_store_multilingual_vectors
    from .related import claims_relations_refresh

    try:  # the vectors that match claims across languages (issue #26)
        claims_store_multilingual_vectors(claims=claims)
    except Exception:
        logger.exception("Multilingual vectors failed for claims %s", [c.pk for c in claims])
    try:
        with transaction.atomic():
            claims_match_library(claims=claims)
    except Exception:
        logger.exception("Library search failed for claims %s", [c.pk for c in claims])
    try:
        # All of the article's claims at once (issue #22); a savepoint,
        # should a caller hold a transaction.
        with transaction.atomic():
            claims_relations_refresh(claims=claims)
    except Exception:
        logger.exception("Related claims failed for claims %s", [c.pk for c in claims])


def claim_fields_from_extracted(item: ExtractedClaim, *, article: Article | None = None) -> dict:
    """Return the Claim fields extraction sets, for a new or a stored claim.

    An unnamed source ("a senior official") is kept as written and marked
    unnamed, with no Speaker; a surname known only in article gets that
    article's own Speaker (services/speakers.py).
    """
    speaker = item.speaker
    named = speaker is not None and not speaker.unnamed
    # A claim of a mixed-language article carries its own language (issue #26).
    language = own_language(item.text, article.language) if article is not None else ""
    return {
        "text": item.text,
        "language": language,
        "sentence_start": item.start,
        "sentence_end": item.end,
        "content_start": item.content.start,
        "content_end": item.content.end,
        "attribution": item.attribution or None,
        "standalone": item.standalone,
        "speaker": speaker_get_or_create(
            name=speaker.canonical, kind=speaker.kind, article=article
        )
        if named
        else None,
        "speaker_text": speaker.text if speaker else "",
        "speaker_unnamed": speaker is not None and speaker.unnamed,
        "speaker_start": speaker.start if speaker else None,
        "speaker_end": speaker.end if speaker else None,
        "speaker_role": (speaker.role or "") if speaker else "",
        "cue_text": item.cue.text if item.cue else "",
        "cue_start": item.cue.start if item.cue else None,
        "cue_end": item.cue.end if item.cue else None,
        "reported_by": _outlet_credits(item),
        "quote_type": item.quote_type,
        "checkworthiness": item.checkworthiness,
        "checkworthiness_reasons": list(item.reasons),
    }


def _outlet_credits(item: ExtractedClaim) -> list[dict]:
    """Return the outlets credited with a claim; the one whose own report holds
    it ("The Herald reported that the mayor had claimed ...") keeps its verb,
    so the desk sees how the outlet put it as well as how the speaker did."""
    credits = [{"text": s.text, "start": s.start, "end": s.end} for s in item.reported_by]
    report = item.report
    for credit in credits if report else ():
        if credit["start"] < report.source.end and report.source.start < credit["end"]:
            cue = report.cue
            credit["cue"] = {"text": cue.text, "start": cue.start, "end": cue.end}
            break
    return credits


def claims_store_vectors(*, claims: list[Claim], vectors) -> list[ClaimEmbedding]:
    """Store each saved claim's vector in its own table (issue #5), in batches.

    Each row is also attached to its claim, so that claim.embedding needs no
    query for the related and library searches that follow ingest.
    """
    rows = [
        ClaimEmbedding(claim=claim, embedding=vector)
        for claim, vector in zip(claims, vectors, strict=True)
        if vector is not None
    ]
    ClaimEmbedding.objects.bulk_create(rows, batch_size=500)
    for row in rows:
        row.claim.vector_row = row
    return rows


def article_mark_failed(*, article: Article, error: str) -> None:
    """Mark the article failed with its error; its claims stay as they were
    (none are deleted: they may carry desk work).

    A database error is raised, not swallowed: the caller (the task) must
    retry, or the sweeper finds the article stale later.
    """
    now = timezone.now()
    Article.objects.filter(pk=article.pk).update(
        status=Article.Status.FAILED, error=error[:5000], updated_at=now, heartbeat_at=None
    )
    article.status, article.error = Article.Status.FAILED, error[:5000]


def article_retry(*, article: Article) -> Article:
    """Queue a failed article's extraction again, or one whose processing
    stopped without a sign of life (its worker was lost)."""
    if not (article.status == Article.Status.FAILED or article_is_stale(article=article)):
        raise ValueError(ARTICLE_NOT_RETRYABLE.format(status=article.get_status_display()))
    with transaction.atomic():
        Article.objects.filter(pk=article.pk).update(
            status=Article.Status.PENDING,
            progress=0,
            error="",
            attempts=0,
            enqueued_at=None,
            heartbeat_at=None,
            updated_at=timezone.now(),
        )
        transaction.on_commit(lambda: article_enqueue(article=article))
    article.refresh_from_db()
    return article
