"""Claims matched across languages (issue #26): the multilingual vectors.

Two texts in different languages (or both in a language other than
English) are compared by their USE multilingual v3 vectors
(ClaimMultilingualEmbedding); two English texts keep the English ranking
(MiniLM, claims.selectors.related). pgvector's HNSW index
(claim_multilingual_hnsw) on PostgreSQL, an exact scan in process on
SQLite.

The nearest by multilingual cosine are re-scored by the cross-language
ranker (claims.retrieval.crosslingual: USE and MiniLM cosines, shared
numbers, names, cognates and character 4-grams, fused by hand-set
weights fitted on no data); a match's score is that probability, its
similarity the USE cosine. The tiers compare the score with the shipped
thresholds (crosslingual.json, "thresholds", set by hand: research-only
data chooses nothing shipped); the settings CLAIMS_CROSS_LINGUAL_RELATED_THRESHOLD and
CLAIMS_CROSS_LINGUAL_SAME_CLAIM_THRESHOLD override them.
"""

from __future__ import annotations

import threading

import numpy as np
from django.conf import settings
from django.db import connection
from django.db.models import Count, Max

from ..models import Article, CheckedClaim, Claim, ClaimEmbedding, ClaimMultilingualEmbedding
from ..nlp.multilingual import DIMENSIONS
from ..retrieval import Tier, tier_for
from ..retrieval.vectors import ExactVectorIndex
from .related import RelatedMatch, vector_text

CANDIDATES = 40


def cross_lingual_thresholds() -> tuple[float, float]:
    """Return the cross-language related and same-claim thresholds (on the
    cross-language ranker's score)."""
    from ..retrieval.crosslingual import default_crosslingual_ranker

    related, same = default_crosslingual_ranker().thresholds
    return (
        getattr(settings, "CLAIMS_CROSS_LINGUAL_RELATED_THRESHOLD", related),
        getattr(settings, "CLAIMS_CROSS_LINGUAL_SAME_CLAIM_THRESHOLD", same),
    )


def cross_lingual_scores(
    *, text: str, language: str, minilm, candidates: list[tuple[float, str, str, list]]
) -> np.ndarray:
    """Return the cross-language ranker's score of each candidate for a text.

    candidates: (USE cosine, text, language, MiniLM vectors: the check's
    text and title, a claim's own; None where missing) per candidate;
    minilm: the text's MiniLM vector or None.
    """
    from ..retrieval import crosslingual as xl

    if not candidates:
        return np.zeros(0)
    query = None if minilm is None else _unit(minilm)
    minilm_cosines = [
        max((float(query @ _unit(v)) for v in vectors if v is not None), default=0.0)
        if query is not None
        else 0.0
        for _, _, _, vectors in candidates
    ]
    features = xl.feature_matrix(
        use=np.array([c[0] for c in candidates]),
        minilm=np.array(minilm_cosines),
        query=xl.Terms.of(text, language or "en"),
        documents=[xl.Terms.of(c[1], c[2] or "en") for c in candidates],
    )
    return xl.default_crosslingual_ranker().score(features)


def _unit(vector) -> np.ndarray:
    vector = np.asarray(vector, dtype=np.float64)
    norm = np.linalg.norm(vector)
    return vector / norm if norm else vector


def claims_in_other_languages_exist() -> bool:
    """Whether any claim is in a language other than English: one query
    over two partial indexes (claim_own_language, article_not_english)."""
    own = Claim.objects.exclude(language__in=("", "en")).values("pk")
    articles = Claim.objects.filter(
        article__in=Article.objects.exclude(language="en").values("pk")
    ).values("pk")
    return own.union(articles, all=True).exists()


