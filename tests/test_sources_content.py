"""Where articles came from (issue #23): a watched feed's are recorded
source=feed, a URL's source=url; the same-URL lookup has the shape of the
partial index article_url (url = <x> and url <> '')."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims import services
from claims.models import Article
from sources.models import Source
from sources.services import article_find_by_url, article_submit_url, source_poll
from sources.services.fetches import article_with_url
from tests import pages_server
from tests.conftest import on_postgres
from tests.test_sources import feed_route, rss

pages = pages_server.pages  # the fixture

pytestmark = pytest.mark.django_db


def test_feed_articles_are_source_feed_and_url_submissions_source_url(pages, editor):
    base = f"http://127.0.0.1:{pages.port}"
    pages.routes["/feed.xml"] = feed_route(lambda: rss(base, "a"))
    source = Source.objects.create(name="Herald", url=pages.url("/feed.xml"))
    assert source_poll(source=source).poll.new_items == 1
    assert Article.objects.get().source == Article.Source.FEED

    for given in (Article.Source.WEB, Article.Source.API, Article.Source.CLI):
        result = article_submit_url(url=f"{base}/news/{given}", submitted_by=editor,
                                    source=given)
        assert result.article.source == Article.Source.URL
    by_service = services.article_submit(url=f"{base}/news/x", submitted_by=None,
                                         source=Article.Source.API)
    assert by_service.article.source == Article.Source.URL
    pasted = services.article_submit(text="The council met on Tuesday and approved it.",
                                     submitted_by=None, source=Article.Source.API)
    assert pasted.article.source == Article.Source.API


def test_the_same_url_lookup_matches_the_partial_index():
    Article.objects.create(text="a", text_hash="a" * 64)  # no URL
    stored = Article.objects.create(text="b", text_hash="b" * 64,
                                    url="https://example.org/story")
    assert article_find_by_url(url="https://example.org/story") == stored
    assert article_find_by_url(url="") is None  # never the articles without a URL
    with CaptureQueriesContext(connection) as queries:
        article_with_url("https://example.org/story")
    where = queries.captured_queries[-1]["sql"].split("WHERE", 1)[1]
    assert '"url" = ' in where and "NOT" in where and "''" in where  # url <> '' repeated


@pytest.mark.postgres
def test_postgresql_uses_the_article_url_index():
    Article.objects.bulk_create(
        Article(text=f"t{i}", text_hash=f"{i:064d}", url=f"https://example.org/{i}" if i % 3
                else "")
        for i in range(300)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE claims_article")
        cursor.execute("SET LOCAL enable_seqscan = off")
    plan = Article.objects.filter(url="https://example.org/5").exclude(url="").explain()
    assert "article_url" in plan, plan
    assert on_postgres()
