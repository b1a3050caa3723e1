"""Reads of the sources app."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from .models import Source


def source_list_health(*, now: datetime.datetime | None = None) -> QuerySet[Source]:
    """Return every source with `items_week`: the articles its entries
    created in the last 7 days (the Sources page's health columns)."""
    since = (now or timezone.now()) - datetime.timedelta(days=7)
    return Source.objects.annotate(
        items_week=Count("entries", filter=Q(entries__created=True, entries__seen_at__gte=since))
    ).order_by("-active", "name", "pk")


def evidence_snapshot_status(*, evidence) -> dict:
    """Return the evidence's archived copy and its latest re-check, for the
    claim page: {"archive": snapshot or None, "latest": snapshot or None}."""
    from .models import EvidenceSnapshot

    snapshots = list(EvidenceSnapshot.objects.filter(evidence=evidence)
                     .defer("html_gz", "text").order_by("fetched_at", "pk"))
    archive = next((s for s in snapshots if s.html_sha256 and not s.error), None)
    return {"archive": archive, "latest": snapshots[-1] if snapshots else None}


def evidence_list_flagged() -> QuerySet:
    """Evidence whose latest re-check flagged its page gone or changed."""
    from django.db.models import OuterRef, Subquery

    from claims.models import Evidence, Verdict

    from .models import EvidenceSnapshot

    latest = EvidenceSnapshot.objects.filter(evidence=OuterRef("pk")).order_by("-fetched_at", "-pk")
    return (
        Evidence.objects.filter(verdict__status__in=Verdict.PUBLIC_STATUSES)
        .annotate(latest_flag=Subquery(latest.values("flag")[:1]))
        .exclude(latest_flag="")
        .exclude(latest_flag__isnull=True)
        .select_related("verdict", "verdict__claim")
        .order_by("-pk")
    )


def claims_speaker_shares(*, claims) -> list[float] | None:
    """Each claim's speaker share in its transcript, the context the
    check-worthiness model was trained with (issue #23), as at ingest: the
    share of the article's claims said by the claim's turn speaker against
    its main speaker (0 for that one, negative for a moderator; 0 for a claim
    outside a transcript). None when no claim is of a transcript.

    Two queries, whatever the number of claims and articles."""
    from claims.models import Claim
    from claims.nlp.checkworthiness_model import speaker_shares

    from .models import Transcript
    from .transcripts import turn_index

    turns = dict(
        Transcript.objects.filter(article__in={c.article_id for c in claims})
        .values_list("article_id", "turns")
    )
    if not turns:
        return None
    share: dict[int, float] = {}
    rows = (
        Claim.objects.filter(article__in=list(turns), retired_at__isnull=True)
        .order_by("article_id", "position")
        .values_list("article_id", "pk", "content_start")
    )
    by_article: dict[int, list[tuple[int, str | None]]] = {}
    for article_id, pk, start in rows:
        index = turn_index(turns[article_id], start)
        speaker = (turns[article_id][index]["speaker"] or None) if index is not None else None
        by_article.setdefault(article_id, []).append((pk, speaker))
    for said in by_article.values():
        shares = speaker_shares([speaker for _, speaker in said])
        share.update((pk, float(value)) for (pk, _), value in zip(said, shares, strict=True))
    return [share.get(claim.pk, 0.0) for claim in claims]
