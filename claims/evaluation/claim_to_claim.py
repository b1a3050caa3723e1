"""Score related claims claim to claim (dense against hybrid) on CheckThat! 2022.

`manage.py evaluate claim-to-claim` stores the queries of a CheckThat! split
(dev-test by default) as the claims of one article and the verified claims
as the claims of other articles (one each), in a test database made for the
run and dropped after it, then asks the production path for each query's
related claims: `claims.services.related.claims_relations_refresh`, the
ingest step (the dense index's candidates, then the configured ranking,
tiers, links stored). It prints MAP@1, MAP@5, MRR and recall@5 of

* dense: CLAIMS_RELATED_RANKING = "dense", the ranking before issue #24
  (the cosine of the two MiniLM vectors);
* hybrid: "hybrid", the library's ranking of the dense index's candidates
  (BM25 among them, the shipped re-ranker);

each as stored (the related claims above the related tier, at most 10, as
the claim page shows them) and with the thresholds off (the ranking alone).
Both are measured in one run on the same data; nothing is tuned on it.
Vectors are MiniLM's of the texts as given (a claim is embedded as it
reads; the query's tweet signature stays, as in any claim's text), cached
like `evaluate matching`'s. The database is the configured one's test
database (SQLite: in memory, the in-process index; PostgreSQL: pgvector).
"""

from __future__ import annotations

import contextlib
import hashlib
import time
from pathlib import Path
from typing import TextIO

import numpy as np

from claims.retrieval.datasets import dataset_splits
from claims.retrieval.metrics import ranking_figures
from claims.retrieval.vectors import DEFAULT_EMBEDDING_CACHE, default_encoder

DATASET = "checkthat2022_task2a_en_claim_retrieval"
METRICS = ("map@1", "map@5", "mrr", "recall@5")
BATCH = 50  # query claims per claims_relations_refresh call (an article's at ingest)
RANKINGS = ("dense", "hybrid")


def default_dataset() -> Path:
    from django.conf import settings

    return Path(settings.BASE_DIR).parent / "shared" / "data" / DATASET


def add_arguments(parser) -> None:
    """Add the evaluation's options to its subcommand parser."""
    parser.add_argument(
        "--dataset", metavar="DIR", help=f"a CheckThat! 2022 task 2A folder (default: {DATASET})"
    )
    parser.add_argument("--split", default="dev-test", help="the split to score (dev-test)")
    parser.add_argument(
        "--embedding-cache",
        default=str(DEFAULT_EMBEDDING_CACHE),
        metavar="DIR",
        help="where corpus and query embeddings are kept between runs",
    )
    parser.add_argument("--no-embedding-cache", action="store_true", help="embed everything afresh")


def run(options: dict, out: TextIO) -> dict:
    """Evaluate claim-to-claim related claims; print a table, return figures."""
    dataset = Path(options.get("dataset") or default_dataset())
    splits = dataset_splits(dataset)
    name = options.get("split") or "dev-test"
    if name not in splits:
        raise FileNotFoundError(
            f"{dataset}: no split {name!r}; this folder has {', '.join(splits)}"
        )
    split = splits[name]
    documents, queries, qrels = split.load()
    cache = None if options.get("no_embedding_cache") else options.get("embedding_cache")
    encode = default_encoder(cache)
    started = time.perf_counter()
    document_vectors = encode([document.text for document in documents])
    query_vectors = encode([query.text for query in queries])
    with _test_database() as vendor:
        query_claims, vclaim_of = _store(documents, document_vectors, queries, query_vectors)
        systems, timings = {}, {}
        for ranking in RANKINGS:
            for tiers in (True, False):
                label = ranking if tiers else f"{ranking}, no thresholds"
                began = time.perf_counter()
                runs = _related_runs(query_claims, vclaim_of, ranking=ranking, tiers=tiers)
                timings[label] = round((time.perf_counter() - began) / len(query_claims) * 1e3, 1)
                systems[label] = ranking_figures(runs, qrels)
    result = {
        "split": split.label,
        "database": vendor,
        "queries": len(queries),
        "claims": len(documents) + len(queries),
        "systems": systems,
        "ms_per_claim": timings,
        "seconds": round(time.perf_counter() - started, 1),
    }
    print_result(result, out)
    return result


