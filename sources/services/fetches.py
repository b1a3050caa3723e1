"""Writes: articles submitted by URL, stored at once and fetched by the task.

The article is stored `pending` with its URL and no text (its text_hash a
placeholder no text can have), and a PageFetch row beside it; the same
outbox as pasted articles hands it to the queue. The task (claims'
article_process) calls article_fetch_page first, which fetches the page
through sources.fetching, reduces it to its main text and fills the article
in; extraction follows in the same run. Nothing is fetched in a request.
"""

from __future__ import annotations

import hashlib
import logging
from urllib.parse import urlsplit, urlunsplit

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from claims.article_input import (
    ArticleInputError,
    clean_article_metadata,
    clean_article_text,
    clean_published_on,
)
from claims.models import Article
from claims.services.articles import (
    ArticleExtractionFailed,
    SubmitResult,
    article_language_fields,
    article_mark_failed,
    article_set_progress,
    sha256_hex,
    validation_message,
)
from claims.services.processing import article_enqueue

from ..fetching import FetchError, fetch, url_refusal
from ..models import PageFetch
from ..pages import page_content

logger = logging.getLogger(__name__)

URL_REQUIRED = "Give the article's URL, or paste its text."
PAGE_FAILED = "Fetching {url} failed: {reason}"
PAGE_DUPLICATE = (
    "The page at {url} holds the same text as article #{pk} ({title}); that article is "
    "the one to use."
)
# The progress an article shows while its page is fetched (the page names
# the step by the empty text, not by this number).
FETCH_PROGRESS = 2


def url_placeholder_hash(url: str) -> str:
    """The text_hash of an article whose page is not fetched yet: unique per
    URL (a second submit of the URL collides with the first), and no text's
    hash, since stored text never holds NUL."""
    return sha256_hex("\x00url\x00" + url)


def url_normalize(url: str) -> str:
    """The URL as stored and compared: without its #fragment, host lower case."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/",
                       parts.query, ""))


def article_find_by_url(*, url: str) -> Article | None:
    """Return the article submitted with url, or whose page ended at it."""
    fetched = (
        PageFetch.objects.filter(Q(requested_url=url) | Q(final_url=url))
        .order_by("pk")
        .values_list("article_id", flat=True)
        .first()
    )
    if fetched is not None:
        return Article.objects.filter(pk=fetched).first()
    if not url:
        return None
    return article_with_url(url)


def article_with_url(url: str) -> Article | None:
    """The first article stored with this (non-empty) URL, found through the
    partial index article_url: the query repeats its condition (url <> '')
    beside the equality, so that PostgreSQL's planner can use it."""
    return Article.objects.filter(url=url).exclude(url="").order_by("pk").first()


def article_submit_url(
    *,
    url: str,
    submitted_by: AbstractBaseUser | None,
    title: str = "",
    outlet: str = "",
    author: str = "",
    published_on=None,
    language: str = "en",
    source: str = Article.Source.WEB,
) -> SubmitResult:
    """Store an article to be fetched from url and queue it; return the
    existing article when the URL was submitted (or fetched) before.

    Raises ArticleInputError for a URL that is missing or not http(s), and
    for metadata over its limit, before anything is written. The fields
    given win over what the page says; the page fills the others.
    """
    metadata = clean_article_metadata(
        title=title, outlet=outlet, url=url, author=author, language=language
    )
    if not metadata["url"]:
        raise ArticleInputError(URL_REQUIRED, field="url")
    published_on = clean_published_on(published_on)
    url = url_normalize(metadata["url"])
    refusal = url_refusal(url)
    if refusal:
        raise ArticleInputError(refusal, field="url")
    existing = article_find_by_url(url=url)
    if existing is not None:
        return SubmitResult(article=existing, created=False)
    article = Article(
        text="",
        text_hash=url_placeholder_hash(url),
        title=metadata["title"],
        outlet=metadata["outlet"],
        url=url,
        author=metadata["author"],
        published_on=published_on,
        language=metadata["language"] or "en",
        # How it came in: from a watched feed, or a URL given by a person
        # (by the form, the API or the CLI alike).
        source=Article.Source.FEED if source == Article.Source.FEED else Article.Source.URL,
        submitted_by=submitted_by if getattr(submitted_by, "pk", None) else None,
    )
    try:
        # Uniqueness and the progress constraint are the database's to
        # enforce (IntegrityError below): no query for each (issue #23 bench).
        article.full_clean(
            exclude=["text", "text_hash"], validate_unique=False, validate_constraints=False
        )
    except ValidationError as exc:
        raise ArticleInputError(validation_message(exc)) from exc
    try:
        with transaction.atomic():
            article.save()
            PageFetch.objects.create(article=article, requested_url=url)
            transaction.on_commit(lambda: article_enqueue(article=article))
    except IntegrityError:  # the same URL a moment ago
        return SubmitResult(
            article=Article.objects.get(text_hash=url_placeholder_hash(url)), created=False
        )
    return SubmitResult(article=article, created=True)


