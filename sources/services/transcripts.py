"""Writes: a transcript becomes an article with its turns (issue #23)."""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from claims.models import Article, Claim
from claims.services.articles import SubmitResult, article_submit

from ..models import Transcript
from ..transcripts import Transcript as ParsedTranscript
from ..transcripts import span_time_range, turn_index


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


def article_transcript(*, article: Article) -> Transcript | None:
    """The article's transcript, or None for an ordinary article."""
    return Transcript.objects.filter(article=article).first()


def transcript_speakers(*, transcript: Transcript, offsets: Sequence[int]) -> list[str | None]:
    """The speaker of the turn holding each character offset (a claim's
    content start): who says the line, whoever it quotes. None outside a
    turn or for a turn without a speaker."""
    turns = transcript.turns
    speakers = []
    for offset in offsets:
        index = turn_index(turns, offset)
        speakers.append((turns[index]["speaker"] or None) if index is not None else None)
    return speakers


def claims_set_times(*, transcript: Transcript, claims: Sequence[Claim]) -> int:
    """Give each claim of a transcript the time range of the turns its
    sentence spans (Claim.time_start / time_end, seconds); return how many
    changed. Extraction and re-extraction call it after storing claims."""
    changed = []
    for claim in claims:
        times = span_time_range(transcript.turns, claim.sentence_start, claim.sentence_end)
        if (claim.time_start, claim.time_end) != times:
            claim.time_start, claim.time_end = times
            changed.append(claim)
    Claim.objects.bulk_update(changed, ["time_start", "time_end"], batch_size=500)
    return len(changed)
