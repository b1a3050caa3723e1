"""The desk's own verdicts in the library of checked claims (issue #24).

Publishing a verdict stores it as a checked claim of source "desk" (one row
per verdict, external_id its id); a correction rewrites that row; a
retraction withdraws it: `withdrawn_at` is set and its vectors cleared, so
that neither the hybrid search nor the queue's nearest check finds it
(both read checks with a vector only), and the selectors leave out the
decided matches that still point at it.

The row is written in the verdict's transaction, with the claim's own
vector (ingest embeds `Claim.display_text`, the text stored here), so the
web process never loads the model. Once the transaction commits a Celery
task (`library_refresh_for_checks`) embeds the headline, then brings the
open claims near the changed checks up to date (found by the claims'
vector index, so its cost does not grow with the number of claims).
"""

from __future__ import annotations

from collections.abc import Collection

import numpy as np
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from ..models import (
    LIBRARY_FLOOR,
    CheckedClaim,
    Claim,
    ClaimMultilingualEmbedding,
    LibraryMatch,
    Verdict,
)
from ..tasks import library_refresh_for_checks as library_refresh_for_checks_task
from .library import (
    LibraryRefresh,
    _ChecksImported,
    _in_batches,
    _normalised,
    claims_match_library,
    claims_rank_by_library,
)

DESK_SOURCE = "desk"
# A claim on the desk is searched again (the full hybrid search) when its
# cosine to a changed check reaches this: under it, the check neither
# raises the claim (LIBRARY_FLOOR) nor, in practice, reaches the related
# tier; searching every queued claim again at each publish would cost
# minutes at 100k claims. Claims already linked to the check are searched
# again whatever their cosine.
DESK_NEAR_COSINE = LIBRARY_FLOOR
# Claims read from the vector index per check: the HNSW search returns at
# most hnsw.ef_search rows (CLAIMS_HNSW_EF_SEARCH, 250) in one scan.
NEAR_CANDIDATES = 250


def desk_checked_claim_store(*, verdict: Verdict) -> CheckedClaim:
    """Store a public verdict as the library's check of source desk, or
    update it (a correction); return it. Call inside the verdict's
    transaction: the open claims are matched again once it commits."""
    from ..claimreview import verdict_public_url
    from ..ratings import rating_get

    claim = verdict.claim
    rating = rating_get(verdict.rating)
    text = claim.display_text
    entry = CheckedClaim.objects.filter(desk_verdict=verdict).first() or CheckedClaim(
        source=DESK_SOURCE, external_id=str(verdict.pk), desk_verdict=verdict
    )
    if entry.text != text or entry.embedding is None:
        entry.embedding = claim.embedding  # None: the task embeds the text
    if entry.text != text or entry.multilingual_embedding is None:
        # The claim's own multilingual vector (issue #26): no model here.
        entry.multilingual_embedding = ClaimMultilingualEmbedding.objects.filter(
            claim=claim
        ).values_list("embedding", flat=True).first()
    entry.language = claim.language_code
    if entry.title != verdict.headline:
        entry.title_embedding = None  # the task embeds the new headline
    entry.text = text
    entry.title = verdict.headline
    entry.speaker = claim.speaker_name or claim.speaker_text
    entry.verdict = rating.name
    entry.rating_value = rating.value
    entry.url = verdict_public_url(verdict.pk)
    entry.published_on = timezone.localdate(verdict.published_at or timezone.now())
    entry.reviewer = settings.CLAIMS_ORGANIZATION_NAME
    entry.withdrawn_at = None
    entry.save()
    library_refresh_for_checks_task.delay_on_commit([entry.pk])
    return entry


def desk_checked_claim_withdraw(*, verdict: Verdict) -> CheckedClaim | None:
    """Withdraw the library's check of a retracted verdict: no search finds
    it from now on; the claims it raised are ranked again after the commit."""
    entry = CheckedClaim.objects.filter(desk_verdict=verdict).first()
    if entry is None:
        return None
    CheckedClaim.objects.filter(pk=entry.pk).update(
        withdrawn_at=timezone.now(), embedding=None, title_embedding=None, updated_at=timezone.now()
    )
    entry.refresh_from_db()
    library_refresh_for_checks_task.delay_on_commit([entry.pk])
    return entry


