"""Writes the desk's web UI needs beyond the queue and verdicts: deciding
whether a related claim is really related."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from ..models import Claim, ClaimRelation, LibraryMatch
from .common import WorkflowError

RELATION_DECIDE_FORBIDDEN = (
    "Only the fact-checker holding the claim, or an editor, can decide on a related claim."
)
RELATION_DECISION_UNKNOWN = "Unknown decision {decision!r}; choose confirmed, rejected or pending."


def claim_relation_decide(
    *, relation: ClaimRelation, user: AbstractBaseUser, decision: str
) -> ClaimRelation:
    """Confirm or reject a related claim, or set it back to pending.

    The fact-checker holding either claim may decide, and so may an editor
    (claims.change_claimrelation). A rejected "same claim" no longer
    suggests its verdict.
    """
    _require_decider(
        user,
        claim_ids=[relation.claim_id, relation.other_id],
        permission="claims.change_claimrelation",
    )
    return _record_decision(relation, user=user, decision=decision)


def library_match_decide(*, match: LibraryMatch, user: AbstractBaseUser, decision: str) -> LibraryMatch:
    """Confirm or reject that a claim repeats a checked claim, or undo.

    The fact-checker holding the claim may decide, and so may an editor
    (claims.change_librarymatch). A rejected match no longer shows its
    verdict on the queue or suggests it.
    """
    _require_decider(user, claim_ids=[match.claim_id], permission="claims.change_librarymatch")
    return _record_decision(match, user=user, decision=decision)


def _require_decider(user: AbstractBaseUser, *, claim_ids: list[int], permission: str) -> None:
    holds_one = Claim.objects.filter(
        pk__in=claim_ids, queue_state=Claim.QueueState.ASSIGNED, assigned_to=user
    ).exists()
    if not (user.is_active and (holds_one or user.has_perm(permission))):
        raise PermissionDenied(RELATION_DECIDE_FORBIDDEN)


def _record_decision(link, *, user: AbstractBaseUser, decision: str):
    if decision not in ClaimRelation.Decision.values:
        raise WorkflowError(RELATION_DECISION_UNKNOWN.format(decision=decision))
    pending = decision == ClaimRelation.Decision.PENDING
    link.decision = decision
    link.decided_by = None if pending else user
    link.decided_at = None if pending else timezone.now()
    link.save(update_fields=["decision", "decided_by", "decided_at"])
    return link
