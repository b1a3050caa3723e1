"""Verdicts: drafting, evidence, the review workflow, corrections, conflicts."""

import itertools
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError

from claims import selectors, services
from claims.models import Claim, ClaimRelation, Verdict, VerdictStatusChange
from claims.ratings import rating_claimreview, rating_scale
from tests.conftest import make_user
from tests.factories import ClaimFactory, EvidenceFactory, VerdictFactory

pytestmark = pytest.mark.django_db
Status = Verdict.Status


def draft_for(user, **fields) -> Verdict:
    """Take a claim and draft a complete verdict on it, through the services."""
    ClaimFactory()
    claim = services.claim_take_next(by=user)
    verdict = services.verdict_create(
        claim=claim, by=user, rating="false", headline="No, they won't", **fields
    )
    services.evidence_add(
        verdict=verdict, by=user, url="https://stats.example.org/schools", stance="refutes"
    )
    return verdict


def published(author, editor) -> Verdict:
    verdict = draft_for(author)
    services.verdict_submit(verdict=verdict, by=author)
    services.verdict_approve(verdict=verdict, by=editor)
    return services.verdict_publish(verdict=verdict, by=editor)


def claim_state(verdict) -> str:
    return Claim.objects.get(pk=verdict.claim_id).queue_state


def test_a_verdict_goes_from_draft_to_published(factchecker, editor, editor2):
    verdict = draft_for(factchecker)
    assert claim_state(verdict) == Claim.QueueState.ASSIGNED

    services.verdict_submit(verdict=verdict, by=factchecker)
    assert claim_state(verdict) == Claim.QueueState.IN_REVIEW
    assert verdict.submitted_at is not None

    services.verdict_approve(verdict=verdict, by=editor)
    assert verdict.editor == editor

    services.verdict_publish(verdict=verdict, by=editor2)
    assert verdict.status == Status.PUBLISHED and verdict.published_at is not None
    assert claim_state(verdict) == Claim.QueueState.DONE
    [revision] = verdict.revisions.all()
    assert (revision.number, revision.rating, revision.published_by) == (1, "false", editor2)
    assert revision.evidence[0]["url"] == "https://stats.example.org/schools"

    moves = list(verdict.status_changes.values_list("old_status", "new_status", "changed_by"))
    assert moves == [
        (Status.DRAFT, Status.SUBMITTED, factchecker.pk),
        (Status.SUBMITTED, Status.APPROVED, editor.pk),
        (Status.APPROVED, Status.PUBLISHED, editor2.pk),
    ]


def test_a_verdict_cannot_be_submitted_without_evidence(factchecker):
    claim = ClaimFactory(assigned_to=factchecker)
    verdict = services.verdict_create(claim=claim, by=factchecker, rating="false", headline="No")
    with pytest.raises(
        services.WorkflowError, match=services.VERDICT_EVIDENCE_REQUIRED.format(verdict=verdict)
    ):
        services.verdict_submit(verdict=verdict, by=factchecker)
    verdict.refresh_from_db()
    assert verdict.status == Status.DRAFT and not verdict.status_changes.exists()
    assert claim_state(verdict) == Claim.QueueState.ASSIGNED


def test_a_verdict_cannot_be_submitted_without_a_rating(factchecker):
    verdict = draft_for(factchecker)
    services.verdict_update(verdict=verdict, by=factchecker, rating="")
    with pytest.raises(services.WorkflowError, match="rating and a headline"):
        services.verdict_submit(verdict=verdict, by=factchecker)


@pytest.mark.parametrize("old, new", list(itertools.product(Status.values, Status.values)))
def test_transitions_follow_the_table(old, new, factchecker):
    verdict = VerdictFactory(claim__assigned_to=factchecker, status=old)
    if new in Verdict.TRANSITIONS[old]:
        services.verdict_transition(verdict=verdict, new_status=new, by=factchecker, note="n")
        assert Verdict.objects.get(pk=verdict.pk).status == new
        assert verdict.status_changes.get().note == "n"
    else:
        message = services.VERDICT_TRANSITION_INVALID.format(
            verdict=verdict, old=Status(old).label, new=Status(new).label
        )
        with pytest.raises(services.VerdictTransitionError) as caught:
            services.verdict_transition(verdict=verdict, new_status=new, by=factchecker)
        assert str(caught.value) == message
        assert Verdict.objects.get(pk=verdict.pk).status == old
        assert not VerdictStatusChange.objects.exists()