def related_in_every_language(
    *, claims: list[Claim], found: dict[int, list[RelatedMatch]], limit: int = 10
) -> dict[int, list[RelatedMatch]]:
    """Return the English ranking's matches (found) kept for pairs of two
    English claims, with the multilingual matches of every other pair,
    nearest first.

    One query reads the languages and the claims' multilingual vectors, one
    searches for all of the claims (PostgreSQL) and one reads the claims
    found (issue #22: not a few queries per claim).
    """
    if not claims_in_other_languages_exist():
        # An English desk: every pair is two English claims (issue #22: no
        # multilingual search at ingest that can find nothing).
        return {c.pk: _best_first(found.get(c.pk, [])) for c in claims}
    ids = {m.id for matches in found.values() for m in matches} | {c.pk for c in claims}
    languages, vectors = {}, {}
    asked = {c.pk for c in claims}
    for pk, own, article, vector in Claim.objects.filter(pk__in=ids).values_list(
        "pk", "language", "article__language", "multilingual_row__embedding"
    ):
        languages[pk] = own or article
        if pk in asked and vector is not None:
            vectors[pk] = np.asarray(vector, dtype=np.float32)
    across = _across(
        claims=[c for c in claims if c.pk in vectors],
        vectors=vectors,
        languages=languages,
        limit=limit,
    )
    result = {}
    for claim in claims:
        english = languages.get(claim.pk) == "en"
        kept = {m.id: m for m in found.get(claim.pk, []) if english and languages.get(m.id) == "en"}
        for match in across.get(claim.pk, []):
            kept.setdefault(match.id, match)
        result[claim.pk] = _best_first(kept.values())
    return result


def _best_first(matches) -> list[RelatedMatch]:
    """Matches by score, best first; ties by id, so both backends agree."""
    return sorted(matches, key=lambda m: (-round(m.score, 5), m.id))


def _across(*, claims, vectors, languages, limit) -> dict[int, list[RelatedMatch]]:
    """The multilingual matches of each claim, pairs of English claims left
    out (the English ranking's)."""
    if not claims or limit <= 0:
        return {}
    if connection.vendor == "postgresql":
        found = _nearest_pgvector_many(claims, vectors)
    else:
        found = {c.pk: _IN_PROCESS.search(vectors[c.pk], CANDIDATES * 4) for c in claims}
    found_ids = {pk for pairs in found.values() for pk, _ in pairs}
    others = (
        Claim.objects.filter(pk__in=found_ids, is_hidden=False)
        .select_related("article")
        .only("id", "text", "article_id", "language", "article__language")
        .in_bulk()
    )
    minilm = dict(
        ClaimEmbedding.objects.filter(claim_id__in=found_ids | {c.pk for c in claims}).values_list(
            "claim_id", "embedding"
        )
    )
    related, same = cross_lingual_thresholds()
    result = {}
    for claim in claims:
        mine = languages.get(claim.pk, "en")
        # Pairs of two English claims are the English ranking's: not scored.
        rows = [
            (others[pk], cosine)
            for pk, cosine in sorted(found[claim.pk], key=lambda p: (-round(p[1], 5), p[0]))
            if pk in others
            and others[pk].article_id != claim.article_id
            and not (mine == "en" and others[pk].language_code == "en")
        ]
        scores = cross_lingual_scores(
            text=claim.display_text,
            language=mine,
            minilm=minilm.get(claim.pk),
            candidates=[
                (cosine, row.text, row.language_code, [minilm.get(row.pk)]) for row, cosine in rows
            ],
        )
        matches = []
        for (row, cosine), score in zip(rows, scores, strict=True):
            tier = tier_for(
                float(score), claim.display_text, related_threshold=related, same_threshold=same
            )
            if tier != Tier.NONE:
                matches.append(
                    RelatedMatch(
                        id=row.pk,
                        text=row.text,
                        score=float(score),
                        tier=tier,
                        article_id=row.article_id,
                        url=row.get_absolute_url(),
                        similarity=cosine,
                    )
                )
        result[claim.pk] = _best_first(matches)[:limit]
    return result


