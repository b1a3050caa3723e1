"""Submit articles from files and folders, with a progress bar and a summary."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from claims import services
from claims.article_files import read_articles
from claims.article_input import ArticleInputError
from claims.models import Article


class Command(BaseCommand):
    help = "Ingest .txt, .html or .jsonl (one article per line) files or folders."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument("--user", help="username to record as the submitter")
        parser.add_argument("--outlet", default="", help="outlet for articles that name none")

    def handle(self, *args, paths, user=None, outlet="", **options):
        submitter = None
        if user:
            submitter = get_user_model().objects.filter(username=user).first()
            if submitter is None:
                raise CommandError(f"No user named {user!r}.")
        sources = list(read_articles(paths))
        created, duplicates, claims, queued, failures = 0, 0, 0, 0, []
        for source in tqdm(sources, desc="Ingesting", unit="article", disable=None):
            if source.error:
                failures.append(source.error)
                continue
            metadata = {"outlet": outlet, **source.metadata}
            try:
                result = services.article_submit(
                    text=source.text,
                    submitted_by=submitter,
                    source=Article.Source.CLI,
                    **metadata,
                )
            except (ArticleInputError, ValueError) as exc:
                failures.append(f"{source.label}: {exc}")
                continue
            if not result.created:
                duplicates += 1
                continue
            created += 1
            article = result.article
            article.refresh_from_db()
            if article.status == Article.Status.FAILED:
                failures.append(f"{source.label}: extraction failed: {article.error}")
            elif article.status == Article.Status.DONE:
                claims += article.claims.count()
            else:
                queued += 1
        self.stdout.write(
            f"Articles: {created} new, {duplicates} duplicate(s) skipped, "
            f"{len(failures)} failed; claims: {claims}"
            + (f"; {queued} article(s) still processing in the worker" if queued else "")
        )
        for failure in failures:
            self.stdout.write(f"  failed: {failure}")
        if failures and not created and not duplicates:
            raise CommandError("Nothing was ingested.")
