"""Fetch a web page or a feed safely (issue #23): the one way this project
reaches out to other servers' pages.

- Only http and https; redirects followed one hop at a time, up to
  CLAIMS_FETCH_MAX_REDIRECTS, each hop checked again.
- Server-side request forgery: the host is resolved here and every address
  checked; private, loopback, link-local (cloud metadata at 169.254.169.254),
  shared, reserved, multicast and unspecified addresses are refused, unless
  the URL's host is listed in CLAIMS_FETCH_ALLOWED_HOSTS (tests, intranets).
  The connection is made to the address that was checked (GuardedBackend),
  never to a second resolution of the name, so DNS rebinding gains nothing.
  Environment proxies are ignored: a proxy would connect on our behalf.
- No cookies are sent or kept; the User-Agent names the newsroom.
- Timeouts to connect and between reads, and one for the whole download;
  the body is refused once it exceeds CLAIMS_FETCH_MAX_BYTES (after
  decompression, so a small gzip bomb is refused too).
- Content types outside what the caller accepts are refused by name.
"""

from __future__ import annotations

import functools
import http.cookiejar
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx
from django.conf import settings

HTML_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
    "application/x-rss+xml",
    "application/feed+xml",
    # Feeds are served as plain text or HTML by a surprising number of sites;
    # the parser decides whether it is one.
    "text/plain",
    "text/html",
    "application/octet-stream",
)

FETCH_SCHEME = "Only http and https addresses can be fetched, not {scheme}:."
FETCH_NO_HOST = "The address {url} names no host."
FETCH_UNRESOLVED = "The host {host} could not be found (DNS: {reason})."
FETCH_REFUSED_ADDRESS = (
    "The address {url} leads to {address}, an internal address ({kind}); pages on internal "
    "networks are not fetched (CLAIMS_FETCH_ALLOWED_HOSTS lists the hosts allowed)."
)
FETCH_TOO_MANY_REDIRECTS = "The page redirected more than {limit} times (from {url})."
FETCH_REDIRECT_NOWHERE = "The page at {url} redirects without saying where to."
FETCH_TIMEOUT = "The page at {url} did not answer within {seconds:g} seconds."
FETCH_TOO_SLOW = "Downloading {url} took longer than {seconds:g} seconds; stopped."
FETCH_TOO_LARGE = (
    "The page at {url} is larger than {limit:,} bytes (CLAIMS_FETCH_MAX_BYTES); not fetched."
)
FETCH_CONTENT_TYPE = (
    "The address {url} serves {content_type}, not a web page: only HTML and plain text "
    "pages can be read as articles."
)
FETCH_FEED_CONTENT_TYPE = "The address {url} serves {content_type}, not a feed or sitemap."
FETCH_HTTP_ERROR = "The server answered {status} {reason} for {url}."
FETCH_CONNECT = "Could not connect to {url}: {reason}"


class FetchError(Exception):
    """The page could not be fetched; the message says why, for people.

    retryable: trying again later may succeed (timeouts, 5xx, connection
    errors); a refused address or a PDF will not change.
    """

    def __init__(self, message: str, *, retryable: bool = True, status: int | None = None):
        super().__init__(message)
        self.retryable = retryable
        self.status = status


@dataclass(frozen=True)
class FetchedPage:
    url: str  # the requested URL
    final_url: str  # after redirects
    status: int
    content_type: str  # the media type alone, lower case
    charset: str | None
    body: bytes
    headers: dict[str, str]
    not_modified: bool = False  # 304 to a conditional request


