"""Exports: the public verdict page, the ClaimReview feed, CSV and JSON Lines
downloads, and verdict reports as HTML and PDF."""

import csv
import datetime
import io
import json
import os
import shutil
import subprocess

import pytest
from django.http import StreamingHttpResponse
from django.urls import reverse

from claims import services
from claims.models import Speaker, Verdict
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def published_verdict(
    author,
    editor,
    *,
    text="Unemployment fell to 3 percent last year.",
    rating="false",
    outlet="Daily Planet",
    speaker="Jane Porter",
    speaker_kind=Speaker.Kind.PERSON,
    published_on=datetime.date(2026, 3, 1),
    url="https://planet.example.com/jobs",
) -> Verdict:
    """A claim in its own article, checked by author and published by editor,
    through the services."""
    claim = ClaimFactory(
        assigned_to=author,
        text=text,
        article__text=f"{speaker} said: {text} ({outlet})",
        article__title=f"{outlet} on jobs",
        article__outlet=outlet,
        article__url=url,
        article__published_on=published_on,
        speaker=Speaker.objects.get_or_create(name=speaker, defaults={"kind": speaker_kind})[0]
        if speaker
        else None,
        speaker_text=speaker,
        speaker_role="Finance minister" if speaker_kind == Speaker.Kind.PERSON else "",
    )
    verdict = services.verdict_create(
        claim=claim,
        by=author,
        rating=rating,
        headline=f"No: {text[:40]}",
        rationale="The **statistics office** says 5 percent.",
    )
    services.evidence_add(
        verdict=verdict,
        by=author,
        url="https://stats.example.org/unemployment",
        title="Labour force survey",
        excerpt="Unemployment: 5.1 percent",
        stance="refutes",
    )
    services.verdict_submit(verdict=verdict, by=author)
    services.verdict_approve(verdict=verdict, by=editor)
    return services.verdict_publish(verdict=verdict, by=editor)


def streamed(response) -> str:
    assert isinstance(response, StreamingHttpResponse), type(response)
    return b"".join(response.streaming_content).decode()


@pytest.fixture
def verdicts(factchecker, editor):
    return [
        published_verdict(factchecker, editor),
        published_verdict(
            factchecker,
            editor,
            text="=The bridge cost 2 billion.",
            rating="mostly_true",
            outlet="Gazette",
            speaker="City Council",
            speaker_kind=Speaker.Kind.ORGANIZATION,
        ),
    ]


# --- The public page and the feed --------------------------------------------


