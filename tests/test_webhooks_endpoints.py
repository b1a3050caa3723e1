"""Webhook endpoints managed in the admin (issue #24), against real HTTP
servers on 127.0.0.1: each endpoint its own secret and events, the delivery
log with every attempt, retries, "send again", the SSRF guard."""

import pytest
from django.core.exceptions import ValidationError

from claims import services
from claims.roles import Role
from tests.conftest import make_user
from tests.factories import ClaimFactory
from tests.test_exports import published_verdict
from tests.test_webhooks import Receiver
from webhooks import tasks
from webhooks.events import SIGNATURE_HEADER, webhook_signature_valid
from webhooks.models import WebhookDelivery, WebhookEndpoint
from webhooks.services import webhook_deliver

pytestmark = pytest.mark.django_db
Status = WebhookDelivery.Status


@pytest.fixture(autouse=True)
def local_receivers(settings):
    settings.CLAIMS_FETCH_ALLOWED_HOSTS = ["127.0.0.1"]  # as the sources tests do
    settings.CLAIMS_WEBHOOK_URL = ""
    settings.CLAIMS_WEBHOOK_TIMEOUT = 5


def endpoint(server, events, **extra) -> WebhookEndpoint:
    hook = WebhookEndpoint(name=f"Partner {server.url[-20:]}", url=server.url, events=events,
                           **extra)
    hook.full_clean()
    hook.save()
    return hook


def test_each_endpoint_hears_its_events_signed_with_its_own_secret(
    factchecker, editor, editor2, django_capture_on_commit_callbacks
):
    with Receiver() as everything, Receiver() as published_only, Receiver() as off:
        all_hook = endpoint(everything, ["verdict.submitted", "verdict.published",
                                         "verdict.corrected", "verdict.retracted"])
        pub_hook = endpoint(published_only, ["verdict.published"])
        endpoint(off, ["verdict.published"], active=False)
        assert all_hook.secret and all_hook.secret != pub_hook.secret  # generated, each its own
        claim = ClaimFactory(assigned_to=factchecker)
        verdict = services.verdict_create(claim=claim, by=factchecker, rating="false",
                                          headline="No")
        services.evidence_add(verdict=verdict, by=factchecker, url="https://x.example/",
                              stance="refutes")
        with django_capture_on_commit_callbacks(execute=True):
            services.verdict_submit(verdict=verdict, by=factchecker)
        services.verdict_approve(verdict=verdict, by=editor2)
        with django_capture_on_commit_callbacks(execute=True):
            services.verdict_publish(verdict=verdict, by=editor)
        with django_capture_on_commit_callbacks(execute=True):
            services.verdict_correct(verdict=verdict, by=editor, note="Typo.", headline="No.")
    assert [e["event"] for e in everything.events()] == [
        "verdict.submitted", "verdict.published", "verdict.corrected"
    ]
    assert [e["event"] for e in published_only.events()] == ["verdict.published"]
    assert off.requests == []  # an inactive endpoint gets nothing
    for server, hook in [(everything, all_hook), (published_only, pub_hook)]:
        for headers, body in server.requests:
            assert webhook_signature_valid(body, hook.secret, headers[SIGNATURE_HEADER])
    [(headers, body)] = published_only.requests
    assert not webhook_signature_valid(body, all_hook.secret, headers[SIGNATURE_HEADER])
    log = WebhookDelivery.objects.filter(status=Status.DELIVERED)
    assert log.count() == 4 and not WebhookDelivery.objects.exclude(status=Status.DELIVERED)


def test_a_failing_then_recovering_receiver_and_the_log_of_attempts(factchecker, editor):
    verdict = published_verdict(factchecker, editor)
    with Receiver(statuses=[503, 429]) as server:
        hook = endpoint(server, ["verdict.published"])
        from webhooks.services import webhook_event_queue

        [delivery] = webhook_event_queue(verdict=verdict, event="verdict.published")
        result = tasks.webhook_deliver.apply(args=[delivery.pk], throw=False)
        assert result.get() == 200
        assert len(server.requests) == 3
        # A retry of a delivered one does nothing.
        assert tasks.webhook_deliver.apply(args=[delivery.pk]).get() is None
        assert len(server.requests) == 3
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.status_code) == (Status.DELIVERED, 3, 200)
    assert delivery.delivered_at and delivery.endpoint == hook and delivery.next_retry_at is None
    attempts = list(delivery.attempt_log.order_by("number"))
    assert [(a.number, a.status_code, a.outcome) for a in attempts] == [
        (1, 503, Status.RETRYING), (2, 429, Status.RETRYING), (3, 200, Status.DELIVERED)
    ]
    assert attempts[0].next_retry_at and "503" in attempts[0].error
    assert all(a.duration_ms is not None for a in attempts)


