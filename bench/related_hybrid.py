"""The related-claims lookup, hybrid and dense, against the index query alone (issue #24).

Run: `.venv/bin/python bench/related_hybrid.py --claims 100000 [--articles 40]`
(`--claims 5000` is a quick look; `--claims 1000000` the large one).

Builds the database `bench/scale.py` builds (a throwaway PostgreSQL +
pgvector server unless DATABASE_URL names one; `--claims` claims in
articles of 20 from the LIAR statements, each claim's vector its
sentence's MiniLM vector moved by a little noise, the product's HNSW
index), then times, for the claims of `--articles` articles, each way of
asking:

- index query alone, one claim: `claim_vectors_candidates` (the HNSW walk,
  the RELATED_CANDIDATES nearest claims of other articles, exact distances),
  the baseline;
- whole lookup, one claim: `claim_list_related` with CLAIMS_RELATED_RANKING
  "hybrid" (candidates, BM25 among them, the re-ranker, tiers) and "dense";
- index query alone, one article: NEAREST_MANY_SQL for its 20 claims (ingest's
  single vector query);
- whole lookup, one article: `claim_list_related_many`, hybrid and dense,
  with its SQL queries counted.

Then the search page by mode (keyword, meaning, both; issue #24's budget:
p95 within 30x the login page's) and the API's claims list with q and mode,
as scale.py requests pages. It prints p50 and p95 in milliseconds and the
p95's ratio to the baseline of the same run, and the load average (on a
loaded machine the figures are upper bounds). Warm-up first: one pass of
the index queries over the claims timed (the pages they read cached), two
lookups (the re-ranker, stemmer, bm25s).
"""

from __future__ import annotations

import importlib.util
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("bench_scale", ROOT / "bench" / "scale.py")
scale = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(scale)  # sets up sys.path and the environment as scale.py runs

import argparse  # noqa: E402

import numpy as np  # noqa: E402


def percentiles(times: list[float]) -> tuple[float, float]:
    if len(times) < 2:
        return (times[0], times[0]) if times else (0.0, 0.0)
    cuts = statistics.quantiles(times, n=20, method="inclusive")
    return statistics.median(times), cuts[-1]


def timed(function, items) -> list[float]:
    times = []
    for item in items:
        start = time.perf_counter()
        function(item)
        times.append((time.perf_counter() - start) * 1000)
    return times


def measure(articles: int) -> tuple[list[tuple[str, list[float]]], dict]:
    from django.db import connection
    from django.test import override_settings
    from django.test.utils import CaptureQueriesContext

    from claims.models import Article
    from claims.selectors import related

    picked = list(Article.objects.order_by("-id")[: articles + 2])
    batches = [list(a.claims.select_related("vector_row").order_by("id")) for a in picked]
    warmup, batches = batches[:2], batches[2:]
    claims = [claim for batch in batches for claim in batch]

    def index_one(claim):
        query = np.asarray(claim.embedding, dtype=np.float32)
        list(related.claim_vectors_candidates(query=query, article_id=claim.article_id, limit=10))

    def index_many(batch):
        with connection.cursor() as cursor:
            cursor.execute(
                related.NEAREST_MANY_SQL,
                [
                    [c.pk for c in batch],
                    [c.article_id for c in batch],
                    [related.vector_text(c.embedding) for c in batch],
                    related.RELATED_CANDIDATES,
                ],
            )
            cursor.fetchall()

    rows, queries = [], {}
    timed(index_one, claims)  # warm-up: the index's and the tables' pages in the cache
    timed(index_many, batches)
    rows.append(("index query alone, one claim (baseline)", timed(index_one, claims)))
    for ranking in ("hybrid", "dense"):
        with override_settings(CLAIMS_RELATED_RANKING=ranking):
            for batch in warmup:
                related.claim_list_related_many(claims=batch)
            rows.append(
                (
                    f"whole lookup, one claim, {ranking}",
                    timed(lambda c: related.claim_list_related(claim=c), claims),
                )
            )
    rows.append(("index query alone, one article", timed(index_many, batches)))
    for ranking in ("hybrid", "dense"):
        with override_settings(CLAIMS_RELATED_RANKING=ranking):
            rows.append(
                (
                    f"whole lookup, one article, {ranking}",
                    timed(lambda b: related.claim_list_related_many(claims=b), batches),
                )
            )
            with CaptureQueriesContext(connection) as captured:
                for batch in batches:
                    related.claim_list_related_many(claims=batch)
            queries[ranking] = len(captured.captured_queries) / len(claims)
    return rows, {"claims_per_article": len(claims) / len(batches), "queries_per_claim": queries}