def print_result(result: dict, out: TextIO) -> None:
    out.write(
        f"{result['split']} claim to claim ({result['database']}): {result['queries']} query"
        f" claims in one article, {result['claims'] - result['queries']} verified claims in"
        f" others, {result['seconds']} s\n"
    )
    out.write(
        f"{'related claims':<26}" + "".join(f"{m:>10}" for m in METRICS) + f"{'ms/claim':>10}\n"
    )
    for name, figures in result["systems"].items():
        out.write(
            f"{name:<26}"
            + "".join(f"{figures[m]:>10.3f}" for m in METRICS)
            + f"{result['ms_per_claim'][name]:>10.1f}\n"
        )


@contextlib.contextmanager
def _test_database():
    """Create the configured database's test database for the run, drop it after."""
    from django.db import connection

    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        yield connection.vendor
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def _store(documents, document_vectors, queries, query_vectors):
    """Store the queries as one article's claims and each verified claim as
    another article's; return the query claims (query id on each as
    `query_id`) and the verified claim's id per claim id."""
    from claims.models import Article, Claim, ClaimEmbedding

    def article(key: str, text: str) -> Article:
        digest = hashlib.sha256(f"{key}\n{text}".encode()).hexdigest()
        return Article(
            title=key, text=text, text_hash=digest, language="en", status=Article.Status.DONE
        )

    def claim(row: Article, position: int, text: str, start: int) -> Claim:
        return Claim(
            article=row,
            position=position,
            text=text,
            sentence_start=start,
            sentence_end=start + len(text),
            content_start=start,
            content_end=start + len(text),
            quote_type=Claim.QuoteType.UNATTRIBUTED,
            checkworthiness=0.8,
            queue_state=Claim.QueueState.QUEUED,
        )

    query_article = Article.objects.create(
        **{
            field: getattr(article("queries", "\n".join(q.text for q in queries)), field)
            for field in ("title", "text", "text_hash", "language", "status")
        }
    )
    claims, start = [], 0
    for position, query in enumerate(queries):
        claims.append(claim(query_article, position, query.text, start))
        start += len(query.text) + 1
    query_claims = Claim.objects.bulk_create(claims)
    articles = Article.objects.bulk_create(
        [article(document.id, document.text) for document in documents], batch_size=500
    )
    pairs = zip(articles, documents, strict=True)
    vclaims = Claim.objects.bulk_create(
        [claim(row, 0, document.text, 0) for row, document in pairs], batch_size=500
    )
    vectors = [
        ClaimEmbedding(claim=row, embedding=np.asarray(vector, dtype=np.float32))
        for row, vector in zip(
            query_claims + vclaims, list(query_vectors) + list(document_vectors), strict=True
        )
    ]
    ClaimEmbedding.objects.bulk_create(vectors, batch_size=500)
    for row, query in zip(query_claims, queries, strict=True):
        row.query_id = query.id
    vclaim_of = {row.pk: document.id for row, document in zip(vclaims, documents, strict=True)}
    return query_claims, vclaim_of


def _related_runs(query_claims, vclaim_of, *, ranking: str, tiers: bool) -> dict[str, list[str]]:
    """Each query's related verified claims as claims_relations_refresh stores
    them, best first, with one ranking; the thresholds off unless tiers."""
    from django.test import override_settings

    from claims.models import Claim, ClaimRelation
    from claims.services.related import claims_relations_refresh

    thresholds = {}
    if not tiers:  # every candidate reaches the related tier
        thresholds = dict.fromkeys(
            ("CLAIMS_RELATED_THRESHOLD", "CLAIMS_LIBRARY_RELATED_THRESHOLD"), -1.0
        )
    runs = {}
    with override_settings(CLAIMS_RELATED_RANKING=ranking, **thresholds):
        ClaimRelation.objects.all().delete()
        for start in range(0, len(query_claims), BATCH):
            batch = query_claims[start : start + BATCH]
            # As ingest passes them: each claim with its vector row attached.
            rows = Claim.objects.select_related("vector_row").in_bulk([c.pk for c in batch])
            relations = claims_relations_refresh(claims=[rows[c.pk] for c in batch])
            for claim in batch:
                found = sorted(relations[claim.pk], key=lambda r: -r.similarity)
                runs[claim.query_id] = [vclaim_of[r.other_id] for r in found]
    return runs