def test_no_attempt_left_gives_up_and_a_dead_receiver_is_a_connection_error(factchecker, editor):
    verdict = published_verdict(factchecker, editor)
    with Receiver() as server:
        url = server.url
    hook = WebhookEndpoint.objects.create(name="Gone", url=url, events=["verdict.published"])
    delivery = WebhookDelivery.objects.create(endpoint=hook, event="verdict.published",
                                              verdict=verdict, body="{}")
    webhook_deliver(delivery_id=delivery.pk, retry_in=10)
    delivery.refresh_from_db()
    assert delivery.status == Status.RETRYING and delivery.next_retry_at
    assert "Could not connect" in delivery.error and delivery.status_code is None
    webhook_deliver(delivery_id=delivery.pk, retry_in=None)  # the last attempt
    delivery.refresh_from_db()
    assert delivery.status == Status.FAILED and delivery.attempts == 2


def test_internal_addresses_are_refused_when_saved_and_when_sent(settings, factchecker, editor):
    settings.CLAIMS_FETCH_ALLOWED_HOSTS = []
    for url in ["http://10.0.0.5/hook", "http://169.254.169.254/latest", "ftp://x.example/"]:
        with pytest.raises(ValidationError):
            WebhookEndpoint(name="x", url=url, events=[]).full_clean()
    with pytest.raises(ValidationError):
        WebhookEndpoint(name="x", url="https://x.example/", events=["nope"]).full_clean()
    # A name that resolves to a loopback address is refused at sending, not retried.
    hook = WebhookEndpoint.objects.create(
        name="Sneaky", url="http://localhost:9/hook", events=["verdict.published"]
    )
    delivery = WebhookDelivery.objects.create(endpoint=hook, event="verdict.published", body="{}")
    webhook_deliver(delivery_id=delivery.pk, retry_in=10)
    delivery.refresh_from_db()
    assert delivery.status == Status.FAILED and "internal address" in delivery.error


def test_the_settings_url_is_one_more_endpoint(settings, factchecker, editor):
    with Receiver() as server:
        settings.CLAIMS_WEBHOOK_URL = server.url
        settings.CLAIMS_WEBHOOK_SECRET = "from-settings"
        from webhooks.services import webhook_event_queue

        verdict = published_verdict(factchecker, editor)
        [delivery] = webhook_event_queue(verdict=verdict, event="verdict.published")
        tasks.webhook_deliver.apply(args=[delivery.pk])
        assert webhook_event_queue(verdict=verdict, event="verdict.submitted") == []
    hook = WebhookEndpoint.objects.get(from_settings=True)
    assert hook.url == server.url and hook.secret == ""
    [(headers, body)] = server.requests
    assert webhook_signature_valid(body, "from-settings", headers[SIGNATURE_HEADER])


def test_admin_pages_are_for_admins_and_send_again_resends(
    client, django_user_model, factchecker, editor, django_capture_on_commit_callbacks
):
    ada = make_user(django_user_model, "ada", Role.ADMIN, is_staff=True)
    verdict = published_verdict(factchecker, editor)
    with Receiver(statuses=[410]) as server:
        hook = endpoint(server, ["verdict.published"])
        from webhooks.services import webhook_event_queue

        [delivery] = webhook_event_queue(verdict=verdict, event="verdict.published")
        tasks.webhook_deliver.apply(args=[delivery.pk])
        client.force_login(ada)
        listing = client.get("/admin/webhooks/webhookdelivery/?status=failed")
        assert listing.status_code == 200 and "Partner" in listing.content.decode()
        page = client.get(f"/admin/webhooks/webhookdelivery/{delivery.pk}/change/")
        text = page.content.decode()
        assert page.status_code == 200 and "410" in text and 'name="_save"' not in text
        edit = client.get(f"/admin/webhooks/webhookendpoint/{hook.pk}/change/")
        assert edit.status_code == 200 and hook.secret in edit.content.decode()
        assert client.get("/admin/webhooks/webhookendpoint/add/").status_code == 200
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                "/admin/webhooks/webhookdelivery/",
                {"action": "send_again", "_selected_action": [delivery.pk]},
            )
        assert response.status_code == 302
    again = WebhookDelivery.objects.exclude(pk=delivery.pk).get()
    assert again.resent_from == delivery and again.status == Status.DELIVERED
    assert len(server.requests) == 2 and server.requests[0][1] == server.requests[1][1]
    client.force_login(editor)  # moderates, but manages no webhooks
    assert client.get("/admin/webhooks/webhookendpoint/").status_code == 403
    assert client.get("/admin/webhooks/webhookdelivery/").status_code == 403
    client.force_login(factchecker)
    assert client.get("/admin/webhooks/webhookendpoint/").status_code == 302  # admin login
    client.logout()
    assert client.get("/admin/webhooks/webhookdelivery/").status_code == 302
