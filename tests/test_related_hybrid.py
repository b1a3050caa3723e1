"""Related claims ranked as library matches are (issue #24: one ranker for both).

The dense index (pgvector on PostgreSQL, the in-process index on SQLite)
gives the candidates; `claims.retrieval.ranking.rank_found` ranks them as
`HybridRanker.search` ranks the library's. Run on both databases:
`pytest tests/test_related_hybrid.py` and `python /tmp/pgtest.py ...`.
"""

import numpy as np
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims import selectors
from claims.models import Claim, ClaimRelation
from claims.nlp.embeddings import embed_texts
from claims.retrieval import ExactVectorIndex, HybridRanker, Query, Tier
from claims.retrieval.types import Document
from claims.selectors.library import library_thresholds
from claims.selectors.related import claim_list_related_many
from claims.services.related import claims_relations_refresh
from tests.factories import ArticleFactory, ClaimFactory
from tests.test_related import QUERIES, SENTENCES

pytestmark = [pytest.mark.django_db, pytest.mark.model]


@pytest.fixture
def corpus():
    """The sentences as claims of their own articles, the queries as the
    claims of one article; a hidden claim and a claim without text vector."""
    vectors = embed_texts(SENTENCES + QUERIES)
    others = [
        ClaimFactory(article=ArticleFactory(text=f"Article {n}."), text=text, embedding=vector)
        for n, (text, vector) in enumerate(zip(SENTENCES, vectors, strict=False))
    ]
    hidden = ClaimFactory(text=SENTENCES[0] + " Again.", embedding=vectors[0])
    Claim.objects.filter(pk=hidden.pk).update(is_hidden=True)
    article = ArticleFactory(text="The article searched from.")
    queries = [
        ClaimFactory(article=article, position=n, text=text, embedding=vector)
        for n, (text, vector) in enumerate(zip(QUERIES, vectors[len(SENTENCES) :], strict=True))
    ]
    return others, queries


def direct_ranking(claim: Claim, others: list[Claim], *, top: int) -> list[tuple]:
    """The library's ranker, built here over the other articles' claims:
    (id, tier, score) of the matches above the related threshold."""
    documents = [Document(id=str(c.pk), text=c.display_text) for c in others]
    matrix = np.vstack([np.asarray(c.embedding, dtype=np.float32) for c in others])
    index = ExactVectorIndex([d.id for d in documents], matrix)
    ranker = HybridRanker(
        documents,
        vectors={"text": index, "title": index},
        encode=lambda texts: np.asarray(claim.embedding, dtype=np.float32)[None, :],
        depth=len(documents),
        fold_duplicates=False,
    )
    related, same = library_thresholds()
    [matches] = ranker.search(
        [Query(id="q", text=claim.display_text)],
        top=top,
        related_threshold=related,
        same_threshold=same,
    )
    return [(int(m.doc_id), m.tier, m.score) for m in matches if m.tier != Tier.NONE]


def as_tuples(matches) -> list[tuple]:
    return [(m.id, m.tier, m.score) for m in matches]


def assert_same_ranking(found: list[tuple], expected: list[tuple]) -> None:
    assert [(pk, tier) for pk, tier, _ in found] == [(pk, tier) for pk, tier, _ in expected]
    assert [s for *_, s in found] == pytest.approx([s for *_, s in expected], abs=1e-5)


def test_related_claims_equal_the_hybrid_ranking(corpus):
    """One claim at a time and an article's claims at once, on this
    database's backend: the library's hybrid ranking of the same claims."""
    others, queries = corpus
    many = claim_list_related_many(claims=queries, limit=5)
    for claim in queries:
        expected = direct_ranking(claim, others, top=5)
        assert expected, claim.text  # each query restates one sentence
        assert_same_ranking(as_tuples(selectors.claim_list_related(claim=claim, limit=5)), expected)
        assert_same_ranking(as_tuples(many[claim.pk]), expected)


def test_the_restated_sentence_comes_first(corpus):
    others, queries = corpus
    restated = [{0, 1}, {2, 3}, {9}, {4}, {23}]  # per query, the sentences it restates
    for n, claim in enumerate(queries):
        [first, *_] = selectors.claim_list_related(claim=claim, limit=5)
        assert first.id in {others[i].pk for i in restated[n]}
        assert first.similarity > 0.6 and 0 <= first.score <= 1


def test_in_process_backend_equals_the_hybrid_ranking(corpus):
    """The in-process index (SQLite's) also on PostgreSQL, for the comparison."""
    others, queries = corpus
    for claim in queries:
        found = selectors.claim_list_related(claim=claim, limit=5, backend="exact")
        assert_same_ranking(as_tuples(found), direct_ranking(claim, others, top=5))


def test_stored_links_follow_the_hybrid_ranking_in_a_few_queries(corpus):
    """The ingest step stores what the ranking finds, its score as the
    link's similarity; on PostgreSQL in a handful of queries for the whole
    article (issue #22), not a few per claim."""
    others, queries = corpus
    with CaptureQueriesContext(connection) as captured:
        claims_relations_refresh(claims=queries)
    stored = {
        (r.claim_id, r.other_id): (r.tier, r.similarity)
        for r in ClaimRelation.objects.filter(claim__in=queries)
    }
    expected = {
        (claim.pk, pk): (tier, score)
        for claim in queries
        for pk, tier, score in direct_ranking(claim, others, top=10)
    }
    assert set(stored) == set(expected)
    for key, (tier, score) in expected.items():
        assert stored[key][0] == tier
        assert stored[key][1] == pytest.approx(score, abs=1e-5)
    if connection.vendor == "postgresql":
        assert len(captured.captured_queries) <= 8, len(captured.captured_queries)


def test_dense_ranking_stays_available(corpus, settings):
    """CLAIMS_RELATED_RANKING = "dense": the cosine, its own thresholds."""
    settings.CLAIMS_RELATED_RANKING = "dense"
    settings.CLAIMS_RELATED_THRESHOLD, settings.CLAIMS_SAME_CLAIM_THRESHOLD = 0.3, 0.7
    _, queries = corpus
    for claim in queries:
        found = selectors.claim_list_related(claim=claim, limit=5)
        assert [m.score for m in found] == sorted((m.score for m in found), reverse=True)
        assert all(m.score == m.similarity >= 0.3 for m in found)


def test_unknown_ranking_is_refused(corpus, settings):
    settings.CLAIMS_RELATED_RANKING = "cosine"
    with pytest.raises(ValueError, match="CLAIMS_RELATED_RANKING"):
        selectors.claim_list_related(claim=corpus[1][0])
