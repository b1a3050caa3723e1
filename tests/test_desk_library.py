"""The desk's published verdicts feed the library of checked claims (issue #24).

Real MiniLM vectors and the hybrid ranker; the background re-match runs as
the eager Celery task once the verdict's transaction commits.
"""

import pytest
from django.urls import reverse

from claims import selectors, services
from claims.models import CheckedClaim, Claim, LibraryMatch, Verdict
from claims.nlp.embeddings import embed_texts
from claims.retrieval import Tier
from claims.services.desk_library import DESK_SOURCE
from tests.factories import ArticleFactory, ClaimFactory

pytestmark = [pytest.mark.django_db, pytest.mark.model]

CHECKED = "Drinking hot water with lemon cures the coronavirus within three days."
REPEAT = "A doctor claimed that drinking hot lemon water cures the coronavirus in three days."
UNRELATED = "The bakery on the corner will open a second shop in the spring next year."


def claim_said(text: str, **fields) -> Claim:
    [vector] = embed_texts([text])
    return ClaimFactory(article=ArticleFactory(text=text), text=text, embedding=vector, **fields)


@pytest.fixture
def publish(factchecker, editor, django_capture_on_commit_callbacks):
    """Return a function that publishes a verdict on a new claim saying text."""

    def publish(text: str = CHECKED, **claim_fields) -> Verdict:
        claim = claim_said(text, assigned_to=factchecker, **claim_fields)
        verdict = services.verdict_create(
            claim=claim,
            by=factchecker,
            rating="false",
            headline="No, hot lemon water does not cure Covid-19",
        )
        services.evidence_add(
            verdict=verdict, by=factchecker, url="https://who.example/lemon", stance="refutes"
        )
        services.verdict_submit(verdict=verdict, by=factchecker)
        services.verdict_approve(verdict=verdict, by=editor)
        with django_capture_on_commit_callbacks(execute=True):
            services.verdict_publish(verdict=verdict, by=editor)
        return verdict

    return publish


def test_a_published_verdict_joins_the_library(publish, settings):
    verdict = publish(speaker_text="Dr Jane Roe")
    entry = CheckedClaim.objects.get(desk_verdict=verdict)
    assert (entry.source, entry.external_id) == (DESK_SOURCE, str(verdict.pk))
    assert entry.text == CHECKED
    assert entry.title == verdict.headline
    assert (entry.verdict, entry.rating_value) == ("False", 1)
    assert entry.speaker == "Dr Jane Roe"
    assert entry.url.endswith(reverse("public:verdict", args=[verdict.pk]))
    assert entry.url.startswith(settings.CLAIMS_SITE_URL)
    assert entry.published_on == verdict.published_at.date()
    assert entry.reviewer == settings.CLAIMS_ORGANIZATION_NAME
    assert entry.withdrawn_at is None
    # The claim's own vector, and the headline's, embedded by the task.
    assert entry.embedding is not None and entry.title_embedding is not None


def test_standalone_text_is_what_the_library_holds(publish):
    verdict = publish("It cures the coronavirus within three days.", standalone=CHECKED)
    assert CheckedClaim.objects.get(desk_verdict=verdict).text == CHECKED


def test_an_open_claim_is_raised_once_the_verdict_is_published(publish, factchecker_client):
    waiting = claim_said(REPEAT, checkworthiness=0.55)
    unrelated = claim_said(UNRELATED, checkworthiness=0.8)
    below = claim_said(REPEAT + " Again.", checkworthiness=0.1, queue_state="below_threshold")
    assert list(selectors.claim_list_queue()) == [unrelated, waiting]
    verdict = publish()
    entry = verdict.library_entry
    waiting.refresh_from_db()
    assert waiting.nearest_checked_claim == entry and waiting.library_raise > 0.5
    assert LibraryMatch.objects.get(claim=waiting, checked_claim=entry).tier == Tier.SAME
    queue = list(selectors.claim_list_queue())
    assert queue.index(waiting) < queue.index(unrelated)
    below.refresh_from_db()
    assert below.queue_state == Claim.QueueState.QUEUED  # lifted over the threshold
    desk = factchecker_client.get(reverse("claims:desk")).content.decode()
    assert "Checked before: <strong>False</strong>" in desk


