"""Writes: evidence that survives link rot (issue #23).

- When an evidence item is added, `evidence_archive` (a task, after the
  commit) fetches its page through the safe fetcher and keeps a snapshot:
  the raw HTML gzip-compressed, its SHA-256, the main text, the HTTP status
  and the time. The claim page then says "archived <date>" and links to the
  stored copy, served with a sandboxing CSP (no scripts, nothing loaded).
- `evidence_recheck_due` (beat, daily) fetches the evidence of published
  verdicts again, every CLAIMS_EVIDENCE_RECHECK_DAYS, and flags an item
  whose page is gone (4xx/5xx, DNS failure, refused connection) or whose
  main text changed beyond CLAIMS_EVIDENCE_CHANGE_THRESHOLD; the flags show
  on the claim page and in the admin.
"""

from __future__ import annotations

import datetime
import gzip
import hashlib
import logging
import re

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from claims.models import Evidence, Verdict

from ..fetching import FETCH_UNRESOLVED, FetchError, fetch
from ..models import EvidenceSnapshot
from ..pages import page_content

logger = logging.getLogger(__name__)

WORD = re.compile(r"\w+", re.UNICODE)


def evidence_archive_soon(*, evidence: Evidence) -> None:
    """Queue the evidence's snapshot once the transaction commits; a broker
    that is down only costs the snapshot (logged; the re-check takes one)."""
    from kombu.exceptions import OperationalError as BrokerError

    from ..tasks import evidence_archive as task

    if not settings.CLAIMS_EVIDENCE_ARCHIVE:
        return

    def send() -> None:
        try:
            task.apply_async((evidence.pk,), retry=False)
        except (BrokerError, ConnectionError, OSError) as exc:
            logger.warning("Evidence %s not archived (broker unreachable: %s)", evidence.pk, exc)

    transaction.on_commit(send)


def evidence_snapshot_take(*, evidence: Evidence, recheck: bool = False) -> EvidenceSnapshot:
    """Fetch the evidence page and store what came back, or why nothing did."""
    snapshot = EvidenceSnapshot(evidence=evidence, url=evidence.url, is_recheck=recheck)
    try:
        page = fetch(evidence.url)
    except FetchError as exc:
        snapshot.error, snapshot.http_status = str(exc), exc.status
        snapshot.save()
        return snapshot
    snapshot.final_url = page.final_url[:2000]
    snapshot.http_status = page.status
    snapshot.content_type = page.content_type
    snapshot.html_sha256 = hashlib.sha256(page.body).hexdigest()
    snapshot.html_gz = gzip.compress(page.body, compresslevel=6)
    try:
        snapshot.text = page_content(page).text
    except ValueError:  # no main text: the copy is still kept
        snapshot.text = ""
    snapshot.save()
    return snapshot


def evidence_archive(*, evidence: Evidence) -> EvidenceSnapshot:
    """Take the evidence's first snapshot (the archive)."""
    return evidence_snapshot_take(evidence=evidence)


def evidence_archived_copy(*, evidence: Evidence) -> EvidenceSnapshot | None:
    """The first snapshot that holds the page, or None."""
    return (
        evidence.snapshots.filter(html_gz__isnull=False, error="")
        .order_by("fetched_at", "pk")
        .first()
    )


def text_similarity(a: str, b: str) -> float:
    """Share of word 3-grams the two texts have in common (Jaccard): 1.0 the
    same words in the same order, near 0 a different text. Linear in length,
    unlike a diff, so a long page costs little."""

    def shingles(text: str) -> set[tuple[str, ...]]:
        words = [w.lower() for w in WORD.findall(text)]
        return {tuple(words[i:i + 3]) for i in range(max(len(words) - 2, 1))}

    first, second = shingles(a), shingles(b)
    if not first and not second:
        return 1.0
    return len(first & second) / len(first | second)


def page_is_gone(snapshot: EvidenceSnapshot) -> bool:
    """A 4xx/5xx answer, a host that no longer resolves, or no connection."""
    if snapshot.http_status and snapshot.http_status >= 400:
        return True
    unresolved = FETCH_UNRESOLVED.split("{", 1)[0]
    return snapshot.error.startswith((unresolved, "Could not connect"))


def evidence_recheck(*, evidence: Evidence) -> EvidenceSnapshot:
    """Fetch the evidence again and flag it when gone or changed; without an
    archived copy yet, this snapshot becomes it."""
    archive = evidence_archived_copy(evidence=evidence)
    snapshot = evidence_snapshot_take(evidence=evidence, recheck=archive is not None)
    if page_is_gone(snapshot):
        snapshot.flag = EvidenceSnapshot.Flag.GONE
    elif archive is not None and not snapshot.error:
        if snapshot.html_sha256 == archive.html_sha256:
            snapshot.similarity = 1.0
        else:
            snapshot.similarity = text_similarity(archive.text, snapshot.text)
        if snapshot.similarity < settings.CLAIMS_EVIDENCE_CHANGE_THRESHOLD:
            snapshot.flag = EvidenceSnapshot.Flag.CHANGED
        if snapshot.flag != EvidenceSnapshot.Flag.CHANGED:
            snapshot.html_gz = None  # the archive holds the same page
    snapshot.save()
    return snapshot


def evidence_recheck_due(*, now: datetime.datetime | None = None, limit: int = 500) -> int:
    """Re-check the evidence of published verdicts not checked for
    CLAIMS_EVIDENCE_RECHECK_DAYS; return how many were checked."""
    if not settings.CLAIMS_EVIDENCE_ARCHIVE:
        return 0
    now = now or timezone.now()
    before = now - datetime.timedelta(days=settings.CLAIMS_EVIDENCE_RECHECK_DAYS)
    due = (
        Evidence.objects.filter(verdict__status__in=Verdict.PUBLIC_STATUSES)
        .annotate(last=Max("snapshots__fetched_at"))
        .filter(Q(last__isnull=True) | Q(last__lt=before))
        .order_by("last", "pk")[:limit]
    )
    checked = 0
    for evidence in due:
        try:
            evidence_recheck(evidence=evidence)
        except Exception:  # one page's surprise stops no other
            logger.exception("Re-checking evidence %s failed", evidence.pk)
            continue
        checked += 1
    return checked
