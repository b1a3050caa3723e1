"""Articles by URL (issue #23): the form, the API and `manage.py ingest URL`
store the article pending with its URL; the task fetches the page (from a
real server on 127.0.0.1), keeps its main text, metadata, final URL and the
HTML's hash, and extracts the claims. Same URL or same text: the existing
article."""

import hashlib
from io import StringIO

import pytest
from django.core.management import call_command
from django.template.loader import render_to_string
from django.urls import reverse
from knox.models import AuthToken
from rest_framework.test import APIClient

from claims import services
from claims.models import Article
from claims.tasks import article_extract_claims as extract_task
from sources.models import PageFetch
from sources.pages import PAGE_NO_TEXT
from sources.services import PAGE_DUPLICATE
from tests.pages_server import article_page, html, pages  # noqa: F401 (fixture)

pytestmark = [pytest.mark.model, pytest.mark.django_db]


@pytest.fixture
def api(factchecker):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {AuthToken.objects.create(user=factchecker)[1]}")
    return client


def run_task(article: Article) -> Article:
    """What the worker does with the queued message."""
    extract_task.apply(args=(article.pk, article.text_hash))
    article.refresh_from_db()
    return article


def test_the_form_stores_a_url_pending_and_the_task_fetches_it(client, editor, pages):
    page = article_page()
    pages.routes["/old-link"] = lambda h: (301, {"Location": "/story"}, b"")
    pages.routes["/story"] = lambda h: html(page)
    client.force_login(editor)

    response = client.post(reverse("claims:article_submit"), {"url": pages.url("/old-link")})

    article = Article.objects.get()
    assert response.status_code == 302 and response["Location"] == article.get_absolute_url()
    # Stored, not fetched: the request never reached the page.
    assert article.status == Article.Status.PENDING and article.text == ""
    assert article.url == pages.url("/old-link") and pages.requests == []
    progress = client.get(reverse("claims:article_progress", args=[article.pk]))
    assert progress.status_code == 200 and "Stored" in progress.content.decode()
    article.status = Article.Status.PROCESSING  # as the worker shows it while fetching
    assert "fetching the page" in render_to_string("claims/_progress.html", {"article": article})

    article = run_task(Article.objects.get(pk=article.pk))

    assert article.status == Article.Status.DONE, article.error
    assert "Taxes will not rise this year" in article.text and "Sport" not in article.text
    assert (article.title, article.author, article.outlet) == (
        "Council approves budget", "Lena Berg", "Riverside Herald"
    )
    assert str(article.published_on) == "2026-11-30"
    assert article.url == pages.url("/story")  # the final URL
    fetched = PageFetch.objects.get(article=article)
    assert fetched.status == PageFetch.Status.DONE and fetched.http_status == 200
    assert fetched.final_url == pages.url("/story")
    assert fetched.html_sha256 == hashlib.sha256(page).hexdigest()
    assert article.claims.filter(speaker__name="Ann Lee").exists()


def test_the_api_takes_a_url_without_text_and_dedupes(api, pages):
    pages.routes["/story"] = lambda h: html(article_page())
    pages.routes["/copy"] = lambda h: html(article_page())  # the same text elsewhere

    created = api.post(
        "/api/articles/", {"url": pages.url("/story"), "title": "Given title"}, format="json"
    )
    # 202, stored and handed to the queue once committed: the test's
    # transaction holds the hand-off until it ends (then it would be 201).
    assert created.status_code == 202, created.json()
    assert created.json()["status"] == "pending" and created.json()["text"] == ""
    article = run_task(Article.objects.get(pk=created.json()["id"]))
    assert article.status == Article.Status.DONE
    assert article.title == "Given title"  # what the submitter gave wins

    again = api.post("/api/articles/", {"url": pages.url("/story#comments")}, format="json")
    assert again.status_code == 200 and again.json()["id"] == article.pk
    by_text = api.post("/api/articles/", {"text": article.text}, format="json")
    assert by_text.status_code == 200 and by_text.json()["id"] == article.pk

    copy = run_task(Article.objects.get(pk=api.post(
        "/api/articles/", {"url": pages.url("/copy")}, format="json"
    ).json()["id"]))
    assert copy.status == Article.Status.FAILED
    assert copy.error == PAGE_DUPLICATE.format(
        url=pages.url("/copy"), pk=article.pk, title="Given title"
    )
    assert PageFetch.objects.get(article=copy).duplicate_of == article
    assert Article.objects.filter(text=article.text).count() == 1


@pytest.mark.parametrize(
    "url, message",
    [
        ("http://10.0.0.7/story", "an internal address (private)"),
        ("http://169.254.169.254/latest/meta-data/", "an internal address (link-local)"),
        ("ftp://example.org/story", "Enter a valid URL"),
    ],
)
def test_a_url_never_fetchable_is_refused_at_once_and_nothing_stored(api, url, message):
    response = api.post("/api/articles/", {"url": url}, format="json")
    assert response.status_code == 400 and message in response.json()["error"]["message"]
    assert Article.objects.count() == 0


def test_a_page_that_fails_says_why_and_can_be_retried(editor, pages):
    state = {"body": html(b"<html><body><div id='app'></div></body></html>")}
    pages.routes["/story"] = lambda h: state["body"]
    pages.routes["/report.pdf"] = lambda h: (200, {"Content-Type": "application/pdf"}, b"%PDF")

    article = services.article_submit(text="", url=pages.url("/story"), submitted_by=editor).article
    article = run_task(article)
    assert article.status == Article.Status.FAILED
    assert PAGE_NO_TEXT.format(url=pages.url("/story")) in article.error
    assert PageFetch.objects.get(article=article).status == PageFetch.Status.FAILED

    state["body"] = html(article_page())  # the page has its text now
    article = services.article_retry(article=article)
    article = run_task(article)
    assert article.status == Article.Status.DONE and "Mayor Ann Lee" in article.text

    pdf = run_task(services.article_submit(
        text="", url=pages.url("/report.pdf"), submitted_by=editor
    ).article)
    assert pdf.status == Article.Status.FAILED and "not a web page" in pdf.error


def test_manage_py_ingest_takes_urls(pages, django_capture_on_commit_callbacks):
    pages.routes["/story"] = lambda h: html(article_page())
    pages.routes["/gone"] = lambda h: html(b"gone", status=404)
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("ingest", pages.url("/story"), pages.url("/gone"), stdout=out)

    # Tasks ran once the command's transaction committed (in a test, at the
    # end of the block; run by hand, at once).
    assert "Articles: 2 new" in out.getvalue()
    assert Article.objects.get(url=pages.url("/story")).status == Article.Status.DONE
    gone = Article.objects.get(url=pages.url("/gone"))
    assert gone.status == Article.Status.FAILED and "404 Not Found" in gone.error
