"""Writes: check-worthiness scores of stored claims (issue #21).

Ingest scores a claim once. A newer model (promoted by
`services/checkworthiness_versions.py`) or a corrected content makes that
score stale, so these services score stored claims again. They never undo a
person's work: a claim someone holds, skipped, checked, pinned, merged or
corrected keeps its queue state (its score and reasons are refreshed, as
they are what the desk reads); only claims the machine alone placed move
between the queue and "below threshold".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from django.conf import settings
from django.db import transaction

from ..models import Claim, ClaimEmbedding, library_push
from .reconcile import MACHINE_STATES, claims_with_desk_work

RESCORE_BATCH = 500


def checkworthiness_model_path() -> Path:
    """Return the model ingest scores with: the newsroom's file when it
    exists (a promoted version or a manual retrain), else the packaged one."""
    from ..nlp.checkworthiness_model import resolve_model_path

    return resolve_model_path(settings.CLAIMS_CHECKWORTHINESS_MODEL)


def claims_open() -> Iterable[Claim]:
    """Return the claims still waiting for the desk, whose order a model sets."""
    return Claim.objects.filter(
        queue_state__in=MACHINE_STATES,
        assigned_to__isnull=True,
        retired_at__isnull=True,
        merged_into__isnull=True,
    ).order_by("pk")


def scored_by_rule(claim: Claim) -> bool:
    """Return whether a rule, not the model, set the claim's score: a question
    put to someone, a headline repeating a body claim, a section heading."""
    from ..nlp.headings import HELD_BACK_REASONS  # deferred: it imports spaCy

    return claim.quote_type == Claim.QuoteType.QUESTION or bool(
        set(claim.checkworthiness_reasons or ()) & set(HELD_BACK_REASONS)
    )


def queue_state_for(claim: Claim, score: float) -> str:
    """Return where the machine puts a claim with this score: queued when the
    score, raised by its nearest checked claim, reaches the threshold."""
    min_score = settings.CLAIMS_QUEUE_MIN_SCORE
    if score + library_push(claim.library_similarity) >= min_score:
        return Claim.QueueState.QUEUED
    return Claim.QueueState.BELOW_THRESHOLD


@dataclass(frozen=True)
class ScoreChange:
    """A claim's score, reasons and queue state, before or after."""

    checkworthiness: float
    reasons: list[str]
    queue_state: str


def claims_set_scores(*, scores: dict[int, tuple[float, list[str]]]) -> int:
    """Write new scores and reasons; move machine-placed claims to match.

    Returns how many claims changed. Runs in one transaction, the claims
    locked, so a take racing it either comes first (and the claim keeps its
    new state) or sees the new order.
    """
    if not scores:
        return 0
    changed = []
    with transaction.atomic():
        claims = list(Claim.objects.select_for_update().filter(pk__in=list(scores)))
        desk = claims_with_desk_work(claim_ids=[c.pk for c in claims])
        for claim in claims:
            score, reasons = scores[claim.pk]
            fields = {"checkworthiness": round(float(score), 4), "checkworthiness_reasons": reasons}
            if claim.queue_state in MACHINE_STATES and claim.pk not in desk:
                fields["queue_state"] = queue_state_for(claim, fields["checkworthiness"])
            if all(getattr(claim, name) == value for name, value in fields.items()):
                continue
            for name, value in fields.items():
                setattr(claim, name, value)
            changed.append(claim)
        Claim.objects.bulk_update(
            changed,
            ["checkworthiness", "checkworthiness_reasons", "queue_state"],
            batch_size=RESCORE_BATCH,
        )
    return len(changed)


