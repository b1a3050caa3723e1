"""Feeds and sitemaps watched on a schedule (issue #23), against a real HTTP
server on 127.0.0.1: conditional GET, new entries become articles by URL
once, backoff and switching off after failures, malformed and empty feeds,
the beat task, `manage.py poll_sources` and the Sources page."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from claims.models import Article
from sources.feeds import (
    FEED_EMPTY,
    SITEMAP_INDEX,
    FeedError,
    feed_items,
    sitemap_items,
)
from sources.models import PageFetch, Source, SourceEntry, SourcePoll
from sources.services import source_poll, sources_poll_due
from sources.tasks import sources_poll as poll_task
from tests import pages_server
from tests.pages_server import article_page, html

pages = pages_server.pages  # the fixture

pytestmark = pytest.mark.django_db

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Riverside Herald</title><link>{base}/</link>
<description>News</description>
{items}
</channel></rss>"""
RSS_ITEM = """<item><title>{title}</title><link>{base}/news/{slug}</link>
<guid isPermaLink="false">herald-{slug}</guid>
<pubDate>Mon, 30 Nov 2026 0{hour}:00:00 GMT</pubDate></item>"""


def rss(base: str, *slugs: str) -> bytes:
    items = "\n".join(
        RSS_ITEM.format(title=f"Story {slug}", base=base, slug=slug, hour=i % 10)
        for i, slug in enumerate(slugs)
    )
    return RSS.format(base=base, items=items).encode()


def feed_route(body_of, etag: str | None = None):
    """A feed answering 304 to a request that names its current ETag."""

    def route(handler):
        body = body_of()
        tag = etag or f'"{hash(body)}"'
        if handler.headers.get("If-None-Match") == tag:
            return 304, {"ETag": tag}, b""
        return 200, {"Content-Type": "application/rss+xml", "ETag": tag}, body

    return route


@pytest.fixture
def herald(pages):
    return Source.objects.create(
        name="Riverside Herald", url=pages.url("/feed.xml"), outlet="Riverside Herald",
        poll_minutes=30,
    )


def test_new_entries_become_articles_by_url_once_and_a_changed_feed_adds_only_its_new(
    pages, herald
):
    state = {"slugs": ["a", "b"]}
    base = f"http://127.0.0.1:{pages.port}"
    pages.routes["/feed.xml"] = feed_route(lambda: rss(base, *state["slugs"]))

    first = source_poll(source=herald)
    assert first.ok and (first.poll.items, first.poll.new_items) == (2, 2)
    articles = Article.objects.order_by("pk")
    assert [a.url for a in articles] == [f"{base}/news/a", f"{base}/news/b"]
    assert all(a.status == Article.Status.PENDING and a.text == "" for a in articles)
    assert all(a.outlet == "Riverside Herald" for a in articles)
    assert PageFetch.objects.count() == 2  # fetched by the task, not by polling
    assert [p for p, _ in pages.requests] == ["/feed.xml"]
    herald.refresh_from_db()
    assert herald.etag and herald.last_new_item_at and herald.consecutive_failures == 0

    unchanged = source_poll(source=herald)
    assert unchanged.poll.not_modified and unchanged.poll.new_items == 0
    assert pages.requests[-1][1]["If-None-Match"] == herald.etag

    state["slugs"] = ["c", "a", "b"]  # a new story on top
    changed = source_poll(source=herald)
    assert (changed.poll.items, changed.poll.new_items) == (3, 1)
    assert Article.objects.count() == 3
    assert SourceEntry.objects.filter(source=herald).count() == 3
    assert SourcePoll.objects.filter(source=herald).count() == 3

    # The same link in a second feed: recorded there, no second article.
    other = Source.objects.create(name="Aggregator", url=pages.url("/other.xml"))
    pages.routes["/other.xml"] = feed_route(lambda: rss(base, "a"))
    again = source_poll(source=other)
    assert again.poll.new_items == 0 and Article.objects.count() == 3
    entry = SourceEntry.objects.get(source=other)
    assert not entry.created and entry.article.url == f"{base}/news/a"


