"""The REST API beyond articles: tokens, claims, verdicts per role, exports,
pagination, throttling and JSON errors."""

import csv
import io
import json

import pytest
from django.core.cache import cache
from knox.crypto import hash_token
from knox.models import AuthToken
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from claims import services
from claims.models import CheckedClaim, ClaimRelation, LibraryMatch, Verdict
from tests.factories import ClaimFactory, EvidenceFactory
from tests.test_exports import published_verdict, streamed

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_throttles():
    """Throttle counts live in the cache; no test inherits another's."""
    cache.clear()
    yield
    cache.clear()


def token_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {AuthToken.objects.create(user=user)[1]}")
    return client


# --- Tokens ------------------------------------------------------------------


def test_a_user_gets_their_token_with_their_password(factchecker):
    response = APIClient().post(
        "/api/auth/token/", {"username": "fiona", "password": "pw-fiona"}, format="json"
    )
    assert response.status_code == 200
    token = response.json()["token"]
    # Stored as a digest only, with the expiry the response announces.
    stored = AuthToken.objects.get(user=factchecker)
    assert stored.digest == hash_token(token) and token not in stored.digest
    assert response.json()["expiry"].startswith(stored.expiry.strftime("%Y-%m-%dT%H:%M"))
    me = APIClient()
    me.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert me.get("/api/verdicts/").status_code == 200


def test_a_wrong_password_is_a_json_400(factchecker):
    response = APIClient().post(
        "/api/auth/token/", {"username": "fiona", "password": "guess"}, format="json"
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid" and "Unable to log in" in error["message"]


def test_password_guessing_is_throttled(factchecker, monkeypatch):
    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "token", "2/minute")
    client = APIClient()
    for _ in range(2):
        client.post("/api/auth/token/", {"username": "fiona", "password": "guess"})
    response = client.post("/api/auth/token/", {"username": "fiona", "password": "pw-fiona"})
    assert response.status_code == 429 and response.json()["error"]["code"] == "throttled"


# --- Claims --------------------------------------------------------------------


def test_claims_list_is_paginated_filtered_and_leaves_out_hidden_claims(factchecker, editor):
    claims = [ClaimFactory(article__outlet="Gazette") for _ in range(3)]
    other = ClaimFactory(article__outlet="Planet", text="Taxes went up")
    services.claim_hide(claim=claims[2], by=editor, reason="Spam")
    api = token_client(factchecker)

    page = api.get("/api/claims/", {"page_size": 1}).json()
    assert page["count"] == 3 and len(page["results"]) == 1 and page["next"]
    gazette = api.get("/api/claims/", {"outlet": "gazette"}).json()
    assert {c["id"] for c in gazette["results"]} == {claims[0].pk, claims[1].pk}
    assert gazette["results"][0]["article"]["outlet"] == "Gazette"
    keyword = api.get("/api/claims/", {"keyword": "taxes"}).json()
    assert [c["id"] for c in keyword["results"]] == [other.pk]
    assert api.get(f"/api/claims/{claims[2].pk}/").status_code == 404
    bad = api.get("/api/claims/", {"state": "nonsense"})
    assert bad.status_code == 400 and bad.json()["error"]["message"].startswith("state:")


def test_related_claims_either_way_without_rejected_or_hidden(factchecker, editor):
    claim, same, near, rejected, hidden = (ClaimFactory() for _ in range(5))
    ClaimRelation.objects.create(claim=claim, other=same, similarity=0.95, tier="same")
    ClaimRelation.objects.create(claim=near, other=claim, similarity=0.8, tier="related")
    ClaimRelation.objects.create(
        claim=claim, other=rejected, similarity=0.9, tier="same", decision="rejected"
    )
    ClaimRelation.objects.create(claim=claim, other=hidden, similarity=0.9, tier="same")
    services.claim_hide(claim=hidden, by=editor, reason="Spam")
    body = token_client(factchecker).get(f"/api/claims/{claim.pk}/related/").json()
    assert [(r["claim"]["id"], r["tier"]) for r in body["results"]] == [
        (same.pk, "same"),
        (near.pk, "related"),
    ]


def test_checked_before_lists_library_matches_without_rejected(factchecker):
    claim = ClaimFactory()
    checks = [
        CheckedClaim.objects.create(
            text=f"Checked claim {n}.", source="claimreview", external_id=f"c{n}", verdict=v
        )
        for n, v in enumerate(["False", "Mostly true", "True"])
    ]
    for check, score, decision in zip(checks, [0.9, 0.4, 0.95], ["pending", "confirmed", "rejected"]):
        LibraryMatch.objects.create(
            claim=claim,
            checked_claim=check,
            score=score,
            similarity=score,
            tier="same" if score > 0.8 else "related",
            decision=decision,
        )
    body = token_client(factchecker).get(f"/api/claims/{claim.pk}/checked/").json()
    assert [(m["checked_claim"]["verdict"], m["tier"], m["decision"]) for m in body["results"]] == [
        ("False", "same", "pending"),
        ("Mostly true", "related", "confirmed"),
    ]


# --- Verdicts per role ------------------------------------------------------------


@pytest.fixture
def verdicts(factchecker, factchecker2, editor):
    public = published_verdict(factchecker, editor)
    draft = EvidenceFactory(verdict__claim__assigned_to=factchecker).verdict
    return public, draft


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {v["id"] for v in response.json()["results"]}


