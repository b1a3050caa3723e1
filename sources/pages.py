"""Reduce a fetched page to an article: its main text and what its metadata
says (title, author, site name, publication date), with trafilatura, whose
date comes from htmldate."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from .fetching import FetchedPage

PAGE_NO_TEXT = (
    "No article text was found at {url}: the page may need JavaScript, sit behind a "
    "paywall or a consent wall, or not be an article. Retry later, or paste the text."
)

# Fewer words than this in the main text: trafilatura found a menu, a
# consent notice or an app shell, not an article.
MIN_WORDS = 12


@dataclass(frozen=True)
class PageContent:
    text: str
    title: str = ""
    author: str = ""
    outlet: str = ""
    published_on: datetime.date | None = None


def page_decode(page: FetchedPage) -> str | bytes:
    """Return the body as text when the server named its charset; otherwise
    the bytes, for trafilatura to detect the encoding (meta charset, BOM)."""
    if page.charset:
        try:
            return page.body.decode(page.charset, errors="replace")
        except LookupError:  # an unknown charset name
            pass
    if page.content_type == "text/plain":
        return page.body.decode("utf-8", errors="replace")
    return page.body


def page_content(page: FetchedPage) -> PageContent:
    """Return the page's main text and metadata; raise ValueError (PAGE_NO_TEXT)
    when it holds none."""
    body = page_decode(page)
    if page.content_type == "text/plain":
        text = body if isinstance(body, str) else body.decode("utf-8", errors="replace")
        if len(text.split()) < MIN_WORDS:
            raise ValueError(PAGE_NO_TEXT.format(url=page.final_url))
        return PageContent(text=text)
    import trafilatura  # slow import; only fetching needs it

    document = trafilatura.bare_extraction(
        body,
        url=page.final_url,
        include_comments=False,
        include_tables=False,
        with_metadata=True,
    )
    text = ((document.text if document else "") or "").strip()
    if len(text.split()) < MIN_WORDS:  # a menu or a cookie notice is no article
        raise ValueError(PAGE_NO_TEXT.format(url=page.final_url))
    return PageContent(
        text=text,
        title=one_line(document.title),
        author=one_line(document.author),
        outlet=one_line(document.sitename),
        published_on=parse_date(document.date),
    )


def one_line(value: str | None) -> str:
    return " ".join((value or "").split())


def parse_date(value: str | None) -> datetime.date | None:
    """Return htmldate's YYYY-MM-DD as a date; nothing for what is not one."""
    try:
        return datetime.date.fromisoformat((value or "")[:10])
    except ValueError:
        return None