def test_a_feed_failing_three_times_backs_off_then_recovers(pages, herald):
    answers = iter([html(b"down", status=503)] * 3)
    base = f"http://127.0.0.1:{pages.port}"
    pages.routes["/feed.xml"] = lambda h: next(answers, None) or (
        200, {"Content-Type": "application/rss+xml"}, rss(base, "a")
    )
    now = timezone.now()
    waits = []
    for attempt in range(1, 4):
        result = source_poll(source=herald, now=now)
        assert not result.ok and "503" in result.poll.error
        herald.refresh_from_db()
        assert herald.consecutive_failures == attempt and herald.active
        assert "503" in herald.last_error
        waits.append(herald.next_check_at - now)
    assert waits == [datetime.timedelta(minutes=30 * 2**n) for n in (1, 2, 3)]

    recovered = source_poll(source=herald, now=now)
    herald.refresh_from_db()
    assert recovered.ok and recovered.poll.new_items == 1
    assert herald.consecutive_failures == 0 and herald.last_error == ""
    assert herald.next_check_at == now + datetime.timedelta(minutes=30)


def test_a_source_failing_too_often_is_switched_off_with_the_reason(
    pages, herald, settings, client, editor
):
    settings.CLAIMS_SOURCES_MAX_FAILURES = 2
    pages.routes["/feed.xml"] = lambda h: html(b"gone", status=404)
    for _ in range(2):
        source_poll(source=herald)
    herald.refresh_from_db()
    assert not herald.active
    assert herald.disabled_reason.startswith("Switched off after 2 failed checks in a row")
    assert "404 Not Found" in herald.disabled_reason
    assert sources_poll_due(now=timezone.now() + datetime.timedelta(days=2)) == []

    client.force_login(editor)
    page = client.get(reverse("sources:source_list")).content.decode()
    assert "Off: Switched off after 2 failed checks" in page
    client.post(reverse("sources:source_switch", args=[herald.pk]), {"active": "1"})
    herald.refresh_from_db()
    assert herald.active and herald.consecutive_failures == 0 and not herald.disabled_reason


@pytest.mark.parametrize(
    "body, message",
    [
        (b"<rss><channel><item><title>Broken", "The feed could not be read"),
        (b"\x00\x01binary", "The feed could not be read"),
        (b"<html><body>Not a feed</body></html>", "The feed could not be read"),
    ],
)
def test_a_malformed_feed_is_a_failure_with_the_reason(pages, herald, body, message):
    pages.routes["/feed.xml"] = lambda h: (200, {"Content-Type": "application/xml"}, body)
    result = source_poll(source=herald)
    herald.refresh_from_db()
    assert not result.ok and message in result.poll.error
    assert herald.consecutive_failures == 1 and message in herald.last_error
    assert Article.objects.count() == 0


def test_an_empty_feed_is_said_but_no_failure(pages, herald):
    base = f"http://127.0.0.1:{pages.port}"
    pages.routes["/feed.xml"] = lambda h: (200, {"Content-Type": "application/rss+xml"}, rss(base))
    result = source_poll(source=herald)
    herald.refresh_from_db()
    assert result.ok and result.poll.error == FEED_EMPTY and herald.last_error == FEED_EMPTY
    assert herald.consecutive_failures == 0 and Article.objects.count() == 0


def test_a_feed_of_pdfs_or_at_an_internal_address_is_refused(pages, herald, settings):
    pages.routes["/feed.xml"] = lambda h: (200, {"Content-Type": "application/pdf"}, b"%PDF")
    assert "not a feed or sitemap" in source_poll(source=herald).poll.error
    settings.CLAIMS_FETCH_ALLOWED_HOSTS = []
    assert "internal address (loopback)" in source_poll(source=herald).poll.error


def test_the_beat_task_checks_due_sources_once(pages, herald):
    base = f"http://127.0.0.1:{pages.port}"
    pages.routes["/feed.xml"] = feed_route(lambda: rss(base, "a"))
    paused = Source.objects.create(name="Paused", url=pages.url("/paused.xml"), active=False)
    later = Source.objects.create(
        name="Later", url=pages.url("/later.xml"),
        next_check_at=timezone.now() + datetime.timedelta(minutes=5),
    )

    assert poll_task.apply().get() == 1
    assert poll_task.apply().get() == 0  # not due again for 30 minutes
    assert [p for p, _ in pages.requests] == ["/feed.xml"]
    assert not SourcePoll.objects.filter(source__in=[paused, later]).exists()


def test_poll_sources_command_checks_one_source_with_a_summary(pages, herald):
    base = f"http://127.0.0.1:{pages.port}"
    pages.routes["/feed.xml"] = feed_route(lambda: rss(base, "a", "b"))
    out = StringIO()
    call_command("poll_sources", "--source", str(herald.pk), stdout=out, stderr=StringIO())
    assert "Sources: 1 checked, 2 new article(s), 0 failed" in out.getvalue()
    assert f"#{herald.pk} Riverside Herald: 2 entries, 2 new" in out.getvalue()


