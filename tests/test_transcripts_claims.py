"""A transcript's claims (issue #23): the time range of their turns, the
turn's speaker as check-worthiness context (at ingest and rescoring), the
claim page's transcript, and the API's transcript path."""

import math

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from knox.models import AuthToken
from rest_framework.test import APIClient

from claims import services
from claims.models import Article, Claim
from claims.nlp.checkworthiness_model import SPEAKER_REASON_LOWERS, get_checkworthiness_model
from claims.selectors.transcripts import claim_transcript
from claims.services.checkworthiness import claims_score
from sources.models import Transcript
from sources.selectors import claims_speaker_shares
from sources.services import article_submit_transcript
from sources.transcripts import parse_transcript, span_time_range
from tests.test_transcripts import LABELLED, SRT, VTT

pytestmark = [pytest.mark.model, pytest.mark.django_db]


@pytest.fixture
def api(factchecker):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {AuthToken.objects.create(user=factchecker)[1]}")
    return client


def logit(p: float) -> float:
    return math.log(p / (1 - p))


def ingest(text: str, name: str) -> Article:
    article = article_submit_transcript(
        transcript=parse_transcript(text, name=name), submitted_by=None
    ).article
    services.article_extract_claims(article=article)
    article.refresh_from_db()
    assert article.status == Article.Status.DONE, article.error
    return article


def claim_saying(article: Article, words: str) -> Claim:
    return next(c for c in article.claims.all() if words in c.text)


def test_time_ranges_of_spanned_turns():
    turns = [
        {"speaker": "Q", "start": 3, "end": 10, "start_s": 62.0, "end_s": None},
        {"speaker": "A", "start": 15, "end": 40, "start_s": 70.0, "end_s": None},
        {"speaker": "B", "start": 45, "end": 60, "start_s": None, "end_s": None},
    ]
    assert span_time_range(turns, 0, 10) == (62.0, 70.0)  # ends when the next starts
    assert span_time_range(turns, 12, 60) == (70.0, None)
    assert span_time_range(turns, 46, 50) == (None, None)


def test_claims_carry_the_time_range_of_their_turn_also_after_reextraction(api):
    article = ingest(SRT, "debate.srt")
    jobs = claim_saying(article, "40,000 jobs")
    assert (jobs.time_start, jobs.time_end) == (4.3, 9.5)  # the merged cues 2 and 3
    question = claim_saying(article, "unemployment fell")
    assert (question.time_start, question.time_end) == (1.0, 4.2)

    Claim.objects.filter(article=article).update(time_start=None, time_end=None)
    services.article_reextract(article=article)
    jobs.refresh_from_db()
    assert (jobs.time_start, jobs.time_end) == (4.3, 9.5)

    listed = api.get(f"/api/articles/{article.pk}/claims/").json()["results"]
    by_text = {c["text"]: c for c in listed}
    assert (by_text[jobs.text]["time_start"], by_text[jobs.text]["time_end"]) == (4.3, 9.5)
    detail = api.get(f"/api/claims/{jobs.pk}/").json()
    assert (detail["time_start"], detail["time_end"]) == (4.3, 9.5)


def test_labelled_turns_end_when_the_next_begins_and_ordinary_articles_have_no_times():
    article = ingest(LABELLED, "townhall.txt")
    taxes = claim_saying(article, "Taxes will not rise")
    assert (taxes.time_start, taxes.time_end) == (70.0, None)
    plain = services.article_submit(
        text="The council approved a budget of $12 million on Tuesday, officials said.",
        submitted_by=None,
    ).article
    services.article_extract_claims(article=plain)
    assert all(c.time_start is None and c.time_end is None for c in plain.claims.all())


