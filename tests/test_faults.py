"""Nothing lost, nothing stuck (issue 19): faults on the production shape.

One stack of our own (scripts/faultstack.py: PostgreSQL with pgvector and
Redis on free ports, gunicorn, a prefork Celery worker with one pool child,
beat with a 3 s sweeper) serves every scenario; none touches the shared
services. Before the faults, a desk article is extracted and the desk works
on it through the real services: a claim assigned to a fact-checker, one
skipped with its skip record, one with a corrected attribution, a confirmed
relation. After each fault and its recovery:

- the fault's article is `done`, with the claims a fault-free run gives it,
  stored once (no duplicate position or span), and not extracted again
  afterwards (its claim ids stay the same through one more sweep);
- the desk claims keep their ids and their desk state;
- after one sweeper interval no article is pending or processing, and the
  worker, beat, gunicorn and Redis still run (or were restarted, only where
  docker-compose.yml gives a restart policy).

The stack starts its own PostgreSQL, so the tests run once, in the
PostgreSQL pass of `make test`; in CI (CLAIMS_TESTS_REQUIRE_SERVICES=1) a
missing redis-server fails them instead of skipping.
"""

from __future__ import annotations

import os

import pytest

from scripts.faultstack import FaultRun, FaultStack, missing_services, wait_until

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.model]


@pytest.fixture(scope="module")
def stack():
    missing = missing_services()
    if missing:
        message = f"the fault tests need {', '.join(missing)}"
        if os.environ.get("CLAIMS_TESTS_REQUIRE_SERVICES") == "1":
            pytest.fail(message)
        pytest.skip(message)
    with FaultStack() as stack:
        stack.prepare()
        yield stack


def assert_recovered(stack: FaultStack, run: FaultRun, *problems: str) -> None:
    """The end state every fault must reach; every miss is listed, with the logs."""
    problems = list(problems)
    if run.status != "done":
        problems.append(f"article {run.article_id} ended {run.status!r} ({run.notes})")
    else:
        check = stack.claims_check(run.article_id)
        if check.duplicate_positions or check.duplicate_spans:
            problems.append(f"claims stored twice: {check}")
        if check.count != stack.baseline_claims:
            problems.append(
                f"{check.count} claims stored, a fault-free run stores {stack.baseline_claims}"
            )
    ids = stack.claims_check(run.article_id).ids if run.article_id else ()
    stack.settle()
    if run.status == "done" and stack.claims_check(run.article_id).ids != ids:
        problems.append(f"article {run.article_id} was extracted again after it was done")
    if stuck := stack.stuck():
        problems.append(f"stuck after one sweeper interval: {stuck}")
    if exited := stack.exited():
        problems.append(f"processes died and were not restarted: {exited}")
    if (desk := stack.desk_snapshot()) != stack.desk_before:
        problems.append(f"desk work changed: before {stack.desk_before}, after {desk}")
    assert not problems, f"fault {run.fault}: " + "; ".join(problems) + "\n" + stack.logs_tail()


def test_pool_child_killed_mid_task(stack):
    """(a) SIGKILL of the busy pool child, as the OOM killer does it: the
    article is not left `processing` for good."""
    assert_recovered(stack, stack.fault_a())


def test_whole_worker_killed_mid_task_and_restarted(stack):
    """(b) SIGKILL of the worker's process group mid-task, restarted once the
    visibility timeout has passed: Redis hands the message back. The desk
    article's message is redelivered too; it must not touch a claim."""
    run = stack.fault_b()
    assert_recovered(stack, run)
    # The desk article's message was consumed (and did nothing), not left waiting.
    wait_until(lambda: stack.queue_length() == 0, 30, "the queue to be empty")


def test_postgres_restarted_mid_task(stack):
    """(c) PostgreSQL stopped and started mid-task; the first API request
    after the restart is answered (CONN_HEALTH_CHECKS), not a 500."""
    run = stack.fault_c()
    first = run.notes["first_api_status"]
    assert_recovered(stack, run, *([f"first API request answered {first}"] if first != 200 else []))


def test_redis_down_at_submit(stack):
    """(d) With Redis down, the API stores the article and answers 202 with
    a message; reads still work; the sweeper queues it once Redis is back."""
    run = stack.fault_d()
    notes = run.notes
    problems = []
    if notes["submit_status"] != 202 or "queue" not in notes["submit_message"].lower():
        problems.append(f"submit answered {notes['submit_status']}: {notes['submit_message']!r}")
    if notes["submit_seconds"] > 10:
        problems.append(f"submit took {notes['submit_seconds']:.1f} s")
    if notes["get_status"] != 200:
        problems.append(f"a read while Redis was down answered {notes['get_status']}")
    assert_recovered(stack, run, *problems)


def test_redis_down_mid_task(stack):
    """(e) Redis stops while the article is processing and comes back."""
    assert_recovered(stack, stack.fault_e())
