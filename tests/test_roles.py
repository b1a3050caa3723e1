"""Who may do what: every role against every desk action.

Each action is set up so that only the role can stand in the way: the claim
is assigned to the actor for a fact-checker's action, and the verdict was
drafted by someone else for an editor's. A refusal changes nothing.
"""

import pytest
from django.core.exceptions import PermissionDenied
from django.db.models import Model

from claims import services
from claims.models import (
    Claim,
    ClaimSkip,
    Evidence,
    Verdict,
    VerdictRevision,
    VerdictStatusChange,
)
from claims.roles import Role
from tests.conftest import make_user
from tests.factories import ClaimFactory, EvidenceFactory

pytestmark = pytest.mark.django_db
FC, ED, AD = Role.FACT_CHECKER, Role.EDITOR, Role.ADMIN
NO_ROLE = "no role"
Status = Verdict.Status


def held_claim(actor, author):
    return ClaimFactory(assigned_to=actor)


def draft(actor, author):
    return EvidenceFactory(verdict__claim__assigned_to=actor).verdict


def verdict_in(status, claim_state):
    """A verdict by `author` in status, its claim in claim_state."""

    def setup(actor, author):
        verdict = EvidenceFactory(verdict__claim__assigned_to=author).verdict
        Claim.objects.filter(pk=verdict.claim_id).update(queue_state=claim_state)
        Verdict.objects.filter(pk=verdict.pk).update(status=status)
        verdict.refresh_from_db()
        return verdict

    return setup


ACTIONS = {
    # name: (setup(actor, author) -> obj, act(actor, obj, author), allowed roles, refusal)
    "take next": (
        lambda actor, author: ClaimFactory(),
        lambda actor, claim, author: services.claim_take_next(by=actor),
        {FC, AD},
        services.CLAIM_TAKE_FORBIDDEN,
    ),
    "assign": (
        lambda actor, author: ClaimFactory(),
        lambda actor, claim, author: services.claim_assign(claim=claim, to=author, by=actor),
        {ED, AD},
        services.CLAIM_MANAGE_FORBIDDEN,
    ),
    "pin": (
        lambda actor, author: ClaimFactory(),
        lambda actor, claim, author: services.claim_pin(claim=claim, by=actor),
        {ED, AD},
        services.CLAIM_MANAGE_FORBIDDEN,
    ),
    "requeue": (
        lambda actor, author: ClaimFactory(queue_state=Claim.QueueState.SKIPPED),
        lambda actor, claim, author: services.claim_requeue(claim=claim, by=actor),
        {ED, AD},
        services.CLAIM_MANAGE_FORBIDDEN,
    ),
    "skip another's claim": (
        lambda actor, author: ClaimFactory(assigned_to=author),
        lambda actor, claim, author: services.claim_skip(
            claim=claim, by=actor, reason=ClaimSkip.Reason.DUPLICATE
        ),
        {ED, AD},
        "is not assigned to you",
    ),
    "release another's claim": (
        lambda actor, author: ClaimFactory(assigned_to=author),
        lambda actor, claim, author: services.claim_release(claim=claim, by=actor),
        {ED, AD},
        "is not assigned to you",
    ),
    "draft a verdict": (
        held_claim,
        lambda actor, claim, author: services.verdict_create(claim=claim, by=actor),
        {FC, AD},
        services.VERDICT_CREATE_FORBIDDEN,
    ),
    "edit a draft": (
        draft,
        lambda actor, verdict, author: services.verdict_update(
            verdict=verdict, by=actor, headline="Changed"
        ),
        {FC, AD},
        services.VERDICT_EDIT_FORBIDDEN,
    ),
    "add evidence": (
        draft,
        lambda actor, verdict, author: services.evidence_add(
            verdict=verdict, by=actor, url="https://a.example", stance="context"
        ),
        {FC, AD},
        services.VERDICT_EDIT_FORBIDDEN,
    ),
    "remove evidence": (
        draft,
        lambda actor, verdict, author: services.evidence_remove(
            evidence=verdict.evidence.get(), by=actor
        ),
        {FC, AD},
        services.VERDICT_EDIT_FORBIDDEN,
    ),
    "submit": (
        draft,
        lambda actor, verdict, author: services.verdict_submit(verdict=verdict, by=actor),
        {FC, AD},
        services.VERDICT_EDIT_FORBIDDEN,
    ),
    "request changes": (
        verdict_in(Status.SUBMITTED, Claim.QueueState.IN_REVIEW),
        lambda actor, verdict, author: services.verdict_request_changes(
            verdict=verdict, by=actor, note="More sources"
        ),
        {ED, AD},
        services.VERDICT_REVIEW_FORBIDDEN,
    ),
    "approve": (
        verdict_in(Status.SUBMITTED, Claim.QueueState.IN_REVIEW),
        lambda actor, verdict, author: services.verdict_approve(verdict=verdict, by=actor),
        {ED, AD},
        services.VERDICT_REVIEW_FORBIDDEN,
    ),
    "publish": (
        verdict_in(Status.APPROVED, Claim.QueueState.IN_REVIEW),
        lambda actor, verdict, author: services.verdict_publish(verdict=verdict, by=actor),
        {ED, AD},
        services.VERDICT_PUBLISH_FORBIDDEN,
    ),
    "correct": (
        verdict_in(Status.PUBLISHED, Claim.QueueState.DONE),
        lambda actor, verdict, author: services.verdict_correct(
            verdict=verdict, by=actor, note="Typo", headline="Fixed"
        ),
        {ED, AD},
        services.VERDICT_CORRECT_FORBIDDEN,
    ),
    "retract": (
        verdict_in(Status.PUBLISHED, Claim.QueueState.DONE),
        lambda actor, verdict, author: services.verdict_retract(
            verdict=verdict, by=actor, note="Wrong claim"
        ),
        {ED, AD},
        services.VERDICT_CORRECT_FORBIDDEN,
    ),
}


