"""Search, desk, dashboard and API lists that stay cheap at 100k claims
(issue #22): stored search vectors with GIN indexes, capped counts, keyset
pages. bench/scale.py measures them at scale; these are the small versions."""

import importlib

import pytest
from django.db import connection, transaction
from django.db.models import Count
from django.urls import reverse

from claims import api, selectors
from claims.models import Article, Claim, ClaimRelation, Speaker
from claims.pagination import CappedPaginator, keyset_page
from claims.selectors import search as search_selectors
from tests.factories import ArticleFactory, ClaimFactory

pytestmark = pytest.mark.django_db

search_migration = importlib.import_module("claims.migrations.0016_search_vectors")


def stored_vector(table: str, pk: int) -> str | None:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT search_vector::text FROM {table} WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def many_claims(count: int) -> None:
    """Store count claims in articles of 50, and the planner's statistics."""
    articles = [ArticleFactory(outlet=f"Outlet {n % 5}") for n in range(count // 50)]
    Claim.objects.bulk_create(
        ClaimFactory.build(article=article, position=position, checkworthiness=position / 50,
                           queue_state=["queued", "done", "skipped"][position % 3])
        for article in articles
        for position in range(50)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE claims_claim")
        cursor.execute("ANALYZE claims_article")


def plan(queryset, *, ordered: bool = False) -> str:
    """The plan PostgreSQL picks for queryset when a scan of the whole
    table is its last resort (a test table is too small to need an index);
    ordered: a sort is a last resort too, so the rows must come in the
    order of an index (on empty tables the planner may sort either way)."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        if ordered:
            cursor.execute("SET LOCAL enable_sort = off")
        return queryset.explain()


# --- Stored search vectors (PostgreSQL) --------------------------------------


@pytest.mark.postgres
def test_claim_vector_is_kept_on_write():
    article = ArticleFactory(title="Budget strike")
    speaker = Speaker.objects.create(name="Ann Lee")
    claim = ClaimFactory(article=article, text="Hospitals closed", speaker=speaker)
    vector = stored_vector("claims_claim", claim.pk)
    assert "'hospit':1A" in vector and "'lee':" in vector and "'strike':" in vector

    Claim.objects.filter(pk=claim.pk).update(text="Bridges reopened")
    assert "'bridg':1A" in stored_vector("claims_claim", claim.pk)
    speaker.name = "Ann Smith"
    speaker.save()
    assert "'smith':" in stored_vector("claims_claim", claim.pk)
    Article.objects.filter(pk=article.pk).update(title="Teachers march")
    assert "'march':" in stored_vector("claims_claim", claim.pk)
    assert [c.pk for c in selectors.claim_search(query="teachers bridges")] == [claim.pk]


@pytest.mark.postgres
def test_article_vector_is_kept_on_write():
    article = ArticleFactory(title="Budget strike", outlet="Daily Planet")
    assert "'budget':1A" in stored_vector("claims_article", article.pk)
    article.title = "Flood warning"
    article.save()
    assert "'flood':1A" in stored_vector("claims_article", article.pk)
    assert list(selectors.article_search(query="planet flood")) == [article]


@pytest.mark.postgres
def test_migration_builds_the_vectors_of_stored_rows():
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")  # no triggers: as before 0016
        claim = ClaimFactory(text="Schools reopen")
        cursor.execute("SET session_replication_role = origin")
        assert stored_vector("claims_claim", claim.pk) is None
        assert stored_vector("claims_article", claim.article_id) is None
        cursor.execute(search_migration.BACKFILL)
    assert "'reopen':2A" in stored_vector("claims_claim", claim.pk)
    assert "'school':" in stored_vector("claims_article", claim.article_id)


@pytest.mark.postgres
def test_search_reads_the_gin_indexes():
    """The matches are looked up in the GIN indexes. (A common word's newest
    matches may rather be read off the primary key, claim_search's window;
    so, on this small table, plain index scans are off.)"""
    ClaimFactory(text="Zeppelins land", article=ArticleFactory(title="Zeppelin news"))
    for found in (
        selectors.claim_search(query="zeppelins"),
        selectors.article_search(query="zeppelins"),
    ):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_indexscan = off")
            read = found.explain()
        assert f"Bitmap Index Scan on {found.model._meta.model_name}_search_vector" in read


@pytest.mark.postgres
def test_taking_a_claim_leaves_its_vector_alone():
    """The trigger fires only for the columns a vector is made of."""
    claim = ClaimFactory(text="Schools reopen")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = 'claims_claim'::regclass"
            " AND NOT tgisinternal"
        )
        assert [row[0] for row in cursor.fetchall()] == ["claims_claim_search_vector"]
        cursor.execute("SET session_replication_role = replica")
        cursor.execute("UPDATE claims_claim SET search_vector = NULL WHERE id = %s", [claim.pk])
        cursor.execute("SET session_replication_role = origin")
    Claim.objects.filter(pk=claim.pk).update(queue_state="assigned", is_pinned=True)
    assert stored_vector("claims_claim", claim.pk) is None


# --- Capped counts ----------------------------------------------------------------


def test_capped_paginator_counts_up_to_its_limit():
    article = ArticleFactory()
    for position in range(7):
        ClaimFactory(article=article, position=position)
    claims = Claim.objects.order_by("id")
    paginator = CappedPaginator(claims, 2, count_limit=3)
    assert (paginator.count, paginator.count_is_capped, paginator.count_shown) == (4, True, 3)
    last = paginator.page(4)  # past the counted rows
    assert len(last) == 1 and not last.has_next() and paginator.page(3).has_next()
    with pytest.raises(Exception, match="no results"):
        paginator.page(5)
    small = CappedPaginator(claims, 5, count_limit=10)
    assert (small.count, small.count_is_capped, small.num_pages) == (7, False, 2)


def test_search_facets_count_the_best_matches(monkeypatch):
    article = ArticleFactory(outlet="Daily Planet")
    for position in range(5):
        ClaimFactory(article=article, position=position, text=f"Schools reopen {position}")
    monkeypatch.setattr(search_selectors, "FACET_LIMIT", 3)
    facets = {f.name: f for f in selectors.claim_search_facets(claims=selectors.claim_search())}
    assert [(v.value, v.count) for v in facets["outlet"].values] == [("Daily Planet", 3)]


# --- Keyset pages -------------------------------------------------------------


@pytest.mark.parametrize(
    "ordering", [["-priority", "-created_at", "-id"], ["created_at", "id"], ["-checkworthiness", "-id"]]
)
def test_keyset_pages_walk_the_whole_list_both_ways(ordering):
    article = ArticleFactory()
    for position in range(7):
        ClaimFactory(article=article, position=position, checkworthiness=position % 3 / 3)
    claims = Claim.objects.all()
    expected = list(claims.order_by(*ordering).values_list("pk", flat=True))
    seen, page = [], keyset_page(claims, ordering=ordering, size=3)
    pages = [page]
    while True:
        seen += [c.pk for c in page]
        if page.after is None:
            break
        page = keyset_page(claims, ordering=ordering, size=3, after=page.after)
        pages.append(page)
    assert seen == expected and page.count == 7
    back = keyset_page(claims, ordering=ordering, size=3, before=pages[-1].before)
    assert [c.pk for c in back] == [c.pk for c in pages[-2]]


# --- Desk, dashboard and API lists ----------------------------------------------


def test_desk_queue_pages_by_keyset(client, factchecker):
    article = ArticleFactory()
    for position in range(53):
        ClaimFactory(article=article, position=position, checkworthiness=position / 100)
    client.force_login(factchecker)
    first = client.get(reverse("claims:desk_queue"))
    page = first.context["queue_page"]
    assert len(page) == 50 and page.before is None and page.count == 53
    assert f"after={page.after}" in first.content.decode()
    second = client.get(reverse("claims:desk_queue"), {"after": page.after})
    rest = second.context["queue_page"]
    assert [c.checkworthiness for c in rest] == [0.02, 0.01, 0.0] and rest.after is None
    back = client.get(reverse("claims:desk_queue"), {"before": rest.before})
    assert [c.pk for c in back.context["queue_page"]] == [c.pk for c in page]


def test_counts_by_state_leave_out_hidden_claims_and_articles():
    shown, hidden = ArticleFactory(), ArticleFactory(is_hidden=True)
    ClaimFactory(article=shown, position=0)
    ClaimFactory(article=shown, position=1, queue_state="done")
    ClaimFactory(article=shown, position=2, is_hidden=True)
    ClaimFactory(article=hidden, position=0)
    counts = selectors.claim_count_by_state()
    assert (counts["queued"], counts["done"], sum(counts.values())) == (1, 1, 2)


def test_fact_checker_load_counts_the_role_only(factchecker, editor, django_user_model):
    """An admin may take claims but is no fact-checker on the dashboard."""
    django_user_model.objects.create_superuser("root")
    assert [item.user for item in selectors.factchecker_load()] == [factchecker]


def test_link_decisions_are_counted_by_band():
    first, second, third = (ClaimFactory() for _ in range(3))
    for other, similarity, decision in ((second, 0.91, "rejected"), (third, 0.99, "pending")):
        ClaimRelation.objects.create(
            claim=first, other=other, similarity=similarity, tier="same", decision=decision
        )
    ClaimRelation.objects.create(claim=second, other=third, similarity=1.0, tier="same")
    bands = [(b.label, b.confirmed, b.rejected, b.pending) for b in selectors.link_decision_counts()]
    assert bands == [("Other articles 0.9–1.0", 0, 1, 2)]


def test_api_count_stops_at_its_limit(client, factchecker, monkeypatch):
    monkeypatch.setattr(api, "API_COUNT_LIMIT", 2)
    article = ArticleFactory()
    for position in range(4):
        ClaimFactory(article=article, position=position)
    client.force_login(factchecker)
    body = client.get("/api/claims/", {"page_size": 1, "page": 4}).json()
    assert (body["count"], body["count_is_capped"], body["next"]) == (3, True, None)
    assert len(body["results"]) == 1


@pytest.mark.postgres
@pytest.mark.parametrize(
    "filters, index",  # the indexes that serve it
    [
        ({"state": None}, ("claim_order",)),
        ({"state": "done"}, ("claim_state_order",)),
        ({"state": "skipped"}, ("claim_state_order",)),
        ({"state": "queued"}, ("claim_queue_order", "claim_state_order")),
    ],
)
def test_api_list_is_read_in_index_order(filters, index):
    """No state, or any one: the page is read off an index in queue order
    (a selective filter, e.g. a rare speaker, may rather sort its matches)."""
    many_claims(2000)
    claims = selectors.claim_list_queue(**filters)[:50]
    read = plan(claims)
    assert any(name in read for name in index) and "Sort" not in read.split("Limit")[1]


@pytest.mark.postgres
def test_counts_by_state_read_the_index_alone():
    ClaimFactory()
    unhidden = Claim.objects.filter(is_hidden=False).values_list("queue_state")
    assert "Index Only Scan using claim_state_order" in plan(
        unhidden.annotate(n=Count("*")).order_by()
    )


# --- Ingest: the related-claims step per article ----------------------------------


def test_an_articles_claims_are_linked_in_a_few_queries(settings):
    """One search and one write of each kind for all of an article's claims
    (PostgreSQL; SQLite searches claim by claim), the same links a search
    for each claim finds, and the counts of every claim touched."""
    from django.test.utils import CaptureQueriesContext

    from claims.services.related import claims_relations_refresh
    from tests.test_related import unit

    settings.CLAIMS_RELATED_THRESHOLD, settings.CLAIMS_SAME_CLAIM_THRESHOLD = 0.1, 0.8
    text = "The minister said that forty schools would reopen on Monday morning {}."
    others = [
        ClaimFactory(text=text.format(n), embedding=unit(cosine, axis=1 + n % 3))
        for n, cosine in enumerate([0.99, 0.9, 0.85, 0.5, 0.3, 0.0])
    ]
    article = ArticleFactory()
    claims = [
        ClaimFactory(article=article, position=n, text=text.format(n), embedding=unit(1.0, n + 1))
        for n in range(6)
    ]
    expected = {
        (claim.pk, match.id, match.tier)
        for claim in claims
        for match in selectors.claim_list_related(claim=claim)
    }
    with CaptureQueriesContext(connection) as queries:
        claims_relations_refresh(claims=claims)
    stored = set(ClaimRelation.objects.values_list("claim_id", "other_id", "tier"))
    assert stored == expected and len(stored) > 6
    if connection.vendor == "postgresql":
        assert len(queries.captured_queries) <= 8  # not per claim
    counts = dict(Claim.objects.values_list("pk", "related_claims_count"))
    same_articles = {
        other.pk: len({c for c, o, tier in stored if o == other.pk and tier == "same"})
        for other in others
    }
    assert {pk: counts[pk] for pk in same_articles} == {pk: min(n, 1) for pk, n in same_articles.items()}


def test_worker_processes_limit_model_threads(settings, monkeypatch):
    """CLAIMS_MODEL_THREADS is what torch gets in a worker process."""
    import torch

    from workbench.celery import limit_model_threads

    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        monkeypatch.setenv(name, "")  # restored after the test
    before = torch.get_num_threads()
    settings.CLAIMS_MODEL_THREADS = 1
    try:
        limit_model_threads()
        assert torch.get_num_threads() == 1
    finally:
        torch.set_num_threads(before)


@pytest.mark.postgres
def test_search_ranks_the_newest_matches_only(monkeypatch):
    """Past RANK_WINDOW matches, the ones added last are ranked; the page
    says there are more."""
    article = ArticleFactory()
    for position in range(4):
        ClaimFactory(article=article, position=position, text=f"Schools schools {position}")
    best_but_oldest = Claim.objects.order_by("id").first()
    Claim.objects.filter(pk=best_but_oldest.pk).update(text="Schools schools schools schools")
    monkeypatch.setattr(search_selectors, "RANK_WINDOW", 3)
    found = [c.pk for c in selectors.claim_search(query="schools")]
    assert len(found) == 3 and best_but_oldest.pk not in found


def test_dashboard_figures_are_kept_for_a_while(client, editor, settings):
    """Within CLAIMS_DASHBOARD_CACHE_SECONDS the page shows the figures as
    computed (and says when); beat's refresh computes them again."""
    from django.core.cache import cache

    from claims.tasks import dashboard_refresh

    settings.CLAIMS_DASHBOARD_CACHE_SECONDS = 60
    cache.clear()
    ClaimFactory()
    client.force_login(editor)
    first = client.get(reverse("claims:dashboard"))
    assert "Figures as of" in first.content.decode()
    ClaimFactory()
    again = client.get(reverse("claims:dashboard"))
    assert dict(again.context["backlog"])["Queued"] == 1
    dashboard_refresh()
    refreshed = client.get(reverse("claims:dashboard"))
    assert dict(refreshed.context["backlog"])["Queued"] == 2
    cache.clear()


def test_desk_counts_are_kept_for_a_few_seconds(settings):
    from django.core.cache import cache

    settings.CLAIMS_DESK_COUNTS_SECONDS = 10
    cache.clear()
    ClaimFactory()
    assert selectors.claim_count_by_state_for_desk()["queued"] == 1
    ClaimFactory()
    assert selectors.claim_count_by_state_for_desk()["queued"] == 1
    cache.clear()
    assert selectors.claim_count_by_state_for_desk()["queued"] == 2


@pytest.mark.postgres
def test_desk_verdict_lists_are_read_in_index_order():
    from claims.models import Verdict

    ClaimFactory()
    waiting = selectors.verdict_list_for_review()[:50]
    published = Verdict.objects.filter(status__in=Verdict.PUBLIC_STATUSES).order_by(
        "-published_at", "-id"
    )[:5]
    assert "verdict_review_order" in plan(waiting, ordered=True)
    assert "verdict_published_order" in plan(published, ordered=True)