def test_a_rejected_move_is_not_recorded(factchecker):
    """A draft cannot be published."""
    verdict = draft_for(factchecker)
    with pytest.raises(services.VerdictTransitionError, match="from Draft to Published"):
        services.verdict_transition(verdict=verdict, new_status=Status.PUBLISHED, by=factchecker)
    assert Verdict.objects.get(pk=verdict.pk).version == verdict.version


def test_changes_requested_go_back_to_the_factchecker_to_redraft(factchecker, editor):
    verdict = draft_for(factchecker)
    services.verdict_submit(verdict=verdict, by=factchecker)
    with pytest.raises(
        services.WorkflowError, match=services.VERDICT_NOTE_REQUIRED.format(action="send back")
    ):
        services.verdict_request_changes(verdict=verdict, by=editor, note=" ")
    services.verdict_request_changes(verdict=verdict, by=editor, note="Cite the ministry")
    claim = Claim.objects.get(pk=verdict.claim_id)
    assert claim.queue_state == Claim.QueueState.ASSIGNED and claim.assigned_to == factchecker
    assert claim.lease_remaining.total_seconds() > 29 * 60

    not_draft = services.VERDICT_NOT_DRAFT.format(verdict=verdict, status="Changes requested")
    with pytest.raises(services.WorkflowError, match=re.escape(not_draft)):
        services.verdict_update(verdict=verdict, by=factchecker, headline="Edited")
    services.verdict_reopen(verdict=verdict, by=factchecker)
    services.verdict_update(verdict=verdict, by=factchecker, headline="Edited")
    services.verdict_submit(verdict=verdict, by=factchecker)
    assert verdict.status == Status.SUBMITTED and verdict.headline == "Edited"


def test_an_editor_never_approves_a_verdict_they_drafted(django_user_model, editor):
    both = make_user(django_user_model, "bea", "Fact-checkers")
    both.groups.add(editor.groups.get())
    verdict = draft_for(both)
    services.verdict_submit(verdict=verdict, by=both)
    with pytest.raises(
        PermissionDenied, match=services.VERDICT_SELF_APPROVAL.format(verdict=verdict)
    ):
        services.verdict_approve(verdict=verdict, by=both)
    assert Verdict.objects.get(pk=verdict.pk).status == Status.SUBMITTED
    services.verdict_approve(verdict=verdict, by=editor)


def test_a_correction_keeps_the_earlier_version_visible(factchecker, editor, editor2):
    verdict = published(factchecker, editor)
    with pytest.raises(
        services.WorkflowError, match=services.VERDICT_NOTE_REQUIRED.format(action="correct")
    ):
        services.verdict_correct(verdict=verdict, by=editor2, note="", rating="mostly_false")
    services.verdict_correct(
        verdict=verdict,
        by=editor2,
        note="Two schools did reopen",
        rating="mostly_false",
        evidence=[{"url": "https://news.example.org/reopened", "stance": "supports"}],
    )
    assert verdict.status == Status.CORRECTED and verdict.rating == "mostly_false"
    first, second = verdict.revisions.all()
    assert (first.rating, first.note, first.evidence[0]["stance"]) == ("false", "", "refutes")
    assert (second.rating, second.note, second.published_by) == (
        "mostly_false",
        "Two schools did reopen",
        editor2,
    )
    assert [e["url"] for e in second.evidence] == ["https://news.example.org/reopened"]
    services.verdict_correct(verdict=verdict, by=editor2, note="Typo", headline="No, they won't.")
    assert verdict.revisions.count() == 3


def test_a_published_verdict_changes_only_through_a_correction(factchecker, editor):
    verdict = published(factchecker, editor)
    with pytest.raises(PermissionDenied):
        services.verdict_update(verdict=verdict, by=factchecker, headline="Sneaky")
    with pytest.raises(PermissionDenied):
        services.evidence_add(
            verdict=verdict, by=factchecker, url="https://x.example", stance="context"
        )
    assert Verdict.objects.get(pk=verdict.pk).headline == "No, they won't"


