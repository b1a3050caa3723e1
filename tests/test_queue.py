"""The fact-checkers' queue: order, filters, taking, leases, skips, assignment."""

import datetime

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.utils import timezone

from claims import selectors, services, tasks
from claims.models import Claim, ClaimSkip
from tests.conftest import on_postgres
from tests.factories import ArticleFactory, ClaimFactory, VerdictFactory

pytestmark = pytest.mark.django_db


def ago(minutes: float) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(minutes=minutes)


def queue_ids(**filters) -> list[int]:
    return list(selectors.claim_list_queue(**filters).values_list("id", flat=True))


def test_queue_orders_pinned_then_checkworthiness_raised_by_recurrence_then_recency():
    older = ClaimFactory(checkworthiness=0.9)
    newer = ClaimFactory(checkworthiness=0.9)
    recurring = ClaimFactory(checkworthiness=0.8, related_claims_count=4)  # 0.8 + 0.2
    pinned = ClaimFactory(checkworthiness=0.1, is_pinned=True)
    weak = ClaimFactory(checkworthiness=0.3)
    Claim.objects.filter(pk=older.pk).update(created_at=ago(60))
    assert queue_ids() == [pinned.pk, recurring.pk, newer.pk, older.pk, weak.pk]


def test_recurrence_raises_a_claim_by_at_most_a_quarter():
    capped = ClaimFactory(checkworthiness=0.5, related_claims_count=500)
    better = ClaimFactory(checkworthiness=0.76)
    assert queue_ids() == [better.pk, capped.pk]


def test_editor_pin_moves_a_claim_to_the_top_and_unpin_back(editor):
    top = ClaimFactory(checkworthiness=0.9)
    low = ClaimFactory(checkworthiness=0.2)
    services.claim_pin(claim=low, by=editor)
    assert queue_ids() == [low.pk, top.pk]
    services.claim_pin(claim=low, by=editor, pinned=False)
    assert queue_ids() == [top.pk, low.pk]


@pytest.mark.parametrize(
    "filters",
    [
        {"outlet": "daily planet"},  # case-insensitive outlet
        {"speaker": "porter"},  # part of the canonical speaker name
        {"keyword": "hospitals"},  # part of the claim text
        {"language": "de"},
        {"date_from": datetime.date(2026, 3, 1), "date_to": datetime.date(2026, 3, 31)},
        {"state": Claim.QueueState.SKIPPED},
    ],
)
def test_queue_filters(filters):
    from claims.models import Speaker

    ClaimFactory()  # matches none of the filters
    article = ArticleFactory(
        outlet="Daily Planet", language="de", published_on=datetime.date(2026, 3, 9)
    )
    wanted = ClaimFactory(
        article=article,
        text="Forty hospitals closed last year.",
        speaker=Speaker.objects.create(name="Jane Porter"),
        queue_state=filters.get("state", Claim.QueueState.QUEUED),
    )
    assert queue_ids(**filters) == [wanted.pk]


def test_queue_hides_hidden_claims_and_claims_of_hidden_articles():
    ClaimFactory(is_hidden=True)
    ClaimFactory(article=ArticleFactory(is_hidden=True))
    shown = ClaimFactory()
    assert queue_ids() == [shown.pk]
    assert len(queue_ids(include_hidden=True)) == 3


def test_take_next_assigns_the_best_claim_under_a_lease(factchecker):
    best = ClaimFactory(checkworthiness=0.95)
    ClaimFactory(checkworthiness=0.6)
    claim = services.claim_take_next(by=factchecker)
    assert claim.pk == best.pk
    claim.refresh_from_db()
    assert claim.queue_state == Claim.QueueState.ASSIGNED
    assert claim.assigned_to == factchecker
    lease = claim.lease_expires_at - claim.assigned_at
    assert (
        lease
        == datetime.timedelta(minutes=django_settings.CLAIMS_LEASE_MINUTES)
        == datetime.timedelta(minutes=30)
    )


