"""Writes: hand articles to the queue and see that none is lost or stuck (issue #19).

The article row is the record of the work to do (a transactional outbox):

- `article_enqueue` hands an article's extraction to the broker and records
  `enqueued_at`; when the broker cannot be reached it logs and returns False,
  and the article waits, `pending`, for the sweeper.
- `article_process` (what the task runs) first *claims* the article in one
  UPDATE: only a `pending` article, or a `processing` one whose worker shows
  no sign of life, is taken. A redelivered or duplicate message for an
  article that is done, or that a live worker holds, does nothing.
- While it runs, a thread touches `heartbeat_at` every
  CLAIMS_HEARTBEAT_SECONDS; a killed worker stops touching it.
- `articles_sweep` (beat, every CLAIMS_SWEEP_SECONDS) queues `pending`
  articles whose message never reached the broker or may have been lost, and
  requeues `processing` ones whose heartbeat is older than
  CLAIMS_PROCESSING_STALE_SECONDS, or marks them failed with the reason after
  CLAIMS_MAX_ATTEMPTS.
- The related-claims step runs as its own task once the claims are stored
  (issue #22), so the article is `done` sooner: until it has run, the
  article stays `done` at progress RELATED_PENDING_PROGRESS (the article page
  says related claims are still being found). `article_link_related` takes it
  in one UPDATE (a second message does nothing), and the sweeper queues it
  again when its message never left, was lost, or its worker died.
"""

from __future__ import annotations

import contextlib
import datetime
import logging
import threading
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db import close_old_connections, connection
from django.db.models import F, Q
from django.utils import timezone

from ..models import Article

logger = logging.getLogger(__name__)

# Publishing gives up quickly when the broker is down: the article is stored
# and the sweeper queues it later, so a request never waits for long.
# https://docs.celeryq.dev/en/stable/userguide/calling.html#message-sending-retry
ENQUEUE_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 0.5,
}
ARTICLE_STORED_NOT_QUEUED = (
    "The article is stored; processing starts when the queue is back (checked every "
    "minute; nothing needs doing)."
)
ARTICLE_LOST_WORKER = (
    "Processing stopped {attempts} times without finishing (the worker was lost: out of "
    "memory, killed or restarted). Retry once the cause is fixed."
)
# A pending article whose message was never sent is queued by the sweeper
# once it is this old (the request that stored it may still be sending).
UNSENT_GRACE = datetime.timedelta(seconds=5)
# A done article whose related claims are still to be found (see above).
RELATED_PENDING_PROGRESS = 95


def article_enqueue(*, article: Article) -> bool:
    """Hand the article's extraction to the queue; return False, logged, when
    the broker cannot be reached (the article stays pending for the sweeper)."""
    from kombu.exceptions import OperationalError as BrokerError

    from ..tasks import article_extract_claims as task

    now = timezone.now()
    # Recorded first: in-process (eager) mode runs the task inside the call.
    Article.objects.filter(pk=article.pk).update(enqueued_at=now)
    article.enqueued_at = now
    try:
        task.apply_async(
            (article.pk, article.text_hash), retry=True, retry_policy=ENQUEUE_RETRY_POLICY
        )
    except (BrokerError, ConnectionError, OSError) as exc:
        logger.warning(
            "Article %s stored but not queued (broker unreachable: %s); "
            "the sweeper queues it when the broker is back.",
            article.pk,
            exc,
        )
        Article.objects.filter(pk=article.pk, enqueued_at=now).update(enqueued_at=None)
        article.enqueued_at = None
        return False
    return True


def article_related_enqueue(*, article: Article) -> bool:
    """Hand the article's related-claims step to the queue; return False,
    logged, when the broker cannot be reached (the sweeper sends it later)."""
    from kombu.exceptions import OperationalError as BrokerError

    from ..tasks import article_link_related as task

    now = timezone.now()
    pending = Article.objects.filter(
        pk=article.pk, status=Article.Status.DONE, progress=RELATED_PENDING_PROGRESS
    )
    pending.update(enqueued_at=now, heartbeat_at=None)  # first: eager mode runs it here
    try:
        task.apply_async((article.pk,), retry=True, retry_policy=ENQUEUE_RETRY_POLICY)
    except (BrokerError, ConnectionError, OSError) as exc:
        logger.warning("Related claims of article %s not queued (broker unreachable: %s); "
                       "the sweeper queues them later.", article.pk, exc)
        pending.filter(enqueued_at=now).update(enqueued_at=None)
        return False
    return True