def library_refresh_for_checks(
    *, checked_ids: Collection[int], batch: int = 200
) -> LibraryRefresh:
    """Bring the claims up to date with checks the desk published, corrected
    or withdrew; idempotent, so a task may run it twice.

    First missing vectors of the checks are embedded (the headline after a
    publish or correction). Then: every claim whose nearest check is one of
    them is ranked against the whole library (a withdrawn check raises
    nothing); claims within DESK_NEAR_COSINE of a check, found by the
    claims' vector index, or linked to one, are brought up to date: those
    on the desk searched again, matches and all, those below the threshold
    given their nearest check as after an import. When a check has more
    such claims than one index search returns, every claim is compared.
    """
    ids = sorted(set(checked_ids))
    _checks_embed_missing(ids)
    refresh = LibraryRefresh()
    fields = ("id", "text", "checkworthiness", "library_similarity", "nearest_checked_claim")
    claims = (
        Claim.objects.filter(is_hidden=False)
        .select_related("vector_row")
        .only(*fields, "standalone", "checkworthiness_reasons", "vector_row__embedding")
    )
    for chunk in _in_batches(claims.filter(nearest_checked_claim_id__in=ids), batch=batch):
        with transaction.atomic():
            refresh.lifted += claims_rank_by_library(claims=chunk)
        refresh.ranked += len(chunk)
    changed = _ChecksImported.load(ids)
    linked = set(
        LibraryMatch.objects.filter(checked_claim_id__in=ids).values_list("claim_id", flat=True)
    )
    near = _claims_near(changed)
    if near is not None:
        claims = claims.filter(pk__in=near | linked)
    on_desk = claims.filter(queue_state__in=[Claim.QueueState.QUEUED, Claim.QueueState.ASSIGNED])
    for chunk in _in_batches(on_desk, batch=batch):
        if near is None:  # every claim read: keep those near a check
            chunk = [c for c in chunk if c.pk in linked or _near(c, changed)]
        if chunk:
            claims_match_library(claims=chunk)
            refresh.searched += len(chunk)
    below = claims.filter(queue_state=Claim.QueueState.BELOW_THRESHOLD)
    if changed.ids:
        for chunk in _in_batches(below, batch=batch):
            with transaction.atomic():
                refresh.lifted += changed.rank(claims=chunk)
            refresh.ranked += len(chunk)
    return refresh


def _claims_near(changed: _ChecksImported) -> set[int] | None:
    """Return the ids of visible claims within DESK_NEAR_COSINE of a changed
    check, read from the claims' vector index (pgvector HNSW; in process on
    SQLite); None when a check has NEAR_CANDIDATES such claims or more, as
    one index search returns no more."""
    from ..selectors.related import _nearest_in_process, _nearest_pgvector

    search = _nearest_pgvector if connection.vendor == "postgresql" else _nearest_in_process
    near: set[int] = set()
    for vector in changed.matrix if changed.ids else ():
        found = search(vector, article_id=0, limit=NEAR_CANDIDATES)
        close = [claim.pk for claim, cosine in found if cosine >= DESK_NEAR_COSINE]
        if len(close) >= NEAR_CANDIDATES:
            return None
        near.update(close)
    return near


def _near(claim: Claim, changed: _ChecksImported) -> bool:
    vector = claim.embedding
    if vector is None or not changed.ids:
        return False
    cosines = _normalised(np.asarray(vector, dtype=np.float32)[None, :]) @ changed.matrix.T
    return float(cosines.max()) >= DESK_NEAR_COSINE


def _checks_embed_missing(ids: list[int]) -> None:
    """Embed the text and headline of the (not withdrawn) checks lacking a vector."""
    missing = list(
        CheckedClaim.objects.filter(pk__in=ids, withdrawn_at=None)
        .exclude(embedding__isnull=False, title_embedding__isnull=False)
        .only("id", "text", "title", "embedding", "title_embedding")
    )
    missing = [c for c in missing if c.embedding is None or (c.title and c.title_embedding is None)]
    if not missing:
        return
    from ..nlp.embeddings import embed_texts

    texts = [c.text for c in missing if c.embedding is None]
    titles = [c.title for c in missing if c.title and c.title_embedding is None]
    vectors = iter(embed_texts(texts + titles)) if texts or titles else iter(())
    text_vectors = {c.pk: next(vectors) for c in missing if c.embedding is None}
    title_vectors = {c.pk: next(vectors) for c in missing if c.title and c.title_embedding is None}
    for check in missing:
        fields = {}
        if check.pk in text_vectors:
            fields["embedding"] = text_vectors[check.pk]
        if check.pk in title_vectors:
            fields["title_embedding"] = title_vectors[check.pk]
        # Only while still not withdrawn: a retraction since wins.
        CheckedClaim.objects.filter(pk=check.pk, withdrawn_at=None).update(
            updated_at=timezone.now(), **fields
        )