def test_take_next_hands_out_each_claim_once_then_none(factchecker, factchecker2):
    claims = ClaimFactory.create_batch(3)
    taken = [
        services.claim_take_next(by=factchecker),
        services.claim_take_next(by=factchecker2),
        services.claim_take_next(by=factchecker),
    ]
    assert sorted(c.pk for c in taken) == sorted(c.pk for c in claims)
    assert services.claim_take_next(by=factchecker2) is None


def test_lease_length_comes_from_settings(factchecker, settings):
    settings.CLAIMS_LEASE_MINUTES = 5
    ClaimFactory()
    claim = services.claim_take_next(by=factchecker)
    assert claim.lease_expires_at - claim.assigned_at == datetime.timedelta(minutes=5)


def test_my_claims_show_the_lease_time_left(factchecker, factchecker2):
    ClaimFactory.create_batch(2)
    ClaimFactory(assigned_to=factchecker2)
    first = services.claim_take_next(by=factchecker)
    second = services.claim_take_next(by=factchecker)
    Claim.objects.filter(pk=second.pk).update(
        lease_expires_at=timezone.now() + datetime.timedelta(minutes=3)
    )
    mine = list(selectors.claim_list_assigned(user=factchecker))
    assert [c.pk for c in mine] == [second.pk, first.pk]  # the soonest to expire first
    assert datetime.timedelta(minutes=2) < mine[0].lease_remaining <= datetime.timedelta(minutes=3)
    assert (
        datetime.timedelta(minutes=29) < mine[1].lease_remaining <= datetime.timedelta(minutes=30)
    )


def test_an_expired_lease_goes_back_to_the_queue_at_take_time(factchecker, factchecker2):
    claim = ClaimFactory(checkworthiness=0.99, assigned_to=factchecker, lease_expires_at=ago(1))
    ClaimFactory(checkworthiness=0.1)
    taken = services.claim_take_next(by=factchecker2)
    assert taken.pk == claim.pk and taken.assigned_to == factchecker2


def test_every_stale_lease_goes_back_at_take_time_with_a_history_row(factchecker, factchecker2):
    stale = ClaimFactory.create_batch(
        3, checkworthiness=0.2, assigned_to=factchecker, lease_expires_at=ago(1)
    )
    live = ClaimFactory(checkworthiness=0.99, assigned_to=factchecker)
    best = ClaimFactory(checkworthiness=0.9)
    assert services.claim_take_next(by=factchecker2).pk == best.pk
    for claim in stale:
        claim.refresh_from_db()
        assert claim.queue_state == Claim.QueueState.QUEUED
        assert (claim.assigned_to, claim.lease_expires_at) == (None, None)
        expired = claim.history.first()
        assert (expired.history_change_reason, expired.history_user) == ("Lease expired", None)
        changed = expired.diff_against(expired.prev_record).changed_fields
        assert changed == ["assigned_at", "assigned_to", "lease_expires_at", "queue_state"]
    live.refresh_from_db()
    assert (live.queue_state, live.assigned_to) == (Claim.QueueState.ASSIGNED, factchecker)


def test_take_next_follows_the_queue_order_that_taker_sees(factchecker, factchecker2):
    pinned = ClaimFactory(checkworthiness=0.1, is_pinned=True)
    recurring = ClaimFactory(checkworthiness=0.6, related_claims_count=9)  # 0.6 + 0.25
    tied = ClaimFactory.create_batch(2, checkworthiness=0.5)  # same time: the higher id first
    Claim.objects.filter(pk__in=[c.pk for c in tied]).update(created_at=ago(5))
    older = ClaimFactory(checkworthiness=0.5)
    Claim.objects.filter(pk=older.pk).update(created_at=ago(60))
    weak = ClaimFactory(checkworthiness=0.3)
    ClaimFactory(checkworthiness=0.99, is_hidden=True)
    ClaimFactory(checkworthiness=0.99, article=ArticleFactory(is_hidden=True))
    ClaimFactory(checkworthiness=0.99, queue_state=Claim.QueueState.SKIPPED)
    skipped_by_taker = ClaimFactory(checkworthiness=0.95)
    ClaimSkip.objects.create(
        claim=skipped_by_taker, user=factchecker, reason=ClaimSkip.Reason.NEEDS_EXPERTISE
    )
    expected = [pinned.pk, recurring.pk, tied[1].pk, tied[0].pk, older.pk, weak.pk]
    takeable = selectors.claim_list_takeable(user=factchecker)
    assert list(takeable.values_list("pk", flat=True)) == expected

    taken = [services.claim_take_next(by=factchecker) for _ in expected]
    assert [claim.pk for claim in taken] == expected
    assert services.claim_take_next(by=factchecker) is None
    assert services.claim_take_next(by=factchecker2).pk == skipped_by_taker.pk