def claims_score(
    *,
    claims: Sequence[Claim],
    model_path: Path | None = None,
    vectors=None,
    standalone: bool = True,
) -> dict[int, tuple[float, list[str]]]:
    """Return the model's (score, reasons) per claim id, by the ingest path.

    As at ingest, a claim is scored as it reads on its own (standalone,
    else its text; standalone=False: its text) with its stored vector
    (vectors, one row per claim, when given); claims scored by a rule are
    left out. Features come from tagging each text alone: extraction's
    parse is gone by now.
    """
    from sources.selectors import claims_speaker_shares

    from ..nlp.checkworthiness_model import score_sentences

    claims = [claim for claim in claims if not scored_by_rule(claim)]
    # The model learnt English: claims in other languages keep the rule
    # score extraction gave them (issue #26); one query per batch.
    english = set(
        Claim.objects.filter(pk__in=[c.pk for c in claims], article__language="en")
        .filter(language__in=("", "en"))
        .values_list("pk", flat=True)
    ) if claims else set()
    if vectors is not None and len(vectors) == len(claims):
        vectors = [v for c, v in zip(claims, vectors, strict=True) if c.pk in english]
    claims = [claim for claim in claims if claim.pk in english]
    if not claims:
        return {}
    if vectors is None:
        stored = dict(
            ClaimEmbedding.objects.filter(claim__in=[c.pk for c in claims]).values_list(
                "claim_id", "embedding"
            )
        )
        missing = [c for c in claims if c.pk not in stored]
        if missing:
            from ..nlp.embeddings import embed_texts

            texts = [c.standalone or c.text for c in missing]
            stored.update(zip([c.pk for c in missing], embed_texts(texts), strict=True))
        vectors = [stored[c.pk] for c in claims]
    scored = score_sentences(
        [(claim.standalone if standalone else "") or claim.text for claim in claims],
        np.asarray(vectors, dtype=np.float32),
        model_path=model_path or checkworthiness_model_path(),
        # A transcript's claims with who says them, as at ingest (issue #23).
        shares=claims_speaker_shares(claims=claims),
    )
    return {claim.pk: scored_claim for claim, scored_claim in zip(claims, scored, strict=True)}


def claims_rescore_open(*, model_path: Path | None = None) -> int:
    """Score every open claim with the model ingest uses (or model_path);
    return how many changed. The queue reorders with them."""
    changed, batch = 0, []
    for claim in claims_open().iterator(chunk_size=RESCORE_BATCH):
        batch.append(claim)
        if len(batch) == RESCORE_BATCH:
            changed += claims_set_scores(scores=claims_score(claims=batch, model_path=model_path))
            batch = []
    if batch:
        changed += claims_set_scores(scores=claims_score(claims=batch, model_path=model_path))
    return changed


def claims_snapshot_open() -> dict[int, ScoreChange]:
    """Return the open claims' scores, reasons and states (to roll back to)."""
    return {
        pk: ScoreChange(score, reasons, state)
        for pk, score, reasons, state in claims_open().values_list(
            "pk", "checkworthiness", "checkworthiness_reasons", "queue_state"
        )
    }


def claims_restore_scores(*, snapshot: dict[int, ScoreChange]) -> int:
    """Put back the scores of a snapshot on the claims still open; return how
    many changed. A claim a person acted on since keeps its queue state."""
    changed = []
    with transaction.atomic():
        claims = list(Claim.objects.select_for_update().filter(pk__in=list(snapshot)))
        desk = claims_with_desk_work(claim_ids=[c.pk for c in claims])
        for claim in claims:
            old = snapshot[claim.pk]
            claim.checkworthiness = old.checkworthiness
            claim.checkworthiness_reasons = old.reasons
            if (
                claim.queue_state in MACHINE_STATES
                and old.queue_state in MACHINE_STATES
                and claim.pk not in desk
            ):
                claim.queue_state = old.queue_state
            changed.append(claim)
        Claim.objects.bulk_update(
            changed,
            ["checkworthiness", "checkworthiness_reasons", "queue_state"],
            batch_size=RESCORE_BATCH,
        )
    return len(changed)


def claim_rescore(*, claim: Claim) -> Claim:
    """Score one claim again from its current text (after a correction of
    its content): the stored vector and the standalone form are of the old
    text, so the corrected text is embedded and scored as it is."""
    from ..nlp.embeddings import embed_texts

    scores = claims_score(claims=[claim], vectors=embed_texts([claim.text]), standalone=False)
    claims_set_scores(scores=scores)
    claim.refresh_from_db()
    return claim