NEAREST_MANY_SQL = f"""
SELECT asked.claim_id, found.claim_id, 1 - found.distance
FROM (
    SELECT claim_id, article_id, query::vector({DIMENSIONS}) AS query
    FROM unnest(%s::bigint[], %s::bigint[], %s::text[]) AS given(claim_id, article_id, query)
) AS asked
CROSS JOIN LATERAL (
    SELECT vectors.claim_id, vectors.embedding <=> asked.query AS distance
    FROM claims_claimmultilingualembedding AS vectors
    JOIN claims_claim AS claims ON claims.id = vectors.claim_id
    WHERE NOT claims.is_hidden AND claims.article_id <> asked.article_id
    ORDER BY vectors.embedding <=> asked.query, vectors.claim_id
    LIMIT %s
) AS found
"""


def _nearest_pgvector_many(claims, vectors) -> dict[int, list[tuple[int, float]]]:
    """Search claim_multilingual_hnsw for all of the claims in one query."""
    found: dict[int, list[tuple[int, float]]] = {c.pk: [] for c in claims}
    with connection.cursor() as cursor:
        cursor.execute(
            NEAREST_MANY_SQL,
            [
                [c.pk for c in claims],
                [c.article_id for c in claims],
                [vector_text(vectors[c.pk]) for c in claims],
                CANDIDATES,
            ],
        )
        for claim_id, other_id, score in cursor.fetchall():
            found[claim_id].append((other_id, float(score)))
    return found


def library_hits_in_every_language(*, claims: list[Claim], hits: list[list]) -> list[list]:
    """Return the library hits of each claim (hits: the hybrid English
    ranker's, one list per claim) with the checks in another language found
    by the multilingual vectors: an English claim keeps its hits on English
    checks and gains those in other languages; a claim in another language
    is matched by the multilingual vectors alone. The score of such a hit is
    the cross-language ranker's, its similarity the USE cosine; tiers as
    for related claims."""
    from .library import LibraryHit

    if not claims:
        return hits
    rows = Claim.objects.filter(pk__in=[c.pk for c in claims]).values_list(
        "pk", "language", "article__language", "multilingual_row__embedding"
    )
    languages = {pk: own or article for pk, own, article, _ in rows}
    vectors = {pk: np.asarray(v, dtype=np.float32) for pk, _, _, v in rows if v is not None}
    foreign_checks = (
        CheckedClaim.objects.exclude(language="en")
        .filter(multilingual_embedding__isnull=False, withdrawn_at__isnull=True)
        .exists()
    )
    if not foreign_checks and all(languages.get(c.pk) == "en" for c in claims):
        return hits  # an English desk with an English library: nothing changes
    check_ids = {h.checked_claim_id for claim_hits in hits for h in claim_hits}
    check_languages = dict(
        CheckedClaim.objects.filter(pk__in=check_ids).values_list("pk", "language")
    )
    asking = [c for c in claims if c.pk in vectors]
    found = _nearest_checks(asking, vectors) if asking else {}
    checks = {
        pk: (language, text, title, vector, title_vector)
        for pk, language, text, title, vector, title_vector in CheckedClaim.objects.filter(
            pk__in={pk for pairs in found.values() for pk, _ in pairs}
        ).values_list("pk", "language", "text", "title", "embedding", "title_embedding")
    }
    minilm = dict(
        ClaimEmbedding.objects.filter(claim__in=asking).values_list("claim_id", "embedding")
    )
    related, same = cross_lingual_thresholds()
    result = []
    for claim, claim_hits in zip(claims, hits, strict=True):
        english = languages.get(claim.pk) == "en"
        kept = [
            h for h in claim_hits if english and check_languages.get(h.checked_claim_id) == "en"
        ]
        seen = {h.checked_claim_id for h in kept}
        pairs = [(pk, cosine) for pk, cosine in found.get(claim.pk, []) if pk in checks]
        scores = cross_lingual_scores(
            text=claim.display_text,
            language=languages.get(claim.pk) or "en",
            minilm=minilm.get(claim.pk),
            candidates=[
                (
                    cosine,
                    f"{checks[pk][1]} {checks[pk][2]}",
                    checks[pk][0],
                    [checks[pk][3], checks[pk][4]],
                )
                for pk, cosine in pairs
            ],
        )
        for (pk, cosine), score in zip(pairs, scores, strict=True):
            if pk in seen or (english and checks[pk][0] == "en"):
                continue
            tier = tier_for(
                float(score), claim.display_text, related_threshold=related, same_threshold=same
            )
            if tier != Tier.NONE:
                kept.append(
                    LibraryHit(
                        checked_claim_id=pk, score=float(score), similarity=cosine, tier=tier
                    )
                )
                seen.add(pk)
        result.append(sorted(kept, key=lambda h: (-h.score, h.checked_claim_id))[:5])
    return result