def test_many_takes_on_one_connection_keep_the_queue_order(factchecker):
    # PostgreSQL: after a few runs the take is a prepared statement, planned
    # once for every user and time (a generic plan).
    claims = [ClaimFactory(checkworthiness=(i * 7 % 15) / 15) for i in range(15)]
    ClaimSkip.objects.create(
        claim=claims[3], user=factchecker, reason=ClaimSkip.Reason.NEEDS_EXPERTISE
    )
    takeable = selectors.claim_list_takeable(user=factchecker)
    expected = list(takeable.values_list("pk", flat=True))
    assert len(expected) == 14
    assert [services.claim_take_next(by=factchecker).pk for _ in expected] == expected
    assert services.claim_take_next(by=factchecker) is None
    if on_postgres():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT max(generic_plans) FROM pg_prepared_statements WHERE statement LIKE %s",
                ["%Taken from the queue%"],
            )
            assert cursor.fetchone()[0] > 0


def test_a_take_is_recorded_with_who_when_and_the_values_before_and_after(factchecker):
    credit = [{"text": "Reuters", "start": 0, "end": 7}]
    queued = ClaimFactory(reported_by=credit, checkworthiness_reasons=["number"])
    claim = services.claim_take_next(by=factchecker)
    assert queued.updated_at < claim.assigned_at <= claim.updated_at
    stored = Claim.objects.get(pk=claim.pk)
    for field in Claim._meta.concrete_fields:
        assert getattr(claim, field.attname) == getattr(stored, field.attname), field.name
    assert (claim.reported_by, claim.checkworthiness_reasons) == (credit, ["number"])

    taken = claim.history.first()
    assert taken.history_change_reason == "Taken from the queue"
    assert (taken.history_type, taken.history_user) == ("~", factchecker)
    assert claim.assigned_at <= taken.history_date <= timezone.now()
    changes = {c.field: (c.old, c.new) for c in taken.diff_against(taken.prev_record).changes}
    assert changes["queue_state"] == (Claim.QueueState.QUEUED, Claim.QueueState.ASSIGNED)
    assert changes["assigned_to"] == (None, factchecker.pk)
    assert changes["lease_expires_at"] == (None, claim.lease_expires_at)
    assert taken.reported_by == credit


def test_the_periodic_task_returns_expired_leases_to_the_queue(factchecker):
    stale = ClaimFactory(assigned_to=factchecker, lease_expires_at=ago(1))
    live = ClaimFactory(assigned_to=factchecker)
    assert tasks.lease_expire_stale.delay().get() == 1
    stale.refresh_from_db(), live.refresh_from_db()
    assert stale.queue_state == Claim.QueueState.QUEUED and stale.assigned_to is None
    assert live.queue_state == Claim.QueueState.ASSIGNED
    assert stale.history.first().history_change_reason == "Lease expired"


def test_the_lease_task_runs_every_minute_on_beat():
    from workbench.celery import app

    entry = django_settings.CELERY_BEAT_SCHEDULE["lease-expire-stale"]
    assert entry["schedule"] == 60.0
    assert entry["task"] in app.tasks