def test_a_later_repeat_is_matched_at_ingest(publish):
    entry = publish().library_entry
    later = claim_said(REPEAT, checkworthiness=0.3, queue_state="below_threshold")
    services.claims_match_library(claims=[later])  # as ingest does
    later.refresh_from_db()
    assert later.nearest_checked_claim == entry
    assert later.queue_state == Claim.QueueState.QUEUED
    [hit] = [h for h in selectors.library_search([REPEAT])[0] if h.checked_claim_id == entry.pk]
    assert hit.tier == Tier.SAME


def test_a_retraction_removes_the_raise(
    publish, editor, factchecker_client, django_capture_on_commit_callbacks
):
    waiting = claim_said(REPEAT, checkworthiness=0.55)
    verdict = publish()
    waiting.refresh_from_db()
    assert waiting.library_raise > 0
    with django_capture_on_commit_callbacks(execute=True):
        services.verdict_retract(verdict=verdict, by=editor, note="The source was misread.")
    entry = CheckedClaim.objects.get(desk_verdict=verdict)
    assert entry.withdrawn_at is not None and entry.embedding is None
    waiting.refresh_from_db()
    assert waiting.nearest_checked_claim is None and waiting.library_raise == 0
    assert not LibraryMatch.objects.filter(claim=waiting, checked_claim=entry).exists()
    assert selectors.library_search([REPEAT]) == [[]]
    assert selectors.library_checks_for(claim_ids=[waiting.pk]) == {}
    desk = factchecker_client.get(reverse("claims:desk")).content.decode()
    assert "Checked before" not in desk


def test_a_confirmed_match_to_a_withdrawn_check_is_no_longer_shown(
    publish, editor, factchecker, django_capture_on_commit_callbacks
):
    waiting = claim_said(REPEAT, checkworthiness=0.55)
    verdict = publish()
    match = LibraryMatch.objects.get(claim=waiting)
    services.library_match_decide(match=match, user=editor, decision="confirmed")
    with django_capture_on_commit_callbacks(execute=True):
        services.verdict_retract(verdict=verdict, by=editor, note="Misread.")
    assert LibraryMatch.objects.filter(pk=match.pk).exists()  # the decision is kept
    assert not selectors.library_match_list(claim=waiting).exists()


def test_a_correction_updates_the_library(publish, editor, django_capture_on_commit_callbacks):
    verdict = publish()
    before = CheckedClaim.objects.get(desk_verdict=verdict)
    with django_capture_on_commit_callbacks(execute=True):
        services.verdict_correct(
            verdict=verdict,
            by=editor,
            note="Rated too harshly.",
            rating="mostly_false",
            headline="Lemon water does not cure Covid-19 in three days",
        )
    entry = CheckedClaim.objects.get(desk_verdict=verdict)
    assert entry.pk == before.pk and CheckedClaim.objects.count() == 1
    assert entry.verdict == "Mostly false"
    assert entry.title == "Lemon water does not cure Covid-19 in three days"
    assert entry.title_embedding is not None
    assert list(entry.title_embedding) != list(before.title_embedding)


def test_the_refresh_is_idempotent(publish):
    waiting = claim_said(REPEAT, checkworthiness=0.55)
    entry = publish().library_entry
    matches = list(LibraryMatch.objects.values_list("claim_id", "checked_claim_id", "score"))
    services.library_refresh_for_checks(checked_ids=[entry.pk])
    again = list(LibraryMatch.objects.values_list("claim_id", "checked_claim_id", "score"))
    assert again == matches
    waiting.refresh_from_db()
    assert waiting.nearest_checked_claim_id == entry.pk


def test_more_near_claims_than_one_index_search_returns_compares_every_claim(
    publish, monkeypatch
):
    """Past NEAR_CANDIDATES close claims, the refresh reads every claim."""
    monkeypatch.setattr("claims.services.desk_library.NEAR_CANDIDATES", 1)
    first = claim_said(REPEAT, checkworthiness=0.55)
    second = claim_said("Hot lemon water cures the coronavirus in three days, a doctor said.")
    entry = publish().library_entry
    for claim in (first, second):
        claim.refresh_from_db()
        assert claim.nearest_checked_claim == entry and claim.library_raise > 0
