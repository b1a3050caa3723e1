"""Reads for the desk, the claim workspace and the editors' dashboard."""

from __future__ import annotations

import datetime
import statistics
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.cache import cache
from django.db.models import Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Cast, Floor, Least
from django.utils import timezone
from django.utils.translation import gettext_noop

from ..models import Article, Claim, ClaimRelation, Verdict, VerdictStatusChange
from ..ratings import Rating, rating_scale
from ..roles import Role
from .articles import claim_list_for_article

STANDING = ~Q(status=Verdict.Status.RETRACTED)
# Bucket edges of the time-to-verdict histogram, with their labels.
# The labels stay English here (the figures are cached); the view translates them.
TIME_BUCKETS = [
    (datetime.timedelta(hours=1), gettext_noop("< 1 h")),
    (datetime.timedelta(hours=4), gettext_noop("1–4 h")),
    (datetime.timedelta(days=1), gettext_noop("4–24 h")),
    (datetime.timedelta(days=3), gettext_noop("1–3 days")),
    (datetime.timedelta(days=7), gettext_noop("3–7 days")),
    (None, gettext_noop("> 7 days")),
]


def verdict_standing(field: str, *conditions: Q) -> Subquery:
    """Return a subquery of field of the claim's standing (unretracted) verdict."""
    return Subquery(
        Verdict.objects.filter(STANDING, *conditions, claim=OuterRef("pk"))
        .order_by("-created_at")
        .values(field)[:1]
    )


def with_verdict(claims: QuerySet[Claim]) -> QuerySet[Claim]:
    """Annotate claims with their verdict's status, and its rating once
    published (a draft's rating is no verdict yet); None without one."""
    return claims.annotate(
        verdict_status=verdict_standing("status"),
        verdict_rating=verdict_standing("rating", Q(status__in=Verdict.PUBLIC_STATUSES)),
    )


def claim_list_for_workspace() -> QuerySet[Claim]:
    """Return the claims the workspace may open, with what it shows of them."""
    return (
        Claim.objects.filter(is_hidden=False, article__is_hidden=False)
        .select_related("article", "speaker", "assigned_to")
    )


def verdict_get_standing(*, claim: Claim) -> Verdict | None:
    """Return the claim's verdict unless retracted, with its evidence."""
    return (
        claim.verdicts.filter(STANDING)
        .select_related("author", "editor", "adopted_from")
        .prefetch_related("evidence", "status_changes__changed_by")
        .order_by("-created_at")
        .first()
    )


@dataclass(frozen=True)
class RelatedClaim:
    """A claim related to the one at hand, seen from the one at hand."""

    relation: ClaimRelation
    claim: Claim  # the other claim, annotated with_verdict()


def claim_relation_list(*, claim: Claim) -> list[RelatedClaim]:
    """Return visible claims related to claim in either direction, rejected
    ones too (a decision can be undone), most similar first."""
    relations = list(
        ClaimRelation.objects.filter(Q(claim=claim) | Q(other=claim)).select_related("decided_by")
    )
    other_ids = {r.other_id if r.claim_id == claim.pk else r.claim_id for r in relations}
    others = with_verdict(
        claim_list_for_workspace().filter(pk__in=other_ids).defer("article__text")
    ).in_bulk()
    related = [
        RelatedClaim(r, others[other_id])
        for r in relations
        if (other_id := r.other_id if r.claim_id == claim.pk else r.claim_id) in others
    ]
    related.sort(key=lambda item: (-item.relation.similarity, item.claim.pk))
    return related


def claim_list_marked(*, article: Article) -> QuerySet[Claim]:
    """Return the article's claims in text order, with their verdict's status
    and rating, for colouring."""
    return with_verdict(claim_list_for_article(article=article))


def day_bounds(
    date_from: datetime.date | None, date_to: datetime.date | None
) -> tuple[datetime.datetime | None, datetime.datetime | None]:
    """Return aware datetimes from the start of date_from to the end of date_to."""
    zone = timezone.get_current_timezone()

    def start_of(day):
        return datetime.datetime.combine(day, datetime.time.min, tzinfo=zone)

    return (
        start_of(date_from) if date_from else None,
        start_of(date_to + datetime.timedelta(days=1)) if date_to else None,
    )


def in_period(field: str, date_from, date_to) -> Q:
    start, end = day_bounds(date_from, date_to)
    q = Q()
    if start:
        q &= Q(**{f"{field}__gte": start})
    if end:
        q &= Q(**{f"{field}__lt": end})
    return q