def related_pending() -> Q:
    return Q(status=Article.Status.DONE, progress=RELATED_PENDING_PROGRESS)


def article_link_related(*, article_id: int) -> int | None:
    """Find the related claims and library matches of a done article's
    claims (the task after extraction); return how many claims were linked,
    or None when there was nothing to do (done already, re-extracted, gone,
    or a live worker holds it). Safe to run twice: the step replaces the
    claims' links."""
    from .articles import claims_link_related

    now = timezone.now()
    free = Q(heartbeat_at__isnull=True) | Q(heartbeat_at__lt=stale_before(now))
    taken = Article.objects.filter(related_pending(), free, pk=article_id).update(
        heartbeat_at=now
    )
    if not taken:
        return None
    claims = list(
        Article.objects.get(pk=article_id).claims.select_related("vector_row").order_by("id")
    )
    claims_link_related(claims=claims)  # logs, never raises, what failed
    Article.objects.filter(related_pending(), pk=article_id).update(
        progress=100, heartbeat_at=None
    )
    return len(claims)


def stale_before(now: datetime.datetime | None = None) -> datetime.datetime:
    """A processing article whose heartbeat is older than this has no live worker."""
    seconds = settings.CLAIMS_PROCESSING_STALE_SECONDS
    return (now or timezone.now()) - datetime.timedelta(seconds=seconds)


def stale_processing(now: datetime.datetime | None = None) -> Q:
    before = stale_before(now)
    return Q(status=Article.Status.PROCESSING) & (
        Q(heartbeat_at__lt=before) | Q(heartbeat_at__isnull=True, updated_at__lt=before)
    )


def article_is_stale(*, article: Article) -> bool:
    """True when the article is processing but its worker shows no sign of life."""
    return Article.objects.filter(stale_processing(), pk=article.pk).exists()


def article_claim(*, article_id: int, text_hash: str, resume: bool = False) -> Article | None:
    """Take the article for processing, or return None when there is nothing
    to do: gone, text changed, done, failed, or held by a live worker.

    resume: the same task retrying after a database outage takes back an
    article it left `processing`.
    """
    now = timezone.now()
    takeable = Q(status=Article.Status.PENDING) | stale_processing(now)
    if resume:
        takeable |= Q(status=Article.Status.PROCESSING)
    taken = Article.objects.filter(takeable, pk=article_id, text_hash=text_hash).update(
        status=Article.Status.PROCESSING,
        heartbeat_at=now,
        attempts=F("attempts") + 1,
        updated_at=now,
    )
    return Article.objects.get(pk=article_id) if taken else None


