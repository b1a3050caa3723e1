"""Submit articles from files and folders, with a progress bar and a summary."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from tqdm import tqdm

from claims import services
from claims.article_files import ArticleSource, read_articles
from claims.article_input import ArticleInputError
from claims.models import Article


class Command(BaseCommand):
    help = (
        "Ingest .txt, .html or .jsonl (one article per line) files or folders, or web pages "
        "by URL (fetched by the worker, or here when no broker is set)."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH_OR_URL")
        parser.add_argument("--user", help="username to record as the submitter")
        parser.add_argument("--outlet", default="", help="outlet for articles that name none")

    def handle(self, *args, paths, user=None, outlet="", **options):
        submitter = None
        if user:
            submitter = get_user_model().objects.filter(username=user).first()
            if submitter is None:
                raise CommandError(f"No user named {user!r}.")
        urls = [p for p in paths if p.lower().startswith(("http://", "https://"))]
        files = [p for p in paths if p not in urls]
        sources = list(read_articles(files)) if files else []
        # A URL alone: article_submit stores it and the task fetches the page.
        sources += [ArticleSource(label=url, metadata={"url": url}) for url in urls]
        counts = {"created": 0, "duplicates": 0, "claims": 0, "queued": 0, "waiting": 0}
        failures: list[str] = []
        try:
            for source in tqdm(sources, desc="Ingesting", unit="article", disable=None):
                if source.error:
                    failures.append(source.error)
                    continue
                failure = self.ingest_one(source, submitter=submitter, outlet=outlet, counts=counts)
                if failure:
                    failures.append(failure)
        finally:  # the summary, also when something unforeseen stops the run
            self.stdout.write(
                f"Articles: {counts['created']} new, {counts['duplicates']} duplicate(s) "
                f"skipped, {len(failures)} failed; claims: {counts['claims']}"
                + (
                    f"; {counts['queued']} article(s) still processing in the worker"
                    if counts["queued"]
                    else ""
                )
                + (
                    f"; {counts['waiting']} stored, waiting for the queue (broker "
                    "unreachable; queued by the sweeper when it is back)"
                    if counts["waiting"]
                    else ""
                )
            )
            for failure in failures:
                self.stdout.write(f"  failed: {failure}")
        if failures and not counts["created"] and not counts["duplicates"]:
            raise CommandError("Nothing was ingested.")

    def ingest_one(self, source, *, submitter, outlet: str, counts: dict) -> str:
        """Submit one article; return why it failed, or "" (counts updated)."""
        metadata = {"outlet": outlet, **source.metadata}
        try:
            result = services.article_submit(
                text=source.text,
                submitted_by=submitter,
                source=Article.Source.CLI,
                **metadata,
            )
        except (ArticleInputError, ValueError) as exc:
            return f"{source.label}: {exc}"
        except DatabaseError as exc:  # one article the database refuses stops no others
            return f"{source.label}: the database refused it ({str(exc).strip()})"
        if not result.created:
            counts["duplicates"] += 1
            return ""
        counts["created"] += 1
        article = result.article
        article.refresh_from_db()
        if article.status == Article.Status.FAILED:
            return f"{source.label}: extraction failed: {article.error}"
        if article.status == Article.Status.DONE:
            counts["claims"] += article.claims.count()
        elif result.queued:
            counts["queued"] += 1
        else:
            counts["waiting"] += 1
        return ""
