"""The settings-configured webhook (CLAIMS_WEBHOOK_URL, now one endpoint
among those of the admin), against a real HTTP server on 127.0.0.1: signed
bodies, sent once the transaction commits, retried after a failure."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from claims import services
from tests.test_exports import published_verdict
from webhooks import tasks
from webhooks.events import SIGNATURE_HEADER, webhook_signature_valid
from webhooks.models import WebhookDelivery

pytestmark = pytest.mark.django_db

SECRET = "test-webhook-secret"


class Receiver:
    """An HTTP server in a thread that records POSTs and answers with the
    next status in `statuses` (then 200)."""

    def __init__(self, statuses=()):
        self.statuses = list(statuses)
        self.requests: list[tuple[dict, bytes]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append((dict(self.headers), body))
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):  # keep the test output clean
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}/hooks/verdicts"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)

    def events(self) -> list[dict]:
        return [json.loads(body) for _, body in self.requests]


@pytest.fixture
def receiver(settings):
    def start(statuses=()):
        server = Receiver(statuses)
        settings.CLAIMS_WEBHOOK_URL = server.url
        settings.CLAIMS_WEBHOOK_SECRET = SECRET
        settings.CLAIMS_WEBHOOK_TIMEOUT = 5
        settings.CLAIMS_FETCH_ALLOWED_HOSTS = ["127.0.0.1"]  # as the sources tests do
        return server

    return start


def test_publishing_posts_a_signed_event_after_commit(
    receiver, factchecker, editor, django_capture_on_commit_callbacks
):
    with receiver() as server:
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            verdict = published_verdict(factchecker, editor)
        # Sent only once the publication commits (beside the library's refresh).
        assert sum("webhook_deliver" in repr(c) for c in callbacks) == 1
    [(headers, body)] = server.requests
    assert webhook_signature_valid(body, SECRET, headers[SIGNATURE_HEADER])
    assert not webhook_signature_valid(body, "another secret", headers[SIGNATURE_HEADER])
    assert headers["X-Workbench-Event"] == "verdict.published"
    assert headers["X-Workbench-Delivery"]
    [event] = server.events()
    assert event["event"] == "verdict.published"
    assert event["verdict"]["id"] == verdict.pk and event["verdict"]["rating"] == "false"
    assert event["claimreview"]["claimReviewed"] == verdict.claim.text


def test_retracting_posts_the_public_note(
    receiver, factchecker, editor, django_capture_on_commit_callbacks
):
    verdict = published_verdict(factchecker, editor)  # no webhook yet: not committed
    with receiver() as server:
        with django_capture_on_commit_callbacks(execute=True):
            services.verdict_retract(verdict=verdict, by=editor, note="Wrong figures.")
    [event] = server.events()
    assert event["event"] == "verdict.retracted" and event["note"] == "Wrong figures."
    assert event["verdict"]["status"] == "retracted" and event["claimreview"] is None


def test_correcting_posts_the_new_rating_and_what_changed(
    receiver, factchecker, editor, django_capture_on_commit_callbacks
):
    verdict = published_verdict(factchecker, editor)  # no webhook yet: not committed
    with receiver() as server:
        with django_capture_on_commit_callbacks(execute=True):
            services.verdict_correct(
                verdict=verdict, by=editor, note="Rated too harshly.", rating="mostly_false"
            )
    [(headers, body)] = server.requests
    assert headers["X-Workbench-Event"] == "verdict.corrected"
    assert webhook_signature_valid(body, SECRET, headers[SIGNATURE_HEADER])
    [event] = server.events()
    assert event["event"] == "verdict.corrected" and event["note"] == "Rated too harshly."
    assert event["verdict"]["status"] == "corrected"
    assert event["verdict"]["rating"] == "mostly_false"
    assert event["claimreview"]["reviewRating"]["alternateName"] == "Mostly false"


def queued_delivery(verdict) -> WebhookDelivery:
    from webhooks.services import webhook_event_queue

    [delivery] = webhook_event_queue(verdict=verdict, event="verdict.published")
    return delivery


def test_a_failed_delivery_is_retried_with_the_same_signed_body(receiver, factchecker, editor):
    verdict = published_verdict(factchecker, editor)  # not committed: nothing sent yet
    with receiver(statuses=[500]) as server:
        delivery = queued_delivery(verdict)
        # Run eagerly, Celery makes the retry at once, skipping the countdown.
        result = tasks.webhook_deliver.apply(args=[delivery.pk], throw=False)
    assert (result.state, result.result) == ("SUCCESS", 200)
    assert len(server.requests) == 2  # a 500, then the retry, answered 200
    for headers, body in server.requests:
        assert webhook_signature_valid(body, SECRET, headers[SIGNATURE_HEADER])
    assert server.requests[0][1] == server.requests[1][1]  # the same bytes
    assert (
        server.requests[0][0]["X-Workbench-Delivery"]
        == server.requests[1][0]["X-Workbench-Delivery"]
        == str(delivery.uuid)
    )


def test_the_task_gives_up_on_a_refusal_and_does_nothing_unconfigured(
    receiver, factchecker, editor, settings
):
    verdict = published_verdict(factchecker, editor)
    with receiver(statuses=[410]) as server:
        delivery = queued_delivery(verdict)
        assert tasks.webhook_deliver.apply(args=[delivery.pk]).get() == 410
    assert len(server.requests) == 1  # gone: not retried
    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.Status.FAILED
    settings.CLAIMS_WEBHOOK_URL = ""
    from webhooks.services import webhook_event_queue

    assert webhook_event_queue(verdict=verdict, event="verdict.published") == []


def test_the_retry_policy_backs_off():
    task = tasks.webhook_deliver
    assert task.max_retries >= 5 and task.acks_late
    assert tasks.BACKOFF_FACTOR >= 1 and tasks.BACKOFF_MAX >= 600
