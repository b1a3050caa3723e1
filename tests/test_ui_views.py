"""The web UI through Django's test client: who may see and do what, and the
fact-checking flow from the desk to the published verdict."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils.html import escape

from claims import services
from claims.models import Article, Claim, ClaimRelation, ClaimSkip, Evidence, Verdict
from claims.roles import Role
from claims.views import (
    ATTRIBUTION_SAVED,
    CLAIM_TAKEN,
    EVIDENCE_ADDED,
    QUEUE_EMPTY,
    ROLE_REQUIRED,
)
from tests.browser.scenario import newsroom
from tests.factories import ArticleFactory, ClaimFactory, VerdictFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def news(factchecker2, editor2):
    return newsroom(factchecker2=factchecker2, editor2=editor2)


@pytest.fixture
def nobody(django_user_model):
    """Logged in, but in no newsroom role."""
    return django_user_model.objects.create_user("nobody", password="pw-nobody")


def client_for(client, user):
    if user is not None:
        client.force_login(user)
    return client


def text(response) -> str:
    return response.content.decode()


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


# --- Who may see what ------------------------------------------------------

PAGES = [
    # url name, args (from the newsroom), fact-checker may, editor may
    ("claims:desk", None, True, True),
    ("claims:desk_queue", None, True, True),
    ("claims:claim_detail", "reopen", True, True),
    ("claims:article_list", None, True, True),
    ("claims:article_detail", "schools", True, True),
    ("claims:article_progress", "schools", True, True),
    ("claims:article_status", "schools", True, True),
    ("claims:article_submit", None, True, True),
    ("claims:search", None, True, True),
    ("claims:dashboard", None, False, True),
]


def page_url(news, name, arg):
    return reverse(name, args=[getattr(news, arg).pk] if arg else [])


@pytest.mark.parametrize("name, arg, factchecker_may, editor_may", PAGES)
def test_pages_by_role(
    client, news, factchecker, editor, nobody, name, arg, factchecker_may, editor_may
):
    """Anonymous users are sent to log in; users without a role get 403."""
    url = page_url(news, name, arg)
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    for user, may in [(nobody, False), (factchecker, factchecker_may), (editor, editor_may)]:
        client.force_login(user)
        assert client.get(url).status_code == (200 if may else 403), (user, url)


ACTIONS = [
    # url name, args, data, the role that may (the other gets 403)
    ("claims:claim_take_next", [], {}, "factchecker"),
    ("claims:claim_verdict", ["reopen"], {"rating": "false"}, "factchecker"),
    ("claims:verdict_adopt", ["reopen", "published"], {}, "factchecker"),
    ("claims:evidence_add", ["published"], {}, "factchecker"),
    ("claims:claim_assign", ["reopen"], {}, "editor"),
    ("claims:claim_requeue", ["reopen"], {}, "editor"),
    ("claims:claim_pin", ["reopen"], {"pinned": "1"}, "editor"),
    ("claims:verdict_correct", ["published"], {}, "editor"),
]


@pytest.mark.parametrize("name, args, data, role", ACTIONS)
def test_actions_by_role(client, news, factchecker, editor, nobody, name, args, data, role):
    url = reverse(name, args=[getattr(news, arg).pk for arg in args])
    allowed, refused = (factchecker, editor) if role == "factchecker" else (editor, factchecker)
    assert client.post(url, data).status_code == 302  # to the login page
    for user in (nobody, refused):
        client.force_login(user)
        response = client.post(url, data)
        assert response.status_code == 403
        assert ROLE_REQUIRED in text(response)
    client.force_login(allowed)
    assert client.post(url, data).status_code in (200, 302)


@pytest.mark.parametrize(
    "action, role",
    [
        ("submit", "factchecker"),
        ("reopen", "factchecker"),
        ("approve", "editor"),
        ("request_changes", "editor"),
        ("publish", "editor"),
        ("retract", "editor"),
    ],
)
def test_verdict_actions_by_role(client, news, factchecker, editor, action, role):
    url = reverse("claims:verdict_action", args=[news.published.pk, action])
    refused = editor if role == "factchecker" else factchecker
    client.force_login(refused)
    assert client.post(url).status_code == 403
    client.force_login(factchecker if role == "factchecker" else editor)
    assert client.post(url).status_code == 302  # the service decides; its refusal is a message


def test_unknown_verdict_action_is_404(client, news, editor):
    client.force_login(editor)
    url = reverse("claims:verdict_action", args=[news.published.pk, "delete"])
    assert client.post(url).status_code == 404


def test_actions_need_post(client, news, factchecker):
    client.force_login(factchecker)
    assert client.get(reverse("claims:claim_take_next")).status_code == 405


def test_navigation_links_every_page_for_the_role(client, news, factchecker, editor):
    """Fact-checkers see no dashboard link; editors and admins do."""
    pages = ["desk", "article_list", "article_submit", "search"]
    client.force_login(factchecker)
    nav = text(client.get(reverse("claims:desk")))
    for name in pages:
        assert f'href="{reverse("claims:" + name)}"' in nav or reverse("claims:" + name) in nav
    assert reverse("claims:dashboard") not in nav
    assert reverse("password_change") in nav and reverse("logout") in nav
    client.force_login(editor)
    assert reverse("claims:dashboard") in text(client.get(reverse("claims:desk")))


def test_login_leads_to_the_desk(client, factchecker):
    page = text(client.get(reverse("login")))
    assert f'name="next" value="{reverse("claims:desk")}"' in page
    response = client.post(
        reverse("login"),
        {"username": "fiona", "password": "pw-fiona", "next": reverse("claims:desk")},
    )
    assert response["Location"] == reverse("claims:desk")


def test_every_page_carries_the_content_security_policy(client, news, editor):
    client.force_login(editor)
    for name, arg, _, _ in PAGES:
        if name in ("claims:article_status", "claims:article_progress", "claims:desk_queue"):
            continue  # JSON and partials
        response = client.get(page_url(news, name, arg))
        page = text(response)
        policy = {d.strip() for d in response["Content-Security-Policy"].split(";")}
        assert {"script-src 'self'", "style-src 'self'", "object-src 'none'"} <= policy
        assert "<script>" not in page and "style=" not in page  # nothing inline


# --- The desk ----------------------------------------------------------------


def test_desk_shows_counts_my_claims_and_the_queue(client, news, factchecker):
    services.claim_take_next(by=factchecker)
    client.force_login(factchecker)
    page = text(client.get(reverse("claims:desk")))
    assert "My claims" in page and news.reopen.text in page
    assert "min left" in page
    assert "Take next claim" in page
    assert news.ready.text in page  # still queued
    assert "<strong>1</strong> Assigned" in page


def test_editor_desk_lists_verdicts_to_review_and_publish(client, news, factchecker, editor):
    draft = VerdictFactory(claim=ClaimFactory(assigned_to=factchecker), headline="Ready for review")
    Evidence.objects.create(verdict=draft, url="https://example.org/a", stance="refutes")
    services.verdict_submit(verdict=draft, by=factchecker)
    client.force_login(editor)
    page = text(client.get(reverse("claims:desk")))
    assert "Awaiting review" in page and "Ready for review" in page
    assert "Take next claim" not in page


def test_queue_filters_and_sort(client, news, factchecker):
    client.force_login(factchecker)
    url = reverse("claims:desk_queue")
    page = text(client.get(url, {"speaker": "Tom"}))
    assert news.ready.text in page and news.reopen.text not in page
    page = text(client.get(url, {"state": "any", "keyword": "across the country"}))
    assert news.earlier_claim.text in page
    page = text(client.get(url, {"sort": "oldest"}))
    assert page.index(news.reopen.text) < page.index(news.ready.text)
    assert "<html" not in page  # a partial


def test_take_next_opens_the_best_claim(client, news, factchecker):
    client.force_login(factchecker)
    response = client.post(reverse("claims:claim_take_next"), follow=True)
    assert response.redirect_chain[-1][0] == news.reopen.get_absolute_url()
    assert CLAIM_TAKEN.format(claim=news.reopen.pk, minutes=30) in messages_of(response)


def test_take_next_on_an_empty_queue_says_so(client, factchecker):
    client.force_login(factchecker)
    response = client.post(reverse("claims:claim_take_next"), follow=True)
    assert QUEUE_EMPTY in messages_of(response)


# --- The claim workspace -------------------------------------------------------


@pytest.fixture
def taken(news, factchecker):
    """The fact-checker holds the best claim."""
    assert services.claim_take_next(by=factchecker) == news.reopen
    return news.reopen


def test_workspace_shows_the_claim_in_its_article(client, news, taken, factchecker):
    client.force_login(factchecker)
    page = text(client.get(taken.get_absolute_url()))
    assert 'id="claim-sentence"' in page
    for part, value in [
        ("speaker", "Jane Doe"),
        ("role", "a former teacher"),
        ("cue", "told"),
        ("outlet", "the Daily Planet"),
        ("content", "Schools will reopen on Monday"),
    ]:
        mark = rf'<mark class="hl-sentence hl-{part}" data-o="\d+"( id="claim-sentence")?>'
        assert re.search(mark + re.escape(value) + "</mark>", page), part
    assert "states a date" in page  # check-worthiness reasons
    assert "0.93" in page and "Same claim" in page  # the related claim
    assert "No, schools will not all reopen on Monday" in page  # its verdict, suggested
    assert "Submit for review" not in page  # no draft yet
    assert "Start verdict" in page


def test_fact_checker_drafts_adds_evidence_and_submits(client, news, taken, factchecker):
    client.force_login(factchecker)
    url = taken.get_absolute_url()
    response = client.post(
        reverse("claims:claim_verdict", args=[taken.pk]),
        {"rating": "false", "headline": "Not on Monday", "rationale": "See the *list*."},
    )
    assert response["Location"] == url
    verdict = Verdict.objects.get(claim=taken)
    assert verdict.author == factchecker and verdict.status == Verdict.Status.DRAFT

    response = client.post(
        reverse("claims:evidence_add", args=[verdict.pk]),
        {
            "url": "https://example.org/list",
            "title": "The list",
            "stance": "refutes",
            "accessed_on": "2024-05-01",
        },
        follow=True,
    )
    assert EVIDENCE_ADDED in messages_of(response)
    assert "The list" in text(response)
    assert "Submit for review" in text(response)

    response = client.post(reverse("claims:verdict_action", args=[verdict.pk, "submit"]))
    assert response["Location"] == reverse("claims:desk")
    verdict.refresh_from_db()
    taken.refresh_from_db()
    assert verdict.status == Verdict.Status.SUBMITTED
    assert taken.queue_state == Claim.QueueState.IN_REVIEW


def test_submit_without_evidence_is_refused_with_the_rule(client, news, taken, factchecker):
    verdict = services.verdict_create(claim=taken, by=factchecker, rating="false", headline="H")
    client.force_login(factchecker)
    response = client.post(
        reverse("claims:verdict_action", args=[verdict.pk, "submit"]), follow=True
    )
    assert services.VERDICT_EVIDENCE_REQUIRED.format(verdict=verdict) in messages_of(response)
    assert response.redirect_chain[-1][0] == taken.get_absolute_url()


def test_a_stale_draft_save_is_a_form_error(client, news, taken, factchecker):
    verdict = services.verdict_create(claim=taken, by=factchecker, headline="first")
    stale = verdict.version
    services.verdict_update(verdict=verdict, by=factchecker, headline="second")
    client.force_login(factchecker)
    response = client.post(
        reverse("claims:claim_verdict", args=[taken.pk]),
        {"rating": "", "headline": "mine", "rationale": "", "version": stale},
    )
    assert response.status_code == 200
    assert "Someone else saved" in text(response)
    verdict.refresh_from_db()
    assert verdict.headline == "second"


def test_bad_evidence_is_a_form_error_and_stores_nothing(client, news, taken, factchecker):
    verdict = services.verdict_create(claim=taken, by=factchecker)
    client.force_login(factchecker)
    response = client.post(
        reverse("claims:evidence_add", args=[verdict.pk]),
        {"url": "javascript:alert(1)", "stance": "refutes", "accessed_on": "2024-05-01"},
    )
    assert response.status_code == 200
    assert "Enter a valid URL" in text(response)
    assert not verdict.evidence.exists()


def test_evidence_remove(client, news, taken, factchecker):
    verdict = services.verdict_create(claim=taken, by=factchecker)
    item = services.evidence_add(
        verdict=verdict, by=factchecker, url="https://example.org/x", stance="context"
    )
    client.force_login(factchecker)
    client.post(reverse("claims:evidence_remove", args=[item.pk]))
    assert not verdict.evidence.exists()


def test_adopting_a_suggested_verdict(client, news, taken, factchecker):
    client.force_login(factchecker)
    client.post(reverse("claims:verdict_adopt", args=[taken.pk, news.published.pk]))
    draft = Verdict.objects.get(claim=taken)
    assert draft.adopted_from == news.published and draft.evidence.count() == 1


def test_skip_with_a_reason(client, news, taken, factchecker):
    client.force_login(factchecker)
    response = client.post(
        reverse("claims:claim_skip", args=[taken.pk]), {"reason": "not_check_worthy"}
    )
    assert response["Location"] == reverse("claims:desk")
    taken.refresh_from_db()
    assert taken.queue_state == Claim.QueueState.SKIPPED
    assert ClaimSkip.objects.get().user == factchecker


def test_skip_without_a_reason_is_a_form_error(client, news, taken, factchecker):
    client.force_login(factchecker)
    response = client.post(reverse("claims:claim_skip", args=[taken.pk]), {"reason": ""})
    assert response.status_code == 200 and "This field is required" in text(response)


def test_release(client, news, taken, factchecker):
    client.force_login(factchecker)
    client.post(reverse("claims:claim_release", args=[taken.pk]))
    taken.refresh_from_db()
    assert taken.queue_state == Claim.QueueState.QUEUED


def test_another_fact_checker_cannot_skip_my_claim(client, news, taken, factchecker2):
    client.force_login(factchecker2)
    response = client.post(reverse("claims:claim_skip", args=[taken.pk]), {"reason": "duplicate"})
    assert services.CLAIM_NOT_YOURS.format(claim=taken.pk) in text(response)
    taken.refresh_from_db()
    assert taken.queue_state == Claim.QueueState.ASSIGNED


def test_editor_assigns_pins_and_requeues(client, news, editor, factchecker):
    client.force_login(editor)
    client.post(reverse("claims:claim_assign", args=[news.ready.pk]), {"to": factchecker.pk})
    news.ready.refresh_from_db()
    assert news.ready.assigned_to == factchecker
    client.post(reverse("claims:claim_pin", args=[news.reopen.pk]), {"pinned": "1"})
    news.reopen.refresh_from_db()
    assert news.reopen.is_pinned
    services.claim_skip(claim=news.reopen, by=editor, reason="duplicate")
    client.post(reverse("claims:claim_requeue", args=[news.reopen.pk]))
    news.reopen.refresh_from_db()
    assert news.reopen.queue_state == Claim.QueueState.QUEUED


def test_editor_approves_and_publishes_then_the_article_shows_it(
    client, news, taken, factchecker, editor
):
    verdict = services.verdict_create(
        claim=taken, by=factchecker, rating="mostly_false", headline="H"
    )
    services.evidence_add(verdict=verdict, by=factchecker, url="https://e.org", stance="refutes")
    services.verdict_submit(verdict=verdict, by=factchecker)
    client.force_login(editor)
    page = text(client.get(taken.get_absolute_url()))
    assert "Approve" in page and "Request changes" in page
    client.post(reverse("claims:verdict_action", args=[verdict.pk, "approve"]))
    page = text(client.get(taken.get_absolute_url()))
    assert "Publish" in page
    client.post(reverse("claims:verdict_action", args=[verdict.pk, "publish"]))
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.PUBLISHED
    article_page = text(client.get(news.schools.get_absolute_url()))
    assert "mark-rating-mostly_false" in article_page
    assert "Mostly false" in article_page


def test_request_changes_needs_a_note(client, news, taken, factchecker, editor):
    verdict = services.verdict_create(claim=taken, by=factchecker, rating="false", headline="H")
    services.evidence_add(verdict=verdict, by=factchecker, url="https://e.org", stance="refutes")
    services.verdict_submit(verdict=verdict, by=factchecker)
    client.force_login(editor)
    url = reverse("claims:verdict_action", args=[verdict.pk, "request_changes"])
    response = client.post(url, {"note": " "}, follow=True)
    assert services.VERDICT_NOTE_REQUIRED.format(action="send back") in messages_of(response)
    client.post(url, {"note": "Cite the ministry."})
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.CHANGES_REQUESTED
    client.force_login(factchecker)
    page = text(client.get(taken.get_absolute_url()))
    assert "Cite the ministry." in page and "Reopen as draft" in page


def test_editor_corrects_a_published_verdict(client, news, editor):
    client.force_login(editor)
    url = reverse("claims:verdict_correct", args=[news.published.pk])
    response = client.post(url, {"rating": "false", "headline": "New", "rationale": "", "note": ""})
    assert response.status_code == 200 and "This field is required" in text(response)
    client.post(url, {"rating": "mixed", "headline": "Partly", "rationale": "R", "note": "Fixed"})
    news.published.refresh_from_db()
    assert news.published.status == Verdict.Status.CORRECTED
    assert news.published.revisions.count() == 2


def test_attribution_corrected_in_place(client, news, taken, factchecker):
    client.force_login(factchecker)
    url = reverse("claims:claim_attribution", args=[taken.pk])
    response = client.post(
        url,
        {"part": "speaker", "text": "Education Minister Jane Doe", "speaker_name": "Jane Doe"},
        follow=True,
    )
    assert ATTRIBUTION_SAVED in messages_of(response)
    taken.refresh_from_db()
    assert taken.speaker_text == "Education Minister Jane Doe"
    assert taken.history.first().history_user == factchecker

    response = client.post(url, {"part": "cue", "text": "shouted"})
    error = services.ATTRIBUTION_TEXT_NOT_FOUND.format(text="shouted", part="cue")
    assert escape(error) in text(response)
    assert re.search(
        r'<details class="inline-form correct" open>.*?>shouted</textarea>', text(response), re.S
    )

    start = news.schools.text.index("reporters")
    client.post(url, {"part": "outlet", "text": "", "start": "", "end": ""})
    client.post(url, {"part": "cue", "text": "reporters", "start": start, "end": start + 9})
    taken.refresh_from_db()
    assert taken.reported_by == [] and (taken.cue_start, taken.cue_text) == (start, "reporters")


def test_relation_decisions(client, news, taken, factchecker, factchecker2):
    url = reverse("claims:relation_decide", args=[taken.pk, news.relation.pk])
    client.force_login(factchecker2)  # holds neither claim
    response = client.post(url, {"decision": "rejected"}, follow=True)
    assert services.RELATION_DECIDE_FORBIDDEN in messages_of(response)
    client.force_login(factchecker)
    client.post(url, {"decision": "confirmed"})
    news.relation.refresh_from_db()
    assert news.relation.decision == ClaimRelation.Decision.CONFIRMED
    assert news.relation.decided_by == factchecker
    other_claims = reverse("claims:relation_decide", args=[news.ready.pk, news.relation.pk])
    assert client.post(other_claims, {"decision": "rejected"}).status_code == 404


def test_history_lists_changes_with_who(client, news, taken, factchecker):
    client.force_login(factchecker)
    page = text(client.get(taken.get_absolute_url()))
    assert "Taken from the queue" in page and "fiona" in page


def test_workspace_forms_are_sent_by_htmx_and_swap_the_workspace(client, news, taken, factchecker):
    client.force_login(factchecker)
    page = text(client.get(taken.get_absolute_url()))
    assert 'hx-target:inherited="#workspace"' in page
    assert f'hx-post="{reverse("claims:claim_verdict", args=[taken.pk])}"' in page
    assert 'data-shortcut="n"' in page and 'data-shortcut="x"' in page


# --- Articles ------------------------------------------------------------------


def test_article_page_colours_claims_by_state_or_verdict(client, news, factchecker):
    client.force_login(factchecker)
    page = text(client.get(news.earlier.get_absolute_url()))
    assert "mark-rating-false" in page
    page = text(client.get(news.schools.get_absolute_url()))
    assert "mark-state-queued" in page
    assert f'href="{news.reopen.get_absolute_url()}"' in page


def test_progress_is_polled_by_htmx_until_done(client, factchecker):
    article = ArticleFactory(status=Article.Status.PROCESSING, progress=40)
    client.force_login(factchecker)
    page = text(client.get(article.get_absolute_url()))
    progress_url = reverse("claims:article_progress", args=[article.pk])
    assert f'hx-get="{progress_url}" hx-trigger="every 1s"' in page
    response = client.get(progress_url)
    assert 'value="40"' in text(response) and "HX-Refresh" not in response
    Article.objects.filter(pk=article.pk).update(status=Article.Status.DONE, progress=100)
    response = client.get(progress_url)
    assert response["HX-Refresh"] == "true" and "hx-trigger" not in text(response)


@pytest.mark.parametrize("page", ["article", "workspace", "search", "list"])
def test_script_in_an_article_is_text_everywhere(client, news, editor, page):
    client.force_login(editor)
    claim = news.scripted.claims.get()
    url = {
        "article": news.scripted.get_absolute_url(),
        "workspace": claim.get_absolute_url(),
        "search": reverse("claims:search") + "?q=bridge",
        "list": reverse("claims:article_list"),
    }[page]
    content = text(client.get(url))
    assert "<script>alert" not in content and "<script>x()" not in content
    assert "<b>Bridge</b>" not in content
    assert "&lt;b&gt;Bridge&lt;/b&gt;" in content
    if page in ("article", "workspace"):
        assert "&lt;script&gt;alert(&#x27;pwned&#x27;)&lt;/script&gt;" in content
        assert "<img" not in content


# --- Search and dashboard ----------------------------------------------------------


def test_search_finds_claims_and_articles_with_facets(client, news, factchecker):
    client.force_login(factchecker)
    response = client.get(reverse("claims:search"), {"q": "reopen Monday"})
    page = text(response)
    claims = {c.pk for c in response.context["claims"]}
    assert claims == {news.reopen.pk, news.earlier_claim.pk}
    assert "Schools reopen after the strike" in page  # an article
    facets = {facet.name: facet for facet, _ in response.context["facets"]}
    assert [(v.value, v.count) for v in facets["speaker"].values] == [("Jane Doe", 2)]
    assert [(v.value, v.count) for v in facets["rating"].values] == [("false", 1)]
    assert {v.value for v in facets["outlet"].values} == {"Daily Planet", "Morning Post"}

    response = client.get(reverse("claims:search"), {"q": "reopen", "rating": "false"})
    assert [c.pk for c in response.context["claims"]] == [news.earlier_claim.pk]
    response = client.get(reverse("claims:search"), {"state": "queued", "outlet": "Daily Planet"})
    assert {c.pk for c in response.context["claims"]} == {news.reopen.pk, news.ready.pk}


def test_search_by_date_and_month(client, news, factchecker):
    Article.objects.filter(pk=news.earlier.pk).update(published_on=datetime.date(2015, 10, 2))
    client.force_login(factchecker)
    response = client.get(reverse("claims:search"), {"month": "2015-10"})
    assert [c.pk for c in response.context["claims"]] == [news.earlier_claim.pk]
    response = client.get(reverse("claims:search"), {"date_to": "2015-12-31"})
    assert [c.pk for c in response.context["claims"]] == [news.earlier_claim.pk]
    facets = {facet.name: facet for facet, _ in response.context["facets"]}
    assert facets["month"].values[0].label == "Oct 2015"


def test_search_with_a_bad_month_says_so(client, news, factchecker):
    client.force_login(factchecker)
    response = client.get(reverse("claims:search"), {"q": "Monday", "month": "2015-13"})
    assert response.status_code == 200 and "Give the month as YYYY-MM." in text(response)
    assert response.context["claims"].paginator.count == 2  # the query still applies


def test_dashboard_charts(client, news, editor):
    client.force_login(editor)
    response = client.get(reverse("claims:dashboard"))
    page = text(response)
    # Backlog, ratings, time to verdict, load, and the decisions on suggested
    # links (the news fixture's two claims are related).
    assert page.count('<table class="bar-chart">') == 5
    assert "<caption" in page and "Published verdicts by rating" in page
    assert dict(response.context["by_rating"])["False"] == 1
    assert "frank" in page  # the fact-checker who submitted the published verdict
    response = client.get(reverse("claims:dashboard"), {"date_from": "2030-01-01"})
    assert dict(response.context["by_rating"])["False"] == 0
    response = client.get(
        reverse("claims:dashboard"), {"date_from": "2030-01-02", "date_to": "2030-01-01"}
    )
    assert "The start date is after the end date." in text(response)


def test_admins_hold_every_role(client, news, django_user_model):
    admin = django_user_model.objects.create_user("ada", password="pw")
    admin.groups.add(Group.objects.get(name=Role.ADMIN))
    client.force_login(admin)
    for name, arg, _, _ in PAGES:
        assert client.get(page_url(news, name, arg)).status_code == 200
