"""Read the items of a feed (RSS 0.9x/1.0/2.0, Atom: feedparser) or of a
sitemap or news sitemap (lxml), as plain dataclasses; no Django."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from urllib.parse import urljoin

FEED_MALFORMED = "The feed could not be read: {reason}."
FEED_EMPTY = "The feed has no entries."
FEED_NO_LINKS = "The feed has {count} entries, none with a link to an article."
SITEMAP_MALFORMED = "The sitemap could not be read: {reason}."
SITEMAP_INDEX = (
    "This is a sitemap index (a list of {count} sitemaps), not a sitemap of articles; "
    "add one of its sitemaps, such as {first}."
)
SITEMAP_NOT = "The document is not a sitemap (its root is <{root}>, not <urlset>)."
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"


class FeedError(ValueError):
    """The feed or sitemap cannot be used; the message says why."""


@dataclass(frozen=True)
class FeedItem:
    key: str  # the entry's id, else its link: what makes it the same entry
    url: str
    title: str = ""
    published: datetime.datetime | None = None


def feed_items(body: bytes, *, base_url: str) -> list[FeedItem]:
    """Return the entries of an RSS or Atom feed, in the feed's order."""
    import feedparser  # slow import; only polling needs it

    parsed = feedparser.parse(body, sanitize_html=False, resolve_relative_uris=False)
    version = parsed.get("version") or ""
    if parsed.bozo and not parsed.entries:
        reason = parsed.get("bozo_exception") or "not RSS or Atom"
        raise FeedError(FEED_MALFORMED.format(reason=str(reason).rstrip(".")))
    if not version and not parsed.entries:
        raise FeedError(FEED_MALFORMED.format(reason="not RSS or Atom"))
    items = []
    for entry in parsed.entries:
        link = (entry.get("link") or "").strip()
        url = urljoin(base_url, link) if link else ""
        # feedparser offers the id as the link when there is none ("urn:...").
        if not url.lower().startswith(("http://", "https://")):
            continue
        key = (entry.get("id") or "").strip() or url
        parsed_time = entry.get("published_parsed") or entry.get("updated_parsed")
        published = (
            datetime.datetime(*parsed_time[:6], tzinfo=datetime.UTC) if parsed_time else None
        )
        title = " ".join((entry.get("title") or "").split())
        items.append(FeedItem(key=key, url=url, title=title, published=published))
    if parsed.entries and not items:
        if parsed.bozo:  # a broken document read as far as it went
            reason = parsed.get("bozo_exception") or "not RSS or Atom"
            raise FeedError(FEED_MALFORMED.format(reason=str(reason).rstrip(".")))
        raise FeedError(FEED_NO_LINKS.format(count=len(parsed.entries)))
    return items


def sitemap_items(body: bytes, *, base_url: str) -> list[FeedItem]:
    """Return the pages of a sitemap (news sitemaps give titles and dates)."""
    from lxml import etree

    # No DTDs, no entities, no network: a sitemap needs none of them.
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False)
    try:
        root = etree.fromstring(body, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise FeedError(SITEMAP_MALFORMED.format(reason=str(exc).rstrip("."))) from exc
    if root is None:
        raise FeedError(SITEMAP_MALFORMED.format(reason="the document is empty"))
    tag = etree.QName(root).localname
    if tag == "sitemapindex":
        locs = [el.text.strip() for el in root.iter(f"{{{SITEMAP_NS}}}loc") if el.text]
        raise FeedError(SITEMAP_INDEX.format(count=len(locs), first=locs[0] if locs else "?"))
    if tag != "urlset":
        raise FeedError(SITEMAP_NOT.format(root=tag))
    items = []
    for node in root.findall(f"{{{SITEMAP_NS}}}url"):
        loc = (node.findtext(f"{{{SITEMAP_NS}}}loc") or "").strip()
        if not loc:
            continue
        url = urljoin(base_url, loc)
        title = node.findtext(f"{{{NEWS_NS}}}news/{{{NEWS_NS}}}title") or ""
        stamp = (
            node.findtext(f"{{{NEWS_NS}}}news/{{{NEWS_NS}}}publication_date")
            or node.findtext(f"{{{SITEMAP_NS}}}lastmod")
            or ""
        )
        items.append(
            FeedItem(key=url, url=url, title=" ".join(title.split()), published=parse_stamp(stamp))
        )
    return items


def parse_stamp(value: str) -> datetime.datetime | None:
    """Return a W3C datetime (2026-12-06, 2026-12-06T08:00:00+01:00) or None."""
    value = value.strip().replace("Z", "+00:00")
    try:
        stamp = datetime.datetime.fromisoformat(value)
    except ValueError:
        return None
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=datetime.UTC)