NEAREST_CHECKS_SQL = f"""
SELECT asked.claim_id, found.id, 1 - found.distance
FROM unnest(%s::bigint[], %s::text[]) AS asked(claim_id, query)
CROSS JOIN LATERAL (
    SELECT checks.id, checks.multilingual_embedding <=> asked.query::vector({DIMENSIONS})
        AS distance
    FROM claims_checkedclaim AS checks
    WHERE checks.multilingual_embedding IS NOT NULL AND checks.withdrawn_at IS NULL
    ORDER BY checks.multilingual_embedding <=> asked.query::vector({DIMENSIONS}), checks.id
    LIMIT %s
) AS found
"""


def _nearest_checks(claims, vectors) -> dict[int, list[tuple[int, float]]]:
    """The checks nearest each claim by multilingual cosine: one query on
    PostgreSQL (checked_claim_multilingual_hnsw), an exact scan elsewhere."""
    found: dict[int, list[tuple[int, float]]] = {c.pk: [] for c in claims}
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                NEAREST_CHECKS_SQL,
                [
                    [c.pk for c in claims],
                    [vector_text(vectors[c.pk]) for c in claims],
                    CANDIDATES,
                ],
            )
            for claim_id, check_id, score in cursor.fetchall():
                found[claim_id].append((check_id, float(score)))
        return found
    rows = (
        CheckedClaim.objects.filter(multilingual_embedding__isnull=False, withdrawn_at__isnull=True)
        .order_by("pk")
        .values_list("pk", "multilingual_embedding")
    )
    ids = [pk for pk, _ in rows]
    if not ids:
        return found
    index = ExactVectorIndex(ids, np.vstack([np.asarray(v, dtype=np.float32) for _, v in rows]))
    for claim in claims:
        best, scores = index.search(vectors[claim.pk][None, :], CANDIDATES)
        found[claim.pk] = [(pk, float(s)) for pk, s in zip(best[0], scores[0], strict=True)]
    return found


class InProcessMultilingualVectors:
    """The claims' multilingual vectors for SQLite: an exact matrix per
    process, read again when a vector is added, changed or removed."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._index: tuple[tuple, ExactVectorIndex] | None = None

    def search(self, query: np.ndarray, k: int) -> list[tuple[int, float]]:
        key = tuple(
            ClaimMultilingualEmbedding.objects.aggregate(
                count=Count("claim_id"), last=Max("claim_id"), updated=Max("updated_at")
            ).values()
        )
        with self._lock:
            if self._index is None or self._index[0] != key:
                rows = ClaimMultilingualEmbedding.objects.order_by("claim_id").values_list(
                    "claim_id", "embedding"
                )
                ids = [pk for pk, _ in rows]
                matrix = (
                    np.vstack([np.asarray(v, dtype=np.float32) for _, v in rows])
                    if ids
                    else np.zeros((0, DIMENSIONS), dtype=np.float32)
                )
                self._index = (key, ExactVectorIndex(ids, matrix))
            index = self._index[1]
        if not len(index):
            return []
        ids, scores = index.search(query[None, :], k)
        return [(pk, float(s)) for pk, s in zip(ids[0], scores[0], strict=True)]


_IN_PROCESS = InProcessMultilingualVectors()
