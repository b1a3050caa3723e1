"""The safe fetcher (issue #23) against a real server on 127.0.0.1: redirects,
timeouts, size and type limits, and addresses that must never be reached."""

import gzip
import ipaddress
import time

import pytest

from sources.fetching import (
    FEED_TYPES,
    FETCH_CONTENT_TYPE,
    FetchError,
    address_kind,
    fetch,
)
from sources.pages import PAGE_NO_TEXT, page_content
from tests.pages_server import article_page, html, pages  # noqa: F401 (fixture)


def test_a_page_is_fetched_with_the_newsroom_user_agent_and_no_cookies(pages, settings):
    pages.routes["/story"] = lambda h: html(article_page(), **{"Set-Cookie": "session=abc"})
    first = fetch(pages.url("/story"))
    fetch(pages.url("/story"))  # a cookie set by the first answer is not sent back

    assert first.status == 200 and first.content_type == "text/html"
    assert b"Council approves budget" in first.body
    headers = [h for _, h in pages.requests]
    assert all(h["User-Agent"] == settings.CLAIMS_FETCH_USER_AGENT for h in headers)
    assert "ClaimWorkbench" in settings.CLAIMS_FETCH_USER_AGENT
    assert not any("Cookie" in h for h in headers)


def test_page_content_reads_main_text_and_metadata(pages):
    pages.routes["/story"] = lambda h: html(article_page())
    content = page_content(fetch(pages.url("/story")))

    assert "Taxes will not rise this year" in content.text
    assert "All rights reserved" not in content.text and "Sport" not in content.text
    assert content.title == "Council approves budget"
    assert content.author == "Lena Berg"
    assert content.outlet == "Riverside Herald"
    assert str(content.published_on) == "2026-11-30"


def test_redirects_are_followed_to_the_final_url(pages):
    pages.routes["/a"] = lambda h: (301, {"Location": "/b"}, b"")
    pages.routes["/b"] = lambda h: (302, {"Location": pages.url("/story")}, b"")
    pages.routes["/story"] = lambda h: html(article_page())

    page = fetch(pages.url("/a"))
    assert page.final_url == pages.url("/story") and page.url == pages.url("/a")


def test_a_redirect_loop_stops_at_the_limit(pages):
    pages.routes["/loop"] = lambda h: (302, {"Location": "/loop"}, b"")
    with pytest.raises(FetchError, match="redirected more than 3 times") as error:
        fetch(pages.url("/loop"))
    assert not error.value.retryable
    assert len(pages.requests) == 4  # the first request and three hops


@pytest.mark.parametrize(
    "target, kind",
    [
        ("http://169.254.169.254/latest/meta-data/", "link-local"),  # cloud metadata
        ("http://10.1.2.3/admin", "private"),
        ("http://[::1]:{port}/story", "loopback"),
        ("http://0.0.0.0:{port}/story", "unspecified"),
        ("http://100.100.100.200/latest/meta-data/", "non-public"),  # Alibaba's metadata
        ("http://localhost:{port}/story", "loopback"),  # allowed hosts match by name
    ],
)
def test_a_redirect_to_an_internal_address_is_refused_before_connecting(pages, target, kind):
    pages.routes["/story"] = lambda h: html(article_page())
    pages.routes["/evil"] = lambda h: (302, {"Location": target.format(port=pages.port)}, b"")

    with pytest.raises(FetchError, match=rf"an internal address \({kind}\)") as error:
        fetch(pages.url("/evil"))
    assert not error.value.retryable
    assert [path for path, _ in pages.requests] == ["/evil"]  # the story was never asked for


def test_an_internal_address_is_refused_without_the_allow_list(pages, settings):
    settings.CLAIMS_FETCH_ALLOWED_HOSTS = []
    pages.routes["/story"] = lambda h: html(article_page())
    with pytest.raises(FetchError, match=r"127.0.0.1, an internal address \(loopback\)"):
        fetch(pages.url("/story"))
    assert pages.requests == []


