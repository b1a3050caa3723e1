"""The REST API: token auth, submit, status, claims, JSON errors."""

import pytest
from knox.models import AuthToken
from rest_framework.test import APIClient

from claims.article_input import ARTICLE_EMPTY
from claims.models import Article

pytestmark = pytest.mark.django_db

TEXT = "Health officials said on Friday that 300 new cases were reported in the region."


@pytest.fixture
def api(factchecker):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {AuthToken.objects.create(user=factchecker)[1]}")
    return client


def test_api_needs_authentication():
    response = APIClient().get("/api/articles/")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


@pytest.mark.model
@pytest.mark.django_db(transaction=True)
def test_post_article_then_read_status_and_claims(api):
    response = api.post("/api/articles/", {"text": TEXT, "outlet": "Wire"}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "done" and body["progress"] == 100 and body["claim_count"] >= 1
    status = api.get(f"/api/articles/{body['id']}/").json()
    assert status["status"] == "done"
    claims = api.get(f"/api/articles/{body['id']}/claims/").json()
    first = claims["results"][0]
    assert TEXT[first["content"]["start"] : first["content"]["end"]] == first["text"]
    assert first["speaker"] is None or first["speaker"]["canonical"]
    assert "checkworthiness" in first and isinstance(first["checkworthiness_reasons"], list)

    again = api.post("/api/articles/", {"text": TEXT}, format="json")
    assert again.status_code == 200 and again.json()["id"] == body["id"]


@pytest.mark.parametrize(
    "payload, message",
    [
        ({"text": "   "}, ARTICLE_EMPTY),  # whitespace only
        ({}, ARTICLE_EMPTY),  # no text and no URL
        ({"text": TEXT, "url": "not a url"}, "url: Enter a valid URL"),  # bad metadata
    ],
)
def test_bad_article_is_a_json_400(api, payload, message):
    response = api.post("/api/articles/", payload, format="json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid" and message in error["message"]
    assert Article.objects.count() == 0


def test_huge_article_is_a_json_400(api, settings):
    settings.CLAIMS_MAX_ARTICLE_CHARS = 100
    response = api.post("/api/articles/", {"text": TEXT * 3}, format="json")
    assert response.status_code == 400
    assert "the limit is 100" in response.json()["error"]["message"]


def test_malformed_json_is_a_json_400(api):
    response = api.post("/api/articles/", b"{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "parse_error"


def test_openapi_schema_lists_the_article_endpoints(api):
    response = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/articles/" in paths and "/api/articles/{id}/claims/" in paths