def snapshot() -> dict:
    """Every row the desk writes, to compare before and after a refusal."""
    models: list[type[Model]] = [
        Claim,
        ClaimSkip,
        Verdict,
        Evidence,
        VerdictStatusChange,
        VerdictRevision,
    ]
    rows = {m.__name__: list(m.objects.order_by("pk").values()) for m in models}
    for model in (Claim, Verdict, Evidence):
        rows[f"history of {model.__name__}"] = model.history.count()
    return rows


@pytest.mark.parametrize("role", [FC, ED, AD, NO_ROLE])
@pytest.mark.parametrize("action", ACTIONS)
def test_role_may_or_may_not_act(action, role, django_user_model, factchecker2):
    setup, act, allowed, refusal = ACTIONS[action]
    actor = django_user_model.objects.create_user("actor")
    if role != NO_ROLE:
        actor = make_user(django_user_model, "actor-with-role", role)
    obj = setup(actor, factchecker2)
    before = snapshot()
    if role in allowed:
        act(actor, obj, factchecker2)
        assert snapshot() != before
    else:
        with pytest.raises(PermissionDenied, match=refusal):
            act(actor, obj, factchecker2)
        assert snapshot() == before


def test_only_the_assignee_edits_a_draft(factchecker, factchecker2):
    verdict = draft(factchecker, None)
    before = snapshot()
    message = services.CLAIM_NOT_YOURS.format(claim=verdict.claim_id)
    with pytest.raises(PermissionDenied, match=message):
        services.verdict_update(verdict=verdict, by=factchecker2, headline="Mine now")
    with pytest.raises(PermissionDenied, match=message):
        services.evidence_add(
            verdict=verdict, by=factchecker2, url="https://a.example", stance="context"
        )
    with pytest.raises(PermissionDenied, match=message):
        services.verdict_submit(verdict=verdict, by=factchecker2)
    assert snapshot() == before


def test_a_factchecker_cannot_skip_or_release_a_claim_they_do_not_hold(factchecker, factchecker2):
    claim = ClaimFactory(assigned_to=factchecker)
    with pytest.raises(PermissionDenied, match="is not assigned to you"):
        services.claim_skip(claim=claim, by=factchecker2, reason=ClaimSkip.Reason.DUPLICATE)
    with pytest.raises(PermissionDenied, match="is not assigned to you"):
        services.claim_release(claim=claim, by=factchecker2)


def test_an_inactive_user_holds_no_role(factchecker):
    factchecker.is_active = False
    ClaimFactory()
    with pytest.raises(PermissionDenied, match=services.CLAIM_TAKE_FORBIDDEN):
        services.claim_take_next(by=factchecker)


@pytest.mark.parametrize(
    "role, codenames",
    [
        (FC, {"take_claim", "add_verdict", "change_verdict", "add_evidence", "delete_evidence"}),
        (ED, {"manage_queue", "review_verdict", "publish_verdict", "correct_verdict"}),
    ],
)
def test_the_migration_gives_each_role_its_permissions(role, codenames):
    from django.contrib.auth.models import Group, Permission

    held = set(Group.objects.get(name=role).permissions.values_list("codename", flat=True))
    assert codenames <= held
    assert not (
        held & {"publish_verdict", "manage_queue"}
        if role == FC
        else held & {"take_claim", "add_verdict"}
    )
    admins = set(Group.objects.get(name=AD).permissions.values_list("codename", flat=True))
    # every permission of the claims app, of sources (watched feeds, issue #23)
    # and of webhooks (endpoints and their log, issue #24); notifications
    # only to read
    assert admins == set(
        Permission.objects.filter(
            content_type__app_label__in=["claims", "sources", "webhooks"]
        ).values_list("codename", flat=True)
    ) | {"view_notification", "view_notificationsetting"}
