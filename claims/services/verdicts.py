"""Writes: verdicts, their evidence, and their workflow from draft to published."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from notifications.services import (
    notify_verdict_published,
    notify_verdict_sent_back,
    notify_verdict_submitted,
)
from webhooks.services import webhook_event_queue

from ..models import Claim, Evidence, Verdict, VerdictRevision, VerdictStatusChange
from ..ratings import rating_get
from ..rendering import render_markdown
from ..selectors.verdicts import verdict_list_suggested
from .common import WorkflowError, history_as, history_record, require_permission
from .desk_library import desk_checked_claim_store, desk_checked_claim_withdraw
from .queue import (
    UNASSIGNED,
    claim_change_state,
    claim_lock,
    claim_renew_lease,
    lease_fields,
    require_assignee,
)

VERDICT_CREATE_FORBIDDEN = "Only fact-checkers can draft verdicts."
VERDICT_EDIT_FORBIDDEN = "Only fact-checkers can edit verdicts and their evidence."
VERDICT_REVIEW_FORBIDDEN = "Only editors can review verdicts."
VERDICT_PUBLISH_FORBIDDEN = "Only editors can publish verdicts."
VERDICT_CORRECT_FORBIDDEN = "Only editors can correct or retract published verdicts."
VERDICT_SELF_APPROVAL = "You drafted {verdict}, so another editor must approve it."
VERDICT_EXISTS = "Claim {claim} already has a verdict."
VERDICT_NOT_DRAFT = "Only a draft can be edited; {verdict} is {status}."
VERDICT_INCOMPLETE = "Give {verdict} a rating and a headline before submitting it."
VERDICT_EVIDENCE_REQUIRED = "Add at least one evidence item to {verdict} before submitting it."
VERDICT_NOTE_REQUIRED = "A note saying why is required to {action} a verdict."
VERDICT_TRANSITION_INVALID = "Cannot move {verdict} from {old} to {new}"
VERDICT_CONFLICT = (
    "Someone else saved {verdict} after you opened it (your version {expected}, "
    "now {current}); nothing was changed. Reload it and make your change again."
)
VERDICT_SUGGESTION_INVALID = "Claim {claim} has no suggested {verdict}."


class VerdictTransitionError(WorkflowError):
    """Verdict.TRANSITIONS does not allow the move."""


class VerdictConflict(WorkflowError):
    """The verdict was saved by someone else since the caller read it."""


def content_fields(
    *, rating: str | None, headline: str | None, rationale: str | None
) -> dict[str, str]:
    """Return the verdict fields given (None: unchanged), the rating checked."""
    changes = {"rating": rating, "headline": headline, "rationale": rationale}
    fields = {name: value for name, value in changes.items() if value is not None}
    if fields.get("rating"):
        try:
            rating_get(fields["rating"])
        except KeyError as exc:
            raise WorkflowError(exc.args[0]) from exc
    return fields


def evidence_fields(item: Evidence) -> dict:
    return {
        name: getattr(item, name) for name in ("url", "title", "excerpt", "stance", "accessed_on")
    }


def require_note(note: str, action: str) -> None:
    if not note.strip():
        raise WorkflowError(VERDICT_NOTE_REQUIRED.format(action=action))


def transition_check(verdict: Verdict, new_status: str) -> None:
    """Raise VerdictTransitionError unless verdict may move to new_status."""
    if new_status not in Verdict.TRANSITIONS[verdict.status]:
        raise VerdictTransitionError(
            VERDICT_TRANSITION_INVALID.format(
                verdict=verdict,
                old=Verdict.Status(verdict.status).label,
                new=Verdict.Status(new_status).label,
            )
        )


def verdict_save(
    *,
    verdict: Verdict,
    by: AbstractBaseUser | None,
    reason: str,
    expected_version: int | None = None,
    **fields,
) -> Verdict:
    """Write fields unless someone saved the verdict since expected_version.

    The UPDATE re-checks the version and bumps it, so of two people saving
    the same version the second gets VerdictConflict and overwrites nothing.
    expected_version defaults to the version verdict was read at.
    """
    expected = verdict.version if expected_version is None else expected_version
    if "rationale" in fields:
        fields["rationale_html"] = render_markdown(fields["rationale"])
    updated = Verdict.objects.filter(pk=verdict.pk, version=expected).update(
        version=F("version") + 1, updated_at=timezone.now(), **fields
    )
    if not updated:
        current = Verdict.objects.filter(pk=verdict.pk).values_list("version", flat=True).first()
        raise VerdictConflict(
            VERDICT_CONFLICT.format(verdict=verdict, expected=expected, current=current)
        )
    verdict.refresh_from_db()
    history_record(instances=[verdict], by=by, reason=reason)
    return verdict


@transaction.atomic
def verdict_transition(
    *, verdict: Verdict, new_status: str, by: AbstractBaseUser | None, note: str = "", **fields
) -> Verdict:
    """Move verdict to new_status if Verdict.TRANSITIONS allows, and record it.

    This checks the workflow only; the verdict_<action> services check who
    may make the move and what else it needs.
    """
    transition_check(verdict, new_status)
    old_status = verdict.status
    reason = note or f"{Verdict.Status(old_status).label} to {Verdict.Status(new_status).label}"
    verdict_save(verdict=verdict, by=by, reason=reason, status=new_status, **fields)
    VerdictStatusChange.objects.create(
        verdict=verdict, old_status=old_status, new_status=new_status, changed_by=by, note=note
    )
    return verdict


def draft_hold(*, verdict: Verdict, by: AbstractBaseUser) -> None:
    """Check, inside a transaction, that by may edit verdict now; renew the lease.

    Only the claim's assignee edits, and only a draft.
    """
    claim_renew_lease(claim=verdict.claim_id, by=by)
    status = Verdict.objects.select_for_update().values_list("status", flat=True).get(pk=verdict.pk)
    if status != Verdict.Status.DRAFT:
        raise WorkflowError(
            VERDICT_NOT_DRAFT.format(verdict=verdict, status=Verdict.Status(status).label)
        )


def verdict_create(
    *,
    claim: Claim,
    by: AbstractBaseUser,
    rating: str = "",
    headline: str = "",
    rationale: str = "",
    adopted_from: Verdict | None = None,
) -> Verdict:
    """Start a draft verdict on a claim the caller holds; one per claim."""
    require_permission(by, "claims.add_verdict", VERDICT_CREATE_FORBIDDEN)
    content_fields(rating=rating, headline=headline, rationale=rationale)
    with transaction.atomic():
        claim = claim_renew_lease(claim=claim, by=by)
        if claim.verdicts.exclude(status=Verdict.Status.RETRACTED).exists():
            raise WorkflowError(VERDICT_EXISTS.format(claim=claim.pk))
        verdict = Verdict(
            claim=claim,
            author=by,
            rating=rating,
            headline=headline,
            rationale=rationale,
            rationale_html=render_markdown(rationale),
            adopted_from=adopted_from,
        )
        verdict.full_clean()
        history_as(verdict, by=by, reason=f"Adopted from {adopted_from}" if adopted_from else "")
        verdict.save()
    return verdict


def verdict_update(
    *,
    verdict: Verdict,
    by: AbstractBaseUser,
    version: int | None = None,
    rating: str | None = None,
    headline: str | None = None,
    rationale: str | None = None,
) -> Verdict:
    """Change a draft (the assignee only); None leaves a field as it is.

    version is the one the editor's form was loaded at (default: the one
    verdict was read at); a save over a newer version raises VerdictConflict.
    """
    require_permission(by, "claims.change_verdict", VERDICT_EDIT_FORBIDDEN)
    fields = content_fields(rating=rating, headline=headline, rationale=rationale)
    with transaction.atomic():
        draft_hold(verdict=verdict, by=by)
        return verdict_save(
            verdict=verdict, by=by, reason="Draft edited", expected_version=version, **fields
        )


def evidence_add(
    *,
    verdict: Verdict,
    by: AbstractBaseUser,
    url: str,
    stance: str,
    title: str = "",
    excerpt: str = "",
    accessed_on: datetime.date | None = None,
) -> Evidence:
    """Add an evidence item to a draft (the assignee only).

    Raises ValidationError for a bad URL or stance.
    """
    require_permission(by, "claims.add_evidence", VERDICT_EDIT_FORBIDDEN)
    with transaction.atomic():
        draft_hold(verdict=verdict, by=by)
        evidence = evidence_store(
            verdict=verdict,
            by=by,
            reason="Evidence added",
            url=url,
            stance=stance,
            title=title,
            excerpt=excerpt,
            accessed_on=accessed_on or timezone.localdate(),
        )
        # Its page is archived by a task after the commit (issue #23).
        from sources.services import evidence_archive_soon

        evidence_archive_soon(evidence=evidence)
        return evidence


def evidence_store(*, verdict: Verdict, by: AbstractBaseUser, reason: str, **fields) -> Evidence:
    evidence = Evidence(verdict=verdict, added_by=by, **fields)
    evidence.full_clean()
    history_as(evidence, by=by, reason=reason)
    evidence.save()
    return evidence


def evidence_remove(*, evidence: Evidence, by: AbstractBaseUser) -> None:
    """Remove an evidence item from a draft (the assignee only)."""
    require_permission(by, "claims.delete_evidence", VERDICT_EDIT_FORBIDDEN)
    with transaction.atomic():
        draft_hold(verdict=evidence.verdict, by=by)
        history_as(evidence, by=by, reason="Evidence removed")
        evidence.delete()


def verdict_submit(*, verdict: Verdict, by: AbstractBaseUser, note: str = "") -> Verdict:
    """Send a complete draft to the editors, who are notified; the claim
    leaves the queue.

    A draft needs a rating, a headline and at least one evidence item.
    """
    require_permission(by, "claims.change_verdict", VERDICT_EDIT_FORBIDDEN)
    with transaction.atomic():
        claim = claim_lock(verdict.claim_id)
        require_assignee(claim=claim, user=by)
        transition_check(verdict, Verdict.Status.SUBMITTED)
        if not (verdict.rating and verdict.headline.strip()):
            raise WorkflowError(VERDICT_INCOMPLETE.format(verdict=verdict))
        if not verdict.evidence.exists():
            raise WorkflowError(VERDICT_EVIDENCE_REQUIRED.format(verdict=verdict))
        verdict_transition(
            verdict=verdict,
            new_status=Verdict.Status.SUBMITTED,
            by=by,
            note=note,
            submitted_at=timezone.now(),
        )
        claim_change_state(
            claim=claim,
            by=by,
            from_states=[Claim.QueueState.ASSIGNED],
            reason="Verdict submitted",
            queue_state=Claim.QueueState.IN_REVIEW,
            lease_expires_at=None,
        )
        notify_verdict_submitted(verdict=verdict, by=by)
        webhook_event_queue(verdict=verdict, event="verdict.submitted")
    return verdict


def verdict_reopen(*, verdict: Verdict, by: AbstractBaseUser) -> Verdict:
    """Turn a verdict sent back by an editor into a draft again (the assignee)."""
    require_permission(by, "claims.change_verdict", VERDICT_EDIT_FORBIDDEN)
    with transaction.atomic():
        claim_renew_lease(claim=verdict.claim_id, by=by)
        verdict_transition(verdict=verdict, new_status=Verdict.Status.DRAFT, by=by)
    return verdict


def verdict_request_changes(*, verdict: Verdict, by: AbstractBaseUser, note: str) -> Verdict:
    """Send a submitted or approved verdict back to its fact-checker, saying why.

    The claim returns to them under a fresh lease, and they are notified.
    """
    require_permission(by, "claims.review_verdict", VERDICT_REVIEW_FORBIDDEN)
    require_note(note, "send back")
    with transaction.atomic():
        claim = claim_lock(verdict.claim_id)
        verdict_transition(
            verdict=verdict, new_status=Verdict.Status.CHANGES_REQUESTED, by=by, note=note
        )
        assignee = claim.assigned_to or verdict.author
        back = (
            lease_fields(to=assignee, now=timezone.now())
            if assignee
            else {"queue_state": Claim.QueueState.QUEUED, **UNASSIGNED}
        )
        claim_change_state(
            claim=claim,
            by=by,
            from_states=[Claim.QueueState.IN_REVIEW],
            reason="Changes requested",
            **back,
        )
        notify_verdict_sent_back(verdict=verdict, to=assignee, by=by, note=note)
    return verdict


def verdict_approve(*, verdict: Verdict, by: AbstractBaseUser, note: str = "") -> Verdict:
    """Approve a submitted verdict for publication; never by its author."""
    require_permission(by, "claims.review_verdict", VERDICT_REVIEW_FORBIDDEN)
    if verdict.author_id == by.pk:
        raise PermissionDenied(VERDICT_SELF_APPROVAL.format(verdict=verdict))
    return verdict_transition(
        verdict=verdict, new_status=Verdict.Status.APPROVED, by=by, note=note, editor=by
    )


def verdict_publish(*, verdict: Verdict, by: AbstractBaseUser) -> Verdict:
    """Publish an approved verdict: its first revision; the claim is done.

    The verdict joins the library of checked claims (desk_library.py), so
    its repeats are raised in the queue. The webhook (if configured) hears
    of it once the transaction commits.
    """
    require_permission(by, "claims.publish_verdict", VERDICT_PUBLISH_FORBIDDEN)
    with transaction.atomic():
        claim = claim_lock(verdict.claim_id)
        verdict_transition(
            verdict=verdict,
            new_status=Verdict.Status.PUBLISHED,
            by=by,
            published_at=timezone.now(),
        )
        revision_create(verdict=verdict, by=by)
        desk_checked_claim_store(verdict=verdict)
        claim_change_state(
            claim=claim,
            by=by,
            from_states=[Claim.QueueState.IN_REVIEW],
            reason="Verdict published",
            queue_state=Claim.QueueState.DONE,
            lease_expires_at=None,
        )
        webhook_event_queue(verdict=verdict, event="verdict.published")
        notify_verdict_published(verdict=verdict, by=by)
    return verdict


def verdict_correct(
    *,
    verdict: Verdict,
    by: AbstractBaseUser,
    note: str,
    rating: str | None = None,
    headline: str | None = None,
    rationale: str | None = None,
    evidence: list[dict] | None = None,
) -> Verdict:
    """Correct a published verdict, saying what changed and why.

    The correction is stored as a new revision; earlier revisions stay as
    they were, the verdict's check in the library is updated and the
    webhook hears of it after the commit. evidence, if given, replaces the
    evidence items (dicts of Evidence fields); None leaves a field as it is.
    """
    require_permission(by, "claims.correct_verdict", VERDICT_CORRECT_FORBIDDEN)
    require_note(note, "correct")
    fields = content_fields(rating=rating, headline=headline, rationale=rationale)
    with transaction.atomic():
        verdict_transition(
            verdict=verdict, new_status=Verdict.Status.CORRECTED, by=by, note=note, **fields
        )
        if evidence is not None:
            for item in verdict.evidence.all():
                history_as(item, by=by, reason=note)
                item.delete()
            for item in evidence:
                evidence_store(verdict=verdict, by=by, reason=note, **item)
        revision_create(verdict=verdict, by=by, note=note)
        desk_checked_claim_store(verdict=verdict)
        webhook_event_queue(verdict=verdict, event="verdict.corrected")
        notify_verdict_published(verdict=verdict, by=by, note=note)
    return verdict


def verdict_retract(*, verdict: Verdict, by: AbstractBaseUser, note: str) -> Verdict:
    """Withdraw a published verdict, saying why; the claim returns to the queue.

    Its revisions stay visible; its check leaves the library (no repeat is
    raised by it any more); the webhook hears of it after the commit.
    """
    require_permission(by, "claims.correct_verdict", VERDICT_CORRECT_FORBIDDEN)
    require_note(note, "retract")
    with transaction.atomic():
        claim = claim_lock(verdict.claim_id)
        verdict_transition(verdict=verdict, new_status=Verdict.Status.RETRACTED, by=by, note=note)
        desk_checked_claim_withdraw(verdict=verdict)
        claim_change_state(
            claim=claim,
            by=by,
            from_states=[Claim.QueueState.DONE],
            reason="Verdict retracted",
            queue_state=Claim.QueueState.QUEUED,
            **UNASSIGNED,
        )
        webhook_event_queue(verdict=verdict, event="verdict.retracted")
    return verdict


def revision_create(*, verdict: Verdict, by: AbstractBaseUser, note: str = "") -> VerdictRevision:
    """Store the verdict as readers now see it, as its next revision."""
    return VerdictRevision.objects.create(
        verdict=verdict,
        number=verdict.revisions.count() + 1,
        rating=verdict.rating,
        headline=verdict.headline,
        rationale=verdict.rationale,
        rationale_html=verdict.rationale_html,
        evidence=[evidence_fields(item) for item in verdict.evidence.all()],
        note=note,
        published_by=by,
    )


def verdict_adopt_suggestion(*, claim: Claim, suggestion: Verdict, by: AbstractBaseUser) -> Verdict:
    """Copy a suggested verdict of the same claim into a new draft for by.

    Only an explicit call adopts a suggestion; the draft still goes through
    review like any other.
    """
    require_permission(by, "claims.add_verdict", VERDICT_CREATE_FORBIDDEN)
    suggested = {s.verdict.pk for s in verdict_list_suggested(claim=claim)}
    if suggestion.pk not in suggested:
        raise WorkflowError(VERDICT_SUGGESTION_INVALID.format(verdict=suggestion, claim=claim.pk))
    with transaction.atomic():
        verdict = verdict_create(
            claim=claim,
            by=by,
            rating=suggestion.rating,
            headline=suggestion.headline,
            rationale=suggestion.rationale,
            adopted_from=suggestion,
        )
        for item in suggestion.evidence.all():
            evidence_store(
                verdict=verdict, by=by, reason=f"Adopted from {suggestion}", **evidence_fields(item)
            )
    return verdict
