"""The desk's work through the API (issue #24): the web pages' services and
rules. Who is refused what, with nothing changed, is in test_access_matrix."""

import pytest
from rest_framework.test import APIClient

from claims.models import Claim, ClaimSkip, Evidence, Verdict
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def ok(response, status: int = 200) -> dict:
    assert response.status_code == status, response.content
    return response.json() if response.content else {}


def error(response, status: int, code: str) -> str:
    assert response.status_code == status, response.content
    body = response.json()["error"]
    assert body["code"] == code, body
    return body["message"]


def test_a_verdict_goes_from_take_to_retraction_through_the_api(
    factchecker, editor, editor2, django_capture_on_commit_callbacks
):
    fiona, eddie, erin = api(factchecker), api(editor), api(editor2)
    claim = ClaimFactory()
    assert ok(fiona.post("/api/desk/take-next/"))["id"] == claim.pk
    assert ok(fiona.post("/api/desk/take-next/"), 204) == {}  # nothing left
    draft = ok(
        fiona.post(f"/api/claims/{claim.pk}/verdict/", {"rating": "false"}, format="json"), 201
    )
    assert (draft["status"], draft["version"]) == ("draft", 1)
    url = f"/api/verdicts/{draft['id']}"
    edited = ok(fiona.patch(f"{url}/draft/", {"headline": "No", "version": 1}, format="json"))
    assert (edited["headline"], edited["version"]) == ("No", 2)
    stale = fiona.patch(f"{url}/draft/", {"headline": "Stale", "version": 1}, format="json")
    assert "your version 1, now 2" in error(stale, 409, "version_conflict")
    assert Verdict.objects.get(pk=draft["id"]).headline == "No"
    error(fiona.post(f"{url}/submit/"), 409, "refused")  # no evidence yet
    source = {"url": "https://stats.example.org/", "stance": "refutes"}
    with_evidence = ok(fiona.post(f"{url}/evidence/", source, format="json"), 201)
    [item] = with_evidence["evidence"]
    assert item["url"] == "https://stats.example.org/"
    evidence = Evidence.objects.get(verdict_id=draft["id"])
    ok(fiona.delete(f"{url}/evidence/{evidence.pk}/"), 204)
    assert not Evidence.objects.filter(pk=evidence.pk).exists()
    ok(fiona.post(f"{url}/evidence/", source, format="json"), 201)
    assert ok(fiona.post(f"{url}/submit/"))["status"] == "submitted"
    assert Claim.objects.get(pk=claim.pk).queue_state == Claim.QueueState.IN_REVIEW

    error(eddie.post(f"{url}/send-back/", {}, format="json"), 400, "invalid")  # a note is due
    sent_back = ok(eddie.post(f"{url}/send-back/", {"note": "Source?"}, format="json"))
    assert sent_back["status"] == "changes_requested"
    assert ok(fiona.post(f"{url}/reopen/"))["status"] == "draft"
    ok(fiona.post(f"{url}/submit/"))
    error(fiona.post(f"{url}/approve/"), 403, "permission_denied")  # an editor's
    assert ok(eddie.post(f"{url}/approve/"))["status"] == "approved"
    with django_capture_on_commit_callbacks():
        published = ok(erin.post(f"{url}/publish/"))
    assert published["status"] == "published" and published["public_url"]
    error(erin.post(f"{url}/correct/", {"rating": "mixed"}, format="json"), 400, "invalid")
    with django_capture_on_commit_callbacks():
        corrected = ok(
            erin.post(f"{url}/correct/", {"rating": "mixed", "note": "Half right."}, format="json")
        )
    assert (corrected["status"], corrected["rating"]) == ("corrected", "mixed")
    with django_capture_on_commit_callbacks():
        retracted = ok(eddie.post(f"{url}/retract/", {"note": "Misread."}, format="json"))
    assert retracted["status"] == "retracted" and retracted["public_url"] is None
    assert Claim.objects.get(pk=claim.pk).queue_state == Claim.QueueState.QUEUED


def test_release_skip_and_attribution_through_the_api(factchecker, factchecker2, editor):
    fiona, frank = api(factchecker), api(factchecker2)
    claim = ClaimFactory(
        article__text="The minister said that 40 schools would reopen on Monday.",
        text="40 schools would reopen on Monday",
        content_start=23,
        content_end=56,
    )
    ok(fiona.post("/api/desk/take-next/"))
    error(frank.post(f"/api/claims/{claim.pk}/release/"), 403, "permission_denied")
    assert Claim.objects.get(pk=claim.pk).assigned_to == factchecker
    corrected = fiona.post(
        f"/api/claims/{claim.pk}/attribution/",
        {"part": "speaker", "text": "The minister"},
        format="json",
    )
    assert ok(corrected)["speaker"]["text"] == "The minister"
    error(
        fiona.post(f"/api/claims/{claim.pk}/skip/", {"reason": "bored"}, format="json"),
        400,
        "invalid",
    )
    assert ok(fiona.post(f"/api/claims/{claim.pk}/release/"))["queue_state"] == "queued"
    ok(fiona.post("/api/desk/take-next/"))
    skipped = fiona.post(
        f"/api/claims/{claim.pk}/skip/", {"reason": "duplicate", "note": "Seen"}, format="json"
    )
    assert ok(skipped)["queue_state"] == "skipped"
    assert ClaimSkip.objects.get(claim=claim).note == "Seen"


def test_someone_elses_draft_is_not_found_through_the_api(factchecker, factchecker2):
    claim = ClaimFactory(assigned_to=factchecker)
    draft = ok(api(factchecker).post(f"/api/claims/{claim.pk}/verdict/", {}, format="json"), 201)
    frank = api(factchecker2)
    answer = frank.patch(
        f"/api/verdicts/{draft['id']}/draft/", {"headline": "Mine", "version": 1}, format="json"
    )
    error(answer, 404, "not_found")
    taken = frank.post(f"/api/claims/{claim.pk}/verdict/", {}, format="json")
    error(taken, 403, "permission_denied")
    assert Verdict.objects.get(pk=draft["id"]).headline == ""


def test_the_schema_documents_each_desk_action_and_its_errors(factchecker):
    schema = ok(api(factchecker).get("/api/schema/?format=json"))
    actions = {
        "/api/desk/take-next/": "post",
        "/api/claims/{id}/release/": "post",
        "/api/claims/{id}/skip/": "post",
        "/api/claims/{id}/attribution/": "post",
        "/api/claims/{id}/verdict/": "post",
        "/api/verdicts/{id}/draft/": "patch",
        "/api/verdicts/{id}/evidence/": "post",
        "/api/verdicts/{id}/evidence/{evidence_id}/": "delete",
        "/api/verdicts/{id}/submit/": "post",
        "/api/verdicts/{id}/reopen/": "post",
        "/api/verdicts/{id}/approve/": "post",
        "/api/verdicts/{id}/send-back/": "post",
        "/api/verdicts/{id}/publish/": "post",
        "/api/verdicts/{id}/correct/": "post",
        "/api/verdicts/{id}/retract/": "post",
    }
    paths = {path.replace("{pk}", "{id}"): item for path, item in schema["paths"].items()}
    for path, method in actions.items():
        responses = set(paths[path][method]["responses"])
        assert {"401", "403"} <= responses, path
        if path != "/api/desk/take-next/":
            assert {"404", "409"} <= responses, path
    body = paths["/api/verdicts/{id}/send-back/"]["post"]["requestBody"]
    assert body["content"]["application/json"]["schema"]["$ref"].endswith("/RequiredNote")
    assert schema["components"]["schemas"]["RequiredNote"]["required"] == ["note"]
