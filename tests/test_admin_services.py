"""Moderation services: merging duplicates, hiding, the moderation log, and
the guard that keeps re-extraction from deleting verdicts."""

import re

import pytest
from django.core.exceptions import PermissionDenied

from claims import selectors, services
from claims.models import Article, Claim, ClaimRelation, ModerationLog, Verdict
from tests.factories import ArticleFactory, ClaimFactory, VerdictFactory
from tests.test_exports import published_verdict

pytestmark = pytest.mark.django_db
Action = ModerationLog.Action


# --- Hiding --------------------------------------------------------------------------


def test_a_hidden_claim_leaves_the_queue_and_exports_until_unhidden(
    editor, factchecker, factchecker2
):
    verdict = published_verdict(factchecker, editor)
    queued = ClaimFactory()
    services.claim_hide(claim=queued, by=editor, reason="Defamatory")
    services.claim_hide(claim=verdict.claim, by=editor, reason="Court order")
    assert queued not in selectors.claim_list_queue()
    assert queued not in selectors.claim_list_takeable(user=factchecker)
    assert not selectors.verdict_list_published().exists()
    assert not selectors.verdict_list_for_user(user=factchecker2).filter(pk=verdict.pk).exists()

    services.claim_unhide(claim=queued, by=editor)
    assert queued in selectors.claim_list_queue()
    entries = list(ModerationLog.objects.order_by("id").values_list("action", "reason", "actor"))
    assert entries == [
        (Action.HIDE, "Defamatory", editor.pk),
        (Action.HIDE, "Court order", editor.pk),
        (Action.UNHIDE, "", editor.pk),
    ]
    history = {
        (h.reason, h.user, tuple(c.field for c in h.changes))
        for h in selectors.claim_history(claim=queued)
    }
    assert ("Hidden: Defamatory", editor, ("is_hidden",)) in history


def test_a_hidden_article_takes_its_claims_out_of_lists_and_exports(editor, factchecker):
    verdict = published_verdict(factchecker, editor)
    article = verdict.claim.article
    services.article_hide(article=article, by=editor, reason="Spam")
    assert article not in selectors.article_list()
    assert verdict.claim not in selectors.claim_list_queue(state=None)
    assert not selectors.verdict_list_published().exists()
    services.article_unhide(article=article, by=editor, reason="Was fine")
    assert selectors.verdict_list_published().get() == verdict
    assert ModerationLog.objects.filter(action=Action.UNHIDE, reason="Was fine").exists()


@pytest.mark.parametrize(
    "act, message",
    [
        (
            lambda claim, by: services.claim_hide(claim=claim, by=by, reason=" "),
            "A reason is required",
        ),
        (lambda claim, by: services.claim_unhide(claim=claim, by=by), "is not hidden"),
        (
            lambda claim, by: services.article_hide(article=claim.article, by=by, reason=""),
            "A reason is required",
        ),
    ],
)
def test_hiding_rules(editor, act, message):
    claim = ClaimFactory()
    with pytest.raises(services.WorkflowError, match=message):
        act(claim, editor)
    assert not ModerationLog.objects.exists()


def test_fact_checkers_cannot_moderate(factchecker):
    claim = ClaimFactory()
    with pytest.raises(PermissionDenied, match=services.MODERATION_FORBIDDEN):
        services.claim_hide(claim=claim, by=factchecker, reason="Spam")
    with pytest.raises(PermissionDenied, match=services.MODERATION_FORBIDDEN):
        services.claim_merge(
            survivor=claim, duplicates=[ClaimFactory()], by=factchecker, reason="x"
        )
    failed = ArticleFactory(status=Article.Status.FAILED)
    with pytest.raises(PermissionDenied, match="Only editors can re-run extraction"):
        services.moderation_apply(action=Action.RETRY_EXTRACTION, target=failed, by=factchecker)
    assert not Claim.objects.filter(is_hidden=True).exists()
    assert Article.objects.get(pk=failed.pk).status == Article.Status.FAILED
    assert not ModerationLog.objects.exists()


# --- Merging -----------------------------------------------------------------------


def test_merging_keeps_verdicts_relations_and_history_on_the_survivor(editor, factchecker):
    survivor = published_verdict(factchecker, editor).claim
    duplicate = ClaimFactory(assigned_to=factchecker)
    old = VerdictFactory(claim=duplicate, status=Verdict.Status.RETRACTED)
    third, fourth = ClaimFactory(), ClaimFactory()
    ClaimRelation.objects.create(claim=duplicate, other=third, similarity=0.9, tier="same")
    ClaimRelation.objects.create(claim=fourth, other=duplicate, similarity=0.8, tier="related")
    ClaimRelation.objects.create(claim=survivor, other=duplicate, similarity=0.97, tier="same")
    ClaimRelation.objects.create(claim=third, other=survivor, similarity=0.7, tier="related")

    services.claim_merge(survivor=survivor, duplicates=[duplicate], by=editor, reason="Same quote")

    duplicate.refresh_from_db()
    assert duplicate.is_hidden and duplicate.merged_into == survivor
    assert duplicate.queue_state == Claim.QueueState.SKIPPED and duplicate.assigned_to is None
    old.refresh_from_db()
    assert old.claim == survivor and old.version == 2
    pairs = set(ClaimRelation.objects.values_list("claim", "other"))
    # survivor~duplicate is gone; duplicate~third repeats third~survivor.
    assert pairs == {(third.pk, survivor.pk), (fourth.pk, survivor.pk)}
    history = selectors.claim_history(claim=survivor)
    assert f"Claims {duplicate.pk} merged into this one: Same quote" in {h.reason for h in history}
    assert any(h.kind == "verdict" and h.object_id == old.pk for h in history)
    [entry] = ModerationLog.objects.all()
    assert (entry.action, entry.object_id, entry.actor) == (Action.MERGE, survivor.pk, editor)
    assert entry.details == {
        "merged": [duplicate.pk],
        "verdicts_moved": [old.pk],
        "relations_moved": 1,
    }


