"""`manage.py match`: rank checked claims for queries, write a TREC run."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from claims.retrieval.datasets import read_corpus, read_queries
from claims.retrieval.vectors import DEFAULT_EMBEDDING_CACHE


class Command(BaseCommand):
    help = (
        "Find the checked claims each query repeats, with no database: read a CheckThat! "
        "corpus (vclaims.jsonl or verified_claims.docs.tsv) and an id<TAB>text query file, "
        "write a TREC run (qid Q0 docid rank score tag)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--corpus", required=True, metavar="FILE")
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

    def handle(self, *args, corpus, queries, out, top, tag, **options):
        from claims.retrieval.ranking import build_ranker
        from claims.retrieval.vectors import default_encoder

        if top < 1:
            raise CommandError("--top must be at least 1")
        try:
            documents = read_corpus(corpus)
            query_list = read_queries(queries)
        except (OSError, ValueError, KeyError) as exc:
            raise CommandError(str(exc)) from exc
        if not documents:
            raise CommandError(f"{corpus}: no checked claims")
        cache = None if options["no_embedding_cache"] else options["embedding_cache"]
        ranker = build_ranker(documents, encode=default_encoder(cache))
        results = ranker.search(query_list, top=top)
        with Path(out).open("w", encoding="utf-8") as run:
            for query, matches in zip(query_list, results, strict=True):
                for rank, match in enumerate(matches, start=1):
                    run.write(
                        f"{query.id}\tQ0\t{match.doc_id}\t{rank}\t{match.score:.10f}\t{tag}\n"
                    )
        self.stdout.write(
            f"wrote {sum(map(len, results))} lines for {len(query_list)} queries to {out}"
        )
