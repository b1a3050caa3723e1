"""Reads: the fact-checkers' queue, their own claims, and skips."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Exists, OuterRef, Q, QuerySet

from ..models import Claim, ClaimSkip

# Pinned first, then check-worthiness raised by recurrence and by resembling
# a checked claim (all folded into Claim.priority), then the newest. The
# partial index claim_queue_order serves exactly this order.
QUEUE_ORDER = ["-priority", "-created_at", "-id"]


def claim_list_queue(
    *,
    state: str | None = Claim.QueueState.QUEUED,
    outlet: str | None = None,
    speaker: str | None = None,
    keyword: str | None = None,
    language: str | None = None,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    include_hidden: bool = False,
) -> QuerySet[Claim]:
    """Return claims in queue order, filtered; `state=None` means every state.

    `speaker` matches part of the canonical name or the text as written,
    `keyword` part of the claim, and the dates the article's publication day.
    """
    claims = (
        Claim.objects.select_related("article", "speaker", "assigned_to", "nearest_checked_claim")
        .defer(
            "article__text",
            "nearest_checked_claim__embedding",
            "nearest_checked_claim__title_embedding",
        )
        .order_by(*QUEUE_ORDER)
    )
    if state:
        claims = claims.filter(queue_state=state)
    if not include_hidden:
        claims = claims.filter(is_hidden=False, article__is_hidden=False)
    if outlet:
        claims = claims.filter(article__outlet__iexact=outlet)
    if speaker:
        claims = claims.filter(
            Q(speaker__name__icontains=speaker) | Q(speaker_text__icontains=speaker)
        )
    if keyword:
        claims = claims.filter(text__icontains=keyword)
    if language:
        claims = claims.filter(article__language=language)
    if date_from:
        claims = claims.filter(article__published_on__gte=date_from)
    if date_to:
        claims = claims.filter(article__published_on__lte=date_to)
    return claims


def claim_list_takeable(*, user: AbstractBaseUser) -> QuerySet[Claim]:
    """Return the queued claims user may take, best first.

    A claim user skipped before is not offered to them again; an editor can
    still assign it to them.
    """
    skipped_by_user = ClaimSkip.objects.filter(claim=OuterRef("pk"), user=user)
    return (
        Claim.objects.filter(
            queue_state=Claim.QueueState.QUEUED, is_hidden=False, article__is_hidden=False
        )
        .exclude(Exists(skipped_by_user))
        .order_by(*QUEUE_ORDER)
    )


def claim_list_assigned(*, user: AbstractBaseUser) -> QuerySet[Claim]:
    """Return user's claims in progress or in review, the soonest lease first.

    Each claim's `lease_remaining` says how long the lease has left.
    """
    return (
        Claim.objects.filter(
            assigned_to=user,
            queue_state__in=[Claim.QueueState.ASSIGNED, Claim.QueueState.IN_REVIEW],
        )
        .select_related("article", "speaker")
        .defer("article__text")
        .order_by("queue_state", "lease_expires_at", "id")
    )


def claim_skip_list(
    *, reason: str | None = None, user: AbstractBaseUser | None = None
) -> QuerySet[ClaimSkip]:
    """Return skips, newest first, e.g. the "not check-worthy" ones to learn from."""
    skips = ClaimSkip.objects.select_related("claim", "user")
    if reason:
        skips = skips.filter(reason=reason)
    if user is not None:
        skips = skips.filter(user=user)
    return skips