def search_pages(data: dict, requests: int) -> list[tuple[str, list[float]]]:
    """The search page by mode (issue #24's budget: p95 within 30x login's)."""
    from django.test import Client
    from django.urls import reverse

    anonymous, checker = Client(SERVER_NAME="localhost"), Client(SERVER_NAME="localhost")
    checker.force_login(data["checker"])
    search = reverse("claims:search")
    urls = [("login page (baseline)", anonymous, reverse("login"))]
    for mode in ("keyword", "meaning", "both"):
        for query in ("health care", "says"):
            urls.append(
                (f"search q={query}, {mode}", checker, f"{search}?q={query}&mode={mode}")
            )
    urls.append(("API claims q=health care, both", checker, "/api/claims/?q=health+care&mode=both"))
    return [(name, scale.timed(client, url, requests)) for name, client, url in urls]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--articles", type=int, default=40, help="articles whose claims are timed")
    parser.add_argument("--requests", type=int, default=20, help="requests per search page")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="with DATABASE_URL: use the claims seeded by an earlier run (scale.py's)",
    )
    args = parser.parse_args()
    with scale.database() as url:
        os.environ["DATABASE_URL"] = url
        import django

        django.setup()
        import logging

        logging.getLogger("axes").setLevel(logging.WARNING)
        from claims.retrieval.vectors import default_encoder

        statements = scale.read_statements(scale.SENTENCES)
        started = time.perf_counter()
        vectors = default_encoder()([s for s, _ in statements])
        print(f"{len(statements):,} sentences embedded in {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        data = scale.seeded_data(args.claims) if args.reuse else None
        if data is None:
            data = scale.seed(args.claims, vectors, statements)
        print(
            f"{data['claims']:,} claims in {data['articles']:,} articles ready in"
            f" {time.perf_counter() - started:.1f} s; load average {os.getloadavg()[0]:.2f}"
        )
        rows, about = measure(args.articles)
        base = percentiles(rows[0][1])[1]
        title = "related claims (PostgreSQL + pgvector)"
        print(f"{title:<44}{'p50 ms':>9}{'p95 ms':>9}{'p95 ×':>8}")
        for name, times in rows:
            p50, p95 = percentiles(times)
            print(f"{name:<44}{p50:>9.1f}{p95:>9.1f}{p95 / base:>8.1f}")
        pages = search_pages(data, args.requests)
        base = percentiles(pages[0][1])[1]
        print(f"{'search (PostgreSQL + pgvector)':<44}{'p50 ms':>9}{'p95 ms':>9}{'p95 ×':>8}")
        for name, times in pages:
            p50, p95 = percentiles(times)
            print(f"{name:<44}{p50:>9.1f}{p95:>9.1f}{p95 / base:>8.1f}")
        per_claim = ", ".join(f"{k} {v:.2f}" for k, v in about["queries_per_claim"].items())
        print(
            f"{about['claims_per_article']:.0f} claims per article; SQL queries per claim of"
            f" claim_list_related_many: {per_claim}; load average {os.getloadavg()[0]:.2f}"
        )


if __name__ == "__main__":
    sys.exit(main())