def claim_count_by_state(
    *, date_from: datetime.date | None = None, date_to: datetime.date | None = None
) -> dict[str, int]:
    """Return how many visible claims are in each queue state, every state
    listed; the dates limit it to claims extracted in that period.

    No join over every claim (issue #22): the unhidden claims are counted
    from the index claim_state_order alone (an index-only scan on
    PostgreSQL), then those of hidden articles, found through the few
    hidden articles, are taken off.
    """
    period = in_period("created_at", date_from, date_to)

    def by_state(claims: QuerySet[Claim]) -> dict[str, int]:
        rows = claims.values_list("queue_state").annotate(n=Count("*")).order_by()
        return dict(rows)

    unhidden = by_state(Claim.objects.filter(period, is_hidden=False))
    in_hidden_articles = by_state(
        Claim.objects.filter(
            period,
            is_hidden=False,
            article__in=Article.objects.filter(is_hidden=True).values("pk"),
        )
    )
    return {
        state: unhidden.get(state, 0) - in_hidden_articles.get(state, 0)
        for state in Claim.QueueState.values
    }


def claim_count_by_state_for_desk() -> dict[str, int]:
    """Return claim_count_by_state() as counted at most
    CLAIMS_DESK_COUNTS_SECONDS ago: every desk page shows them, and even
    read off the index alone they cost a scan of every claim's entry."""
    seconds = getattr(settings, "CLAIMS_DESK_COUNTS_SECONDS", 0)
    if not seconds:
        return claim_count_by_state()
    return cache.get_or_set("claims:desk-counts", claim_count_by_state, seconds)


