"""What the web UI adds below the views: attribution corrections and their
export, relation decisions, search, the dashboard's figures, template helpers."""

import datetime
import io
import json

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.utils import timezone

from claims import selectors, services
from claims.models import Claim, ClaimRelation, Verdict
from claims.services import SpanInput, WorkflowError
from claims.templatetags.claims_ui import bar_chart, claim_in_article, duration
from tests.browser.scenario import SCHOOLS_TEXT, newsroom
from tests.factories import ArticleFactory, ClaimFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def news(factchecker2, editor2):
    return newsroom(factchecker2=factchecker2, editor2=editor2)


@pytest.fixture
def taken(news, factchecker):
    assert services.claim_take_next(by=factchecker) == news.reopen
    return news.reopen


# --- claim_correct_attribution ---------------------------------------------------


def test_correction_checks_spans_against_the_article(taken, factchecker):
    start = SCHOOLS_TEXT.index("Education Minister")
    claim = services.claim_correct_attribution(
        claim=taken,
        user=factchecker,
        speaker=SpanInput("Education Minister Jane Doe", start, start + 27),
        speaker_name="Jane Doe",
    )
    assert (claim.speaker_text, claim.speaker_start) == ("Education Minister Jane Doe", start)
    assert claim.speaker.name == "Jane Doe"
    assert SCHOOLS_TEXT[claim.speaker_start : claim.speaker_end] == claim.speaker_text


@pytest.mark.parametrize(
    "kwargs, message",
    [
        # offsets past the end of the text
        ({"cue": SpanInput("told", 5, 10_000)}, "outside the article text"),
        # offsets that hold other words
        ({"cue": SpanInput("told", 0, 4)}, "is not what the article says"),
        # words the article does not contain
        ({"speaker": SpanInput("John Smith")}, "does not occur in the article"),
        # content cannot be emptied
        ({"content": SpanInput("")}, services.ATTRIBUTION_CONTENT_REQUIRED),
        # no change at all
        ({"cue": SpanInput("told")}, services.ATTRIBUTION_UNCHANGED),
    ],
)
def test_bad_corrections_are_refused(taken, factchecker, kwargs, message):
    before = Claim.history.filter(id=taken.pk).count()
    with pytest.raises(WorkflowError, match=message):
        services.claim_correct_attribution(claim=taken, user=factchecker, **kwargs)
    assert Claim.history.filter(id=taken.pk).count() == before


def test_text_is_found_in_the_sentence_first(news, editor):
    """ "schools" occurs in the headline and the claim's sentence: the
    sentence wins."""
    claim = services.claim_correct_attribution(
        claim=news.ready, user=editor, cue=SpanInput("ready")
    )
    sentence = SCHOOLS_TEXT.index('"Only 12')
    assert claim.cue_start > sentence and claim.cue_text == "ready"


def test_content_correction_updates_the_claim_text_and_sentence(taken, factchecker):
    claim = services.claim_correct_attribution(
        claim=taken, user=factchecker, content=SpanInput("Schools will reopen on Monday, Education")
    )
    assert claim.text == "Schools will reopen on Monday, Education"
    assert claim.sentence_start <= claim.content_start <= claim.content_end <= claim.sentence_end


def test_content_correction_drops_the_standalone_text_of_the_old_words(taken, factchecker):
    Claim.objects.filter(pk=taken.pk).update(standalone="[Ministry] said schools reopen")
    taken.refresh_from_db()
    assert taken.display_text == "[Ministry] said schools reopen"
    claim = services.claim_correct_attribution(
        claim=taken, user=factchecker, content=SpanInput("Schools will reopen on Monday, Education")
    )
    assert claim.standalone == "" and claim.display_text == claim.text
    claim.refresh_from_db()
    assert claim.standalone == ""


def test_empty_parts_clear_them(taken, factchecker):
    claim = services.claim_correct_attribution(
        claim=taken, user=factchecker, cue=SpanInput(""), reported_by=[], speaker_role=""
    )
    assert (claim.cue_text, claim.cue_start, claim.reported_by, claim.speaker_role) == (
        "",
        None,
        [],
        "",
    )


