"""POST a webhook through the fetcher's guard against server-side request
forgery (sources/fetching.py): the host is resolved and every address
checked (private, loopback, link-local... refused unless listed in
CLAIMS_FETCH_ALLOWED_HOSTS), the connection goes to the checked address,
no proxy, no redirect followed, the answer's body never read."""

from __future__ import annotations

import http.cookiejar
import time
from dataclasses import dataclass

import httpx

from sources.fetching import FetchError, GuardedTransport, NoCookies, check_url

# Answers worth trying again later; any other 4xx (and a 3xx) is a refusal.
RETRYABLE_STATUSES = {408, 429}


@dataclass(frozen=True)
class Outcome:
    status_code: int | None
    error: str
    duration_ms: int
    retryable: bool

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def webhook_post(*, url: str, body: bytes, headers: dict, timeout: float) -> Outcome:
    """POST body to url; say what came of it (never raise for the network)."""
    start = time.monotonic()

    def outcome(status=None, error="", retryable=False) -> Outcome:
        ms = round((time.monotonic() - start) * 1000)
        return Outcome(status_code=status, error=error, duration_ms=ms, retryable=retryable)

    try:
        check_url(url)
        with httpx.Client(
            transport=GuardedTransport(url),
            timeout=timeout,
            follow_redirects=False,
            trust_env=False,
            cookies=http.cookiejar.CookieJar(policy=NoCookies()),
        ) as client:
            with client.stream("POST", url, content=body, headers=headers) as response:
                status = response.status_code
    except FetchError as exc:  # a refused address, or the name not found
        return outcome(error=str(exc), retryable=exc.retryable)
    except httpx.TimeoutException:
        return outcome(error=f"No answer within {timeout:g} seconds.", retryable=True)
    except httpx.HTTPError as exc:
        return outcome(error=f"Could not connect: {exc or type(exc).__name__}", retryable=True)
    if 200 <= status < 300:
        return outcome(status)
    retryable = status >= 500 or status in RETRYABLE_STATUSES
    return outcome(status, f"The endpoint answered {status}.", retryable)
