"""Reads: full-text search over claims and articles, and the claims' facets.

On PostgreSQL the words are matched with its full-text search (English
stemming, ranked) against the vectors stored in each row and kept by the
database (migration 0016; GIN indexes claim_search_vector and
article_search_vector); elsewhere every word must occur, case-insensitively.
Only the RANK_WINDOW matches added last are ranked, and facets count the
best FACET_LIMIT, so that a common word costs what a rare one does (issue
#22); the page says so.

Search by meaning (issue #24), `mode`: "keyword" (the above), "meaning"
(the query embedded with MiniLM, the claims' vector index's
SEMANTIC_CANDIDATES nearest: pgvector HNSW on PostgreSQL, the in-process
index elsewhere) or "both" (the two lists fused by reciprocal rank fusion,
k = RRF_K). Facets filter the candidates, so a narrow facet may keep few of
the nearest; the library of checked claims is searched by its own hybrid
ranker (`library_hits`).
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from dataclasses import dataclass

from django.db import connection
from django.db.models import (
    BigIntegerField,
    Case,
    Count,
    DateField,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.expressions import Expression
from django.db.models.functions import Coalesce, TruncDate
from django.utils.translation import gettext, pgettext

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
MODES = ("keyword", "meaning", "both")
SEMANTIC_CANDIDATES = 100  # nearest claims by meaning, before facets
FUSION_DEPTH = 100  # keyword matches fused with them
RRF_K = 60  # Cormack et al. 2009, as `evaluate matching`'s rrf
LIBRARY_HITS = 10


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
    mode: str = "keyword",
) -> QuerySet[Claim]:
    """Return visible claims matching the query and every facet given, with
    their verdict's status and rating; best match first, else newest.
    mode: "keyword", "meaning" or "both" (see the module docstring)."""
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
        claims = claims_by_query(claims, query, mode=mode)
    return claims


def claims_by_query(claims: QuerySet[Claim], query: str, *, mode: str = "keyword") -> QuerySet:
    """Keep the claims matching query, best first, by mode."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
    if mode == "keyword":
        return claims_by_keyword(claims, query)
    dense = _filtered_in_order(claims, nearest_claim_ids(query))
    if mode == "meaning":
        ordered = dense
    else:
        keyword = claims_by_keyword(claims, query).values_list("pk", flat=True)
        keyword = list(keyword[:FUSION_DEPTH])
        ordered = reciprocal_rank_fusion(keyword, dense)
    return in_order(claims, ordered)


def claims_by_keyword(claims: QuerySet[Claim], query: str) -> QuerySet[Claim]:
    """Full text on PostgreSQL (the stored, GIN-indexed vector), words elsewhere."""
    if full_text():
        return ranked(claims, query, RANK_WINDOW)
    fields = ["text", "speaker__name", "speaker_text", "article__title"]
    return text_filter(claims, query, fields)


def reciprocal_rank_fusion(*rankings: list[int]) -> list[int]:
    """Fuse ranked id lists: the sum of 1 / (RRF_K + rank); ties by first seen."""
    scores: dict[int, float] = {}
    for ranking in rankings:
        for rank, pk in enumerate(ranking, start=1):
            scores[pk] = scores.get(pk, 0.0) + 1.0 / (RRF_K + rank)
    return sorted(scores, key=lambda pk: -scores[pk])


def in_order(claims: QuerySet[Claim], ids: list[int]) -> QuerySet[Claim]:
    """The claims of ids, in that order."""
    if not ids:
        return claims.none()
    if connection.vendor == "postgresql":
        # One array parameter, not a CASE of up to 200 branches that Django
        # builds and PostgreSQL tests row by row (issue #24's budget).
        from django.contrib.postgres.fields import ArrayField

        position = Func(
            Value(ids, output_field=ArrayField(BigIntegerField())),
            F("pk"),
            function="array_position",
            output_field=IntegerField(),
        )
    else:
        position = Case(
            *[When(pk=pk, then=Value(n)) for n, pk in enumerate(ids)],
            output_field=IntegerField(),
        )
    return (
        claims.filter(pk__in=ids).annotate(search_position=position).order_by("search_position")
    )


def _filtered_in_order(claims: QuerySet[Claim], ids: list[int]) -> list[int]:
    """ids kept by the claims' filters (the facets), in their order: one query."""
    kept = set(claims.filter(pk__in=ids).values_list("pk", flat=True))
    return [pk for pk in ids if pk in kept]


def query_vector(query: str):
    """The query's MiniLM vector (the app's cached model)."""
    from ..nlp.embeddings import embed_texts

    return embed_texts([query.strip()])[0]


def nearest_claim_ids(query: str, *, limit: int = SEMANTIC_CANDIDATES) -> list[int]:
    """The ids of the claims nearest to query by meaning, nearest first:
    pgvector's HNSW index on PostgreSQL, the in-process index elsewhere."""
    import numpy as np

    vector = np.asarray(query_vector(query), dtype=np.float32)
    if connection.vendor == "postgresql":
        from django.db.models.functions import Cast
        from pgvector import HalfVector
        from pgvector.django import CosineDistance, HalfVectorField

        from ..models import ClaimEmbedding
        from .library import DIMENSIONS

        half = HalfVectorField(dimensions=DIMENSIONS)
        distance = CosineDistance(
            Cast("embedding", half), Cast(Value(HalfVector(vector).to_text()), half)
        )
        return list(
            ClaimEmbedding.objects.annotate(distance=distance)
            .order_by("distance", "claim_id")
            .values_list("claim_id", flat=True)[:limit]
        )
    from .related import _CLAIM_VECTORS

    ids, _ = _CLAIM_VECTORS.search(vector, limit)
    return [int(pk) for pk in ids]


def library_hits(query: str, *, mode: str = "both") -> list:
    """The checked claims of the library for query, best first: its hybrid
    ranker ("both", "meaning") or its BM25 alone ("keyword"); the rows."""
    from ..models import CheckedClaim
    from .library import library_ranker, library_search

    if not query.strip():
        return []
    if mode == "keyword":
        ranker = library_ranker()
        if ranker is None:
            return []
        found, _ = ranker.lexical.search([query], LIBRARY_HITS)
        ids = [int(pk) for pk in found[0]]
    else:
        [hits] = library_search([query], top=LIBRARY_HITS, below_related=True)
        ids = [hit.checked_claim_id for hit in hits]
    rows = (
        CheckedClaim.objects.filter(pk__in=ids, withdrawn_at=None)
        .defer("embedding", "title_embedding")
        .in_bulk()
    )
    return [rows[pk] for pk in ids if pk in rows]


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
    # Labels in the request's language (the models keep English ones).
    rating_names = {r.key: pgettext("rating", r.name) for r in rating_scale()}
    state_names = {state: gettext(label) for state, label in Claim.QueueState.choices}

    def values(counter, label=str, limit=FACET_SIZE):
        top = sorted(((n, key) for key, n in counter.items() if key), key=lambda t: (-t[0], t[1]))
        return [FacetValue(key, label(key), n) for n, key in top[:limit]]

    latest_months = sorted(((m, n) for m, n in months.items() if m), reverse=True)[:FACET_SIZE]
    return [
        Facet("speaker", gettext("Speaker"), values(speakers)),
        Facet("outlet", gettext("Outlet"), values(outlets)),
        Facet("rating", gettext("Rating"), values(ratings, lambda k: rating_names.get(k, k), None)),
        Facet("state", gettext("State"), values(states, lambda k: state_names.get(k, k), None)),
        Facet(
            "month",
            gettext("Date"),
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
