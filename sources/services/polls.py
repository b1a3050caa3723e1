"""Writes: watch sources (feeds and sitemaps) and turn their new entries into
articles by URL (issue #23).

- `source_poll` checks one source: a conditional GET (ETag, Last-Modified),
  then each entry not seen before becomes an article through
  article_submit_url (so the page is fetched by the task, and the same URL
  or text is never stored twice); the entry is recorded, once per source
  and key (its id, else its link), and so is the check (SourcePoll).
- A failed check counts: the next waits twice as long each time (up to a
  day), and after CLAIMS_SOURCES_MAX_FAILURES in a row the source is switched
  off with the reason, for an editor to look at and switch on again.
- `sources_poll_due` (beat, every CLAIMS_SOURCES_POLL_SECONDS) checks every
  active source that is due. Each source is first *claimed* by moving its
  next check on in one UPDATE, so a second beat or a hand-run round at the
  same moment does not check it twice.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from claims.article_input import ArticleInputError
from claims.models import Article
from notifications.services import notify_source_failing

from ..feeds import FEED_EMPTY, FeedError, FeedItem, feed_items, sitemap_items
from ..fetching import FEED_TYPES, FetchError, fetch
from ..models import Source, SourceEntry, SourcePoll
from .fetches import article_submit_url

logger = logging.getLogger(__name__)

SOURCE_SWITCHED_OFF = "Switched off after {count} failed checks in a row; the last: {error}"
MAX_BACKOFF = datetime.timedelta(days=1)
INGEST_BATCH = 50


@dataclass(frozen=True)
class PollResult:
    source: Source
    poll: SourcePoll

    @property
    def ok(self) -> bool:
        return not self.poll.error or self.poll.error == FEED_EMPTY


def source_poll(*, source: Source, now: datetime.datetime | None = None) -> PollResult:
    """Check source once and queue its new entries as articles by URL."""
    now = now or timezone.now()
    poll = SourcePoll(source=source, started_at=now)
    try:
        page = fetch(
            source.url, accept=FEED_TYPES, etag=source.etag, last_modified=source.last_modified
        )
        poll.http_status = page.status
        items = [] if page.not_modified else source_items(source=source, page=page)
    except (FetchError, FeedError) as exc:
        poll.error = str(exc)
        poll.save()
        source_record_failure(source=source, error=str(exc), now=now)
        return PollResult(source=source, poll=poll)
    poll.not_modified = page.not_modified
    poll.items = len(items)
    if not page.not_modified and not items:
        poll.error = FEED_EMPTY  # said, but no failure: a new feed may be empty
    poll.new_items = entries_ingest(source=source, items=items, now=now)
    poll.save()
    fields = {
        "last_checked_at": now,
        "consecutive_failures": 0,
        "last_error": poll.error,
        "next_check_at": now + source.poll_interval,
    }
    if not page.not_modified:
        fields["etag"] = page.headers.get("etag", "")[:500]
        fields["last_modified"] = page.headers.get("last-modified", "")[:100]
    if poll.new_items:
        fields["last_new_item_at"] = now
    Source.objects.filter(pk=source.pk).update(**fields)
    source.refresh_from_db()
    return PollResult(source=source, poll=poll)


def source_items(*, source: Source, page) -> list[FeedItem]:
    if source.kind == Source.Kind.SITEMAP:
        return sitemap_items(page.body, base_url=page.final_url)
    return feed_items(page.body, base_url=page.final_url)


def entries_ingest(*, source: Source, items: list[FeedItem], now: datetime.datetime) -> int:
    """Queue each entry not seen before as an article by URL; return how many
    articles were created. Oldest first, at most CLAIMS_SOURCES_MAX_NEW_PER_POLL
    (the rest are new at the next check)."""
    keys = [item.key[:2000] for item in items]
    seen = set(
        SourceEntry.objects.filter(source=source, key__in=keys).values_list("key", flat=True)
    )
    fresh = [item for item in items if item.key[:2000] not in seen]
    fresh.sort(key=lambda item: item.published or now)
    fresh = fresh[: settings.CLAIMS_SOURCES_MAX_NEW_PER_POLL]
    created = 0
    # One commit per batch rather than two per entry; each article is handed
    # to the queue when its batch commits.
    for start in range(0, len(fresh), INGEST_BATCH):
        with transaction.atomic():
            for item in fresh[start:start + INGEST_BATCH]:
                created += entry_ingest(source=source, item=item, now=now)
    return created


def entry_ingest(*, source: Source, item: FeedItem, now: datetime.datetime) -> bool:
    """Record the entry and submit its link; True when an article was created.

    An entry whose link cannot be an article (not http, an internal address)
    is recorded with the reason, so it is not tried at every check.
    """
    entry = SourceEntry(
        source=source, key=item.key[:2000], url=item.url[:2000], title=item.title[:500],
        seen_at=now,
    )
    try:
        result = article_submit_url(
            url=item.url,
            submitted_by=None,
            outlet=source.outlet,
            language=source.language,
            source=Article.Source.FEED,
        )
    except ArticleInputError as exc:
        entry.created, entry.error = False, str(exc)
    else:
        entry.article, entry.created = result.article, result.created
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError:  # recorded by a concurrent check
        return False
    return entry.created


def source_record_failure(*, source: Source, error: str, now: datetime.datetime) -> None:
    """Count a failed check; wait longer before the next, or switch off."""
    failures = source.consecutive_failures + 1
    wait = min(source.poll_interval * 2 ** min(failures, 10), MAX_BACKOFF)
    fields = {
        "last_checked_at": now,
        "consecutive_failures": failures,
        "last_error": error[:5000],
        "next_check_at": now + wait,
    }
    if failures >= settings.CLAIMS_SOURCES_MAX_FAILURES:
        fields["active"] = False
        fields["disabled_reason"] = SOURCE_SWITCHED_OFF.format(count=failures, error=error)[:5000]
    Source.objects.filter(pk=source.pk).update(**fields)
    source.refresh_from_db()
    logger.warning("Source %s (%s) check failed (%s in a row): %s",
                   source.pk, source.url, failures, error)
    notify_source_failing(source=source, failures=failures)  # issue #24


def sources_due(*, now: datetime.datetime | None = None):
    now = now or timezone.now()
    return Source.objects.filter(active=True).filter(
        Q(next_check_at__isnull=True) | Q(next_check_at__lte=now)
    )


def source_claim(*, source: Source, now: datetime.datetime) -> bool:
    """Take a due source for this round; False when another round has it."""
    hold = timezone.now() + datetime.timedelta(seconds=max(settings.CLAIMS_FETCH_TIMEOUT * 2, 60))
    claimed = Source.objects.filter(
        Q(next_check_at__isnull=True) | Q(next_check_at__lte=now), pk=source.pk, active=True
    ).update(next_check_at=hold)
    return bool(claimed)


def sources_poll_due(
    *,
    now: datetime.datetime | None = None,
    only: int | None = None,
    progress: Callable[[PollResult], None] | None = None,
) -> list[PollResult]:
    """Check every active source that is due (or only the source with id
    only, due or not, active or not); return what each check did."""
    now = now or timezone.now()
    sources = Source.objects.filter(pk=only) if only is not None else sources_due(now=now)
    results = []
    for source in list(sources):
        # Claimed just before its check, so that a round still running when
        # the next starts never has a source checked twice.
        if only is None and not source_claim(source=source, now=now):
            continue
        try:
            result = source_poll(source=source, now=now)
        except Exception:  # one source's surprise stops no other
            logger.exception("Checking source %s failed", source.pk)
            source_record_failure(source=source, error="Unexpected error (see the logs).",
                                  now=now)
            continue
        results.append(result)
        if progress:
            progress(result)
    return results


def source_switch(*, source: Source, active: bool) -> Source:
    """Switch a source on (failures forgotten, checked at the next round) or off."""
    fields = {"active": active}
    if active:
        fields.update(consecutive_failures=0, disabled_reason="", next_check_at=None)
    Source.objects.filter(pk=source.pk).update(**fields)
    source.refresh_from_db()
    return source


def source_poll_soon(*, source: Source) -> None:
    """Have the source checked at the next beat round (seconds away)."""
    Source.objects.filter(pk=source.pk).update(next_check_at=None)
    transaction.on_commit(sources_poll_enqueue)


def sources_poll_enqueue() -> None:
    """Ask the worker for a round now; the broker being down is no error (beat
    runs one within CLAIMS_SOURCES_POLL_SECONDS anyway)."""
    from kombu.exceptions import OperationalError as BrokerError

    from ..tasks import sources_poll as task

    try:
        task.apply_async(retry=False)
    except (BrokerError, ConnectionError, OSError) as exc:
        logger.warning("Sources round not queued (broker unreachable: %s)", exc)


def source_create(*, created_by, **fields) -> Source:
    """Store a new source and have it checked at once (by the worker)."""
    source = Source(created_by=created_by if getattr(created_by, "pk", None) else None, **fields)
    source.full_clean()
    with transaction.atomic():
        source.save()
        source_poll_soon(source=source)
    return source