def test_a_duplicate_with_a_standing_verdict_is_not_merged_away(editor, factchecker):
    checked = published_verdict(factchecker, editor).claim
    other = ClaimFactory()
    message = services.CLAIM_MERGE_HAS_VERDICT.format(claim=checked.pk, status="published")
    with pytest.raises(services.WorkflowError, match=re.escape(message)):
        services.claim_merge(survivor=other, duplicates=[checked], by=editor, reason="Same")
    checked.refresh_from_db()
    assert not checked.is_hidden and checked.verdicts.get().status == Verdict.Status.PUBLISHED
    assert not ModerationLog.objects.exists()


def test_merged_claims_stay_merged(editor):
    survivor, duplicate = ClaimFactory(), ClaimFactory()
    services.claim_merge(survivor=survivor, duplicates=[duplicate], by=editor, reason="Same")
    with pytest.raises(services.WorkflowError, match="already merged"):
        services.claim_merge(survivor=survivor, duplicates=[duplicate], by=editor, reason="Again")
    with pytest.raises(services.WorkflowError, match="stays hidden"):
        services.claim_unhide(claim=duplicate, by=editor)
    with pytest.raises(services.WorkflowError, match=services.CLAIM_MERGE_NOTHING):
        services.claim_merge(survivor=survivor, duplicates=[survivor], by=editor, reason="Self")


# --- moderation_apply ------------------------------------------------------------------


def test_moderation_apply_runs_the_service_and_logs_it(editor, factchecker):
    claim = ClaimFactory()
    services.moderation_apply(
        action=Action.ASSIGN, target=claim, by=editor, reason="Expert", to=factchecker
    )
    claim.refresh_from_db()
    assert claim.assigned_to == factchecker
    [entry] = ModerationLog.objects.all()
    assert entry.details == {"to": factchecker.pk} and entry.reason == "Expert"
    assert str(entry) == f"eddie: Assign claim {claim}"


def test_a_refused_moderation_logs_nothing(editor, factchecker):
    verdict = VerdictFactory(claim__assigned_to=factchecker)  # a draft
    with pytest.raises(services.VerdictTransitionError):
        services.moderation_apply(action=Action.PUBLISH, target=verdict, by=editor)
    assert not ModerationLog.objects.exists()


# --- Re-extraction never deletes verdicts ------------------------------------------


def extraction_finds_nothing(monkeypatch, during=None):
    """Make the pipeline find no claim at all (running `during` first)."""

    def extract(text, nlp=None):
        if during:
            during()
        return []

    monkeypatch.setattr("claims.nlp.extraction.extract_claims", extract)
    monkeypatch.setattr("claims.nlp.loading.get_nlp", lambda name=None: None)
    monkeypatch.setattr("claims.nlp.embeddings.embed_texts", lambda texts: [])


def test_re_extraction_keeps_a_claim_with_a_verdict_and_flags_it(factchecker, monkeypatch):
    verdict = VerdictFactory(claim__assigned_to=factchecker)
    bare = ClaimFactory(article=verdict.claim.article, position=1)
    extraction_finds_nothing(monkeypatch)
    services.article_extract_claims(article=verdict.claim.article)
    claim = Claim.objects.get(pk=verdict.claim.pk)
    assert claim.retired_at is not None  # no longer found, kept for its verdict
    assert Verdict.objects.filter(pk=verdict.pk, claim=claim).exists()
    assert not Claim.objects.filter(pk=bare.pk).exists()  # nobody worked on it
    assert Article.objects.get(pk=claim.article_id).status == Article.Status.DONE


def test_a_verdict_started_during_extraction_is_kept(factchecker, monkeypatch):
    claim = ClaimFactory(assigned_to=factchecker, queue_state=Claim.QueueState.QUEUED)
    extraction_finds_nothing(monkeypatch, during=lambda: VerdictFactory(claim=claim))
    services.article_extract_claims(article=claim.article)
    assert Verdict.objects.filter(claim_id=claim.pk).exists()
    assert Claim.objects.get(pk=claim.pk).retired_at is not None
    assert Claim.objects.filter(pk=claim.pk).exists() and claim.verdicts.exists()


def test_a_failed_article_without_verdicts_can_still_be_retried(editor):
    article = ArticleFactory(status=Article.Status.FAILED, error="boom")
    services.moderation_apply(action=Action.RETRY_EXTRACTION, target=article, by=editor)
    article.refresh_from_db()
    assert article.status == Article.Status.PENDING and article.error == ""
