"""Reads: full-text search over claims and articles, and the claims' facets.

On PostgreSQL the words are matched with its full-text search (English
stemming, ranked) against the vectors stored in each row and kept by the
database (migration 0016; GIN indexes claim_search_vector and
article_search_vector); elsewhere every word must occur, case-insensitively.
Only the RANK_WINDOW matches added last are ranked, and facets count the
best FACET_LIMIT, so that a common word costs what a rare one does (issue
#22); the page says so.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, DateField, OuterRef, Q, QuerySet, Subquery
from django.db.models.expressions import Expression
from django.db.models.functions import Coalesce, TruncDate

from ..models import Article, Claim
from ..ratings import rating_scale
from .dashboard import with_verdict

FACET_SIZE = 10
# PostgreSQL ranks the last this many claims (articles) added that match,
# and facets count the best this many matches; the page says so when there
# are more (issue #22).
RANK_WINDOW = 1000
ARTICLE_RANK_WINDOW = 200
FACET_LIMIT = RANK_WINDOW
TERMS = re.compile(r'"([^"]+)"|(\S+)')


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int


@dataclass(frozen=True)
class Facet:
    name: str  # the query parameter it filters
    label: str
    values: list[FacetValue]


def search_terms(query: str) -> list[str]:
    """Split a query into words and "quoted phrases"."""
    return [phrase or word for phrase, word in TERMS.findall(query)]


def full_text() -> bool:
    return connection.vendor == "postgresql"


def text_filter(items: QuerySet, query: str, fields: list[str]) -> QuerySet:
    """Keep items where every term occurs in one of fields (icontains)."""
    for term in search_terms(query):
        match = Q()
        for name in fields:
            match |= Q(**{f"{name}__icontains": term})
        items = items.filter(match)
    return items


class StoredVector(Expression):
    """The search_vector column of the query's own table (migration 0016).

    Not a model field, so that Django never loads it (an article's vector
    can be tens of kilobytes); named by the alias the query gives its table,
    which differs when the query is a subquery.
    """

    def as_sql(self, compiler, connection):
        alias = compiler.query.get_initial_alias()
        return f"{compiler.quote_name_unless_alias(alias)}.search_vector", []


def ranked(items: QuerySet, query: str, window: int) -> QuerySet:
    """Keep items matching query in PostgreSQL full-text search, best first,
    by the vector stored in their row (migration 0016: its weights).

    Only the last `window` matches added are ranked: ranking every match of
    a common word reads and sorts tens of thousands of rows (40k claims
    match "says" among 100k, 240 ms; issue #22), while the newest of them
    are read off the primary key's index.
    """
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField

    vector = StoredVector(output_field=SearchVectorField())
    search = SearchQuery(query, search_type="websearch", config="english")
    matching = items.alias(search=vector).filter(search=search)
    newest = matching.order_by("-pk").values("pk")[:window]
    # The window alone says which rows match: matching the outer rows again
    # made PostgreSQL read every article's vector.
    return (
        items.filter(pk__in=newest)
        .annotate(rank=SearchRank(vector, search))
        .order_by("-rank", "-id")
    )


def claim_day() -> Coalesce:
    """The claim's date: its article's publication day, else the day it was added."""
    return Coalesce(
        "article__published_on", TruncDate("article__created_at"), output_field=DateField()
    )


def claim_search(
    *,
    query: str = "",
    speaker: str = "",
    outlet: str = "",
    rating: str = "",
    state: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[Claim]:
    """Return visible claims matching the query and every facet given, with
    their verdict's status and rating; best match first, else newest."""
    claims = with_verdict(
        Claim.objects.filter(is_hidden=False, article__is_hidden=False)
        .select_related("article", "speaker")
        .defer("article__text")
        .annotate(day=claim_day())
    ).order_by("-created_at", "-id")
    if speaker:
        claims = claims.filter(speaker__name=speaker)
    if outlet:
        claims = claims.filter(article__outlet=outlet)
    if rating:
        claims = claims.filter(verdict_rating=rating)
    if state:
        claims = claims.filter(queue_state=state)
    if date_from:
        claims = claims.filter(day__gte=date_from)
    if date_to:
        claims = claims.filter(day__lte=date_to)
    if query.strip():
        if full_text():
            claims = ranked(claims, query, RANK_WINDOW)
        else:
            fields = ["text", "speaker__name", "speaker_text", "article__title"]
            claims = text_filter(claims, query, fields)
    return claims


def claim_search_facets(*, claims: QuerySet[Claim]) -> list[Facet]:
    """Return the speaker, outlet, rating, state and month counts of the
    first FACET_LIMIT claims (in their order: the best matches).

    One query reads the five values of those claims; counting them here
    scans them once instead of once per facet.
    """
    rows = claims.values_list(
        "speaker__name", "article__outlet", "verdict_rating", "queue_state", "day"
    )[:FACET_LIMIT]
    speakers, outlets, ratings, states, months = (Counter() for _ in range(5))
    for speaker, outlet, rating, state, day in rows:
        speakers[speaker] += 1
        outlets[outlet] += 1
        ratings[rating] += 1
        states[state] += 1
        months[day.replace(day=1) if day else None] += 1
    rating_names = {r.key: r.name for r in rating_scale()}
    state_names = dict(Claim.QueueState.choices)

    def values(counter, label=str, limit=FACET_SIZE):
        top = sorted(((n, key) for key, n in counter.items() if key), key=lambda t: (-t[0], t[1]))
        return [FacetValue(key, label(key), n) for n, key in top[:limit]]

    latest_months = sorted(((m, n) for m, n in months.items() if m), reverse=True)[:FACET_SIZE]
    return [
        Facet("speaker", "Speaker", values(speakers)),
        Facet("outlet", "Outlet", values(outlets)),
        Facet("rating", "Rating", values(ratings, lambda k: rating_names.get(k, k), None)),
        Facet("state", "State", values(states, lambda k: state_names.get(k, k), None)),
        Facet(
            "month",
            "Date",
            [FacetValue(m.strftime("%Y-%m"), m.strftime("%b %Y"), n) for m, n in latest_months],
        ),
    ]


def article_search(
    *,
    query: str = "",
    outlet: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[Article]:
    """Return visible articles matching the query (title, outlet, text)."""
    # A subquery, not a join: the full-text annotation must not be grouped.
    claim_count = (
        Claim.objects.filter(article=OuterRef("pk"), is_hidden=False)
        .order_by()
        .values("article")
        .annotate(n=Count("id"))
        .values("n")
    )
    articles = (
        Article.objects.filter(is_hidden=False)
        .annotate(
            claim_count=Coalesce(Subquery(claim_count), 0),
            day=Coalesce("published_on", TruncDate("created_at"), output_field=DateField()),
        )
        .defer("text")
        .order_by("-created_at", "-id")
    )
    if outlet:
        articles = articles.filter(outlet=outlet)
    if date_from:
        articles = articles.filter(day__gte=date_from)
    if date_to:
        articles = articles.filter(day__lte=date_to)
    if query.strip():
        if full_text():
            articles = ranked(articles, query, ARTICLE_RANK_WINDOW)
        else:
            articles = text_filter(articles, query, ["title", "outlet", "text"])
    return articles
