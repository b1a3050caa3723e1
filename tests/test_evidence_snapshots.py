"""Evidence that survives link rot (issue #23): adding an evidence item
archives its page (from a real server on 127.0.0.1); the claim page says
"archived <date>" and serves the stored copy in a sandbox; re-checks of
published verdicts flag a page that changed, then one that disappeared."""

import datetime
import gzip
import hashlib

import pytest
from django.urls import reverse
from django.utils import timezone

from claims import services
from claims.roles import Role
from sources.models import EvidenceSnapshot
from sources.services import evidence_recheck_due, text_similarity
from sources.views import ARCHIVE_CSP
from tests.conftest import make_user
from tests.factories import ClaimFactory
from tests.pages_server import NEWS_PARAGRAPHS, article_page, html, pages  # noqa: F401

pytestmark = pytest.mark.django_db

PAGE = article_page("Labour force survey", [
    "Unemployment was 5.1 percent in the fourth quarter, the statistics office said.",
    *NEWS_PARAGRAPHS,
])
REWRITTEN = article_page("Labour force survey", [
    "This page has moved. The survey tables are now published in the new data portal "
    "together with the methodology notes and the revisions of earlier quarters.",
])


@pytest.fixture
def archiving(settings, pages):
    settings.CLAIMS_EVIDENCE_ARCHIVE = True
    return pages


def add_evidence(claim, author, url, capture):
    verdict = services.verdict_create(claim=claim, by=author, rating="false", headline="No")
    with capture(execute=True):
        return services.evidence_add(
            verdict=verdict, by=author, url=url, title="Survey", stance="refutes"
        )


def test_added_evidence_is_archived_and_served_in_a_sandbox(
    archiving, factchecker, factchecker2, editor, client, django_capture_on_commit_callbacks
):
    archiving.routes["/survey"] = lambda h: html(PAGE)
    claim = ClaimFactory(assigned_to=factchecker)
    evidence = add_evidence(
        claim, factchecker, archiving.url("/survey"), django_capture_on_commit_callbacks
    )

    snapshot = EvidenceSnapshot.objects.get(evidence=evidence)
    assert snapshot.http_status == 200 and not snapshot.error and not snapshot.is_recheck
    assert snapshot.html_sha256 == hashlib.sha256(PAGE).hexdigest()
    assert gzip.decompress(snapshot.html_gz) == PAGE
    assert "5.1 percent" in snapshot.text and "All rights reserved" not in snapshot.text

    client.force_login(factchecker)
    page = client.get(reverse("claims:claim_detail", args=[claim.pk])).content.decode()
    copy_url = reverse("sources:evidence_copy", args=[evidence.pk])
    assert f'href="{copy_url}"' in page
    assert f"archived {timezone.localdate():%Y-%m-%d}" in page
    copy = client.get(copy_url)
    assert copy.status_code == 200 and copy.content == PAGE
    assert copy["Content-Security-Policy"] == ARCHIVE_CSP
    assert copy["X-Content-Type-Options"] == "nosniff"

    client.force_login(factchecker2)  # a draft is its author's and the editors' only
    assert client.get(copy_url).status_code == 404
    client.force_login(editor)
    assert client.get(copy_url).status_code == 200


def test_an_unreachable_evidence_page_says_why(
    archiving, factchecker, django_capture_on_commit_callbacks
):
    evidence = add_evidence(
        ClaimFactory(assigned_to=factchecker), factchecker, "http://10.1.2.3/report",
        django_capture_on_commit_callbacks,
    )
    snapshot = EvidenceSnapshot.objects.get(evidence=evidence)
    assert "internal address (private)" in snapshot.error and snapshot.html_gz is None


def test_rechecks_flag_a_page_that_changed_then_one_that_is_gone(
    archiving, factchecker, editor, client, django_user_model,
    django_capture_on_commit_callbacks,
):
    state = {"answer": html(PAGE)}
    archiving.routes["/survey"] = lambda h: state["answer"]
    claim = ClaimFactory(assigned_to=factchecker)
    evidence = add_evidence(
        claim, factchecker, archiving.url("/survey"), django_capture_on_commit_callbacks
    )
    verdict = evidence.verdict
    other = make_user(django_user_model, "fred", Role.FACT_CHECKER)
    draft = ClaimFactory(assigned_to=other)  # a draft's evidence is not re-checked
    add_evidence(draft, other, archiving.url("/draft"), django_capture_on_commit_callbacks)
    services.verdict_submit(verdict=verdict, by=factchecker)
    services.verdict_approve(verdict=verdict, by=editor)
    services.verdict_publish(verdict=verdict, by=editor)
    later = timezone.now() + datetime.timedelta(days=8)

    assert evidence_recheck_due(now=later) == 1  # the published verdict's only
    same = EvidenceSnapshot.objects.filter(evidence=evidence).latest("fetched_at")
    assert same.is_recheck and same.flag == "" and same.similarity == 1.0
    assert same.html_gz is None  # the archive holds that page already
    assert evidence_recheck_due(now=timezone.now()) == 0  # checked just now

    state["answer"] = html(REWRITTEN)
    assert evidence_recheck_due(now=later) == 1
    changed = EvidenceSnapshot.objects.filter(evidence=evidence).latest("fetched_at")
    assert changed.flag == "changed" and changed.similarity < 0.8
    assert gzip.decompress(changed.html_gz) == REWRITTEN  # kept: it differs

    state["answer"] = html(b"gone", status=404)
    assert evidence_recheck_due(now=later) == 1
    gone = EvidenceSnapshot.objects.filter(evidence=evidence).latest("fetched_at")
    assert gone.flag == "gone" and gone.http_status == 404

    client.force_login(editor)
    page = client.get(reverse("claims:claim_detail", args=[claim.pk])).content.decode()
    assert "Page gone" in page and "archived" in page  # the copy is still served
    copy = client.get(reverse("sources:evidence_copy", args=[evidence.pk]))
    assert copy.content == PAGE
    flagged = client.get(reverse("sources:source_list")).content.decode()
    assert "Evidence gone or changed" in flagged and "Page gone" in flagged
    assert EvidenceSnapshot.objects.filter(evidence__verdict__claim=draft).count() == 1


@pytest.mark.parametrize(
    "a, b, low, high",
    [
        ("The rate was 5.1 percent.", "The rate was 5.1 percent.", 1.0, 1.0),
        ("One two three four five six", "One two three four five seven", 0.5, 0.9),
        ("Unemployment rose sharply", "The page has moved elsewhere now", 0.0, 0.0),
    ],
)
def test_text_similarity(a, b, low, high):
    assert low <= text_similarity(a, b) <= high
