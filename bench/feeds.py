"""Feeds at scale (issue #23): polling 50 local feeds of 100 items each, and
the time a new entry takes to reach the desk's queue, against pasting it.

Run: `.venv/bin/python bench/feeds.py [--feeds 50] [--items 100] [--repeat 3]`

A server on 127.0.0.1 (started here; nothing leaves the machine) serves the
feeds and an article page per item. Printed:

- the first round: every feed fetched and parsed, every item stored as a
  pending article by URL and handed to the queue (a broker in memory that
  nobody reads, so only polling is timed): items/s;
- a second round with nothing new: every feed answers 304 (ETag): feeds/s;
- a new entry's way to the queue, warm models: one feed checked, its page
  fetched and reduced, the article extracted, scored and embedded, its claims
  queued (median of --repeat), against the same text pasted
  (article_submit with text) in the same run: the ratio is what watching a
  feed adds to the article's own processing.
"""

from __future__ import annotations

import sys
from pathlib import Path

# bench/ holds queue.py, which would shadow the standard library's queue.
ROOT = Path(__file__).resolve().parents[1]
sys.path[0] = str(ROOT)

import argparse  # noqa: E402
import os  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workbench.settings.dev")
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["WORKBENCH_DATA_DIR"] = tempfile.mkdtemp(prefix="bench-feeds-")
os.environ.pop("DATABASE_URL", None)
os.environ.pop("REDIS_URL", None)
os.environ.pop("CLAIMS_BROKER_DIR", None)

PARAGRAPHS = [
    "The council of {town} approved a budget of ${n} million on Tuesday, officials said.",
    "“Taxes will not rise this year,” Mayor Ann Lee told reporters in {town}.",
    "Critics said the plan cut {n} jobs at the water utility and closed two libraries.",
    "The auditor warned that the reserve fund of {town} had fallen by half since 2020.",
]


def page(town: str, n: int) -> bytes:
    from tests.pages_server import article_page

    return article_page(
        f"{town} approves budget {n}", [p.format(town=town, n=n) for p in PARAGRAPHS]
    )


def feed(base: str, feed_no: int, items: int, extra: int = 0) -> bytes:
    entries = "\n".join(
        f"<item><title>Story {feed_no}-{i}</title><link>{base}/p/{feed_no}/{i}</link>"
        f"<guid isPermaLink=\"false\">f{feed_no}-{i}</guid></item>"
        for i in range(items + extra)
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Feed {feed_no}</title>'
        f"<link>{base}/</link><description>d</description>{entries}</channel></rss>"
    ).encode()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=50)
    parser.add_argument("--items", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from claims import services
    from claims.models import Article, Claim
    from sources.models import Source, SourceEntry
    from sources.services import source_poll, sources_poll_due
    from tests.pages_server import PagesServer, html
    from workbench.celery import app

    extra = {n: 0 for n in range(args.feeds)}
    with PagesServer() as server:
        base = f"http://127.0.0.1:{server.port}"
        settings.CLAIMS_FETCH_ALLOWED_HOSTS = ["127.0.0.1"]
        settings.CLAIMS_SOURCES_MAX_NEW_PER_POLL = args.items + 10

        def feed_route(n: int):
            def route(handler):
                tag = f'"{n}-{extra[n]}"'
                if handler.headers.get("If-None-Match") == tag:
                    return 304, {"ETag": tag}, b""
                body = feed(base, n, args.items, extra[n])
                return 200, {"Content-Type": "application/rss+xml", "ETag": tag}, body

            return route

        def page_route(handler):
            _, _, feed_no, item = handler.path.split("/")
            return html(page(f"Town{feed_no}", int(item) + 1))

        for n in range(args.feeds):
            server.routes[f"/feed/{n}.xml"] = feed_route(n)
            Source.objects.create(name=f"Feed {n}", url=f"{base}/feed/{n}.xml")
        for n in range(args.feeds):
            for i in range(args.items + args.repeat + 2):
                server.routes[f"/p/{n}/{i}"] = page_route

        # Polling alone: messages go to an in-memory broker nobody reads.
        app.conf.task_always_eager = False
        app.conf.broker_url = "memory://"
        start = time.perf_counter()
        first = sources_poll_due()
        first_s = time.perf_counter() - start
        created = sum(r.poll.new_items for r in first)
        assert created == args.feeds * args.items, created
        Source.objects.update(next_check_at=None)
        start = time.perf_counter()
        second = sources_poll_due()
        second_s = time.perf_counter() - start
        assert all(r.poll.not_modified for r in second)

        # A new entry's way to the queue, warm models, in-process.
        app.conf.task_always_eager = True
        warm = services.article_submit(text=page_text(0), submitted_by=None).article
        assert Article.objects.get(pk=warm.pk).status == Article.Status.DONE
        via_feed, by_paste = [], []
        source = Source.objects.get(name="Feed 0")
        extra[0] += 1  # warm-up through a feed too: trafilatura's first import
        source_poll(source=source)
        for r in range(args.repeat):
            extra[0] += 1
            start = time.perf_counter()
            # In-process (eager), the entry's task runs as its batch commits:
            # the poll returns once the page is fetched and extracted.
            result = source_poll(source=source)
            assert result.poll.new_items == 1
            article = SourceEntry.objects.filter(source=source).latest("pk").article
            article.refresh_from_db()
            assert article.status == Article.Status.DONE, article.error
            assert Claim.objects.filter(article=article).exists()
            via_feed.append(time.perf_counter() - start)
            text = article.text + f"\n\nPasted copy {r}."  # a new text, same length
            start = time.perf_counter()
            pasted = services.article_submit(text=text, submitted_by=None).article
            by_paste.append(time.perf_counter() - start)
            assert Article.objects.get(pk=pasted.pk).status == Article.Status.DONE

    items = args.feeds * args.items
    feed_s, paste_s = statistics.median(via_feed), statistics.median(by_paste)
    print(f"{args.feeds} feeds x {args.items} items, server and database on this machine")
    print(f"first round: {items:,} new items in {first_s:.1f} s  ({items / first_s:,.0f} items/s,"
          f" {args.feeds / first_s:.1f} feeds/s)")
    print(f"second round, nothing new (304): {second_s:.2f} s  "
          f"({args.feeds / second_s:,.0f} feeds/s)")
    print(f"new entry to queued claims (median of {args.repeat}): {feed_s * 1000:.0f} ms")
    print(f"the same text pasted (median of {args.repeat}):        {paste_s * 1000:.0f} ms")
    print(f"ratio feed / paste: {feed_s / paste_s:.2f}x")


def page_text(n: int) -> str:
    return "\n".join(p.format(town=f"Warmup{n}", n=n + 1) for p in PARAGRAPHS)


if __name__ == "__main__":
    main()
