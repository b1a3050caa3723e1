"""Related claims of other articles, two backends (issue #4)."""

import re

import numpy as np
import pytest
from django.db import connection
from django.db.models import Q

from claims import selectors, services
from claims.models import Article, Claim, ClaimRelation
from claims.nlp.embeddings import embed_texts
from claims.retrieval import Tier
from claims.selectors.related import claim_vectors_candidates, claim_vectors_nearest
from tests.conftest import on_postgres
from tests.factories import ArticleFactory, ClaimFactory

pytestmark = pytest.mark.django_db

LONG_TEXT = "The minister said that forty schools would reopen on Monday morning."
SHORT_TEXT = "Vaccines cause autism."


def unit(cosine: float, axis: int = 1) -> np.ndarray:
    """Return a unit vector whose cosine with the first basis vector is cosine."""
    vector = np.zeros(384, dtype=np.float32)
    vector[0] = cosine
    vector[axis] = np.sqrt(max(0.0, 1 - cosine**2))
    return vector


def claim_with(text: str, vector: np.ndarray, article: Article | None = None) -> Claim:
    article = article or ArticleFactory(text=text)
    return ClaimFactory(article=article, text=text, embedding=vector)


@pytest.fixture(autouse=True)
def synthetic_thresholds(settings):
    """The hand-made vectors below are placed around these two thresholds, of
    the dense ranking (the hybrid one: tests/test_related_hybrid.py)."""
    settings.CLAIMS_RELATED_THRESHOLD, settings.CLAIMS_SAME_CLAIM_THRESHOLD = 0.1, 0.8
    settings.CLAIMS_RELATED_RANKING = "dense"


def test_other_articles_nearest_first():
    """Claims of other articles, nearest first; the claim's own article and
    hidden claims are left out."""
    claim = claim_with(LONG_TEXT, unit(1.0))
    sibling = ClaimFactory(article=claim.article, text="x", embedding=unit(1.0))
    hidden = claim_with("Hidden by a moderator.", unit(1.0))
    Claim.objects.filter(pk=hidden.pk).update(is_hidden=True)
    near = claim_with("Forty schools reopen on Monday, says the minister in a statement.", unit(0.95))
    other = claim_with("Forty schools will reopen on Monday, the minister said today.", unit(0.9))
    far = claim_with("Something else entirely but vaguely close.", unit(0.3, axis=2))
    claim_with("Unrelated.", unit(0.0, axis=3))

    matches = selectors.claim_list_related(claim=claim)

    assert [m.id for m in matches] == [near.pk, other.pk, far.pk]
    assert [m.tier for m in matches] == [Tier.SAME, Tier.SAME, Tier.RELATED]
    assert matches[1].article_id == other.article_id
    assert matches[0].url == near.get_absolute_url()
    assert {sibling.pk, hidden.pk}.isdisjoint(m.id for m in matches)


def test_short_claim_is_never_the_same_claim():
    """Under 8 words a claim is at most related, however close (issue #4)."""
    claim = claim_with(SHORT_TEXT, unit(1.0))
    claim_with("Vaccines cause autism, a post claims.", unit(1.0))
    [match] = selectors.claim_list_related(claim=claim)
    assert match.score == pytest.approx(1.0)
    assert match.tier == Tier.RELATED


def test_thresholds_come_from_settings(settings):
    claim = claim_with(LONG_TEXT, unit(1.0))
    claim_with("Close enough.", unit(0.85))
    claim_with("Somewhat close.", unit(0.4, axis=2))
    assert [m.tier for m in selectors.claim_list_related(claim=claim)] == [
        Tier.SAME,
        Tier.RELATED,
    ]
    settings.CLAIMS_RELATED_THRESHOLD = 0.5
    settings.CLAIMS_SAME_CLAIM_THRESHOLD = 0.9
    assert [m.tier for m in selectors.claim_list_related(claim=claim)] == [Tier.RELATED]


