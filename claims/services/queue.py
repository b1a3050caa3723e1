"""Writes: the fact-checkers' queue: take, skip, release, assign, leases."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.utils import timezone

from ..models import Claim, ClaimSkip, Verdict
from ..selectors.queue import claim_list_takeable
from .common import WorkflowError, history_record, require_permission

CLAIM_TAKE_FORBIDDEN = "Only fact-checkers can take claims from the queue."
CLAIM_MANAGE_FORBIDDEN = "Only editors can assign, pin or requeue claims."
CLAIM_NOT_YOURS = "Claim {claim} is not assigned to you."
CLAIM_ASSIGNEE_CANNOT_TAKE = "{user} is not a fact-checker, so claims cannot be assigned to them."
CLAIM_NOT_ASSIGNABLE = "Claim {claim} is {state}; it cannot be assigned now."
CLAIM_NOT_RELEASABLE = "Claim {claim} is {state}; only an assigned claim can be released."
CLAIM_NOT_SKIPPABLE = "Claim {claim} is {state}; only a queued or assigned claim can be skipped."
CLAIM_NOT_REQUEUEABLE = (
    "Claim {claim} is {state}; only skipped or below-threshold claims go back to the queue."
)
CLAIM_HAS_VERDICT = "Claim {claim} has a verdict in progress; release it instead of skipping it."
CLAIM_SKIP_REASON_UNKNOWN = "Unknown skip reason {reason!r}."

ASSIGNABLE_STATES = (
    Claim.QueueState.QUEUED,
    Claim.QueueState.ASSIGNED,
    Claim.QueueState.SKIPPED,
    Claim.QueueState.BELOW_THRESHOLD,
)
# A claim that needs expertise goes back to the queue (for an editor to assign
# to an expert); every other skip takes it out until an editor requeues it.
SKIP_KEEPS_QUEUED = {ClaimSkip.Reason.NEEDS_EXPERTISE}
UNASSIGNED = {"assigned_to": None, "assigned_at": None, "lease_expires_at": None}


def lease_duration() -> datetime.timedelta:
    return datetime.timedelta(minutes=settings.CLAIMS_LEASE_MINUTES)


def claim_change_state(
    *,
    claim: Claim,
    by: AbstractBaseUser | None,
    from_states,
    reason: str,
    refusal: str = "",
    **fields,
) -> bool:
    """Write fields (queue_state, assignment) if claim is still in from_states.

    The UPDATE re-checks the state, so a stale claim is never overwritten.
    Return whether it applied, or raise WorkflowError(refusal) if one is
    given. claim must hold the database's other values.
    """
    fields["updated_at"] = timezone.now()
    updated = Claim.objects.filter(pk=claim.pk, queue_state__in=from_states).update(**fields)
    if updated:
        for name, value in fields.items():
            setattr(claim, name, value)
        history_record(instances=[claim], by=by, reason=reason)
    elif refusal:
        state = claim.get_queue_state_display()
        raise WorkflowError(refusal.format(claim=claim.pk, state=state))
    return bool(updated)


def claim_lock(claim: Claim | int) -> Claim:
    """Re-read a claim in the current transaction, locked where the database
    can (SQLite serialises writers instead)."""
    pk = claim if isinstance(claim, int) else claim.pk
    return Claim.objects.select_for_update().defer("embedding").get(pk=pk)


def claim_renew_lease(*, claim: Claim | int, by: AbstractBaseUser) -> Claim:
    """Restart the lease on a claim `by` holds; return the claim, locked.

    Work on the claim's verdict renews it too. A renewal changes no content,
    so it writes no history row.
    """
    claim = claim_lock(claim)
    require_assignee(claim=claim, user=by)
    claim.lease_expires_at = timezone.now() + lease_duration()
    Claim.objects.filter(pk=claim.pk).update(lease_expires_at=claim.lease_expires_at)
    return claim


def require_assignee(*, claim: Claim, user: AbstractBaseUser) -> None:
    """Raise PermissionDenied unless user holds the claim right now."""
    if claim.queue_state != Claim.QueueState.ASSIGNED or claim.assigned_to_id != user.pk:
        raise PermissionDenied(CLAIM_NOT_YOURS.format(claim=claim.pk))


def lease_fields(*, to: AbstractBaseUser, now: datetime.datetime) -> dict:
    return {
        "queue_state": Claim.QueueState.ASSIGNED,
        "assigned_to": to,
        "assigned_at": now,
        "lease_expires_at": now + lease_duration(),
    }


def claim_take_next(*, by: AbstractBaseUser) -> Claim | None:
    """Assign the best queued claim to `by` under a lease; None if none is left.

    No claim is handed out twice: PostgreSQL skips rows that another taker
    has locked (SKIP LOCKED), SQLite runs one writer at a time (IMMEDIATE
    transactions), and on both the UPDATE re-checks that the claim is still
    queued. Expired leases go back to the queue first.
    """
    require_permission(by, "claims.take_claim", CLAIM_TAKE_FORBIDDEN)
    skip_locked = connection.features.has_select_for_update_skip_locked
    with transaction.atomic():
        now = timezone.now()
        lease_expire_stale(now=now)
        # Each failed attempt means another writer took that claim first,
        # which only a database without row locks allows; try the next one.
        for _attempt in range(5):
            candidates = claim_list_takeable(user=by)
            if skip_locked:
                candidates = candidates.select_for_update(skip_locked=True, of=("self",))
            claim = candidates.first()
            if claim is None:
                return None
            if claim_change_state(
                claim=claim,
                by=by,
                from_states=[Claim.QueueState.QUEUED],
                reason="Taken from the queue",
                **lease_fields(to=by, now=now),
            ):
                return claim
    return None


def lease_expire_stale(*, now: datetime.datetime | None = None) -> int:
    """Return claims whose lease has run out to the queue; return how many.

    A draft verdict stays with its claim for the next fact-checker to finish.
    """
    now = now or timezone.now()
    with transaction.atomic(savepoint=False):
        stale = Claim.objects.filter(
            queue_state=Claim.QueueState.ASSIGNED, lease_expires_at__lt=now
        ).defer("embedding")
        if connection.features.has_select_for_update_skip_locked:
            stale = stale.select_for_update(skip_locked=True)
        claims = list(stale)
        if not claims:
            return 0
        fields = {"queue_state": Claim.QueueState.QUEUED, **UNASSIGNED, "updated_at": now}
        Claim.objects.filter(pk__in=[c.pk for c in claims]).update(**fields)
        for claim in claims:
            for name, value in fields.items():
                setattr(claim, name, value)
        history_record(instances=claims, by=None, reason="Lease expired")
    return len(claims)


def claim_assign(*, claim: Claim, to: AbstractBaseUser, by: AbstractBaseUser) -> Claim:
    """Assign a claim to a named fact-checker under a fresh lease."""
    require_permission(by, "claims.manage_queue", CLAIM_MANAGE_FORBIDDEN)
    if not (to.is_active and to.has_perm("claims.take_claim")):
        raise WorkflowError(CLAIM_ASSIGNEE_CANNOT_TAKE.format(user=to))
    with transaction.atomic():
        claim = claim_lock(claim)
        claim_change_state(
            claim=claim,
            by=by,
            from_states=ASSIGNABLE_STATES,
            reason=f"Assigned to {to}",
            refusal=CLAIM_NOT_ASSIGNABLE,
            **lease_fields(to=to, now=timezone.now()),
        )
    return claim


def claim_release(*, claim: Claim, by: AbstractBaseUser) -> Claim:
    """Give an assigned claim back to the queue (its assignee or an editor)."""
    with transaction.atomic():
        claim = claim_lock(claim)
        if not by.has_perm("claims.manage_queue"):
            require_assignee(claim=claim, user=by)
        claim_change_state(
            claim=claim,
            by=by,
            from_states=[Claim.QueueState.ASSIGNED],
            reason="Released",
            refusal=CLAIM_NOT_RELEASABLE,
            queue_state=Claim.QueueState.QUEUED,
            **UNASSIGNED,
        )
    return claim


def claim_skip(*, claim: Claim, by: AbstractBaseUser, reason: str, note: str = "") -> ClaimSkip:
    """Record why a claim is skipped and release it.

    The assignee skips their claim; an editor may skip any queued or assigned
    one. "Needs expertise" puts the claim back in the queue, where `by` will
    not be offered it again; the other reasons take it out of the queue.
    """
    if reason not in ClaimSkip.Reason.values:
        raise WorkflowError(CLAIM_SKIP_REASON_UNKNOWN.format(reason=reason))
    with transaction.atomic():
        claim = claim_lock(claim)
        if by.has_perm("claims.manage_queue"):
            from_states = [Claim.QueueState.QUEUED, Claim.QueueState.ASSIGNED]
        else:
            require_assignee(claim=claim, user=by)
            from_states = [Claim.QueueState.ASSIGNED]
        if claim.verdicts.exclude(status=Verdict.Status.RETRACTED).exists():
            raise WorkflowError(CLAIM_HAS_VERDICT.format(claim=claim.pk))
        new_state = (
            Claim.QueueState.QUEUED if reason in SKIP_KEEPS_QUEUED else Claim.QueueState.SKIPPED
        )
        label = ClaimSkip.Reason(reason).label
        claim_change_state(
            claim=claim,
            by=by,
            from_states=from_states,
            reason=f"Skipped: {label}",
            refusal=CLAIM_NOT_SKIPPABLE,
            queue_state=new_state,
            **UNASSIGNED,
        )
        return ClaimSkip.objects.create(claim=claim, user=by, reason=reason, note=note)


def claim_requeue(*, claim: Claim, by: AbstractBaseUser) -> Claim:
    """Put a skipped or below-threshold claim back in the queue."""
    require_permission(by, "claims.manage_queue", CLAIM_MANAGE_FORBIDDEN)
    with transaction.atomic():
        claim = claim_lock(claim)
        claim_change_state(
            claim=claim,
            by=by,
            from_states=[Claim.QueueState.SKIPPED, Claim.QueueState.BELOW_THRESHOLD],
            reason="Requeued",
            refusal=CLAIM_NOT_REQUEUEABLE,
            queue_state=Claim.QueueState.QUEUED,
        )
    return claim


def claim_pin(*, claim: Claim, by: AbstractBaseUser, pinned: bool = True) -> Claim:
    """Pin a claim ahead of every unpinned one in the queue, or unpin it."""
    require_permission(by, "claims.manage_queue", CLAIM_MANAGE_FORBIDDEN)
    with transaction.atomic():
        claim = claim_lock(claim)
        claim_change_state(
            claim=claim,
            by=by,
            from_states=Claim.QueueState.values,
            reason="Pinned" if pinned else "Unpinned",
            is_pinned=pinned,
        )
    claim.refresh_from_db(fields=["priority"])
    return claim