def address_kind(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str:
    """Return why an address may not be fetched from, or "" when it may."""
    mapped = getattr(address, "ipv4_mapped", None) or getattr(address, "sixtofour", None)
    if mapped is not None:
        return address_kind(mapped)
    for kind in ("unspecified", "loopback", "link_local", "multicast", "reserved", "private"):
        if getattr(address, f"is_{kind}"):
            return kind.replace("_", "-")
    if not address.is_global:  # 100.64.0.0/10 (carrier NAT, Alibaba's metadata) and the like
        return "non-public"
    return ""


def host_allowed(host: str) -> bool:
    allowed = {h.lower().strip("[]") for h in settings.CLAIMS_FETCH_ALLOWED_HOSTS}
    return host.lower().strip("[]") in allowed


def resolve_checked(host: str, port: int, *, url: str) -> str:
    """Return the address to connect to for host, or raise FetchError when
    any address it resolves to is internal (and the host is not allowed)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise FetchError(FETCH_UNRESOLVED.format(host=host, reason=reason)) from exc
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    if not addresses:
        raise FetchError(FETCH_UNRESOLVED.format(host=host, reason="no address"))
    if not host_allowed(host):
        for address in addresses:
            kind = address_kind(ipaddress.ip_address(address.split("%", 1)[0]))
            if kind:
                raise FetchError(
                    FETCH_REFUSED_ADDRESS.format(url=url, address=address, kind=kind),
                    retryable=False,
                )
    return addresses[0]


class GuardedBackend(httpcore.SyncBackend):
    """httpcore's socket backend, connecting only to checked addresses.

    httpcore hands the URL's host here and keeps it for TLS (SNI and the
    certificate check), so https works as usual while the TCP connection
    goes to the address resolve_checked approved.
    """

    def __init__(self, url: str):
        self.url = url

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        address = resolve_checked(host, port, url=self.url)
        return super().connect_tcp(
            address, port, timeout=timeout, local_address=local_address,
            socket_options=socket_options,
        )


@functools.cache
def tls_context() -> ssl.SSLContext:
    """One verifying TLS context per process: loading the CA bundle costs
    more than a whole local request."""
    return httpx.create_ssl_context(trust_env=False)


class GuardedTransport(httpx.HTTPTransport):
    """httpx's transport on a pool whose connections go through GuardedBackend."""

    def __init__(self, url: str):
        super().__init__(verify=tls_context(), trust_env=False, retries=0)
        # httpx offers no parameter for httpcore's network backend; the pool
        # is rebuilt with it (httpx 0.28, httpcore 1.0, pinned).
        self._pool = httpcore.ConnectionPool(
            ssl_context=tls_context(),
            max_connections=1,
            http1=True,
            http2=False,
            retries=0,
            network_backend=GuardedBackend(url),
        )


class NoCookies(http.cookiejar.DefaultCookiePolicy):
    """Refuse every cookie: nothing is sent back to a site or kept."""

    def set_ok(self, cookie, request):
        return False

    def return_ok(self, cookie, request):
        return False


def url_refusal(url: str) -> str:
    """Return why url will never be fetched, judged without the network (its
    scheme, or an internal IP written in it), or "" when it may be tried."""
    try:
        _scheme, host = check_url(url)
        address = ipaddress.ip_address(host.strip("[]"))
    except FetchError as exc:
        return str(exc)
    except ValueError:  # a name: resolved and checked when fetched
        return ""
    kind = address_kind(address)
    if kind and not host_allowed(host):
        return FETCH_REFUSED_ADDRESS.format(url=url, address=address, kind=kind)
    return ""