def test_limit_and_claim_without_embedding():
    claim = claim_with(LONG_TEXT, unit(1.0))
    for n in range(5):
        claim_with(f"Claim {n}", unit(0.5 + n / 10))
    assert len(selectors.claim_list_related(claim=claim, limit=3)) == 3
    assert selectors.claim_list_related(claim=claim_with("No vector.", None)) == []


def test_exact_index_sees_rows_added_and_changed_since():
    """The in-process matrix is re-read when the table changes."""
    claim = claim_with(LONG_TEXT, unit(1.0))

    def found():
        return [m.id for m in selectors.claim_list_related(claim=claim, backend="exact")]

    first = claim_with("First.", unit(0.5))
    assert found() == [first.pk]
    second = claim_with("Second.", unit(0.9))
    assert found() == [second.pk, first.pk]
    first.vector_row.embedding = unit(0.99)
    first.vector_row.save()
    assert found() == [first.pk, second.pk]
    second.delete()
    assert found() == [first.pk]


def test_relations_refresh_stores_links_and_counts():
    """Pending links follow the search; decided links keep their decision."""
    claim = claim_with(LONG_TEXT, unit(1.0))
    same = claim_with("Forty schools will reopen on Monday, the minister said today.", unit(0.9))
    related = claim_with("Schools and ministers and Mondays in general terms.", unit(0.4))
    rejected = claim_with("Forty schools reopen on Monday according to the minister.", unit(0.95))
    ClaimRelation.objects.create(
        claim=rejected, other=claim, similarity=0.5, tier="related", decision="rejected"
    )
    stale = claim_with("Gone.", unit(0.0, axis=5))
    ClaimRelation.objects.create(claim=claim, other=stale, similarity=0.7, tier="related")

    services.claim_relations_refresh(claim=claim)

    relations = {
        (r.other_id if r.claim_id == claim.pk else r.claim_id): r
        for r in ClaimRelation.objects.filter(Q(claim=claim) | Q(other=claim))
    }
    assert set(relations) == {same.pk, related.pk, rejected.pk}
    assert relations[same.pk].tier == "same" and relations[same.pk].decision == "pending"
    assert relations[related.pk].tier == "related"
    assert relations[rejected.pk].decision == "rejected"
    assert relations[rejected.pk].tier == "same"
    assert relations[rejected.pk].similarity == pytest.approx(0.95, abs=1e-4)
    # One other article carries the same claim; the rejected one does not count.
    assert claim.related_claims_count == 1
    same.refresh_from_db()
    assert same.related_claims_count == 1
    # Refreshing again changes nothing.
    services.claim_relations_refresh(claim=claim)
    assert ClaimRelation.objects.filter(claim=claim).count() == 2


@pytest.mark.model
def test_article_extraction_links_related_claims(demo_text):
    """Extracting a second copy of an article links its claims to the first's."""
    first = services.article_submit(text=demo_text, submitted_by=None).article
    second = services.article_submit(text=demo_text + "\n\nUpdated.", submitted_by=None).article
    services.article_extract_claims(article=first)
    services.article_extract_claims(article=second)
    assert second.status == Article.Status.DONE
    linked = ClaimRelation.objects.filter(claim__article=second, other__article=first)
    assert linked.filter(tier="same").exists()
    assert second.claims.filter(related_claims_count__gte=1).exists()


@pytest.mark.model
def test_related_failure_does_not_fail_the_article(demo_text, monkeypatch):
    def broken(*, claims):
        raise RuntimeError("index down")

    monkeypatch.setattr("claims.services.related.claims_relations_refresh", broken)
    article = services.article_submit(text=demo_text, submitted_by=None).article
    services.article_extract_claims(article=article)
    assert article.status == Article.Status.DONE
    assert article.claims.exists()