def test_any_token_reads_published_verdicts_but_not_others_drafts(verdicts, factchecker2):
    public, draft = verdicts
    api = token_client(factchecker2)
    assert ids(api.get("/api/verdicts/")) == {public.pk}
    assert api.get(f"/api/verdicts/{draft.pk}/").status_code == 404
    body = api.get(f"/api/verdicts/{public.pk}/").json()
    assert (body["rating"], body["rating_name"], body["rating_value"]) == ("false", "False", 1)
    assert body["evidence"][0]["url"] == "https://stats.example.org/unemployment"
    assert body["claim"]["speaker"] == "Jane Porter" and body["public_url"].endswith(
        f"/verdicts/{public.pk}/"
    )


def test_the_author_reads_their_draft_and_editors_read_all(verdicts, factchecker, editor):
    public, draft = verdicts
    assert ids(token_client(factchecker).get("/api/verdicts/")) == {public.pk, draft.pk}
    editor_api = token_client(editor)
    assert ids(editor_api.get("/api/verdicts/")) == {public.pk, draft.pk}
    assert ids(editor_api.get("/api/verdicts/", {"status": "draft"})) == {draft.pk}
    assert ids(editor_api.get("/api/verdicts/", {"rating": "false", "status": "published"})) == {
        public.pk
    }
    assert editor_api.get(f"/api/verdicts/{draft.pk}/").json()["public_url"] is None


def test_a_verdict_as_claimreview(verdicts, factchecker):
    public, draft = verdicts
    api = token_client(factchecker)
    review = api.get(f"/api/verdicts/{public.pk}/claimreview/").json()
    assert review["@type"] == "ClaimReview" and review["claimReviewed"] == public.claim.text
    missing = api.get(f"/api/verdicts/{draft.pk}/claimreview/")
    assert missing.status_code == 404
    assert missing.json()["error"] == {
        "code": "not_found",
        "message": "Only a published verdict has a ClaimReview.",
        "detail": {"detail": "Only a published verdict has a ClaimReview."},
    }


def test_a_missing_object_answers_not_found_in_the_error_shape(factchecker):
    api = token_client(factchecker)
    for url in ("/api/articles/999999/", "/api/claims/999999/related/"):
        answer = api.get(url)
        assert answer.status_code == 404, url
        assert answer.json()["error"]["code"] == "not_found", answer.json()


# --- Exports ---------------------------------------------------------------------


def test_exports_stream_for_any_token(verdicts, factchecker2):
    public, draft = verdicts
    api = token_client(factchecker2)
    response = api.get("/api/exports/verdicts.csv", HTTP_ACCEPT="text/csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(streamed(response))))
    assert [int(r["verdict_id"]) for r in rows] == [public.pk]
    lines = streamed(api.get("/api/exports/verdicts.jsonl", {"rating": "false"})).splitlines()
    assert [json.loads(line)["verdict_id"] for line in lines] == [public.pk]
    feed = json.loads(streamed(api.get("/api/exports/claimreview.json")))
    assert len(feed["@graph"]) == 1


def test_export_errors_are_json_whatever_the_accept_header(factchecker):
    api = token_client(factchecker)
    response = api.get(
        "/api/exports/verdicts.csv",
        {"date_from": "2026-02-01", "date_to": "2026-01-01"},
        HTTP_ACCEPT="text/csv",
    )
    assert response.status_code == 400
    assert response.json()["error"]["message"] == "date_from is after date_to."
    anonymous = APIClient().get("/api/exports/verdicts.csv")
    assert anonymous.status_code == 401
    assert anonymous.json()["error"]["code"] == "not_authenticated"


def test_exports_are_throttled_per_token(factchecker, factchecker2, monkeypatch):
    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "exports", "2/hour")
    first, second = token_client(factchecker), token_client(factchecker2)
    for _ in range(2):
        assert first.get("/api/exports/verdicts.jsonl").status_code == 200
    throttled = first.get("/api/exports/verdicts.jsonl")
    assert throttled.status_code == 429
    error = throttled.json()["error"]
    assert error["code"] == "throttled" and "Request was throttled" in error["message"]
    assert second.get("/api/exports/verdicts.jsonl").status_code == 200  # another token


def test_every_token_has_a_request_budget(factchecker, monkeypatch):
    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "user", "3/minute")
    api = token_client(factchecker)
    statuses = [api.get("/api/claims/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


# --- The schema --------------------------------------------------------------------


def test_the_openapi_schema_lists_every_endpoint(factchecker):
    response = token_client(factchecker).get(
        "/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json"
    )
    paths = response.json()["paths"]
    for path in [
        "/api/auth/token/",
        "/api/claims/",
        "/api/claims/{id}/related/",
        "/api/claims/{id}/checked/",
        "/api/verdicts/",
        "/api/verdicts/{id}/",
        "/api/verdicts/{id}/claimreview/",
        "/api/exports/verdicts.csv",
        "/api/exports/verdicts.jsonl",
        "/api/exports/claimreview.json",
    ]:
        assert path in paths, path
    parameters = {p["name"] for p in paths["/api/exports/verdicts.csv"]["get"]["parameters"]}
    assert {"date_from", "date_to", "rating", "outlet", "speaker", "article"} <= parameters
    assert {"page", "page_size"} <= {
        p["name"] for p in paths["/api/verdicts/"]["get"]["parameters"]
    }


def test_the_docs_page_is_served(factchecker_client):
    response = factchecker_client.get("/api/docs/")
    assert response.status_code == 200 and b"swagger" in response.content.lower()


def test_no_verdict_is_left_out_or_duplicated_across_pages(factchecker, editor):
    made = {published_verdict(factchecker, editor, text=f"Claim number {i}").pk for i in range(5)}
    api, seen, url = token_client(factchecker), [], "/api/verdicts/?page_size=2"
    while url:
        body = api.get(url).json()
        seen += [v["id"] for v in body["results"]]
        url = body["next"]
    assert sorted(seen) == sorted(made) and Verdict.objects.count() == 5
