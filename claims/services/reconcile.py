"""Writes: store a fresh extraction over an article's claims without losing desk work.

Extraction runs again when a task is redelivered, an article is retried or
re-extracted by a moderator, or the pipeline improves. Claims carry people's
work (assignments, skips, corrected attributions, decided relations and
library matches, verdicts, pins, moderation, history), so the new extraction
is *reconciled* with the stored claims (issue #19):

1. each new claim is matched to a stored one: the same content span first,
   then the same text, then an overlapping content span in the same sentence;
2. a matched claim keeps its id and everything people did; its machine fields
   (spans, speaker, cue, score, vector) take the new values, except the
   attribution of a claim whose attribution a person corrected;
3. a stored claim left unmatched is deleted if it carries no desk work, and
   otherwise kept and flagged `retired_at` (shown to the desk, never deleted);
4. new claims left unmatched are created.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone

from ..models import (
    Article,
    Claim,
    ClaimEmbedding,
    ClaimRelation,
    ClaimSkip,
    LibraryMatch,
    Verdict,
)
from ..nlp.types import ExtractedClaim

# Claims are renumbered through this offset so that (article, position)
# stays unique at every step of the update.
POSITION_OFFSET = 1_000_000
# Queue states that only the machine sets; any other is a person's doing.
MACHINE_STATES = (Claim.QueueState.QUEUED, Claim.QueueState.BELOW_THRESHOLD)
ATTRIBUTION_FIELDS = (
    "speaker",
    "speaker_text",
    "speaker_unnamed",
    "speaker_start",
    "speaker_end",
    "speaker_role",
    "cue_text",
    "cue_start",
    "cue_end",
    "reported_by",
    "quote_type",
)
CONTENT_FIELDS = (
    "text",
    "sentence_start",
    "sentence_end",
    "content_start",
    "content_end",
)
# Everything extraction writes on a claim (claim_fields_from_extracted).
MACHINE_FIELDS = (
    *CONTENT_FIELDS,
    *ATTRIBUTION_FIELDS,
    "language",
    "checkworthiness",
    "checkworthiness_reasons",
)


def claims_with_desk_work(*, claim_ids: Iterable[int]) -> set[int]:
    """Return the ids among claim_ids that carry anything a person did."""
    ids = list(claim_ids)
    if not ids:
        return set()
    claims = Claim.objects.filter(pk__in=ids)
    marked = set(
        claims.filter(
            ~Q(queue_state__in=MACHINE_STATES)
            | Q(assigned_to__isnull=False)
            | Q(is_pinned=True)
            | Q(is_hidden=True)
            | Q(merged_into__isnull=False)
            | Q(retired_at__isnull=False)
        ).values_list("pk", flat=True)
    )
    marked |= set(
        Claim.objects.filter(merged_into__in=ids).values_list("merged_into_id", flat=True)
    )
    marked |= set(ClaimSkip.objects.filter(claim__in=ids).values_list("claim_id", flat=True))
    marked |= set(Verdict.objects.filter(claim__in=ids).values_list("claim_id", flat=True))
    decided = ~Q(decision=ClaimRelation.Decision.PENDING)
    for claim_id, other_id in ClaimRelation.objects.filter(
        decided & (Q(claim__in=ids) | Q(other__in=ids))
    ).values_list("claim_id", "other_id"):
        marked.update({claim_id, other_id} & set(ids))
    marked |= set(
        LibraryMatch.objects.filter(decided, claim__in=ids).values_list("claim_id", flat=True)
    )
    # Any change a signed-in person made (attribution corrections among them).
    marked |= set(
        Claim.history.filter(id__in=ids, history_user__isnull=False).values_list(
            "id", flat=True
        )
    )
    return marked


def claims_with_corrected_attribution(*, claim_ids: Iterable[int]) -> set[int]:
    """Return the ids among claim_ids whose attribution a person corrected."""
    from .attribution import ATTRIBUTION_CORRECTED

    return set(
        Claim.history.filter(
            id__in=list(claim_ids), history_change_reason__startswith=ATTRIBUTION_CORRECTED
        ).values_list("id", flat=True)
    )


def claims_match(
    *, stored: Sequence[Claim], extracted: Sequence[ExtractedClaim]
) -> dict[int, Claim]:
    """Return {index in extracted: stored claim} for the claims found again."""
    matched: dict[int, Claim] = {}
    used: set[int] = set()
    passes = (
        lambda c: (c.content_start, c.content_end),
        lambda c: c.text,
    )
    new_keys = (
        lambda e: (e.content.start, e.content.end),
        lambda e: e.text,
    )
    for stored_key, new_key in zip(passes, new_keys, strict=True):
        by_key: dict[object, list[Claim]] = defaultdict(list)
        for claim in stored:
            if claim.pk not in used:
                by_key[stored_key(claim)].append(claim)
        for index, item in enumerate(extracted):
            if index in matched:
                continue
            candidates = [c for c in by_key.get(new_key(item), ()) if c.pk not in used]
            if candidates:
                best = min(candidates, key=lambda c: abs(c.content_start - item.content.start))
                matched[index] = best
                used.add(best.pk)
    # Last: the same sentence, with overlapping content (the span was moved).
    for index, item in enumerate(extracted):
        if index in matched:
            continue
        for claim in stored:
            if (
                claim.pk not in used
                and (claim.sentence_start, claim.sentence_end) == (item.start, item.end)
                and claim.content_start < item.content.end
                and item.content.start < claim.content_end
            ):
                matched[index] = claim
                used.add(claim.pk)
                break
    return matched


def claims_reconcile(
    *, article: Article, extracted: Sequence[ExtractedClaim], vectors
) -> list[Claim]:
    """Store extracted (scored, with their vectors) as the article's claims.

    Call inside a transaction. Returns the article's current claims in the
    order extracted (matched and new ones); retired claims are not returned.
    """
    from .articles import claim_fields_from_extracted, claims_store_vectors

    stored = list(Claim.objects.filter(article=article).order_by("position"))
    matched = claims_match(stored=stored, extracted=extracted)
    matched_ids = {claim.pk for claim in matched.values()}
    unmatched = [claim for claim in stored if claim.pk not in matched_ids]
    desk = claims_with_desk_work(claim_ids=[claim.pk for claim in unmatched])
    Claim.objects.filter(pk__in=[c.pk for c in unmatched if c.pk not in desk]).delete()
    retired = [claim for claim in unmatched if claim.pk in desk]

    Claim.objects.filter(article=article).update(position=F("position") + POSITION_OFFSET)

    corrected = claims_with_corrected_attribution(claim_ids=matched_ids)
    now = timezone.now()
    min_score = settings.CLAIMS_QUEUE_MIN_SCORE
    kept, new = [], []
    for position, item in enumerate(extracted):
        fields = claim_fields_from_extracted(item, article=article)
        state = (
            Claim.QueueState.QUEUED
            if item.checkworthiness >= min_score
            else Claim.QueueState.BELOW_THRESHOLD
        )
        claim = matched.get(position)
        if claim is None:
            new.append(Claim(article=article, position=position, queue_state=state, **fields))
            continue
        if claim.pk in corrected:
            fields = {
                k: v for k, v in fields.items() if k not in ATTRIBUTION_FIELDS + CONTENT_FIELDS
            }
        for name, value in fields.items():
            setattr(claim, name, value)
        claim.position = position
        claim.retired_at = None
        if claim.queue_state in MACHINE_STATES:
            claim.queue_state = state
        kept.append(claim)
    for offset, claim in enumerate(retired):
        claim.position = len(extracted) + offset
        claim.retired_at = claim.retired_at or now
    for claim in kept + retired:
        claim.updated_at = now
    Claim.objects.bulk_update(
        kept + retired, ["position", "retired_at", "queue_state", "updated_at", *MACHINE_FIELDS],
        batch_size=500,
    )
    new = Claim.objects.bulk_create(new)

    # Vectors: the kept claims' rows are rewritten, the new claims' created.
    vector_of = {id(item): vector for item, vector in zip(extracted, vectors, strict=True)}
    ClaimEmbedding.objects.filter(claim__in=[c.pk for c in kept]).delete()
    by_position = {claim.position: claim for claim in kept + new}
    ordered = [by_position[position] for position in range(len(extracted))]
    claims_store_vectors(
        claims=ordered, vectors=[vector_of[id(item)] for item in extracted]
    )
    return ordered
