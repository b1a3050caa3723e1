"""Reads: a transcript as the claim page shows it (issue #23), its turns
with speakers and times, the claim's turns marked and the claim's content
inside them, collapsed to a window around the claim when it is long."""

from __future__ import annotations

from dataclasses import dataclass

from ..models import Claim

# A transcript of more turns than this shows TRANSCRIPT_WINDOW turns each
# side of the claim's, with "show all".
TRANSCRIPT_COLLAPSE_OVER = 12
TRANSCRIPT_WINDOW = 3


def clock(seconds: float | None) -> str:
    """Seconds as a caption time: 4:05, 1:02:03; "" when unknown."""
    if seconds is None:
        return ""
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def clock_range(start_s: float | None, end_s: float | None) -> str:
    """A time range as shown: 0:04–0:09, or its start alone."""
    start, end = clock(start_s), clock(end_s)
    return f"{start}–{end}" if start and end and end != start else start


@dataclass(frozen=True)
class TurnView:
    number: int  # 1-based, in the whole transcript
    speaker: str
    start_s: float | None
    end_s: float | None
    before: str  # the turn's words before the claim's content
    claim: str  # the claim's content within this turn ("" outside the claim's turns)
    after: str
    is_claim: bool  # the claim's sentence spans this turn

    @property
    def clock(self) -> str:
        return clock_range(self.start_s, self.end_s)


@dataclass(frozen=True)
class TranscriptView:
    format: str
    format_label: str
    total: int  # turns in the transcript
    turns: list[TurnView]  # those shown
    hidden_before: int  # turns left out before and after the window
    hidden_after: int
    claim_clock: str = ""  # the claim's time range (Claim.time_start, time_end)

    @property
    def collapsed(self) -> bool:
        return bool(self.hidden_before or self.hidden_after)


def claim_transcript(*, claim: Claim, show_all: bool = False) -> TranscriptView | None:
    """The claim's article as a transcript, or None when it is not one.

    One query (the transcript) besides the article's text when the claim
    was read without it; nothing is queried while the turns are shown.
    """
    from sources.models import Transcript
    from sources.transcripts import span_turns

    transcript = Transcript.objects.filter(article_id=claim.article_id).first()
    if transcript is None or not transcript.turns:
        return None
    text, turns = claim.article.text, transcript.turns
    spanned = span_turns(turns, claim.sentence_start, claim.sentence_end)
    first = spanned.start if spanned else 0
    last = spanned.stop - 1 if spanned else 0
    low, high = 0, len(turns)
    if not show_all and len(turns) > TRANSCRIPT_COLLAPSE_OVER:
        low = max(0, first - TRANSCRIPT_WINDOW)
        high = min(len(turns), last + TRANSCRIPT_WINDOW + 1)
    shown = []
    for index in range(low, high):
        turn = turns[index]
        start, end = turn["start"], turn["end"]
        mark_start = min(max(claim.content_start, start), end)
        mark_end = max(min(claim.content_end, end), mark_start)
        shown.append(
            TurnView(
                number=index + 1,
                speaker=turn["speaker"],
                start_s=turn.get("start_s"),
                end_s=turn.get("end_s"),
                before=text[start:mark_start],
                claim=text[mark_start:mark_end],
                after=text[mark_end:end],
                is_claim=index in spanned,
            )
        )
    return TranscriptView(
        format=transcript.format,
        format_label=transcript.get_format_display(),
        total=len(turns),
        turns=shown,
        hidden_before=low,
        hidden_after=len(turns) - high,
        claim_clock=clock_range(claim.time_start, claim.time_end),
    )
