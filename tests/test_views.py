"""The web ingest flow: login, submit, progress, claims, and bad input."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from claims.article_input import ARTICLE_EMPTY
from claims.forms import ARTICLE_TEXT_OR_FILE
from claims.models import Article
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

SUBMIT = reverse("claims:article_submit")
TEXT = "The minister said on Tuesday that 12 hospitals would close by 2026, officials said."


@pytest.mark.parametrize(
    "url",
    [
        reverse("claims:article_list"),
        SUBMIT,
        reverse("claims:article_detail", args=[1]),
        reverse("claims:article_status", args=[1]),
        reverse("claims:claim_detail", args=[1]),
    ],
)
def test_every_page_needs_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_login_page_renders(client):
    assert client.get(reverse("login")).status_code == 200


def test_form_posts_need_a_csrf_token(factchecker):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(factchecker)
    assert client.post(SUBMIT, {"text": TEXT}).status_code == 403
    assert Article.objects.count() == 0


@pytest.mark.model
@pytest.mark.django_db(transaction=True)
def test_submit_pasted_text_shows_the_article_with_claims(factchecker_client):
    response = factchecker_client.post(SUBMIT, {"text": TEXT, "title": "Hospitals"}, follow=True)
    assert response.status_code == 200
    article = Article.objects.get()
    assert response.redirect_chain[-1][0] == article.get_absolute_url()
    assert article.status == Article.Status.DONE
    assert article.submitted_by.username == "fiona"
    content = response.content.decode()
    assert "claim-mark" in content and "12 hospitals would close by 2026" in content


@pytest.mark.model
@pytest.mark.django_db(transaction=True)
def test_submit_txt_upload(factchecker_client):
    upload = SimpleUploadedFile("story.txt", TEXT.encode(), content_type="text/plain")
    response = factchecker_client.post(SUBMIT, {"upload": upload})
    assert response.status_code == 302
    assert Article.objects.get().text == TEXT


@pytest.mark.parametrize(
    "data, message",
    [
        ({"text": "  \n "}, ARTICLE_EMPTY),  # whitespace only
        ({"upload": ("a.pdf", b"%PDF-1.4 binary")}, "looks like a PDF file"),  # a PDF
        ({"upload": ("a.txt", b"\x00\x01\x02bad")}, "binary"),  # binary bytes (not a BOM)
        ({"upload": ("a.txt", "na\u00efve".encode("latin-1"))}, "not valid UTF-8"),  # mis-encoded
        ({"text": TEXT, "upload": ("a.txt", TEXT.encode())}, ARTICLE_TEXT_OR_FILE),  # both
    ],
)
def test_bad_input_is_a_form_error_and_stores_nothing(factchecker_client, data, message):
    if "upload" in data:
        name, content = data["upload"]
        data = {**data, "upload": SimpleUploadedFile(name, content)}
    response = factchecker_client.post(SUBMIT, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Article.objects.count() == 0


def test_a_20_mb_paste_gets_a_form_error(factchecker_client):
    huge = "The minister said that the budget rose. " * (20 * 1024 * 1024 // 40)
    response = factchecker_client.post(SUBMIT, {"text": huge})
    assert response.status_code == 200
    assert "characters long; the limit is 200,000" in response.content.decode()
    assert Article.objects.count() == 0


def test_script_in_article_text_is_shown_as_text(factchecker_client):
    article = ArticleFactory(
        text="<script>alert('pwned')</script> The mayor said the bridge was safe.",
        title="<b>bold</b> title",
    )
    content = factchecker_client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert" not in content
    assert "&lt;script&gt;alert(&#x27;pwned&#x27;)&lt;/script&gt;" in content
    assert "&lt;b&gt;bold&lt;/b&gt; title" in content


def test_processing_article_shows_progress_and_status_json(factchecker_client):
    article = ArticleFactory(status=Article.Status.PROCESSING, progress=60)
    page = factchecker_client.get(article.get_absolute_url()).content.decode()
    assert '<progress id="progress-bar" max="100" value="60">' in page
    status = factchecker_client.get(reverse("claims:article_status", args=[article.pk])).json()
    assert status == {
        "id": article.pk, "status": "processing", "progress": 60, "error": "", "claim_count": 0,
    }


def test_failed_article_shows_error_and_retry(factchecker_client):
    article = ArticleFactory(status=Article.Status.FAILED, error="OSError: model missing")
    page = factchecker_client.get(article.get_absolute_url()).content.decode()
    assert "Processing failed: OSError: model missing" in page
    assert reverse("claims:article_retry", args=[article.pk]) in page