def check_url(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    scheme = (parts.scheme or "").lower()
    if scheme not in ("http", "https"):
        raise FetchError(FETCH_SCHEME.format(scheme=scheme or "(none)"), retryable=False)
    if not parts.hostname:
        raise FetchError(FETCH_NO_HOST.format(url=url), retryable=False)
    return scheme, parts.hostname


def fetch(
    url: str,
    *,
    accept: tuple[str, ...] = HTML_TYPES,
    etag: str = "",
    last_modified: str = "",
) -> FetchedPage:
    """Fetch url with the safeguards above; raise FetchError with the reason.

    etag and last_modified make the request conditional: a 304 comes back
    as a FetchedPage with not_modified set and no body.
    """
    limit = settings.CLAIMS_FETCH_MAX_BYTES
    total_seconds = settings.CLAIMS_FETCH_TIMEOUT
    deadline = time.monotonic() + total_seconds
    timeout = httpx.Timeout(
        settings.CLAIMS_FETCH_READ_TIMEOUT, connect=settings.CLAIMS_FETCH_CONNECT_TIMEOUT
    )
    headers = {
        "User-Agent": settings.CLAIMS_FETCH_USER_AGENT,
        "Accept": ", ".join(accept) + ", */*;q=0.1",
        "Accept-Encoding": "gzip, deflate",
    }
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    current = url
    for _hop in range(settings.CLAIMS_FETCH_MAX_REDIRECTS + 1):
        check_url(current)
        with httpx.Client(
            transport=GuardedTransport(current),
            timeout=timeout,
            follow_redirects=False,
            trust_env=False,
            cookies=http.cookiejar.CookieJar(policy=NoCookies()),
        ) as client:
            try:
                with client.stream("GET", current, headers=headers) as response:
                    if response.status_code in (301, 302, 303, 307, 308):
                        location = response.headers.get("location", "").strip()
                        if not location:
                            raise FetchError(FETCH_REDIRECT_NOWHERE.format(url=current))
                        current = urljoin(current, location)
                        continue
                    return read_response(
                        response, url=url, final_url=current, accept=accept, limit=limit,
                        deadline=deadline, total_seconds=total_seconds,
                    )
            except httpx.TimeoutException as exc:
                seconds = (
                    settings.CLAIMS_FETCH_CONNECT_TIMEOUT
                    if isinstance(exc, httpx.ConnectTimeout)
                    else settings.CLAIMS_FETCH_READ_TIMEOUT
                )
                raise FetchError(FETCH_TIMEOUT.format(url=current, seconds=seconds)) from exc
            except httpx.HTTPError as exc:
                reason = str(exc) or type(exc).__name__
                raise FetchError(FETCH_CONNECT.format(url=current, reason=reason)) from exc
    raise FetchError(
        FETCH_TOO_MANY_REDIRECTS.format(limit=settings.CLAIMS_FETCH_MAX_REDIRECTS, url=url),
        retryable=False,
    )


def read_response(
    response: httpx.Response,
    *,
    url: str,
    final_url: str,
    accept: tuple[str, ...],
    limit: int,
    deadline: float,
    total_seconds: float,
) -> FetchedPage:
    """Check the status, type and size of a response and read its body."""
    headers = {k.lower(): v for k, v in response.headers.items()}
    if response.status_code == 304:
        return FetchedPage(
            url=url, final_url=final_url, status=304, content_type="", charset=None,
            body=b"", headers=headers, not_modified=True,
        )
    if response.status_code >= 400:
        raise FetchError(
            FETCH_HTTP_ERROR.format(
                status=response.status_code, reason=response.reason_phrase, url=final_url
            ),
            # A page gone or forbidden stays so; a server error may pass.
            retryable=response.status_code >= 500 or response.status_code in (408, 429),
            status=response.status_code,
        )
    media_type = headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if media_type and media_type not in accept:
        message = FETCH_CONTENT_TYPE if accept == HTML_TYPES else FETCH_FEED_CONTENT_TYPE
        raise FetchError(
            message.format(url=final_url, content_type=media_type),
            retryable=False,
            status=response.status_code,
        )
    declared = headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise FetchError(FETCH_TOO_LARGE.format(url=final_url, limit=limit), retryable=False)
    chunks, size = [], 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > limit:
            raise FetchError(FETCH_TOO_LARGE.format(url=final_url, limit=limit), retryable=False)
        if time.monotonic() > deadline:
            raise FetchError(FETCH_TOO_SLOW.format(url=final_url, seconds=total_seconds))
        chunks.append(chunk)
    return FetchedPage(
        url=url,
        final_url=final_url,
        status=response.status_code,
        content_type=media_type,
        charset=response.charset_encoding,
        body=b"".join(chunks),
        headers=headers,
    )
