"""Writes: moderation: merging duplicates, hiding, and the moderation log.

Every moderation service writes a ModerationLog row (who, what, which object,
why) in the same transaction as its change. moderation_apply() runs the
desk's own services (approve, publish, assign, ...) the same way, for the
admin's actions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Case, Q, Value, When

from ..models import Article, Claim, ClaimRelation, ModerationLog, Verdict
from .articles import article_retry
from .common import WorkflowError, history_record, require_permission
from .queue import UNASSIGNED, claim_assign, claim_change_state, claim_lock
from .verdicts import (
    verdict_approve,
    verdict_publish,
    verdict_request_changes,
    verdict_retract,
    verdict_save,
)

Action = ModerationLog.Action

MODERATION_FORBIDDEN = "Only editors can hide, unhide or merge claims and articles."
RETRY_FORBIDDEN = "Only editors can re-run extraction for others' articles."
MODERATION_REASON_REQUIRED = "A reason is required to {action}."
MODERATION_ALREADY_HIDDEN = "{target} is already hidden."
MODERATION_NOT_HIDDEN = "{target} is not hidden."
CLAIM_MERGED_STAYS_HIDDEN = "Claim {claim} was merged into claim {survivor}; it stays hidden."
CLAIM_MERGE_NOTHING = "Choose the claim to keep and at least one duplicate to merge into it."
CLAIM_MERGE_ALREADY_MERGED = "Claim {claim} was already merged into claim {survivor}."
CLAIM_MERGE_HAS_VERDICT = (
    "Claim {claim} has a verdict ({status}); keep it as the surviving claim, "
    "or retract its verdict first."
)

ALL_STATES = Claim.QueueState.values


def require_reason(reason: str, action: str) -> None:
    if not reason.strip():
        raise WorkflowError(MODERATION_REASON_REQUIRED.format(action=action))


def moderation_record(
    *,
    by: AbstractBaseUser | None,
    action: str,
    target: models.Model,
    reason: str = "",
    **details,
) -> ModerationLog:
    """Write one moderation log row about target."""
    return ModerationLog.objects.create(
        actor=by if getattr(by, "pk", None) else None,
        action=action,
        content_type=ContentType.objects.get_for_model(type(target)),
        object_id=target.pk,
        object_repr=str(target)[:200],
        reason=reason.strip(),
        details=details,
    )


# The desk's services that moderators run from the admin, by log action:
# service(target, by, reason, **options).
MODERATED_SERVICES: dict[str, Callable] = {
    Action.APPROVE: lambda target, by, reason: verdict_approve(verdict=target, by=by, note=reason),
    Action.REQUEST_CHANGES: lambda target, by, reason: verdict_request_changes(
        verdict=target, by=by, note=reason
    ),
    Action.PUBLISH: lambda target, by, reason: verdict_publish(verdict=target, by=by),
    Action.RETRACT: lambda target, by, reason: verdict_retract(verdict=target, by=by, note=reason),
    Action.ASSIGN: lambda target, by, reason, to: claim_assign(claim=target, to=to, by=by),
    Action.RETRY_EXTRACTION: lambda target, by, reason: article_retry_as(article=target, by=by),
}


def article_retry_as(*, article: Article, by: AbstractBaseUser) -> Article:
    """Retry a failed article's extraction as a moderator (article_retry
    itself leaves the check to its caller)."""
    require_permission(by, "claims.change_article", RETRY_FORBIDDEN)
    return article_retry(article=article)


def moderation_apply(
    *, action: str, target: models.Model, by: AbstractBaseUser, reason: str = "", **options
) -> models.Model:
    """Run the desk service behind a moderation action on target, and log it.

    Both happen in one transaction: a refused action logs nothing. options
    go to the service (`to` for an assignment) and into the log's details.
    """
    with transaction.atomic():
        result = MODERATED_SERVICES[action](target, by, reason, **options)
        details = {name: getattr(value, "pk", value) for name, value in options.items()}
        moderation_record(by=by, action=action, target=target, reason=reason, **details)
    return result


def claim_hide(*, claim: Claim, by: AbstractBaseUser, reason: str) -> Claim:
    """Hide a claim: it leaves the queue, search, exports and feeds."""
    require_permission(by, "claims.moderate_content", MODERATION_FORBIDDEN)
    require_reason(reason, "hide a claim")
    with transaction.atomic():
        claim = claim_lock(claim)
        if claim.is_hidden:
            raise WorkflowError(MODERATION_ALREADY_HIDDEN.format(target=f"Claim {claim.pk}"))
        claim_change_state(
            claim=claim, by=by, from_states=ALL_STATES, reason=f"Hidden: {reason}", is_hidden=True
        )
        moderation_record(by=by, action=Action.HIDE, target=claim, reason=reason)
    return claim


def claim_unhide(*, claim: Claim, by: AbstractBaseUser, reason: str = "") -> Claim:
    """Show a hidden claim again, unless it was merged into another."""
    require_permission(by, "claims.moderate_content", MODERATION_FORBIDDEN)
    with transaction.atomic():
        claim = claim_lock(claim)
        if not claim.is_hidden:
            raise WorkflowError(MODERATION_NOT_HIDDEN.format(target=f"Claim {claim.pk}"))
        if claim.merged_into_id:
            raise WorkflowError(
                CLAIM_MERGED_STAYS_HIDDEN.format(claim=claim.pk, survivor=claim.merged_into_id)
            )
        claim_change_state(
            claim=claim,
            by=by,
            from_states=ALL_STATES,
            reason=f"Unhidden: {reason}" if reason else "Unhidden",
            is_hidden=False,
        )
        moderation_record(by=by, action=Action.UNHIDE, target=claim, reason=reason)
    return claim


def article_hide(*, article: Article, by: AbstractBaseUser, reason: str) -> Article:
    """Hide an article, and with it its claims, from lists, queue and exports."""
    return article_set_hidden(article=article, by=by, reason=reason, hidden=True)


def article_unhide(*, article: Article, by: AbstractBaseUser, reason: str = "") -> Article:
    """Show a hidden article again."""
    return article_set_hidden(article=article, by=by, reason=reason, hidden=False)


def article_set_hidden(
    *, article: Article, by: AbstractBaseUser, reason: str, hidden: bool
) -> Article:
    require_permission(by, "claims.moderate_content", MODERATION_FORBIDDEN)
    if hidden:
        require_reason(reason, "hide an article")
    with transaction.atomic():
        updated = Article.objects.filter(pk=article.pk, is_hidden=not hidden).update(
            is_hidden=hidden
        )
        if not updated:
            refusal = MODERATION_ALREADY_HIDDEN if hidden else MODERATION_NOT_HIDDEN
            raise WorkflowError(refusal.format(target=f"Article {article.pk}"))
        article.is_hidden = hidden
        moderation_record(
            by=by, action=Action.HIDE if hidden else Action.UNHIDE, target=article, reason=reason
        )
    return article


def claim_merge(
    *, survivor: Claim, duplicates: Iterable[Claim], by: AbstractBaseUser, reason: str
) -> Claim:
    """Merge duplicate claims into survivor; return the survivor.

    The survivor takes over the duplicates' verdicts (only retracted ones:
    a duplicate with a standing verdict is refused, since a claim has one)
    and their relations to other claims; the duplicates are hidden, leave
    the queue and point to the survivor. Every change is in the history,
    and the survivor's history names the merged claims.
    """
    require_permission(by, "claims.moderate_content", MODERATION_FORBIDDEN)
    require_reason(reason, "merge claims")
    duplicate_ids = sorted({claim.pk for claim in duplicates} - {survivor.pk})
    if not duplicate_ids:
        raise WorkflowError(CLAIM_MERGE_NOTHING)
    with transaction.atomic():
        survivor = claim_lock(survivor)
        locked = [claim_lock(pk) for pk in duplicate_ids]
        for claim in [survivor, *locked]:
            if claim.merged_into_id:
                raise WorkflowError(
                    CLAIM_MERGE_ALREADY_MERGED.format(claim=claim.pk, survivor=claim.merged_into_id)
                )
        standing = (
            Verdict.objects.filter(claim_id__in=duplicate_ids)
            .exclude(status=Verdict.Status.RETRACTED)
            .first()
        )
        if standing is not None:
            raise WorkflowError(
                CLAIM_MERGE_HAS_VERDICT.format(
                    claim=standing.claim_id, status=standing.get_status_display().lower()
                )
            )
        note = f"Merged into claim {survivor.pk}: {reason}"
        moved_verdicts = [
            verdict_save(verdict=verdict, by=by, reason=note, claim=survivor).pk
            for verdict in Verdict.objects.filter(claim_id__in=duplicate_ids).order_by("pk")
        ]
        relations_moved = relations_move(duplicate_ids=duplicate_ids, survivor=survivor)
        for claim in locked:
            claim_change_state(
                claim=claim,
                by=by,
                from_states=ALL_STATES,
                reason=note,
                is_hidden=True,
                merged_into=survivor,
                queue_state=Claim.QueueState.SKIPPED,
                **UNASSIGNED,
            )
        history_record(
            instances=[survivor],
            by=by,
            reason=f"Claims {', '.join(map(str, duplicate_ids))} merged into this one: {reason}",
        )
        moderation_record(
            by=by,
            action=Action.MERGE,
            target=survivor,
            reason=reason,
            merged=duplicate_ids,
            verdicts_moved=moved_verdicts,
            relations_moved=relations_moved,
        )
    return survivor


def relations_move(*, duplicate_ids: list[int], survivor: Claim) -> int:
    """Point the duplicates' relations at survivor; return how many moved.

    A relation that would join survivor to itself, or repeat one it already
    has (in either direction), is deleted instead.
    """
    merged = set(duplicate_ids)
    moved = 0
    confirmed_first = Case(
        When(decision=ClaimRelation.Decision.CONFIRMED, then=Value(0)), default=Value(1)
    )
    relations = ClaimRelation.objects.filter(
        Q(claim_id__in=merged) | Q(other_id__in=merged)
    ).order_by(confirmed_first, "-similarity", "pk")
    for relation in relations:
        one = survivor.pk if relation.claim_id in merged else relation.claim_id
        two = survivor.pk if relation.other_id in merged else relation.other_id
        repeated = (
            ClaimRelation.objects.filter(
                Q(claim_id=one, other_id=two) | Q(claim_id=two, other_id=one)
            )
            .exclude(pk=relation.pk)
            .exists()
        )
        if one == two or repeated:
            relation.delete()
            continue
        ClaimRelation.objects.filter(pk=relation.pk).update(claim_id=one, other_id=two)
        moved += 1
    return moved
