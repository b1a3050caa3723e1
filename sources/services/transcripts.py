"""Writes: a transcript becomes an article with its turns (issue #23)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from claims.models import Article
from claims.services.articles import SubmitResult, article_submit

from ..models import Transcript
from ..transcripts import Transcript as ParsedTranscript


def article_submit_transcript(
    *,
    transcript: ParsedTranscript,
    submitted_by: AbstractBaseUser | None,
    source: str = Article.Source.CLI,
    **metadata,
) -> SubmitResult:
    """Store the transcript's text as an article ("SPEAKER: words" a turn)
    with its turns beside it, and queue extraction as for any article; the
    same text again returns the existing article."""
    text = transcript.render()
    with transaction.atomic():
        result = article_submit(text=text, submitted_by=submitted_by, source=source, **metadata)
        if result.created:
            # article_submit stores the text as cleaned (stripped): the turns'
            # spans are moved by what was cut from the start.
            shift = text.find(result.article.text[:40]) if result.article.text else 0
            Transcript.objects.create(
                article=result.article,
                format=transcript.format,
                speakers=transcript.speakers,
                turns=[
                    {
                        "speaker": t.speaker,
                        "start": t.char_start - shift,
                        "end": t.char_end - shift,
                        "start_s": t.start_s,
                        "end_s": t.end_s,
                    }
                    for t in transcript.turns
                ],
            )
    return result