def test_a_retracted_verdict_returns_the_claim_to_the_queue(factchecker, factchecker2, editor):
    verdict = published(factchecker, editor)
    services.verdict_retract(verdict=verdict, by=editor, note="Wrong claim")
    assert verdict.status == Status.RETRACTED and verdict.revisions.count() == 1
    assert claim_state(verdict) == Claim.QueueState.QUEUED
    claim = services.claim_take_next(by=factchecker2)
    assert services.verdict_create(claim=claim, by=factchecker2).status == Status.DRAFT


def test_a_claim_has_one_standing_verdict(factchecker):
    verdict = draft_for(factchecker)
    with pytest.raises(
        services.WorkflowError, match=services.VERDICT_EXISTS.format(claim=verdict.claim_id)
    ):
        services.verdict_create(claim=verdict.claim, by=factchecker)
    with pytest.raises(IntegrityError):
        VerdictFactory(claim=verdict.claim)


def test_the_second_of_two_saves_of_the_same_version_is_refused(factchecker):
    verdict = draft_for(factchecker)
    mine, theirs = Verdict.objects.get(pk=verdict.pk), Verdict.objects.get(pk=verdict.pk)
    services.verdict_update(verdict=mine, by=factchecker, headline="Mine")
    message = services.VERDICT_CONFLICT.format(
        verdict=verdict, expected=theirs.version, current=mine.version
    )
    with pytest.raises(services.VerdictConflict) as caught:
        services.verdict_update(verdict=theirs, by=factchecker, headline="Theirs")
    assert str(caught.value) == message
    assert Verdict.objects.get(pk=verdict.pk).headline == "Mine"


def test_a_save_from_a_form_loaded_earlier_is_refused(factchecker):
    verdict = draft_for(factchecker)
    loaded_at = verdict.version
    services.verdict_update(verdict=verdict, by=factchecker, headline="First")
    with pytest.raises(services.VerdictConflict):
        services.verdict_update(
            verdict=verdict, by=factchecker, version=loaded_at, headline="Stale"
        )
    services.verdict_update(
        verdict=verdict, by=factchecker, version=verdict.version, headline="Fresh"
    )
    assert Verdict.objects.get(pk=verdict.pk).headline == "Fresh"


def test_the_rationale_is_rendered_and_sanitised(factchecker):
    verdict = draft_for(factchecker)
    services.verdict_update(
        verdict=verdict,
        by=factchecker,
        rationale="**Wrong.** <script>alert(1)</script>[src](javascript:alert(1)) [ok](https://a.example)",
    )
    html = verdict.rationale_html
    assert "<strong>Wrong.</strong>" in html
    assert "script" not in html and "javascript" not in html
    assert '<a href="https://a.example" rel="noopener noreferrer nofollow">ok</a>' in html


def test_an_unknown_rating_is_refused(factchecker):
    verdict = draft_for(factchecker)
    with pytest.raises(services.WorkflowError, match="Unknown rating 'pants_on_fire'"):
        services.verdict_update(verdict=verdict, by=factchecker, rating="pants_on_fire")


def test_the_rating_scale_comes_from_settings(factchecker, settings):
    settings.CLAIMS_RATING_SCALE = [("correct", "Correct", 1), ("wrong", "Wrong", 0)]
    claim = ClaimFactory(assigned_to=factchecker)
    verdict = services.verdict_create(claim=claim, by=factchecker, rating="wrong")
    assert rating_claimreview(verdict.rating)["ratingValue"] == 0
    assert [r.key for r in rating_scale()] == ["correct", "wrong"]


def test_ratings_give_claimreview_numbers_with_their_bounds():
    assert rating_claimreview("false") == {
        "@type": "Rating",
        "alternateName": "False",
        "ratingValue": 1,
        "bestRating": 5,
        "worstRating": 1,
    }
    assert rating_claimreview("misleading")["ratingValue"] == 2
    assert rating_claimreview("satire") == {"@type": "Rating", "alternateName": "Satire"}


