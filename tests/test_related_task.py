"""The related-claims step as its own task after extraction (issue #22): the
article is done sooner, a second message does nothing, a lost step is queued
again by the sweeper, and the article page says while it is still to run."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from claims import services
from claims.models import Article, ClaimRelation
from claims.services.processing import RELATED_PENDING_PROGRESS
from claims.tasks import article_link_related as related_task

pytestmark = [pytest.mark.model, pytest.mark.django_db(transaction=True)]


def lose_related_step(article: Article, *, seconds: float, **fields) -> None:
    """As a lost message or a killed worker leaves it: done, related pending."""
    then = timezone.now() - datetime.timedelta(seconds=seconds)
    values = {"enqueued_at": then, "heartbeat_at": None, **fields}
    Article.objects.filter(pk=article.pk).update(
        status=Article.Status.DONE, progress=RELATED_PENDING_PROGRESS, updated_at=then, **values
    )


def test_submitting_runs_the_related_step_after_the_claims_are_stored(demo_text):
    first = services.article_submit(text=demo_text, submitted_by=None).article
    second = services.article_submit(text=demo_text + "\n\nUpdated.", submitted_by=None).article

    second.refresh_from_db()
    assert (second.status, second.progress, second.heartbeat_at) == (Article.Status.DONE, 100, None)
    linked = ClaimRelation.objects.filter(claim__article=second, other__article=first)
    assert linked.filter(tier="same").exists()


def test_a_second_message_for_the_related_step_does_nothing(demo_text):
    article = services.article_submit(text=demo_text, submitted_by=None).article
    assert related_task.apply(args=(article.pk,)).get() is None
    assert related_task.apply(args=(10**9,)).get() is None  # gone


def test_a_step_a_live_worker_holds_is_left_to_it(demo_text):
    article = services.article_submit(text=demo_text, submitted_by=None).article
    lose_related_step(article, seconds=1, heartbeat_at=timezone.now())
    assert related_task.apply(args=(article.pk,)).get() is None
    assert Article.objects.get(pk=article.pk).progress == RELATED_PENDING_PROGRESS
    assert services.articles_sweep().related == 0  # alive


@pytest.mark.parametrize(
    "lost",
    [
        {"enqueued_at": None},  # the broker was down when it was to be sent
        {},  # sent long ago, never run: the message was lost
        {"heartbeat_at": timezone.now() - datetime.timedelta(hours=1)},  # worker killed
    ],
)
def test_the_sweeper_queues_a_lost_related_step_again_and_it_finishes(demo_text, lost):
    first = services.article_submit(text=demo_text, submitted_by=None).article
    second = services.article_submit(text=demo_text + "\n\nAgain.", submitted_by=None).article
    ClaimRelation.objects.filter(claim__article=second).delete()
    ClaimRelation.objects.filter(other__article=second).delete()
    lose_related_step(second, seconds=3600, **lost)

    result = services.articles_sweep()  # in-process queue: runs it at once

    assert result.related == 1 and not result.broker_down
    second.refresh_from_db()
    assert (second.progress, second.heartbeat_at) == (100, None)
    assert ClaimRelation.objects.filter(claim__article=second, other__article=first).exists()
    assert services.articles_sweep().related == 0


def test_a_just_sent_related_step_is_not_sent_again(demo_text):
    article = services.article_submit(text=demo_text, submitted_by=None).article
    lose_related_step(article, seconds=10)
    assert services.articles_sweep().related == 0


def test_the_article_page_says_related_claims_are_still_being_found(demo_text, editor, client):
    article = services.article_submit(text=demo_text, submitted_by=None).article
    client.force_login(editor)
    url = reverse("claims:article_detail", args=[article.pk])
    note = "Related claims are still being found"
    assert note not in client.get(url).content.decode()
    lose_related_step(article, seconds=1)
    assert note in client.get(url).content.decode()
