"""`manage.py match`: rank checked claims for queries, write a TREC run."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from claims.retrieval.datasets import read_corpus, read_queries
from claims.retrieval.vectors import DEFAULT_EMBEDDING_CACHE


class Command(BaseCommand):
    help = (
        "Find the checked claims each query repeats and write a TREC run (qid Q0 docid rank "
        "score tag). Queries: an id<TAB>text file. Checked claims: a CheckThat! corpus file "
        "(--corpus vclaims.jsonl or verified_claims.docs.tsv; no database), or the library "
        "stored in the database (--library: exactly the claim view's search; docid is the "
        "checked claim's external id)."
    )

    def add_arguments(self, parser):
        where = parser.add_mutually_exclusive_group(required=True)
        where.add_argument("--corpus", metavar="FILE")
        where.add_argument("--library", action="store_true", help="search the stored library")
        parser.add_argument("--queries", required=True, metavar="FILE")
        parser.add_argument("--out", required=True, metavar="RUN")
        parser.add_argument("--top", type=int, default=5, help="matches per query (5)")
        parser.add_argument("--tag", default="hybrid", help="the run's name, last column")
        parser.add_argument(
            "--embedding-cache",
            default=str(DEFAULT_EMBEDDING_CACHE),
            metavar="DIR",
            help="where corpus embeddings are kept between runs",
        )
        parser.add_argument("--no-embedding-cache", action="store_true")

    def handle(self, *args, corpus, library, queries, out, top, tag, **options):
        if top < 1:
            raise CommandError("--top must be at least 1")
        try:
            query_list = read_queries(queries)
        except (OSError, ValueError, KeyError) as exc:
            raise CommandError(str(exc)) from exc
        if library:
            results = self.search_library(query_list, top)
        else:
            results = self.search_corpus(corpus, query_list, top, options)
        with Path(out).open("w", encoding="utf-8") as run:
            for query, matches in zip(query_list, results, strict=True):
                for rank, (doc_id, score) in enumerate(matches, start=1):
                    run.write(f"{query.id}\tQ0\t{doc_id}\t{rank}\t{score:.10f}\t{tag}\n")
        self.stdout.write(
            f"wrote {sum(map(len, results))} lines for {len(query_list)} queries to {out}"
        )

    def search_corpus(self, corpus, query_list, top, options) -> list[list[tuple[str, float]]]:
        from claims.retrieval.ranking import build_ranker
        from claims.retrieval.vectors import default_encoder

        try:
            documents = read_corpus(corpus)
        except (OSError, ValueError, KeyError) as exc:
            raise CommandError(str(exc)) from exc
        if not documents:
            raise CommandError(f"{corpus}: no checked claims")
        cache = None if options["no_embedding_cache"] else options["embedding_cache"]
        ranker = build_ranker(documents, encode=default_encoder(cache))
        return [
            [(match.doc_id, match.score) for match in matches]
            for matches in ranker.search(query_list, top=top)
        ]

    def search_library(self, query_list, top) -> list[list[tuple[str, float]]]:
        from claims.models import CheckedClaim
        from claims.selectors import library_search

        if not CheckedClaim.objects.exclude(embedding=None).exists():
            raise CommandError("The library is empty: import checked claims first.")
        found = library_search([q.text for q in query_list], top=top, below_related=True)
        external = dict(
            CheckedClaim.objects.filter(
                pk__in={hit.checked_claim_id for hits in found for hit in hits}
            ).values_list("id", "external_id")
        )
        return [[(external[hit.checked_claim_id], hit.score) for hit in hits] for hits in found]
