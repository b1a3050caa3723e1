"""Absolute URLs: on the address a request came to, on CLAIMS_SITE_URL only
where there is no request (webhooks, work done by beat); `make run` sets the
site URL from HOST and PORT."""

import json

import pytest
from django.urls import reverse

from claims.claimreview import verdict_public_url
from scripts import run_embedded
from tests.test_exports import published_verdict, streamed
from webhooks.events import webhook_body

pytestmark = pytest.mark.django_db

# The site runs on another port than the setting says (issue #25).
HOST = {"HTTP_HOST": "127.0.0.1:8101"}
SERVED = "http://127.0.0.1:8101"
CONFIGURED = "http://127.0.0.1:8000"


@pytest.fixture
def verdict(factchecker, editor, settings):
    settings.CLAIMS_SITE_URL = CONFIGURED
    return published_verdict(factchecker, editor)


def public_url(verdict, base=SERVED) -> str:
    return base + reverse("public:verdict", args=[verdict.pk])


def test_the_public_pages_json_ld_is_on_the_requests_address(client, verdict):
    page = client.get(reverse("public:verdict", args=[verdict.pk]), **HOST).content.decode()
    assert f'"url": "{public_url(verdict)}"' in page
    assert CONFIGURED not in page


def test_the_feed_and_exports_are_on_the_requests_address(client, factchecker, verdict):
    feed = json.loads(streamed(client.get(reverse("public:claimreview_feed"), **HOST)))
    assert [review["url"] for review in feed["@graph"]] == [public_url(verdict)]
    client.force_login(factchecker)
    csv_text = streamed(client.get(reverse("public:export_csv"), **HOST))
    assert public_url(verdict) in csv_text and CONFIGURED not in csv_text
    row = json.loads(streamed(client.get(reverse("public:export_jsonl"), **HOST)))
    assert row["verdict_url"] == public_url(verdict)


def test_the_api_is_on_the_requests_address(client, factchecker, verdict):
    client.force_login(factchecker)
    detail = client.get(reverse("verdict-detail", args=[verdict.pk]), **HOST).json()
    assert detail["public_url"] == public_url(verdict)
    review = client.get(reverse("verdict-claimreview", args=[verdict.pk]), **HOST).json()
    assert review["url"] == public_url(verdict)
    jsonl = streamed(client.get(reverse("api_export_jsonl"), **HOST))
    assert json.loads(jsonl)["verdict_url"] == public_url(verdict)


def test_https_behind_a_proxy_is_kept(client, verdict, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.ALLOWED_HOSTS = ["claims.example.org"]
    page = client.get(
        reverse("public:verdict", args=[verdict.pk]),
        HTTP_HOST="claims.example.org",
        HTTP_X_FORWARDED_PROTO="https",
        secure=True,
    )
    assert public_url(verdict, "https://claims.example.org") in page.content.decode()


def test_without_a_request_urls_are_on_the_site_url(verdict, settings):
    settings.CLAIMS_SITE_URL = "https://claims.example.org/"
    assert verdict_public_url(verdict.pk) == public_url(verdict, "https://claims.example.org")
    body = json.loads(webhook_body(verdict, "verdict.published"))
    assert json.dumps(body).count("https://claims.example.org/verdicts/") >= 1


@pytest.mark.parametrize(
    "host, port, url",
    [
        ("127.0.0.1", 8101, "http://127.0.0.1:8101"),
        ("0.0.0.0", 8000, "http://localhost:8000"),  # every interface: reached as localhost
        ("::1", 9000, "http://[::1]:9000"),
    ],
)
def test_make_run_sets_the_site_url_from_host_and_port(monkeypatch, host, port, url):
    monkeypatch.delenv("CLAIMS_SITE_URL", raising=False)
    assert run_embedded.environment(host, port)["CLAIMS_SITE_URL"] == url


def test_a_site_url_set_by_hand_wins(monkeypatch):
    monkeypatch.setenv("CLAIMS_SITE_URL", "https://claims.example.org")
    env = run_embedded.environment("127.0.0.1", 8101)
    assert env["CLAIMS_SITE_URL"] == "https://claims.example.org"