# Real-looking claims, some pairs restating each other, for the backend test.
SENTENCES = [
    "The unemployment rate fell to 3.5 percent last month, the lowest in fifty years.",
    "Unemployment dropped to 3.5% in the latest figures, a fifty-year low.",
    "The city council voted to cut the police budget by twenty percent.",
    "Councillors approved a 20% reduction in police funding for the city.",
    "Drinking hot water with lemon cures the coronavirus within three days.",
    "A video shows the prime minister dancing at a party during lockdown.",
    "The new bridge cost twice as much as the original estimate.",
    "Half of all teachers plan to leave the profession within five years.",
    "Wind turbines kill more birds than any other human structure.",
    "The governor signed a law banning plastic bags in grocery stores.",
    "Crime in the capital has doubled since the mayor took office.",
    "The vaccine contains microchips that track people's movements.",
    "Petrol prices are higher now than at any point in the last decade.",
    "The country imports more than sixty percent of its natural gas.",
    "Immigrants receive more in benefits than they pay in taxes.",
    "The hospital waiting list has grown by a million patients this year.",
    "Eating carrots improves your night vision dramatically.",
    "The senator voted against veterans' healthcare funding eleven times.",
    "Our schools have the largest class sizes in the whole of Europe.",
    "A new study shows that coffee drinkers live longer than non-drinkers.",
    "The factory closure will cost the region three thousand jobs.",
    "Tap water in the city contains dangerous levels of lead.",
    "The minimum wage has not risen in real terms since 2010.",
    "Solar power is now cheaper than coal in most of the world.",
    "The president said inflation is entirely caused by foreign wars.",
    "More people died of flu last winter than in any year on record.",
    "The railway line will cut journey times between the two cities by half.",
    "Five thousand nurses were recruited from abroad in the past year.",
    "The opposition leader promised to abolish tuition fees.",
    "Farmers received record subsidies while food prices kept rising.",
]
QUERIES = [
    "Official figures show joblessness fell to 3.5 percent, its lowest level in fifty years.",
    "The council has slashed the police budget by a fifth, the mayor confirmed on Tuesday.",
    "Plastic bags are now banned in grocery stores after the governor signed the law.",
    "A doctor claimed on social media that hot lemon water cures Covid in three days.",
    "Solar energy costs less than coal almost everywhere, according to the report.",
]


@pytest.mark.postgres
@pytest.mark.model
def test_pgvector_and_exact_search_agree():
    """Both backends return the same nearest items on the same rows."""
    vectors = embed_texts(SENTENCES + QUERIES)
    article = ArticleFactory(text="The article searched from.")
    for n, (text, vector) in enumerate(zip(SENTENCES, vectors)):
        claim_with(text, vector, article=ArticleFactory(text=f"Article {n}: {text}"))
    for text, vector in zip(QUERIES, vectors[len(SENTENCES) :]):
        claim = claim_with(text, vector, article=article)
        pg = selectors.claim_list_related(claim=claim, limit=5, backend="pgvector")
        exact = selectors.claim_list_related(claim=claim, limit=5, backend="exact")
        assert [m.id for m in pg] == [m.id for m in exact]
        assert [m.score for m in pg] == pytest.approx([m.score for m in exact], abs=1e-4)
        assert pg[0].score > 0.6  # the restated claim comes first


@pytest.mark.postgres
def test_hnsw_indexes_exist():
    assert on_postgres()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE indexname = ANY(%s)",
            [["claim_embedding_hnsw", "checked_claim_embedding_hnsw"]],
        )
        found = dict(cursor.fetchall())
    assert set(found) == {"claim_embedding_hnsw", "checked_claim_embedding_hnsw"}
    # Claims: half-precision copies (migration 0010); the library stays small.
    assert "hnsw" in found["claim_embedding_hnsw"]
    assert "halfvec(384)) halfvec_cosine_ops" in found["claim_embedding_hnsw"]
    assert "vector_cosine_ops" in found["checked_claim_embedding_hnsw"]