def test_only_the_assignee_or_an_editor_corrects(news, taken, factchecker2, editor):
    with pytest.raises(PermissionDenied):
        services.claim_correct_attribution(claim=taken, user=factchecker2, speaker_role="x")
    services.claim_correct_attribution(claim=news.ready, user=editor, speaker_role="union boss")


def test_export_writes_each_correction_with_before_and_after(news, taken, factchecker, editor):
    services.claim_correct_attribution(claim=taken, user=factchecker, cue=SpanInput("reporters"))
    # An untaken claim has no history row yet: its extracted values are kept first.
    services.claim_correct_attribution(
        claim=news.ready,
        user=editor,
        speaker=SpanInput("union leader Tom Roe"),
        speaker_name="Tom Roe",
    )
    out = io.StringIO()
    call_command("export_attribution_corrections", stdout=out)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [row["claim"] for row in rows] == [taken.pk, news.ready.pk]
    first, second = rows
    assert first["changed"] == ["cue"] and first["corrected_by"] == "fiona"
    assert first["before"]["cue"] == {
        "text": "told",
        "start": SCHOOLS_TEXT.index("told"),
        "end": SCHOOLS_TEXT.index("told") + 4,
    }
    assert first["after"]["cue"]["text"] == "reporters"
    text = first["text"]
    for row in rows:
        for state in ("before", "after"):
            for part in ("speaker", "cue"):
                span = row[state][part]
                if span:
                    assert text[span["start"] : span["end"]] == span["text"]
    assert second["before"]["speaker"]["text"] == "Tom Roe"
    assert second["after"]["speaker"] == {
        "text": "union leader Tom Roe",
        "start": SCHOOLS_TEXT.index("union leader"),
        "end": SCHOOLS_TEXT.index("union leader") + 20,
        "canonical": "Tom Roe",
        "role": "union leader",
    }
    assert datetime.datetime.fromisoformat(second["corrected_at"]) <= timezone.now()


def test_export_to_a_file(tmp_path, taken, factchecker):
    services.claim_correct_attribution(claim=taken, user=factchecker, speaker_role="teacher")
    path = tmp_path / "corrections.jsonl"
    err = io.StringIO()
    call_command("export_attribution_corrections", out=str(path), stderr=err)
    (row,) = [json.loads(line) for line in path.read_text().splitlines()]
    assert row["changed"] == ["role"] and row["after"]["role"] == "teacher"
    assert "Wrote 1 correction" in err.getvalue()


# --- claim_relation_decide ------------------------------------------------------------


def test_relation_decision_is_recorded_and_undone(news, taken, factchecker):
    relation = services.claim_relation_decide(
        relation=news.relation, user=factchecker, decision="rejected"
    )
    assert (relation.decision, relation.decided_by) == ("rejected", factchecker)
    assert selectors.verdict_list_suggested(claim=taken) == []  # no longer suggested
    relation = services.claim_relation_decide(
        relation=news.relation, user=factchecker, decision="pending"
    )
    assert (relation.decided_by, relation.decided_at) == (None, None)


def test_relation_decision_rules(news, factchecker, editor):
    with pytest.raises(PermissionDenied):
        services.claim_relation_decide(
            relation=news.relation, user=factchecker, decision="rejected"
        )
    with pytest.raises(WorkflowError, match="Unknown decision"):
        services.claim_relation_decide(relation=news.relation, user=editor, decision="maybe")
    services.claim_relation_decide(relation=news.relation, user=editor, decision="confirmed")
    assert ClaimRelation.objects.get().decision == "confirmed"


def test_hidden_related_claims_are_left_out(news):
    Claim.objects.filter(pk=news.earlier_claim.pk).update(is_hidden=True)
    assert selectors.claim_relation_list(claim=news.reopen) == []


def test_related_claims_from_either_side(news):
    (item,) = selectors.claim_relation_list(claim=news.earlier_claim)
    assert item.claim == news.reopen and item.relation == news.relation
    (item,) = selectors.claim_relation_list(claim=news.reopen)
    assert item.claim.verdict_rating == "false" and item.claim.verdict_status == "published"