def test_a_minor_speakers_claims_are_scored_with_the_speaker_context():
    debate = (
        "MODERATOR: Unemployment fell to 4 percent last year, the bureau said.\n"
        "SENATOR ASH: We created 40,000 jobs in the state in 2023.\n"
        "SENATOR ASH: Taxes fell by 12 percent under my plan.\n"
        "SENATOR ASH: The harbour fund lost half its money since 2020.\n"
    )
    article = ingest(debate, "debate.txt")
    moderator = claim_saying(article, "Unemployment fell")
    senator = claim_saying(article, "40,000 jobs")
    model = get_checkworthiness_model()
    text_only = {c.pk: model.score([c.standalone or c.text])[0][0] for c in (moderator, senator)}
    # A third of the main speaker's claims: log(1/3) x the speaker weight
    # (2) lower in logit units; the main speaker's as from the text alone.
    lowered = {c.pk: logit(text_only[c.pk]) - logit(c.checkworthiness)
               for c in (moderator, senator)}
    assert lowered[moderator.pk] == pytest.approx(2 * math.log(3), abs=0.5)
    assert lowered[senator.pk] == pytest.approx(0, abs=0.5)

    # Rescoring gives the same context, transcripts and articles mixed.
    claims = list(article.claims.order_by("position"))
    shares = claims_speaker_shares(claims=claims)
    assert shares[claims.index(moderator)] < 0 == shares[claims.index(senator)]
    rescored = claims_score(claims=[moderator, senator])
    for claim in (moderator, senator):
        assert logit(rescored[claim.pk][0]) == pytest.approx(logit(claim.checkworthiness),
                                                             abs=0.5)
    assert SPEAKER_REASON_LOWERS not in rescored[senator.pk][1]
    plain = services.article_submit(
        text="Unemployment fell to 4 percent last year, the bureau said.", submitted_by=None
    ).article
    services.article_extract_claims(article=plain)
    assert claims_speaker_shares(claims=list(plain.claims.all())) is None


def test_the_claim_page_shows_the_transcript_as_turns(client, editor):
    article = ingest(SRT, "debate.srt")
    jobs = claim_saying(article, "40,000 jobs")
    client.force_login(editor)
    page = client.get(reverse("claims:claim_detail", args=[jobs.pk])).content.decode()
    assert 'id="transcript"' in page and "SENATOR ASH" in page and "MODERATOR" in page
    assert "0:04–0:09" in page  # the claim's turn, and the claim's own range
    assert '<li value="2" class="turn turn-claim" aria-current="true">' in page
    assert f'<mark class="hl-content">{jobs.text}</mark>' in page
    assert "show all" not in page  # a short transcript is shown whole

    plain = services.article_submit(
        text="The council approved a budget of $12 million on Tuesday.", submitted_by=None
    ).article
    services.article_extract_claims(article=plain)
    other = client.get(reverse("claims:claim_detail", args=[plain.claims.first().pk]))
    assert 'id="transcript"' not in other.content.decode()


def test_a_long_transcript_is_collapsed_around_the_claim(django_assert_max_num_queries):
    lines = [f"{'ANN' if i % 2 else 'BOB'}: Line {i} says the fund grew {i} percent." for i in
             range(30)]
    article = ingest("\n".join(lines), "long.txt")
    claim = claim_saying(article, "Line 15 says")
    claim = Claim.objects.select_related("article").get(pk=claim.pk)
    with django_assert_max_num_queries(1):
        view = claim_transcript(claim=claim)
    assert view.total == 30 and view.collapsed
    assert [t.number for t in view.turns] == list(range(13, 20))
    assert (view.hidden_before, view.hidden_after) == (12, 11)
    assert [t.is_claim for t in view.turns].count(True) == 1
    whole = claim_transcript(claim=claim, show_all=True)
    assert len(whole.turns) == 30 and not whole.collapsed


# --- POST /api/articles/ with a transcript ------------------------------------------