@pytest.mark.parametrize(
    "address, refused",
    [
        ("8.8.8.8", ""),
        ("2606:4700:4700::1111", ""),
        ("127.0.0.1", "loopback"),
        ("192.168.1.1", "private"),
        ("172.16.0.1", "private"),
        ("169.254.169.254", "link-local"),
        ("fd00:ec2::254", "private"),  # AWS metadata over IPv6
        ("::ffff:127.0.0.1", "loopback"),  # IPv4-mapped
        ("224.0.0.1", "multicast"),
        ("240.0.0.1", "reserved"),
    ],
)
def test_address_kind(address, refused):
    assert address_kind(ipaddress.ip_address(address)) == refused


@pytest.mark.parametrize("url", ["ftp://example.org/a", "file:///etc/passwd", "gopher://x/"])
def test_only_http_and_https(url):
    with pytest.raises(FetchError, match="Only http and https"):
        fetch(url)


def test_a_slow_page_times_out(pages):
    def slow(handler):
        time.sleep(1.5)
        return html(article_page())

    pages.routes["/slow"] = slow
    started = time.monotonic()
    with pytest.raises(FetchError, match="did not answer within 0.5 seconds") as error:
        fetch(pages.url("/slow"))
    assert error.value.retryable and time.monotonic() - started < 1.4


def test_a_page_trickling_in_stops_at_the_total_timeout(pages):
    def trickle(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.end_headers()
        for _ in range(40):  # 0.1 s apart: never idle for the read timeout
            handler.wfile.write(b"<p>" + b"x" * 100 + b"</p>\n")
            handler.wfile.flush()
            time.sleep(0.1)
        handler.close_connection = True

    pages.routes["/trickle"] = trickle
    with pytest.raises(FetchError, match="took longer than 2 seconds"):
        fetch(pages.url("/trickle"))


def test_a_huge_page_is_refused_by_its_length_or_while_reading(pages):
    big = b"<p>" + b"a" * 300_000 + b"</p>"
    pages.routes["/big"] = lambda h: html(big)

    def endless(handler):  # no Content-Length: the limit stops the read
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.end_headers()
        for _ in range(100):
            handler.wfile.write(b"b" * 10_000)
        handler.close_connection = True

    pages.routes["/endless"] = endless
    bomb = gzip.compress(b"c" * 1_000_000)  # 1 MB in 1 KB
    pages.routes["/bomb"] = lambda h: html(bomb, **{"Content-Encoding": "gzip"})
    for path in ("/big", "/endless", "/bomb"):
        with pytest.raises(FetchError, match="larger than 200,000 bytes") as error:
            fetch(pages.url(path))
        assert not error.value.retryable


def test_a_pdf_is_refused_by_its_content_type(pages):
    pages.routes["/report.pdf"] = lambda h: (200, {"Content-Type": "application/pdf"}, b"%PDF-1.7")
    with pytest.raises(FetchError) as error:
        fetch(pages.url("/report.pdf"))
    assert str(error.value) == FETCH_CONTENT_TYPE.format(
        url=pages.url("/report.pdf"), content_type="application/pdf"
    )
    assert "not a web page" in str(error.value) and not error.value.retryable


def test_http_errors_say_the_status_and_whether_to_retry(pages):
    pages.routes["/gone"] = lambda h: html(b"gone", status=410)
    pages.routes["/down"] = lambda h: html(b"down", status=503)
    with pytest.raises(FetchError, match="410 Gone") as gone:
        fetch(pages.url("/gone"))
    with pytest.raises(FetchError, match="503") as down:
        fetch(pages.url("/down"))
    assert not gone.value.retryable and down.value.retryable


def test_conditional_get_answers_not_modified(pages):
    def feed(handler):
        if handler.headers.get("If-None-Match") == '"v1"':
            return 304, {"ETag": '"v1"'}, b""
        return 200, {"Content-Type": "application/rss+xml", "ETag": '"v1"'}, b"<rss/>"

    pages.routes["/feed"] = feed
    first = fetch(pages.url("/feed"), accept=FEED_TYPES)
    again = fetch(pages.url("/feed"), accept=FEED_TYPES, etag=first.headers["etag"])
    assert not first.not_modified and again.not_modified and again.body == b""


def test_a_page_without_main_text_says_so(pages):
    pages.routes["/empty"] = lambda h: html(b"<html><body><nav>Home</nav></body></html>")
    with pytest.raises(ValueError) as error:
        page_content(fetch(pages.url("/empty")))
    assert str(error.value) == PAGE_NO_TEXT.format(url=pages.url("/empty"))