def test_a_skip_is_stored_with_reason_and_user_and_takes_the_claim_out(factchecker):
    ClaimFactory()
    claim = services.claim_take_next(by=factchecker)
    skip = services.claim_skip(
        claim=claim, by=factchecker, reason=ClaimSkip.Reason.NOT_CHECK_WORTHY, note="Opinion"
    )
    claim.refresh_from_db()
    assert claim.queue_state == Claim.QueueState.SKIPPED and claim.assigned_to is None
    assert list(selectors.claim_skip_list(reason=ClaimSkip.Reason.NOT_CHECK_WORTHY)) == [skip]
    assert (skip.user, skip.note) == (factchecker, "Opinion")
    assert services.claim_take_next(by=factchecker) is None


def test_a_claim_needing_expertise_stays_queued_but_not_for_the_skipper(factchecker, factchecker2):
    ClaimFactory()
    claim = services.claim_take_next(by=factchecker)
    services.claim_skip(claim=claim, by=factchecker, reason=ClaimSkip.Reason.NEEDS_EXPERTISE)
    assert services.claim_take_next(by=factchecker) is None
    assert services.claim_take_next(by=factchecker2).pk == claim.pk


def test_an_unknown_skip_reason_is_refused(factchecker):
    claim = ClaimFactory(assigned_to=factchecker)
    with pytest.raises(services.WorkflowError, match="Unknown skip reason"):
        services.claim_skip(claim=claim, by=factchecker, reason="boring")
    assert not ClaimSkip.objects.exists()


def test_a_claim_with_a_verdict_cannot_be_skipped(factchecker):
    verdict = VerdictFactory(claim__assigned_to=factchecker)
    message = services.CLAIM_HAS_VERDICT.format(claim=verdict.claim_id)
    with pytest.raises(services.WorkflowError, match=message):
        services.claim_skip(claim=verdict.claim, by=factchecker, reason=ClaimSkip.Reason.DUPLICATE)
    assert not ClaimSkip.objects.exists()


def test_release_puts_the_claim_back_in_the_queue(factchecker):
    ClaimFactory()
    claim = services.claim_take_next(by=factchecker)
    services.claim_release(claim=claim, by=factchecker)
    claim.refresh_from_db()
    assert claim.queue_state == Claim.QueueState.QUEUED and claim.lease_expires_at is None
    assert services.claim_take_next(by=factchecker).pk == claim.pk


def test_an_editor_assigns_a_claim_to_a_named_factchecker(editor, factchecker, factchecker2):
    claim = ClaimFactory(assigned_to=factchecker)
    services.claim_assign(claim=claim, to=factchecker2, by=editor)
    claim.refresh_from_db()
    assert claim.assigned_to == factchecker2 and claim.lease_remaining > datetime.timedelta(
        minutes=29
    )


def test_a_claim_can_only_be_assigned_to_a_factchecker(editor, editor2):
    claim = ClaimFactory()
    with pytest.raises(
        services.WorkflowError, match=services.CLAIM_ASSIGNEE_CANNOT_TAKE.format(user=editor2)
    ):
        services.claim_assign(claim=claim, to=editor2, by=editor)
    claim.refresh_from_db()
    assert claim.queue_state == Claim.QueueState.QUEUED and claim.assigned_to is None


def test_a_claim_in_review_cannot_be_reassigned(editor, factchecker):
    claim = ClaimFactory(queue_state=Claim.QueueState.IN_REVIEW)
    with pytest.raises(services.WorkflowError, match="cannot be assigned now"):
        services.claim_assign(claim=claim, to=factchecker, by=editor)


def test_an_editor_requeues_a_skipped_claim(editor):
    claim = ClaimFactory(queue_state=Claim.QueueState.SKIPPED)
    services.claim_requeue(claim=claim, by=editor)
    assert queue_ids() == [claim.pk]
    with pytest.raises(services.WorkflowError, match="only skipped or below-threshold"):
        services.claim_requeue(claim=claim, by=editor)
