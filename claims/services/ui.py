"""Writes the desk's web UI needs beyond the queue and verdicts: deciding
whether a related claim is really related."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from ..models import Claim, ClaimRelation
from .common import WorkflowError

RELATION_DECIDE_FORBIDDEN = (
    "Only the fact-checker holding one of the two claims, or an editor, can decide on a relation."
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
    if decision not in ClaimRelation.Decision.values:
        raise WorkflowError(RELATION_DECISION_UNKNOWN.format(decision=decision))
    holds_one = Claim.objects.filter(
        pk__in=[relation.claim_id, relation.other_id],
        queue_state=Claim.QueueState.ASSIGNED,
        assigned_to=user,
    ).exists()
    if not (user.is_active and (holds_one or user.has_perm("claims.change_claimrelation"))):
        raise PermissionDenied(RELATION_DECIDE_FORBIDDEN)
    pending = decision == ClaimRelation.Decision.PENDING
    relation.decision = decision
    relation.decided_by = None if pending else user
    relation.decided_at = None if pending else timezone.now()
    relation.save(update_fields=["decision", "decided_by", "decided_at"])
    return relation