def test_a_published_verdict_has_a_public_page_with_its_claimreview(client, verdicts):
    verdict = verdicts[0]
    response = client.get(reverse("public:verdict", args=[verdict.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert verdict.headline in page and "<strong>statistics office</strong>" in page
    assert "Labour force survey" in page and "Jane Porter" in page
    start = page.index('<script type="application/ld+json">') + len(
        '<script type="application/ld+json">'
    )
    data = json.loads(page[start : page.index("</script>", start)])
    assert data["@type"] == "ClaimReview" and data["claimReviewed"] == verdict.claim.text
    assert data["url"].endswith(reverse("public:verdict", args=[verdict.pk]))


def test_the_public_page_escapes_script_in_claim_text(client, factchecker, editor):
    verdict = published_verdict(factchecker, editor, text="</script><script>alert(1)</script>")
    page = client.get(reverse("public:verdict", args=[verdict.pk])).content.decode()
    assert "<script>alert(1)" not in page
    assert "\\u003C/script\\u003E" in page  # inside the JSON-LD


def test_unpublished_and_hidden_verdicts_have_no_public_page(client, factchecker, editor):
    draft = services.verdict_create(claim=ClaimFactory(assigned_to=factchecker), by=factchecker)
    assert client.get(reverse("public:verdict", args=[draft.pk])).status_code == 404
    hidden = published_verdict(factchecker, editor)
    services.claim_hide(claim=hidden.claim, by=editor, reason="Legal")
    assert client.get(reverse("public:verdict", args=[hidden.pk])).status_code == 404


def test_a_retracted_verdict_shows_its_public_note(client, verdicts, editor):
    verdict = verdicts[0]
    services.verdict_retract(verdict=verdict, by=editor, note="We misread the table.")
    response = client.get(reverse("public:verdict", args=[verdict.pk]))
    page = response.content.decode()
    assert response.status_code == 200 and "Retracted" in page
    assert "We misread the table." in page and "application/ld+json" not in page


def test_the_feed_streams_every_published_verdict_without_login(client, verdicts):
    response = client.get(reverse("public:claimreview_feed"))
    assert response["Content-Type"].startswith("application/ld+json")
    data = json.loads(streamed(response))
    assert data["@context"] == "https://schema.org"
    assert [r["claimReviewed"] for r in data["@graph"]] == [v.claim.text for v in verdicts]
    assert all("@context" not in review for review in data["@graph"])


def test_the_feed_takes_the_export_filters(client, verdicts):
    response = client.get(reverse("public:claimreview_feed"), {"rating": "mostly_true"})
    [review] = json.loads(streamed(response))["@graph"]
    assert review["reviewRating"]["alternateName"] == "Mostly true"
    bad = client.get(reverse("public:claimreview_feed"), {"date_from": "yesterday"})
    assert bad.status_code == 400 and b"date_from" in bad.content


# --- CSV and JSON Lines ------------------------------------------------------


def test_exports_need_a_login(client, verdicts):
    response = client.get(reverse("public:export_csv"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_csv_export_streams_one_row_per_published_verdict(factchecker_client, verdicts):
    response = factchecker_client.get(reverse("public:export_csv"))
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="verdicts.csv"' in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(streamed(response))))
    assert [int(r["verdict_id"]) for r in rows] == [v.pk for v in verdicts]
    first, second = rows
    assert (first["rating"], first["rating_name"], first["rating_value"]) == ("false", "False", "1")
    assert first["speaker"] == "Jane Porter" and first["outlet"] == "Daily Planet"
    assert first["evidence_urls"] == "https://stats.example.org/unemployment"
    assert first["article_published_on"] == "2026-03-01"
    # A cell a spreadsheet would run as a formula is defused.
    assert second["claim_text"] == "'=The bridge cost 2 billion."


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"rating": "false"}, [0]),  # by rating key
        ({"outlet": "gazette"}, [1]),  # outlet, case aside
        ({"speaker": "council"}, [1]),  # part of the speaker's name
        ({"date_from": "2000-01-01", "date_to": "2000-12-31"}, []),  # published today
        ({}, [0, 1]),  # no filter
    ],
)
def test_jsonl_export_filters(factchecker_client, verdicts, params, expected):
    response = factchecker_client.get(reverse("public:export_jsonl"), params)
    lines = [json.loads(line) for line in streamed(response).splitlines()]
    assert [line["verdict_id"] for line in lines] == [verdicts[i].pk for i in expected]


def test_today_is_inside_a_date_range_ending_today(factchecker_client, verdicts):
    today = verdicts[0].published_at.date().isoformat()
    response = factchecker_client.get(
        reverse("public:export_jsonl"), {"date_from": today, "date_to": today}
    )
    assert len(streamed(response).splitlines()) == 2


def test_exports_leave_out_hidden_claims_and_articles(factchecker_client, verdicts, editor):
    services.claim_hide(claim=verdicts[0].claim, by=editor, reason="Legal")
    services.article_hide(article=verdicts[1].claim.article, by=editor, reason="Spam")
    for name in ("public:export_csv", "public:export_jsonl"):
        body = streamed(factchecker_client.get(reverse(name)))
        assert str(verdicts[0].claim.text) not in body and "bridge" not in body


def test_a_bad_filter_is_a_400(factchecker_client):
    response = factchecker_client.get(reverse("public:export_csv"), {"rating": "pants-on-fire"})
    assert response.status_code == 400 and b"rating" in response.content


def test_exports_read_verdicts_in_chunks_not_all_at_once(
    factchecker_client, verdicts, django_assert_max_num_queries
):
    """The query count does not grow with the rows: one chunk, one evidence
    prefetch (and the session, the user and the two reads of their role)."""
    with django_assert_max_num_queries(6):
        streamed(factchecker_client.get(reverse("public:export_csv")))


# --- Reports -------------------------------------------------------------------


def test_report_for_an_article_lists_claims_speakers_verdicts_and_evidence(
    factchecker_client, verdicts
):
    article = verdicts[0].claim.article
    response = factchecker_client.get(reverse("public:report"), {"article": article.pk})
    page = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in page and "Verdicts per rating" in page
    assert verdicts[0].claim.text in page and "Jane Porter" in page
    assert "Labour force survey" in page and verdicts[0].headline in page
    assert "bridge" not in page  # another article's verdict


def test_report_for_a_period(factchecker_client, verdicts):
    today = verdicts[0].published_at.date().isoformat()
    response = factchecker_client.get(
        reverse("public:report"), {"date_from": today, "date_to": today}
    )
    page = response.content.decode()
    assert "2 published verdicts" in page and "bridge" in page


def test_pdf_report_renders_a_page_that_is_not_blank(factchecker_client, verdicts, tmp_path):
    from PIL import Image, ImageStat

    if not shutil.which("pdftoppm"):
        message = "needs pdftoppm (poppler-utils): `make system-deps` installs it"
        if os.environ.get("CLAIMS_TESTS_REQUIRE_SERVICES") == "1":
            pytest.fail(message)
        pytest.skip(message)
    response = factchecker_client.get(reverse("public:report_pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(response.content)
    assert response.content.startswith(b"%PDF")
    subprocess.run(
        ["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", pdf, tmp_path / "page"], check=True
    )
    [png] = tmp_path.glob("page*.png")
    page = Image.open(png).convert("L")
    dark = sum(page.histogram()[:128])  # pixels darker than mid-grey: text and bars
    assert page.width > 300 and dark > 500, (page.size, dark)
    assert ImageStat.Stat(page).stddev[0] > 10
