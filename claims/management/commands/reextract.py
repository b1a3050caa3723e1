"""Extract stored articles again after an upgrade, keeping every desk work."""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from claims import services
from claims.models import Article


class Command(BaseCommand):
    help = (
        "Extract stored articles' claims again with the current pipeline (for "
        "example to split statements into one claim per sentence and give claims "
        "their standalone text). Claims carrying desk work keep their id and work."
    )

    def add_arguments(self, parser):
        parser.add_argument("ids", nargs="*", type=int, metavar="ARTICLE_ID")
        parser.add_argument("--all", action="store_true", help="every done or failed article")

    def handle(self, *args, ids, all=False, **options):
        if bool(ids) == bool(all):
            raise CommandError("Give article ids or --all (not both).")
        articles = Article.objects.filter(
            status__in=[Article.Status.DONE, Article.Status.FAILED]
        ).order_by("pk")
        if ids:
            articles = articles.filter(pk__in=ids)
            missing = sorted(set(ids) - set(articles.values_list("pk", flat=True)))
            if missing:
                raise CommandError(
                    f"Not done or failed (or no such article): {', '.join(map(str, missing))}."
                )
        done = held = failed = claims = 0
        for article in tqdm(list(articles), desc="Re-extracting", unit="article", disable=None):
            try:
                count = services.article_reextract(article=article)
            except services.ArticleExtractionFailed as exc:
                failed += 1
                self.stderr.write(f"Article {article.pk}: {exc}")
                continue
            if count is None:
                held += 1
            else:
                done += 1
                claims += count
        self.stdout.write(
            f"Re-extracted {done} article(s), {claims} claim(s); "
            f"{held} held by a worker (skipped), {failed} failed."
        )
