"""Plain data shared by the retrieval modules; the Django layer maps models onto it."""

from __future__ import annotations

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class Document:
    """A previously fact-checked claim, with the fields retrieval looks at."""

    id: str
    text: str  # the checked claim, e.g. CheckThat!'s `vclaim`
    title: str = ""  # the fact-check article's headline
    subtitle: str = ""  # its standfirst, often a rephrasing of the claim
    date: datetime.date | None = None  # when the fact-check was published


@dataclass(frozen=True)
class Query:
    """A text to find checked claims for: a tweet, a claim from an article."""

    id: str
    text: str
    date: datetime.date | None = None  # when it was said, if known


class Tier:
    """How strongly a match is linked to the query (shown on the claim card)."""

    SAME = "same"  # the same claim, already checked: link automatically
    RELATED = "related"  # worth a look
    NONE = "none"  # below the related threshold

    ALL = (SAME, RELATED, NONE)


@dataclass(frozen=True)
class Match:
    """One checked claim found for a query, best first in a result list."""

    doc_id: str
    score: float  # the fused score, in [0, 1]; tiers compare it to thresholds
    dense_score: float  # best cosine between the query and the document's fields
    lexical_score: float  # BM25 score of the query against the document
    tier: str = Tier.NONE
