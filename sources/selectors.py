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