@pytest.mark.model
def test_an_entry_reaches_the_queue_as_an_extracted_article(
    pages, herald, django_capture_on_commit_callbacks
):
    base = f"http://127.0.0.1:{pages.port}"
    pages.routes["/feed.xml"] = feed_route(lambda: rss(base, "budget"))
    pages.routes["/news/budget"] = lambda h: html(article_page())
    with django_capture_on_commit_callbacks(execute=True):
        source_poll(source=herald)
    article = Article.objects.get()
    assert article.status == Article.Status.DONE, article.error
    assert article.title == "Council approves budget" and article.claims.exists()


def test_the_sources_page_lists_health_and_adds_a_source(client, editor, pages, herald):
    SourceEntry.objects.create(source=herald, key="x", url=pages.url("/x"))
    SourceEntry.objects.create(
        source=herald, key="old", url=pages.url("/old"),
        seen_at=timezone.now() - datetime.timedelta(days=8),
    )
    client.force_login(editor)
    page = client.get(reverse("sources:source_list"))
    assert page.status_code == 200
    row = page.content.decode().split(f'id="source-{herald.pk}"')[1].split("</tr>")[0]
    assert '<td class="num">1</td>' in row  # one item in the last 7 days
    assert "never" in row and "Healthy" in row

    refused = client.post(reverse("sources:source_list"), {
        "name": "Metadata", "url": "http://169.254.169.254/feed", "kind": "feed",
        "language": "en", "poll_minutes": 30,
    })
    assert "internal address (link-local)" in refused.content.decode()
    pages.routes["/new.xml"] = feed_route(lambda: rss(f"http://127.0.0.1:{pages.port}"))
    added = client.post(reverse("sources:source_list"), {
        "name": "New feed", "url": pages.url("/new.xml"), "kind": "feed",
        "language": "en", "poll_minutes": 15,
    })
    assert added.status_code == 302
    source = Source.objects.get(name="New feed")
    assert source.created_by == editor and source.next_check_at is None


ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom</title><id>urn:feed</id>
<updated>2026-12-01T10:00:00Z</updated>
<entry><title>One</title><id>urn:entry:1</id><link href="/one"/>
<updated>2026-12-01T10:00:00Z</updated></entry>
<entry><title>No link</title><id>urn:entry:2</id><updated>2026-12-01T10:00:00Z</updated></entry>
</feed>"""
RSS1 = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
<channel rdf:about="https://example.org/"><title>RSS 1.0</title><link>https://example.org/</link>
<description>d</description></channel>
<item rdf:about="https://example.org/one"><title>One</title>
<link>https://example.org/one</link></item>
</rdf:RDF>"""
RSS091 = b"""<?xml version="1.0"?><rss version="0.91"><channel><title>Old</title>
<link>https://example.org/</link><description>d</description><language>en</language>
<item><title>One</title><link>https://example.org/one</link></item></channel></rss>"""


@pytest.mark.parametrize(
    "body, key",
    [
        (ATOM, "urn:entry:1"),  # Atom: the id is the key; a relative link is resolved
        (RSS1, "https://example.org/one"),  # RSS 1.0 (RDF)
        (RSS091, "https://example.org/one"),  # RSS 0.91: no guid, the link is the key
    ],
)
def test_feed_formats(body, key):
    items = feed_items(body, base_url="https://example.org/feed")
    assert [(i.key, i.url, i.title) for i in items] == [(key, "https://example.org/one", "One")]


def test_news_sitemaps_and_sitemap_indexes():
    news = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://example.org/one</loc><news:news><news:title>One</news:title>
<news:publication_date>2026-12-01T08:00:00+01:00</news:publication_date></news:news></url>
<url><loc>https://example.org/two</loc><lastmod>2026-12-02</lastmod></url>
</urlset>"""
    items = sitemap_items(news, base_url="https://example.org/sitemap.xml")
    assert [(i.url, i.title) for i in items] == [
        ("https://example.org/one", "One"), ("https://example.org/two", "")
    ]
    assert items[0].published.isoformat() == "2026-12-01T08:00:00+01:00"
    index = b"""<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://example.org/news.xml</loc></sitemap></sitemapindex>"""
    with pytest.raises(FeedError) as error:
        sitemap_items(index, base_url="https://example.org/")
    assert str(error.value) == SITEMAP_INDEX.format(count=1, first="https://example.org/news.xml")
    entity = b"""<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>&e;</loc></url></urlset>"""
    assert sitemap_items(entity, base_url="https://example.org/") == []  # never resolved
