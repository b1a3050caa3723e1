"""Reads: published verdicts for exports, feeds and reports; the API's views.

Hidden claims and articles never appear in an export or a feed.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Prefetch, Q, QuerySet

from ..models import Claim, ClaimRelation, Evidence, Verdict
from .verdicts import verdict_list_visible

# Machine columns nobody exports; the article text is the largest of all.
EXPORT_DEFERRED = (
    "rationale",
    "claim__checkworthiness_reasons",
    "claim__reported_by",
    "claim__article__text",
    "claim__article__error",
)


def verdict_list_published(
    *,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    rating: str | None = None,
    outlet: str | None = None,
    speaker: str | None = None,
    article_id: int | None = None,
) -> QuerySet[Verdict]:
    """Return public verdicts on visible claims, first published first.

    Each comes with its claim, article and speaker, and its evidence as the
    list `evidence_items` (a list, not a queryset: cheaper per row over large
    exports). The dates bound
    the day of first publication; `outlet` matches the article's outlet
    exactly (case aside), `speaker` part of the canonical name or the text.
    """
    verdicts = (
        Verdict.objects.filter(
            status__in=Verdict.PUBLIC_STATUSES,
            claim__is_hidden=False,
            claim__article__is_hidden=False,
        )
        .select_related("claim", "claim__article", "claim__speaker")
        .defer(*EXPORT_DEFERRED)
        .prefetch_related(
            Prefetch("evidence", queryset=Evidence.objects.order_by("id"), to_attr="evidence_items")
        )
        .order_by("published_at", "id")
    )
    if date_from:
        verdicts = verdicts.filter(published_at__date__gte=date_from)
    if date_to:
        verdicts = verdicts.filter(published_at__date__lte=date_to)
    if rating:
        verdicts = verdicts.filter(rating=rating)
    if outlet:
        verdicts = verdicts.filter(claim__article__outlet__iexact=outlet)
    if speaker:
        verdicts = verdicts.filter(
            Q(claim__speaker__name__icontains=speaker) | Q(claim__speaker_text__icontains=speaker)
        )
    if article_id:
        verdicts = verdicts.filter(claim__article_id=article_id)
    return verdicts


def verdict_get_public_page(*, verdict_id: int) -> Verdict | None:
    """Return a verdict readers may see: public, or retracted after publication
    (its retraction notice), on a visible claim; None otherwise."""
    return (
        Verdict.objects.filter(
            Q(status__in=Verdict.PUBLIC_STATUSES)
            | Q(status=Verdict.Status.RETRACTED, published_at__isnull=False),
            pk=verdict_id,
            claim__is_hidden=False,
            claim__article__is_hidden=False,
        )
        .select_related("claim", "claim__article", "claim__speaker")
        .prefetch_related(
            Prefetch("evidence", queryset=Evidence.objects.order_by("id")), "revisions"
        )
        .first()
    )


def verdict_list_for_user(*, user: AbstractBaseUser) -> QuerySet[Verdict]:
    """Return the verdicts user may read, newest first.

    Every role reads public verdicts on visible claims (and retracted ones
    once published); a fact-checker also reads the verdicts they wrote, and
    editors read every verdict (verdict_list_visible).
    """
    return (
        verdict_list_visible(user=user)
        .select_related("claim", "claim__article", "claim__speaker", "author", "editor")
        .defer("claim__article__text")
        .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.order_by("id")))
        .order_by("-created_at", "-id")
    )


def claim_relation_list_visible(*, claim: Claim) -> QuerySet[ClaimRelation]:
    """Return claim's relations in either direction, unless rejected or to a
    hidden claim, most similar first."""
    visible = Q(claim__is_hidden=False, other__is_hidden=False) & Q(
        claim__article__is_hidden=False, other__article__is_hidden=False
    )
    return (
        ClaimRelation.objects.filter(Q(claim=claim) | Q(other=claim), visible)
        .exclude(decision=ClaimRelation.Decision.REJECTED)
        .select_related("claim__speaker", "claim__article", "other__speaker", "other__article")
        .defer("claim__article__text", "other__article__text")
        .order_by("-similarity", "id")
    )