@pytest.mark.postgres
def test_related_search_walks_the_hnsw_index_of_the_vector_table():
    """Issue #5 moved the vectors out of claims_claim: the related-claims
    query must still be answered by the HNSW index, nearest first."""
    claim = claim_with(LONG_TEXT, unit(1.0))
    for n in range(30):
        claim_with(f"Claim {n}", unit(n / 30, axis=1 + n % 5))
    nearest = claim_vectors_nearest(query=unit(1.0), article_id=claim.article_id, limit=10)
    assert len(nearest) == 10 and claim.pk not in [row.claim_id for row in nearest]
    assert [row.distance for row in nearest] == sorted(row.distance for row in nearest)
    candidates = claim_vectors_candidates(
        query=unit(1.0), article_id=claim.article_id, limit=10
    )
    with connection.cursor() as cursor:
        # Tables this small are cheaper to scan and sort, and their row
        # estimates are guesses: make the planner show the plan it takes at
        # scale. A query the index cannot order would still be sorted.
        cursor.execute("ANALYZE claims_claim, claims_claimembedding")
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
    plan = candidates.explain()
    assert "Index Scan using claim_embedding_hnsw on claims_claimembedding" in plan, plan
    # The index gives the order: at most an incremental sort of ties by id.
    assert not re.search(r"^\s*(->\s*)?Sort\s+\(", plan, re.MULTILINE), plan


@pytest.mark.postgres
def test_claims_apart_below_half_precision_come_in_the_order_of_their_full_vectors():
    """The index compares half-precision copies, in which these two vectors
    are one; the full vectors re-rank them, and the distance is exact."""
    worse = claim_with(f"{LONG_TEXT} First report.", unit(0.6))
    better = claim_with(f"{LONG_TEXT} Second report.", unit(0.60001))
    nearest = claim_vectors_nearest(query=unit(1.0), article_id=0, limit=2)
    assert [row.claim_id for row in nearest] == [better.pk, worse.pk]
    assert 1 - nearest[0].distance == pytest.approx(0.60001, abs=1e-6)


@pytest.mark.postgres
def test_hnsw_search_breadth_is_set_on_each_connection():
    """bench/similarity.py: pgvector's default ef_search (40) misses too many
    neighbours; 250 reaches recall@10 0.95 at 1M claims."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW hnsw.ef_search")
        assert cursor.fetchone()[0] == "250"


def test_in_process_graph_past_the_exact_limit_finds_what_exact_search_finds(
    settings, monkeypatch
):
    """Past CLAIMS_IN_PROCESS_EXACT_MAX_ROWS the in-process search walks an
    HNSW graph built in a thread (exact scans serve meanwhile), then adds new
    vectors to it; hidden claims and the claim's own article stay out."""
    from claims.selectors import related

    rng = np.random.default_rng(5)
    article = ArticleFactory(text="The article searched from.")
    claim = claim_with(LONG_TEXT, unit(1.0), article=article)
    claim_with("Same article, nearest of all.", unit(0.999), article=article)
    hidden = claim_with("Hidden, nearly as near.", unit(0.998))
    Claim.objects.filter(pk=hidden.pk).update(is_hidden=True)
    for n in range(60):
        claim_with(f"Other claim {n}.", unit(float(rng.uniform(0.3, 0.95)), axis=1 + n % 3))

    def found():
        matches = selectors.claim_list_related(claim=claim, backend="exact", limit=8)
        return [(m.id, round(m.score, 5)) for m in matches]

    exact = found()
    assert len(exact) == 8 and hidden.pk not in {pk for pk, _ in exact}
    settings.CLAIMS_IN_PROCESS_EXACT_MAX_ROWS = 10
    vectors = related.InProcessClaimVectors()
    monkeypatch.setattr(related, "_CLAIM_VECTORS", vectors)

    assert found() == exact  # exact scans while the graph is built
    vectors.wait()
    assert vectors._graph is not None and vectors._exact is None
    assert found() == exact  # the graph gives the same top 8
    graph = vectors._graph[1]
    newest = claim_with("Added after the build.", unit(0.9999))
    assert found()[0][0] == newest.pk
    assert vectors._graph[1] is graph and len(graph) == 64  # added to, not rebuilt