def verdict_count_by_rating(
    *, date_from: datetime.date | None = None, date_to: datetime.date | None = None
) -> list[tuple[Rating, int]]:
    """Return public verdicts first published in the period, per rating, in
    the scale's order."""
    rows = (
        Verdict.objects.filter(
            in_period("published_at", date_from, date_to), status__in=Verdict.PUBLIC_STATUSES
        )
        .values("rating")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts = {row["rating"]: row["n"] for row in rows}
    return [(rating, counts.get(rating.key, 0)) for rating in rating_scale()]


@dataclass(frozen=True)
class TimeToVerdict:
    """How long claims waited from extraction to their published verdict."""

    count: int
    median: datetime.timedelta | None
    p90: datetime.timedelta | None
    buckets: list[tuple[str, int]]


def verdict_time_to_publish(
    *, date_from: datetime.date | None = None, date_to: datetime.date | None = None
) -> TimeToVerdict:
    """Return the time from extraction to first publication of the verdicts
    published in the period."""
    pairs = Verdict.objects.filter(
        in_period("published_at", date_from, date_to), published_at__isnull=False
    ).values_list("published_at", "claim__created_at")
    waits = sorted(published - extracted for published, extracted in pairs)
    buckets = []
    lower = datetime.timedelta(0)
    for upper, label in TIME_BUCKETS:
        buckets.append(
            (label, sum(1 for w in waits if w >= lower and (upper is None or w < upper)))
        )
        lower = upper
    if not waits:
        return TimeToVerdict(0, None, None, buckets)
    p90 = waits[min(len(waits) - 1, int(0.9 * len(waits)))]
    return TimeToVerdict(len(waits), statistics.median_low(waits), p90, buckets)


def user_list_factcheckers() -> QuerySet:
    """Return active users who may take claims, by username."""
    take = Q(groups__permissions__codename="take_claim") | Q(
        user_permissions__codename="take_claim"
    )
    return (
        get_user_model()
        .objects.filter(take | Q(is_superuser=True), is_active=True)
        .distinct()
        .order_by("username")
    )


@dataclass(frozen=True)
class FactCheckerLoad:
    user: AbstractBaseUser
    in_hand: int  # claims assigned now
    in_review: int  # their verdicts waiting for an editor now
    submitted: int  # verdicts they submitted in the period


def user_list_in_role(*, role: str) -> QuerySet:
    """Return the active members of role (a group of claims.roles.Role), by
    username; an admin who may also take claims is no member of
    Role.FACT_CHECKER."""
    return (
        get_user_model()
        .objects.filter(groups__name=role, is_active=True)
        .distinct()
        .order_by("username")
    )


def factchecker_load(
    *, date_from: datetime.date | None = None, date_to: datetime.date | None = None
) -> list[FactCheckerLoad]:
    """Return each fact-checker's (by role) claims in hand and verdicts in
    review now, and how many verdicts they submitted in the period."""
    users = list(user_list_in_role(role=Role.FACT_CHECKER))
    in_hand = dict(
        Claim.objects.filter(queue_state=Claim.QueueState.ASSIGNED, assigned_to__in=users)
        .values_list("assigned_to")
        .annotate(n=Count("id"))
        .order_by()
    )
    in_review = dict(
        Verdict.objects.filter(
            status__in=[Verdict.Status.SUBMITTED, Verdict.Status.APPROVED], author__in=users
        )
        .values_list("author")
        .annotate(n=Count("id"))
        .order_by()
    )
    submitted = dict(
        VerdictStatusChange.objects.filter(
            in_period("changed_at", date_from, date_to),
            new_status=Verdict.Status.SUBMITTED,
            changed_by__in=users,
        )
        .values_list("changed_by")
        .annotate(n=Count("id"))
        .order_by()
    )
    return [
        FactCheckerLoad(u, in_hand.get(u.pk, 0), in_review.get(u.pk, 0), submitted.get(u.pk, 0))
        for u in users
    ]


@dataclass(frozen=True)
class LinkDecisions:
    """The desk's decisions on suggested links whose score fell in one band."""

    label: str
    confirmed: int
    rejected: int
    pending: int


def link_decision_counts(
    *, date_from: datetime.date | None = None, date_to: datetime.date | None = None
) -> list[LinkDecisions]:
    """Return confirmed, rejected and pending counts of suggested links by
    score band: library matches (re-ranker score) and claims of other
    articles (cosine), found in the period. A band where rejections pile up
    above the same-claim threshold says it should go up.

    Counted in the database, grouped by band and decision (issue #22: read
    row by row, 198k links took 1.7 s).
    """
    from ..models import LibraryMatch

    bands = []
    for name, model, field in (
        ("Library", LibraryMatch, "score"),
        ("Other articles", ClaimRelation, "similarity"),
    ):
        rows = (
            model.objects.filter(in_period("created_at", date_from, date_to))
            .annotate(band=Least(Cast(Floor(F(field) * 10), IntegerField()), Value(9)))
            .values_list("band", "decision")
            .annotate(n=Count("*"))
            .order_by()
        )
        counts: dict[int, dict[str, int]] = {}
        for band, decision, n in rows:
            counts.setdefault(band, dict.fromkeys(ClaimRelation.Decision.values, 0))[decision] = n
        for band in sorted(counts, reverse=True):
            c = counts[band]
            bands.append(
                LinkDecisions(
                    label=f"{name} {band / 10:.1f}–{(band + 1) / 10:.1f}",
                    confirmed=c[ClaimRelation.Decision.CONFIRMED],
                    rejected=c[ClaimRelation.Decision.REJECTED],
                    pending=c[ClaimRelation.Decision.PENDING],
                )
            )
    return bands


@dataclass(frozen=True)
class DashboardFigures:
    """Everything the editors' dashboard shows for one period."""

    computed_at: datetime.datetime
    backlog: dict[str, int]
    by_rating: list[tuple[Rating, int]]
    time_to_verdict: TimeToVerdict
    load: list[FactCheckerLoad]
    link_decisions: list[LinkDecisions]


def dashboard_figures(
    *,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    refresh: bool = False,
) -> DashboardFigures:
    """Return the dashboard's figures for the period, as computed at most
    CLAIMS_DASHBOARD_CACHE_SECONDS ago (0: now).

    The whole history's figures read every link and verdict (198k links at
    100k claims; issue #22), so they are kept in the cache, and beat
    refreshes the all-time ones (`dashboard_refresh`) before they expire.
    refresh computes them now and stores them.
    """
    seconds = getattr(settings, "CLAIMS_DASHBOARD_CACHE_SECONDS", 0)
    key = f"claims:dashboard:{date_from}:{date_to}"
    if seconds and not refresh:
        figures = cache.get(key)
        if figures is not None:
            return figures
    period = {"date_from": date_from, "date_to": date_to}
    figures = DashboardFigures(
        computed_at=timezone.now(),
        backlog=claim_count_by_state(**period),
        by_rating=verdict_count_by_rating(**period),
        time_to_verdict=verdict_time_to_publish(**period),
        load=factchecker_load(**period),
        link_decisions=link_decision_counts(**period),
    )
    if seconds:
        cache.set(key, figures, seconds)
    return figures