def test_the_api_takes_a_transcript_as_text_or_file(api):
    created = api.post("/api/articles/", {"text": SRT, "format": "srt", "title": "Debate"},
                       format="json")
    assert created.status_code in (201, 202), created.json()
    article = Article.objects.get(pk=created.json()["id"])
    assert article.text.startswith("MODERATOR: Senator, you said unemployment fell.")
    assert article.source == Article.Source.API and article.title == "Debate"
    transcript = Transcript.objects.get(article=article)
    assert transcript.format == "srt" and transcript.speakers == ["MODERATOR", "SENATOR ASH"]
    assert "format" not in created.json() and "file" not in created.json()

    upload = SimpleUploadedFile("harbour_debate.vtt", VTT.encode(), content_type="text/vtt")
    filed = api.post("/api/articles/", {"file": upload}, format="multipart")
    assert filed.status_code in (201, 202), filed.json()
    article = Article.objects.get(pk=filed.json()["id"])
    assert article.title == "harbour debate"
    assert Transcript.objects.get(article=article).format == "vtt"

    again = api.post("/api/articles/", {"text": SRT, "format": "srt"}, format="json")
    assert again.status_code == 200 and again.json()["id"] == created.json()["id"]
    assert Transcript.objects.count() == 2


def test_a_transcript_without_speaker_labels_is_an_ordinary_article(api):
    text = "The council met on Tuesday.\n\nIt approved the budget of $12 million."
    response = api.post("/api/articles/", {"text": text, "format": "labelled"}, format="json")
    assert response.status_code in (201, 202), response.json()
    article = Article.objects.get(pk=response.json()["id"])
    assert article.text == text and not Transcript.objects.exists()


@pytest.mark.parametrize(
    "body, field, message",
    [
        ({"text": SRT.replace("00:00:04,300 --> 00:00:07,000", "00:00:04,300 to 00:00:07"),
          "format": "srt"}, "text",
         "The transcript, cue 2 (line 6): '00:00:04,300 to 00:00:07' is not a timestamp line"),
        ({"text": SRT.replace("00:00:07,100 -->", "7,1 -->"), "format": "srt"}, "text",
         "The transcript, cue 3 (line 10): '7,1 --> 00:00:09,500' is not a timestamp line"),
        ({"text": "1\tAnn Lee\n", "format": "tsv"}, "text", "expected three tab-separated"),
        ({"text": SRT, "format": "mp3"}, "format", '"mp3" is not a valid choice'),
    ],
)
def test_a_transcript_that_cannot_be_read_is_a_400_naming_the_line(api, body, field, message):
    response = api.post("/api/articles/", body, format="json")
    assert response.status_code == 400, response.json()
    assert message in response.json()["error"]["detail"][field][0]
    assert not Article.objects.exists() and not Transcript.objects.exists()


def test_a_broken_srt_file_and_text_with_a_file_are_refused(api):
    broken = SimpleUploadedFile("b.srt", SRT.replace(" --> ", " - ").encode())
    response = api.post("/api/articles/", {"file": broken}, format="multipart")
    assert response.status_code == 400
    assert response.json()["error"]["message"].startswith(
        "file: b.srt, cue 1 (line 2): '00:00:01,000 - 00:00:04,200' is not a timestamp line"
    )
    both = api.post(
        "/api/articles/",
        {"file": SimpleUploadedFile("a.srt", SRT.encode()), "text": SRT},
        format="multipart",
    )
    assert both.status_code == 400 and "not both" in both.json()["error"]["message"]
    assert not Article.objects.exists()


def test_the_openapi_schema_documents_the_transcript_fields(api):
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    components = schema["components"]["schemas"]
    article = components["Article"]["properties"]
    assert article["format"]["writeOnly"] and article["file"]["writeOnly"]
    enum = article["format"]["allOf"][0]["$ref"].rsplit("/", 1)[1]
    assert components[enum]["enum"] == ["srt", "vtt", "tsv", "labelled"]
    assert article["file"]["format"] == "binary"
    assert "ordinary article" in article["format"]["description"]
    claim = schema["components"]["schemas"]["Claim"]["properties"]
    assert {"time_start", "time_end"} <= set(claim)