@contextlib.contextmanager
def article_heartbeat(*, article: Article) -> Iterator[None]:
    """Touch the article's heartbeat every CLAIMS_HEARTBEAT_SECONDS from a
    thread while the body runs; a killed worker stops touching it."""
    stop = threading.Event()

    def beat() -> None:
        try:
            while not stop.wait(settings.CLAIMS_HEARTBEAT_SECONDS):
                try:
                    Article.objects.filter(
                        pk=article.pk, status=Article.Status.PROCESSING
                    ).update(heartbeat_at=timezone.now())
                except Exception as exc:  # the database may be restarting
                    logger.warning("Heartbeat of article %s failed: %s", article.pk, exc)
                    close_old_connections()
        finally:
            connection.close()  # this thread's own connection

    thread = threading.Thread(target=beat, name=f"heartbeat-{article.pk}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=10)


def article_process(*, article_id: int, text_hash: str, resume: bool = False) -> int | None:
    """Claim the article, fetch its page when it came as a URL alone, and
    extract its claims; return how many were stored, or None when there was
    nothing to do (see article_claim)."""
    from .articles import article_extract_claims

    article = article_claim(article_id=article_id, text_hash=text_hash, resume=resume)
    if article is None:
        logger.info("Article %s: nothing to do (done, gone or held by a live worker)", article_id)
        return None
    with article_heartbeat(article=article):
        if not article.text and article.url:  # submitted by URL (issue #23)
            from sources.services import article_fetch_page

            article = article_fetch_page(article=article)
        claims = article_extract_claims(article=article, link_related=False)
    article_related_enqueue(article=article)
    return len(claims)


def article_reextract(*, article: Article) -> int | None:
    """Extract a done or failed article's claims again, here and now, after
    an upgrade of the extraction; return how many claims it has, or None when
    a worker holds it. Desk work is kept (services/reconcile.py)."""
    now = timezone.now()
    reopened = Article.objects.filter(
        pk=article.pk, status__in=[Article.Status.DONE, Article.Status.FAILED]
    ).update(status=Article.Status.PENDING, error="", attempts=0, updated_at=now)
    if not reopened:
        return None
    return article_process(article_id=article.pk, text_hash=article.text_hash)


@dataclass(frozen=True)
class SweepResult:
    queued: int  # pending articles handed to the queue
    requeued: int  # stale processing articles put back in the queue
    failed: int  # stale ones that had used up their attempts
    broker_down: bool
    related: int = 0  # done articles whose related-claims step was queued again


def articles_sweep(*, now: datetime.datetime | None = None) -> SweepResult:
    """Queue what waits unqueued, requeue or fail what is stuck."""
    now = now or timezone.now()
    requeued, failed = [], 0
    for article in Article.objects.filter(stale_processing(now)).only("pk", "attempts"):
        still_stale = Article.objects.filter(stale_processing(now), pk=article.pk)
        if article.attempts >= settings.CLAIMS_MAX_ATTEMPTS:
            failed += still_stale.update(
                status=Article.Status.FAILED,
                error=ARTICLE_LOST_WORKER.format(attempts=article.attempts),
                heartbeat_at=None,
                updated_at=now,
            )
        elif still_stale.update(
            status=Article.Status.PENDING, enqueued_at=None, heartbeat_at=None, updated_at=now
        ):
            requeued.append(article.pk)
    resend_before = now - datetime.timedelta(seconds=settings.CLAIMS_PENDING_REQUEUE_SECONDS)
    waiting = Article.objects.filter(status=Article.Status.PENDING).filter(
        Q(pk__in=requeued)
        | Q(enqueued_at__isnull=True, updated_at__lt=now - UNSENT_GRACE)
        | Q(enqueued_at__lt=resend_before)
    )
    queued, broker_down = 0, False
    for article in waiting.only("pk", "text_hash").order_by("created_at"):
        if not article_enqueue(article=article):
            broker_down = True
            break
        queued += 1
    related = 0 if broker_down else related_sweep(now=now, resend_before=resend_before)
    if related < 0:
        broker_down, related = True, 0
    if queued or requeued or failed or related:
        logger.info(
            "Sweep: %s queued, %s stale requeued, %s failed, %s related steps queued",
            queued, len(requeued), failed, related,
        )
    return SweepResult(
        queued=queued, requeued=len(requeued), failed=failed, broker_down=broker_down,
        related=related,
    )


def related_sweep(*, now: datetime.datetime, resend_before: datetime.datetime) -> int:
    """Queue again the related-claims step of done articles whose message
    never left, may have been lost, or whose worker stopped; return how many,
    or -1 when the broker cannot be reached."""
    lost = (
        Q(heartbeat_at__isnull=True, enqueued_at__isnull=True, updated_at__lt=now - UNSENT_GRACE)
        | Q(heartbeat_at__isnull=True, enqueued_at__lt=resend_before)
        | Q(heartbeat_at__lt=stale_before(now))
    )
    queued = 0
    for article in Article.objects.filter(related_pending(), lost).only("pk").order_by("pk"):
        if not article_related_enqueue(article=article):
            return -1
        queued += 1
    return queued