def article_awaits_page(*, article: Article) -> bool:
    """True for an article submitted by URL whose page is not in yet."""
    return not article.text and bool(article.url)


def article_fetch_page(*, article: Article) -> Article:
    """Fetch the article's page and store its main text and metadata.

    A failure (refused address, not HTML, no main text, timeout, a text
    another article already has) marks the article failed with the reason
    and raises ArticleExtractionFailed; it can be retried like any failed
    article. Returns the article, refreshed.
    """
    fetch_row, _ = PageFetch.objects.get_or_create(
        article=article, defaults={"requested_url": article.url}
    )
    article_set_progress(article=article, progress=FETCH_PROGRESS)
    PageFetch.objects.filter(pk=fetch_row.pk).update(
        status=PageFetch.Status.FETCHING, attempts=fetch_row.attempts + 1, error=""
    )
    url = fetch_row.requested_url
    try:
        page = fetch(url)
        content = page_content(page)
        text = clean_article_text(content.text)
    except (FetchError, ArticleInputError, ValueError) as exc:
        page_fetch_failed(article=article, fetch_row=fetch_row, reason=str(exc), page=None)
        raise ArticleExtractionFailed(article.error) from exc
    text_hash = sha256_hex(text)
    final_url = url_normalize(page.final_url)
    page_fields = {
        "final_url": final_url if len(final_url) <= 2000 else "",
        "http_status": page.status,
        "content_type": page.content_type,
        "size": len(page.body),
        "html_sha256": hashlib.sha256(page.body).hexdigest(),
        "fetched_at": timezone.now(),
    }
    duplicate = Article.objects.filter(text_hash=text_hash).exclude(pk=article.pk).first()
    if duplicate is None:
        try:
            with transaction.atomic():
                article_fill_from_page(
                    article=article, text=text, text_hash=text_hash, content=content,
                    final_url=page_fields["final_url"],
                )
                PageFetch.objects.filter(pk=fetch_row.pk).update(
                    status=PageFetch.Status.DONE, error="", **page_fields
                )
        except IntegrityError:  # the same text stored a moment ago
            duplicate = Article.objects.filter(text_hash=text_hash).first()
    if duplicate is not None:
        PageFetch.objects.filter(pk=fetch_row.pk).update(duplicate_of=duplicate, **page_fields)
        reason = PAGE_DUPLICATE.format(
            url=page.final_url, pk=duplicate.pk, title=duplicate.title or "untitled"
        )
        page_fetch_failed(article=article, fetch_row=fetch_row, reason=reason, page=page,
                          wrap=False)
        raise ArticleExtractionFailed(article.error)
    article.refresh_from_db()
    return article


def article_fill_from_page(
    *, article: Article, text: str, text_hash: str, content, final_url: str
) -> None:
    """Store the page's text, and its metadata where the submitter gave none;
    a value too long for its field is left out, never cut."""
    fields = {"text": text, "text_hash": text_hash, "updated_at": timezone.now()}
    # Detected on the page's text (issue #26); clean_article_text has
    # refused a language that cannot be embedded.
    fields.update(article_language_fields(text=text, given=article.language))
    if final_url:
        fields["url"] = final_url
    for name in ("title", "author", "outlet"):
        value = getattr(content, name)
        limit = Article._meta.get_field(name).max_length
        if value and not getattr(article, name) and len(value) <= limit:
            try:
                fields[name] = clean_article_metadata(**{name: value})[name]
            except ArticleInputError:
                pass
    if content.published_on and not article.published_on:
        fields["published_on"] = content.published_on
    Article.objects.filter(pk=article.pk).update(**fields)


def page_fetch_failed(
    *, article: Article, fetch_row: PageFetch, reason: str, page, wrap: bool = True
) -> None:
    """Record why the page could not become the article's text."""
    logger.info("Article %s: page %s not fetched: %s", article.pk, fetch_row.requested_url, reason)
    PageFetch.objects.filter(pk=fetch_row.pk).update(
        status=PageFetch.Status.FAILED, error=reason[:5000]
    )
    message = PAGE_FAILED.format(url=fetch_row.requested_url, reason=reason) if wrap else reason
    article_mark_failed(article=article, error=message)
