"""Nothing lost, nothing stuck (issue #19): re-extraction keeps desk work, a
redelivered message does nothing, stuck articles are swept, and submitting
does not depend on the broker. Fault runs against real killed processes are
in tests/test_faults.py; these check the same rules in one process."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from claims import services
from claims.models import Article, Claim, ClaimSkip
from claims.nlp import extraction
from claims.services.attribution import SpanInput
from claims.tasks import article_extract_claims as extract_task
from tests.test_services import SHORT_TEXT
from workbench.celery import app

pytestmark = [pytest.mark.model, pytest.mark.django_db(transaction=True)]

NEWS = (
    "Council approves budget\n\n"
    "The council approved a budget of $12 million on Tuesday, officials said.\n"
    "“Taxes will not rise this year,” Mayor Ann Lee told reporters.\n"
    "Critics said the plan cut 40 jobs at the water utility.\n"
    "The city's auditor warned that the reserve fund had fallen by half since 2020."
)


def desk_snapshot(article: Article) -> dict[int, tuple]:
    return {
        c.pk: (c.queue_state, c.assigned_to_id, c.speaker_text, c.text)
        for c in Claim.objects.filter(article=article)
    }


def test_re_extraction_keeps_every_claim_with_desk_work_under_its_id(factchecker, editor):
    article = services.article_submit(text=NEWS, submitted_by=editor).article
    claims = list(article.claims.order_by("position"))
    assert len(claims) >= 3
    assigned, skipped, corrected = claims[0], claims[1], claims[2]
    services.claim_assign(claim=assigned, to=factchecker, by=editor)
    services.claim_skip(claim=skipped, by=editor, reason=ClaimSkip.Reason.OUT_OF_SCOPE)
    services.claim_correct_attribution(
        claim=corrected, user=editor, speaker=SpanInput(text="The council"),
        speaker_name="Riverside Council",
    )
    before = desk_snapshot(article)
    ids_before = set(before)

    article = Article.objects.get(pk=article.pk)
    services.article_extract_claims(article=article)

    after = desk_snapshot(article)
    assert set(after) == ids_before  # every claim kept its id; none duplicated
    assert after == before  # states, assignee and the corrected speaker as they were
    assert ClaimSkip.objects.filter(claim_id=skipped.pk).exists()
    assert Claim.objects.get(pk=corrected.pk).speaker.name == "Riverside Council"
    positions = list(Claim.objects.filter(article=article).values_list("position", flat=True))
    assert sorted(positions) == list(range(len(positions)))


def test_a_redelivered_message_for_a_done_article_does_nothing(editor):
    article = services.article_submit(text=SHORT_TEXT, submitted_by=editor).article
    stamps = dict(Claim.objects.filter(article=article).values_list("pk", "updated_at"))
    assert stamps

    assert extract_task.apply(args=(article.pk, article.text_hash)).get() is None

    assert dict(Claim.objects.filter(article=article).values_list("pk", "updated_at")) == stamps
    assert Article.objects.get(pk=article.pk).status == Article.Status.DONE


def test_a_message_for_an_article_a_live_worker_holds_does_nothing(editor, settings):
    article = services.article_submit(text=SHORT_TEXT, submitted_by=editor).article
    Article.objects.filter(pk=article.pk).update(
        status=Article.Status.PROCESSING, heartbeat_at=timezone.now()
    )
    assert extract_task.apply(args=(article.pk, article.text_hash)).get() is None
    assert Article.objects.get(pk=article.pk).status == Article.Status.PROCESSING


def stall(article: Article, *, seconds: float, attempts: int = 1) -> None:
    """As a worker killed mid-task leaves it: processing, heartbeat stopped."""
    then = timezone.now() - datetime.timedelta(seconds=seconds)
    Article.objects.filter(pk=article.pk).update(
        status=Article.Status.PROCESSING, heartbeat_at=then, updated_at=then, attempts=attempts
    )


def test_the_sweeper_requeues_a_stalled_article_and_it_finishes(editor, settings):
    settings.CLAIMS_PROCESSING_STALE_SECONDS = 60
    article = services.article_submit(text=SHORT_TEXT, submitted_by=editor).article
    ids = set(article.claims.values_list("pk", flat=True))
    stall(article, seconds=30)
    assert services.articles_sweep().requeued == 0  # heartbeat recent enough: alive
    stall(article, seconds=61)
    assert Article.objects.get(pk=article.pk).is_stalled

    result = services.articles_sweep()  # in-process queue: runs it at once

    assert (result.requeued, result.queued, result.failed) == (1, 1, 0)
    article.refresh_from_db()
    assert article.status == Article.Status.DONE and article.attempts == 0
    assert set(article.claims.values_list("pk", flat=True)) == ids


def test_an_article_that_keeps_losing_its_worker_fails_with_the_reason(editor, settings):
    settings.CLAIMS_PROCESSING_STALE_SECONDS = 60
    settings.CLAIMS_MAX_ATTEMPTS = 3
    article = services.article_submit(text=SHORT_TEXT, submitted_by=editor).article
    stall(article, seconds=120, attempts=3)

    assert services.articles_sweep().failed == 1

    article.refresh_from_db()
    assert article.status == Article.Status.FAILED
    assert "stopped 3 times without finishing" in article.error
    services.article_retry(article=article)  # a person can try again
    assert Article.objects.get(pk=article.pk).status == Article.Status.DONE


def test_a_stalled_article_can_be_retried_from_its_page(editor, client, settings):
    settings.CLAIMS_PROCESSING_STALE_SECONDS = 60
    article = services.article_submit(text=SHORT_TEXT, submitted_by=editor).article
    stall(article, seconds=120)
    client.force_login(editor)
    page = client.get(reverse("claims:article_detail", args=[article.pk])).content.decode()
    assert "Processing stopped: no sign of life" in page
    assert reverse("claims:article_retry", args=[article.pk]) in page
    client.post(reverse("claims:article_retry", args=[article.pk]))
    assert Article.objects.get(pk=article.pk).status == Article.Status.DONE


@pytest.fixture
def broker_down():
    """A real broker address where nothing listens; the queue is not eager."""
    saved = app.conf.broker_url, app.conf.task_always_eager
    app.conf.broker_url = "redis://127.0.0.1:9/0"  # the discard port: refused at once
    app.conf.task_always_eager = False
    reset_connections()
    yield
    app.conf.broker_url, app.conf.task_always_eager = saved
    reset_connections()


def reset_connections():
    """Forget pooled broker connections, so the next publish connects anew."""
    app._pool = None
    app.amqp._producer_pool = None


def test_submitting_while_the_broker_is_down_stores_and_answers_202(
    broker_down, factchecker, client
):
    client.force_login(factchecker)
    response = client.post(
        "/api/articles/", {"text": SHORT_TEXT, "title": "Schools"},
        content_type="application/json",
    )
    assert response.status_code == 202, response.content
    body = response.json()
    assert "processing starts when the queue is back" in body["message"]
    article = Article.objects.get(pk=body["id"])
    assert (article.status, article.enqueued_at) == (Article.Status.PENDING, None)

    page = client.post(reverse("claims:article_submit"), {"text": NEWS}, follow=True)
    assert page.status_code == 200
    assert "processing starts when the queue is back" in page.content.decode()
    assert Article.objects.filter(status=Article.Status.PENDING, enqueued_at=None).count() == 2

    result = services.articles_sweep(now=timezone.now() + datetime.timedelta(minutes=1))
    assert result.broker_down and result.queued == 0


def test_the_sweeper_queues_what_waited_for_the_broker_once_it_is_back(
    editor, broker_down, settings
):
    article = services.article_submit(text=SHORT_TEXT, submitted_by=editor).article
    assert Article.objects.get(pk=article.pk).enqueued_at is None
    app.conf.task_always_eager = True  # the queue is back (in-process)

    assert services.articles_sweep().queued == 0  # just submitted: its request may still send
    result = services.articles_sweep(now=timezone.now() + datetime.timedelta(seconds=10))

    assert result.queued == 1 and not result.broker_down
    article.refresh_from_db()
    assert article.status == Article.Status.DONE and article.enqueued_at is not None


def test_a_claim_extraction_no_longer_finds_is_kept_and_flagged_on_its_page(
    factchecker, editor, client, monkeypatch
):
    article = services.article_submit(text=NEWS, submitted_by=editor).article
    first, *rest = article.claims.order_by("position")
    services.claim_assign(claim=first, to=factchecker, by=editor)
    real = extraction.extract_claims

    def all_but_the_first(text, nlp=None):  # the pipeline no longer finds it
        return [c for c in real(text, nlp=nlp) if c.content.start != first.content_start]

    monkeypatch.setattr("claims.nlp.extraction.extract_claims", all_but_the_first)
    services.article_extract_claims(article=Article.objects.get(pk=article.pk))

    kept = Claim.objects.get(pk=first.pk)
    assert kept.retired_at is not None and kept.assigned_to == factchecker
    assert set(article.claims.exclude(pk=first.pk).values_list("pk", flat=True)) == {
        c.pk for c in rest
    }
    client.force_login(factchecker)
    page = client.get(reverse("claims:claim_detail", args=[first.pk])).content.decode()
    assert "Extraction no longer finds this claim" in page


def test_ingest_says_what_waits_for_the_queue(broker_down, tmp_path):
    from io import StringIO

    from django.core.management import call_command

    (tmp_path / "schools.txt").write_text(SHORT_TEXT, encoding="utf-8")
    out = StringIO()
    call_command("ingest", str(tmp_path / "schools.txt"), stdout=out)
    assert "1 stored, waiting for the queue" in out.getvalue()
    assert Article.objects.get().status == Article.Status.PENDING