# --- Search -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query, expected",
    [
        ("Monday", {"reopen", "earlier_claim"}),  # a word in the claim
        ("Tom Roe", {"ready"}),  # the speaker
        ('"across the country"', {"earlier_claim"}),  # a phrase
        ("strike", {"reopen", "ready"}),  # the article's title
        ("nothing-like-this", set()),
    ],
)
def test_claim_search(news, query, expected):
    found = set(selectors.claim_search(query=query).values_list("pk", flat=True))
    assert found == {getattr(news, name).pk for name in expected}


def test_article_search(news):
    articles = list(selectors.article_search(query="pledge"))
    assert articles == [news.earlier] and articles[0].claim_count == 1


def test_hidden_claims_are_never_found(news):
    Claim.objects.filter(pk=news.ready.pk).update(is_hidden=True)
    assert not selectors.claim_search(query="Tom Roe").exists()


# --- Dashboard figures ---------------------------------------------------------------


def test_counts_by_state_list_every_state(news):
    counts = selectors.claim_count_by_state()
    assert list(counts) == Claim.QueueState.values
    assert counts["queued"] == 3 and counts["done"] == 1


def test_verdicts_by_rating_and_time_to_publish(news):
    by_rating = dict((r.key, n) for r, n in selectors.verdict_count_by_rating())
    assert by_rating["false"] == 1 and sum(by_rating.values()) == 1
    time = selectors.verdict_time_to_publish()
    assert time.count == 1 and time.median < datetime.timedelta(hours=1)
    assert dict(time.buckets)["< 1 h"] == 1
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    assert selectors.verdict_time_to_publish(date_from=tomorrow).count == 0


def test_load_per_fact_checker(news, factchecker, factchecker2):
    services.claim_take_next(by=factchecker)
    load = {item.user.username: item for item in selectors.factchecker_load()}
    assert (load["fiona"].in_hand, load["fiona"].submitted) == (1, 0)
    assert (load["frank"].in_hand, load["frank"].submitted) == (0, 1)


# --- Template helpers -----------------------------------------------------------------


def test_claim_in_article_escapes_and_marks_offsets():
    article = ArticleFactory(text="<script>x()</script> Tom said it rained.")
    claim = ClaimFactory(
        article=article,
        text="it rained",
        sentence_start=21,
        sentence_end=len(article.text),
        content_start=30,
        content_end=39,
    )
    html = claim_in_article(claim)
    assert "<script>" not in html and "&lt;script&gt;x()&lt;/script&gt;" in html
    assert '<mark class="hl-sentence" data-o="21" id="claim-sentence">Tom said </mark>' in html
    assert '<mark class="hl-sentence hl-content" data-o="30">it rained</mark>' in html


@pytest.mark.parametrize(
    "minutes, text",
    [
        (0, "0 min"),
        (59, "59 min"),
        (125, "2 h 5 min"),
        (24 * 60, "1 day"),
        (2 * 24 * 60, "2 days"),
        (3 * 24 * 60 + 60, "3 days 1 h"),
    ],
)
def test_duration(minutes, text):
    assert duration(datetime.timedelta(minutes=minutes)) == text


def test_bar_chart_scales_bars_to_the_largest_value():
    chart = bar_chart([("A", 10), ("B", 5), ("C", 0)], "Test")
    assert [row.bars[0].percent for row in chart["rows"]] == [100, 50, 0]
    grouped = bar_chart([("fiona", [1, 2, 4])], "Load", series="In hand,In review,Submitted")
    bars = grouped["rows"][0].bars
    assert [(bar.series, bar.percent) for bar in bars] == [
        ("In hand", 25),
        ("In review", 50),
        ("Submitted", 100),
    ]
    assert grouped["legend"] == ["In hand", "In review", "Submitted"]


def test_verdict_status_not_public_keeps_the_state_colour(news, taken, factchecker):
    from claims.templatetags.claims_ui import mark_class

    services.verdict_create(claim=taken, by=factchecker, rating="true")
    claims = {c.pk: c for c in selectors.claim_list_marked(article=news.schools)}
    assert mark_class(claims[taken.pk]) == "mark-state-assigned"
    assert Verdict.objects.filter(claim=taken).get().status == "draft"
