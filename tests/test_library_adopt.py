"""Adopt a library match as a draft verdict (issue #24): service, page, API."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from claims.models import CheckedClaim, LibraryMatch, Verdict
from claims.services import WorkflowError
from claims.services.library_adopt import library_match_adopt
from tests.factories import ClaimFactory, VerdictFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(factchecker):
    text = "The minister said forty schools would reopen on Monday."
    return ClaimFactory(text=text, assigned_to=factchecker)


def check_of(**fields) -> CheckedClaim:
    values = {
        "text": "Forty schools will reopen on Monday, the minister says.",
        "title": "No, forty schools are not reopening on Monday",
        "verdict": "False",
        "url": "https://factcheck.example/schools",
        "reviewer": "Example Checks",
        "published_on": datetime.date(2026, 11, 2),
        "source": "claimreview",
        "external_id": "https://factcheck.example/schools",
        **fields,
    }
    return CheckedClaim.objects.create(**values)


def match_of(claim, check, **fields) -> LibraryMatch:
    return LibraryMatch.objects.create(
        claim=claim, checked_claim=check, score=0.9, similarity=0.85, tier="same", **fields
    )


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_adopting_a_match_starts_a_draft_from_the_check(held, factchecker):
    match = match_of(held, check_of())
    verdict = library_match_adopt(match=match, by=factchecker)
    assert verdict.status == Verdict.Status.DRAFT and verdict.author == factchecker
    assert verdict.rating == "false"
    assert verdict.headline == "No, forty schools are not reopening on Monday"
    assert "Checked before by Example Checks (2026-11-02): **False**" in verdict.rationale
    [evidence] = verdict.evidence.all()
    assert evidence.url == "https://factcheck.example/schools" and evidence.stance == "context"
    match.refresh_from_db()
    assert match.decision == "confirmed" and match.decided_by == factchecker


def test_a_rating_off_the_scale_is_left_to_the_fact_checker(held, factchecker):
    match = match_of(held, check_of(verdict="Pants on Fire!", url="", title=""))
    verdict = library_match_adopt(match=match, by=factchecker)
    assert verdict.rating == "" and verdict.headline == match.checked_claim.text
    assert not verdict.evidence.exists()


def test_the_desks_own_check_is_adopted_from_its_verdict(held, factchecker, factchecker2):
    published = VerdictFactory(claim=ClaimFactory(assigned_to=factchecker2), status="published")
    match = match_of(held, check_of(source="desk", external_id=str(published.pk)))
    assert library_match_adopt(match=match, by=factchecker).adopted_from == published


@pytest.mark.parametrize("refusal", ["rejected", "withdrawn"])
def test_rejected_or_withdrawn_is_refused(held, factchecker, refusal):
    check = check_of(withdrawn_at=timezone.now() if refusal == "withdrawn" else None)
    match = match_of(held, check, decision="rejected" if refusal == "rejected" else "pending")
    with pytest.raises(WorkflowError):
        library_match_adopt(match=match, by=factchecker)
    assert not Verdict.objects.exists()


def test_only_the_holder_adopts_once(held, factchecker, factchecker2):
    match = match_of(held, check_of())
    with pytest.raises(PermissionDenied):
        library_match_adopt(match=match, by=factchecker2)
    assert not Verdict.objects.exists()
    library_match_adopt(match=match, by=factchecker)
    with pytest.raises(WorkflowError):  # one verdict per claim
        library_match_adopt(match=match, by=factchecker)
    assert Verdict.objects.count() == 1


def test_the_claim_page_offers_it_and_adopts(client, held, factchecker, editor):
    match = match_of(held, check_of())
    url = reverse("claims:library_match_adopt", args=[held.pk, match.pk])
    client.force_login(factchecker)
    page = client.get(held.get_absolute_url()).content.decode()
    assert url in page and "Adopt as my draft" in page
    client.force_login(editor)
    assert client.post(url).status_code == 403
    assert url not in client.get(held.get_absolute_url()).content.decode()  # not the holder
    client.force_login(factchecker)
    assert client.post(url).status_code == 302
    assert Verdict.objects.get(claim=held).headline.startswith("No, forty schools")


def test_the_api_adopts_per_role(held, factchecker, factchecker2, editor, django_user_model):
    match = match_of(held, check_of())
    url = f"/api/claims/{held.pk}/library/{match.pk}/adopt/"
    nobody = django_user_model.objects.create_user("nobody", password="pw-nobody")
    assert APIClient().post(url).status_code in (401, 403)
    assert api(nobody).post(url).status_code == 403
    assert api(editor).post(url).status_code == 403
    assert api(factchecker2).post(url).status_code == 403  # not the holder
    missing = f"/api/claims/{held.pk}/library/{match.pk + 99}/adopt/"
    assert api(factchecker).post(missing).status_code == 404
    assert not Verdict.objects.exists()
    response = api(factchecker).post(url)
    assert response.status_code == 201, response.content
    assert response.json()["rating"] == "false"
    assert api(factchecker).post(url).status_code == 409  # already a verdict
    schema = api(factchecker).get("/api/schema/?format=json").json()
    assert any(path.endswith("/library/{match_id}/adopt/") for path in schema["paths"])