def test_evidence_is_validated_and_removable_from_a_draft(factchecker):
    verdict = draft_for(factchecker)
    with pytest.raises(ValidationError):
        services.evidence_add(verdict=verdict, by=factchecker, url="not a url", stance="refutes")
    with pytest.raises(ValidationError):
        services.evidence_add(
            verdict=verdict, by=factchecker, url="https://a.example", stance="maybe"
        )
    [item] = verdict.evidence.all()
    services.evidence_remove(evidence=item, by=factchecker)
    assert not verdict.evidence.exists()


def test_editing_a_draft_renews_the_lease(factchecker):
    verdict = draft_for(factchecker)
    Claim.objects.filter(pk=verdict.claim_id).update(
        lease_expires_at=Claim.objects.get(pk=verdict.claim_id).assigned_at
    )
    services.verdict_update(verdict=verdict, by=factchecker, headline="Still working")
    assert Claim.objects.get(pk=verdict.claim_id).lease_remaining.total_seconds() > 29 * 60


@pytest.fixture
def same_claims(factchecker, factchecker2, editor):
    """A published verdict on one claim, and a second claim taken by factchecker2."""
    verdict = published(factchecker, editor)
    ClaimFactory(checkworthiness=0.1)
    other = services.claim_take_next(by=factchecker2)
    return verdict, other


@pytest.mark.parametrize(
    "tier, decision, suggested",
    [
        (ClaimRelation.Tier.SAME, ClaimRelation.Decision.CONFIRMED, True),
        (ClaimRelation.Tier.SAME, ClaimRelation.Decision.PENDING, True),
        (ClaimRelation.Tier.SAME, ClaimRelation.Decision.REJECTED, False),
        (ClaimRelation.Tier.RELATED, ClaimRelation.Decision.CONFIRMED, False),  # not the same claim
    ],
)
def test_a_published_verdict_is_suggested_for_the_same_claim(
    same_claims, tier, decision, suggested
):
    verdict, other = same_claims
    # Either direction counts.
    ClaimRelation.objects.create(
        claim=other, other=verdict.claim, similarity=0.93, tier=tier, decision=decision
    )
    suggestions = selectors.verdict_list_suggested(claim=other)
    assert [s.verdict for s in suggestions] == ([verdict] if suggested else [])
    assert not other.verdicts.exists()  # never adopted silently


def test_confirmed_suggestions_come_first(same_claims, factchecker, editor2):
    verdict, other = same_claims
    second = published(factchecker, editor2)
    ClaimRelation.objects.create(claim=verdict.claim, other=other, similarity=0.99, tier="same")
    ClaimRelation.objects.create(
        claim=second.claim, other=other, similarity=0.8, tier="same", decision="confirmed"
    )
    assert [s.verdict for s in selectors.verdict_list_suggested(claim=other)] == [second, verdict]


def test_adopting_a_suggestion_copies_it_into_a_new_draft(same_claims, factchecker2):
    verdict, other = same_claims
    not_suggested = services.VERDICT_SUGGESTION_INVALID.format(claim=other.pk, verdict=verdict)
    with pytest.raises(services.WorkflowError, match=re.escape(not_suggested)):
        services.verdict_adopt_suggestion(claim=other, suggestion=verdict, by=factchecker2)
    ClaimRelation.objects.create(claim=verdict.claim, other=other, similarity=0.95, tier="same")
    draft = services.verdict_adopt_suggestion(claim=other, suggestion=verdict, by=factchecker2)
    assert (draft.status, draft.author, draft.adopted_from) == (Status.DRAFT, factchecker2, verdict)
    assert (draft.rating, draft.headline) == (verdict.rating, verdict.headline)
    assert [e.url for e in draft.evidence.all()] == [e.url for e in verdict.evidence.all()]
    assert verdict.evidence.count() == 1  # the original keeps its own


def test_verdicts_waiting_for_review_are_listed_oldest_first(factchecker, factchecker2):
    first, second = draft_for(factchecker), draft_for(factchecker2)
    services.verdict_submit(verdict=first, by=factchecker)
    services.verdict_submit(verdict=second, by=factchecker2)
    assert list(selectors.verdict_list_for_review()) == [first, second]


def test_evidence_factory_builds_a_draft_with_evidence(factchecker):
    item = EvidenceFactory(verdict__claim__assigned_to=factchecker)
    assert item.verdict.author == factchecker and item.added_by == factchecker
