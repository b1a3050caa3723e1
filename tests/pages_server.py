"""A real HTTP server on 127.0.0.1, started by a test, serving pages and
feeds the test sets (issue #23: nothing leaves the machine).

Each route is a function of the request handler returning (status, headers,
body), or None when it wrote the response itself (slow and endless pages).
Every request's path and headers are kept in `requests`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

Route = Callable[[BaseHTTPRequestHandler], tuple[int, dict, bytes] | None]

ARTICLE_HTML = """<!doctype html>
<html><head><meta charset="utf-8">
<title>{title} | Riverside Herald</title>
<meta property="og:title" content="{title}">
<meta property="og:site_name" content="Riverside Herald">
<meta name="author" content="Lena Berg">
<meta property="article:published_time" content="2026-11-30T08:00:00Z">
</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<article><h1>{title}</h1>
{paragraphs}
</article>
<footer>Copyright Riverside Herald. All rights reserved.</footer>
</body></html>"""

NEWS_PARAGRAPHS = [
    "The council approved a budget of $12 million on Tuesday, officials said.",
    "“Taxes will not rise this year,” Mayor Ann Lee told reporters at the town hall.",
    "Critics said the plan cut 40 jobs at the water utility and closed two libraries.",
    "The city's auditor warned that the reserve fund had fallen by half since 2020.",
]


def article_page(title: str = "Council approves budget", paragraphs=None) -> bytes:
    body = "\n".join(f"<p>{p}</p>" for p in (paragraphs or NEWS_PARAGRAPHS))
    return ARTICLE_HTML.format(title=title, paragraphs=body).encode("utf-8")


def html(body: bytes, status: int = 200, **headers) -> tuple[int, dict, bytes]:
    return status, {"Content-Type": "text/html; charset=utf-8", **headers}, body


class PagesServer:
    def __init__(self):
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):
                server.requests.append((self.path, dict(self.headers)))
                route = server.routes.get(self.path)
                if route is None:
                    answer = (404, {"Content-Type": "text/plain"}, b"not found")
                else:
                    try:
                        answer = route(self)
                    except (BrokenPipeError, ConnectionResetError):
                        return
                if answer is None:
                    return
                status, headers, body = answer
                try:
                    self.send_response(status)
                    for name, value in headers.items():
                        self.send_header(name, value)
                    if "Content-Length" not in headers:
                        self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def __enter__(self) -> PagesServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def pages(settings):
    """A local server whose host the fetcher is allowed to reach, with short
    timeouts and a small size limit so that the refusals are quick."""
    settings.CLAIMS_FETCH_ALLOWED_HOSTS = ["127.0.0.1"]
    settings.CLAIMS_FETCH_CONNECT_TIMEOUT = 2.0
    settings.CLAIMS_FETCH_READ_TIMEOUT = 0.5
    settings.CLAIMS_FETCH_TIMEOUT = 2.0
    settings.CLAIMS_FETCH_MAX_BYTES = 200_000
    settings.CLAIMS_FETCH_MAX_REDIRECTS = 3
    with PagesServer() as server:
        yield server
