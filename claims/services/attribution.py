"""Writes: fact-checkers' corrections of who said what, kept as training data.

Every correction is a history row of the claim (django-simple-history) whose
reason starts with ATTRIBUTION_CORRECTED; `manage.py
export_attribution_corrections` turns those rows into JSONL.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import transaction

from ..models import Claim
from .articles import speaker_get_or_create
from .common import WorkflowError, history_as, history_record
from .queue import claim_lock

ATTRIBUTION_CORRECTED = "Attribution corrected"
ATTRIBUTION_AS_EXTRACTED = "As extracted"
ATTRIBUTION_FORBIDDEN = (
    "Only the fact-checker holding claim {claim}, or an editor, can correct its attribution."
)
ATTRIBUTION_SPAN_INVALID = "The {part} span {start}-{end} is outside the article text (0-{length})."
ATTRIBUTION_TEXT_MISMATCH = (
    "The {part} text {text!r} is not what the article says at {start}-{end} ({actual!r})."
)
ATTRIBUTION_TEXT_NOT_FOUND = "{text!r} does not occur in the article; copy the {part} exactly."
ATTRIBUTION_CONTENT_REQUIRED = "A claim needs its content; it cannot be cleared."
ATTRIBUTION_UNCHANGED = "Nothing to correct: the attribution already says that."

# Which part of the attribution each claim field belongs to.
ATTRIBUTION_PARTS = {
    "speaker": "speaker",
    "speaker_text": "speaker",
    "speaker_unnamed": "speaker",
    "speaker_start": "speaker",
    "speaker_end": "speaker",
    "speaker_role": "role",
    "cue_text": "cue",
    "cue_start": "cue",
    "cue_end": "cue",
    "text": "content",
    "content_start": "content",
    "content_end": "content",
    "sentence_start": "content",
    "sentence_end": "content",
    "standalone": "content",
    "reported_by": "outlet",
}


@dataclass(frozen=True)
class SpanInput:
    """A corrected span: its text, and its offsets when the caller knows them.

    Without offsets the text is looked up in the article, in the claim's
    sentence first, then nearest to it. An empty text clears the span.
    """

    text: str
    start: int | None = None
    end: int | None = None

    @property
    def is_empty(self) -> bool:
        return not self.text.strip() and self.start is None


def span_resolve(*, claim: Claim, part: str, span: SpanInput) -> tuple[str, int, int]:
    """Return (text, start, end) of span in the article, or raise WorkflowError."""
    article_text = claim.article.text
    if span.start is not None and span.end is not None:
        start, end = span.start, span.end
        if not 0 <= start <= end <= len(article_text):
            raise WorkflowError(
                ATTRIBUTION_SPAN_INVALID.format(
                    part=part, start=start, end=end, length=len(article_text)
                )
            )
        actual = article_text[start:end]
        if span.text and span.text != actual:
            raise WorkflowError(
                ATTRIBUTION_TEXT_MISMATCH.format(
                    part=part, text=span.text, start=start, end=end, actual=actual
                )
            )
        return actual, start, end
    text = span.text.strip()
    start = text_locate(article_text, text, near=(claim.sentence_start, claim.sentence_end))
    if start is None:
        raise WorkflowError(ATTRIBUTION_TEXT_NOT_FOUND.format(text=text, part=part))
    return text, start, start + len(text)


def span_fields(*, claim: Claim, part: str, prefix: str, span: SpanInput) -> dict:
    """Return the claim's <prefix>_text, _start and _end for span; an empty
    span clears them."""
    if span.is_empty:
        return {f"{prefix}_text": "", f"{prefix}_start": None, f"{prefix}_end": None}
    text, start, end = span_resolve(claim=claim, part=part, span=span)
    return {f"{prefix}_text": text, f"{prefix}_start": start, f"{prefix}_end": end}


def text_locate(haystack: str, needle: str, *, near: tuple[int, int]) -> int | None:
    """Return where needle occurs in haystack: inside `near` if it can, else
    the occurrence closest to it; None if it does not occur."""
    if not needle:
        return None
    lo, hi = near
    best, best_distance = None, None
    at = haystack.find(needle)
    while at != -1:
        distance = max(lo - at, at + len(needle) - hi, 0)
        if best_distance is None or distance < best_distance:
            best, best_distance = at, distance
        at = haystack.find(needle, at + 1)
    return best


def claim_correct_attribution(
    *,
    claim: Claim,
    user: AbstractBaseUser,
    speaker: SpanInput | None = None,
    speaker_name: str | None = None,
    speaker_role: str | None = None,
    cue: SpanInput | None = None,
    content: SpanInput | None = None,
    reported_by: list[SpanInput] | None = None,
) -> Claim:
    """Correct a claim's speaker, role, cue, content or outlet credits.

    None leaves a part as it is. Spans are checked against the article text.
    speaker_name is the canonical name (default: the new speaker text).
    The claim's assignee or an editor (claims.change_claim) may correct it;
    the history row records who, when and the values before and after.
    """
    with transaction.atomic():
        claim = claim_lock(claim)
        holds_it = (
            claim.queue_state == Claim.QueueState.ASSIGNED and claim.assigned_to_id == user.pk
        )
        if not (user.is_active and (holds_it or user.has_perm("claims.change_claim"))):
            raise PermissionDenied(ATTRIBUTION_FORBIDDEN.format(claim=claim.pk))
        fields = attribution_changes(
            claim=claim,
            speaker=speaker,
            speaker_name=speaker_name,
            speaker_role=speaker_role,
            cue=cue,
            content=content,
            reported_by=reported_by,
        )
        if not fields:
            raise WorkflowError(ATTRIBUTION_UNCHANGED)
        if not Claim.history.filter(id=claim.pk).exists():
            # Extraction stores claims in bulk, without history rows; keep the
            # extracted values as the "before" of the first correction.
            history_record(instances=[claim], by=None, reason=ATTRIBUTION_AS_EXTRACTED)
        for name, value in fields.items():
            setattr(claim, name, value)
        parts = sorted({ATTRIBUTION_PARTS[name] for name in fields})
        history_as(claim, by=user, reason=f"{ATTRIBUTION_CORRECTED}: {', '.join(parts)}")
        claim.save(update_fields=[*fields, "updated_at"])
    if "text" in fields:
        # The score and its reasons were of the old content (issue #21).
        from .checkworthiness import claim_rescore

        claim = claim_rescore(claim=claim)
    return claim


def attribution_changes(
    *,
    claim: Claim,
    speaker: SpanInput | None,
    speaker_name: str | None,
    speaker_role: str | None,
    cue: SpanInput | None,
    content: SpanInput | None,
    reported_by: list[SpanInput] | None,
) -> dict:
    """Return the claim fields the correction changes, validated."""
    fields = {}
    if speaker is not None:
        fields.update(span_fields(claim=claim, part="speaker", prefix="speaker", span=speaker))
        if speaker.is_empty:
            fields["speaker"] = None
        elif fields["speaker_text"] != claim.speaker_text:
            speaker_name = speaker_name or fields["speaker_text"]
    if speaker_name and speaker_name.strip() != claim.speaker_name:
        fields["speaker"] = speaker_get_or_create(name=speaker_name.strip(), kind="person")
    if "speaker" in fields:  # a person named the source, or cleared it
        fields["speaker_unnamed"] = False
    if speaker_role is not None:
        fields["speaker_role"] = speaker_role.strip()
    if cue is not None:
        fields.update(span_fields(claim=claim, part="cue", prefix="cue", span=cue))
    if content is not None:
        if content.is_empty:
            raise WorkflowError(ATTRIBUTION_CONTENT_REQUIRED)
        text, start, end = span_resolve(claim=claim, part="content", span=content)
        # The standalone text was of the extracted words; the person's own
        # content is shown as they drew it.
        fields.update(text=text, content_start=start, content_end=end, standalone="")
        # The sentence span covers the content, as extraction guarantees.
        fields.update(
            sentence_start=min(claim.sentence_start, start),
            sentence_end=max(claim.sentence_end, end),
        )
    if reported_by is not None:
        credits = []
        for credit in reported_by:
            if not credit.is_empty:
                text, start, end = span_resolve(claim=claim, part="outlet", span=credit)
                credits.append({"text": text, "start": start, "end": end})
        fields["reported_by"] = credits
    return {name: value for name, value in fields.items() if getattr(claim, name) != value}
