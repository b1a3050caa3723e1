"""The audit trail: who changed what and when, on the claim and in the admin."""

import pytest
from django.contrib import admin
from django.urls import reverse

from claims import selectors, services
from claims.models import Claim, Evidence, Verdict
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def worked_claim(factchecker, editor):
    """A claim taken, drafted with two sources, one removed, submitted and approved."""
    ClaimFactory()
    claim = services.claim_take_next(by=factchecker)
    verdict = services.verdict_create(claim=claim, by=factchecker, rating="false", headline="No")
    keep = services.evidence_add(
        verdict=verdict, by=factchecker, url="https://a.example", stance="refutes"
    )
    drop = services.evidence_add(
        verdict=verdict, by=factchecker, url="https://b.example", stance="context"
    )
    services.evidence_remove(evidence=drop, by=factchecker)
    services.verdict_update(verdict=verdict, by=factchecker, rating="mostly_false")
    services.verdict_submit(verdict=verdict, by=factchecker)
    services.verdict_approve(verdict=verdict, by=editor, note="Solid")
    return claim, verdict, keep, drop


def changes(entry) -> dict:
    return {c.field: (c.old, c.new) for c in entry.changes}


def test_claim_history_merges_claim_verdict_and_evidence_changes(worked_claim, factchecker, editor):
    claim, verdict, keep, drop = worked_claim
    history = selectors.claim_history(claim=claim)
    assert [h.at for h in history] == sorted(h.at for h in history)
    summary = [(h.kind, h.action, h.user) for h in history]
    assert summary[0] == ("claim", "created", None)  # extracted, before anyone
    assert summary[1:] == [
        ("claim", "changed", factchecker),  # taken
        ("verdict", "created", factchecker),
        ("evidence", "created", factchecker),
        ("evidence", "created", factchecker),
        ("evidence", "deleted", factchecker),
        ("verdict", "changed", factchecker),  # rating
        ("verdict", "changed", factchecker),  # submitted
        ("claim", "changed", factchecker),  # in review
        ("verdict", "changed", editor),  # approved
    ]
    taken, created, rerated, approved = history[1], history[2], history[6], history[9]
    assert changes(taken)["queue_state"] == ("queued", "assigned")
    assert changes(taken)["assigned_to"] == (None, factchecker.pk)
    assert taken.reason == "Taken from the queue"
    assert changes(created)["headline"] == (None, "No")
    assert changes(rerated) == {"rating": ("false", "mostly_false")}
    assert changes(approved)["status"] == ("submitted", "approved")
    assert changes(approved)["editor"] == (None, editor.pk)
    assert approved.reason == "Solid"
    assert history[5].object_id == history[4].object_id != keep.pk  # the removed one
    assert history[5].reason == "Evidence removed"


def test_editing_a_claim_in_the_admin_records_the_user(admin_client, admin_user):
    claim = ClaimFactory(speaker_text="the minister")
    url = reverse("admin:claims_claim_change", args=[claim.pk])
    data = {
        "text": claim.text,
        "speaker": "",
        "speaker_text": "Jane Porter",
        "speaker_role": "",
        "cue_text": "",
        "reported_by": "[]",
        "quote_type": claim.quote_type,
    }
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    [entry] = [h for h in selectors.claim_history(claim=claim) if h.action == "changed"]
    assert entry.user == admin_user
    assert changes(entry) == {"speaker_text": ("the minister", "Jane Porter")}


def test_the_admin_shows_history_and_lets_nobody_revert_it(worked_claim, admin_client):
    claim, verdict, keep, drop = worked_claim
    page = admin_client.get(reverse("admin:claims_verdict_history", args=[verdict.pk]))
    assert page.status_code == 200 and "Solid" in page.content.decode()

    first = verdict.history.earliest()
    url = reverse("admin:claims_verdict_simple_history", args=[verdict.pk, first.history_id])
    assert admin_client.get(url).status_code == 200
    assert admin_client.post(url, {"status": "draft"}).status_code == 403
    claim_url = reverse(
        "admin:claims_claim_simple_history", args=[claim.pk, claim.history.earliest().history_id]
    )
    assert admin_client.post(claim_url, {"text": "rewritten"}).status_code == 403

    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.APPROVED and verdict.rating == "mostly_false"
    assert Claim.objects.get(pk=claim.pk).queue_state == Claim.QueueState.IN_REVIEW


def test_history_models_are_not_editable_in_the_admin(worked_claim, admin_client):
    claim, verdict, keep, drop = worked_claim
    for model in (Claim, Verdict, Evidence):
        assert model.history.model not in admin.site._registry
    edit = admin_client.post(
        reverse("admin:claims_verdict_change", args=[verdict.pk]), {"headline": "Rewritten"}
    )
    assert edit.status_code == 403
    assert Verdict.objects.get(pk=verdict.pk).headline == "No"


def test_an_admin_action_publishes_through_the_service(worked_claim, admin_client):
    claim, verdict, keep, drop = worked_claim
    response = admin_client.post(
        reverse("admin:claims_verdict_changelist"),
        {"action": "publish", "_selected_action": [verdict.pk]},
        follow=True,
    )
    assert "Published: 1." in response.content.decode()
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.PUBLISHED and verdict.revisions.count() == 1
    assert verdict.status_changes.last().changed_by.username == "admin"


def test_an_admin_action_reports_what_the_rules_refused(worked_claim, admin_client):
    claim, verdict, keep, drop = worked_claim
    response = admin_client.post(
        reverse("admin:claims_verdict_changelist"),
        {"action": "approve", "_selected_action": [verdict.pk]},
        follow=True,
    )
    assert "Approved: 0." in response.content.decode()
    assert "Cannot move verdict" in response.content.decode()
