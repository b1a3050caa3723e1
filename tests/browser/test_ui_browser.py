"""The fact-checker's web UI in a real browser (Chromium, headless).

Screenshots of every page at 1280 and 390 px go to artifacts/screenshots/,
and axe-core's findings to artifacts/axe.json.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from claims import services
from claims.models import Article, Claim, Verdict
from tests.browser.conftest import VIEWPORTS, axe_report_write
from tests.browser.scenario import SCHOOLS_TEXT, newsroom
from tests.factories import ArticleFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def news(factchecker, editor, factchecker2, editor2):
    return newsroom(factchecker2=factchecker2, editor2=editor2)


def test_fact_checker_and_editor_take_a_claim_to_publication(news, tab):
    page = tab.page
    tab.log_in("fiona")
    page.keyboard.press("n")  # take the next claim
    page.wait_for_url(f"**{news.reopen.get_absolute_url()}")

    # The claim's sentence is highlighted and in view inside the article pane.
    sentence = page.locator("#claim-sentence")
    assert sentence.is_visible()
    pane = page.locator("#article-text").bounding_box()
    box = sentence.bounding_box()
    assert pane["y"] <= box["y"] <= pane["y"] + pane["height"]
    assert page.locator("mark.hl-speaker", has_text="Jane Doe").is_visible()
    related = page.locator("section", has=page.get_by_role("heading", name="Related claims"))
    assert "0.93" in related.inner_text() and "False" in related.inner_text()

    # Forms on the workspace are swapped in by htmx: the page is never reloaded.
    page.evaluate("window.stillHere = true")
    page.get_by_label("Rating").select_option("false")
    page.get_by_label("Headline").fill("No, not every school reopens on Monday")
    page.get_by_label("Rationale").fill("The ministry's list names **12** schools.")
    page.get_by_role("button", name="Start verdict").click()
    page.get_by_label("Source URL").wait_for()
    page.get_by_label("Source URL").fill("https://example.org/ministry-list")
    page.locator("#id_title").fill("Ministry reopening list")
    page.get_by_label("Stance").select_option("refutes")
    page.get_by_role("button", name="Add evidence").click()
    page.locator("ul.evidence", has_text="Ministry reopening list").wait_for()
    assert page.evaluate("window.stillHere") is True
    assert "Evidence added." in page.locator("#messages").inner_text()

    page.locator("body").click(position={"x": 5, "y": 5})  # leave the form
    page.keyboard.press("s")  # submit for review
    page.wait_for_url(tab.base_url + "/")
    assert "Verdict submitted for review." in page.locator("#messages").inner_text()
    tab.log_out()

    tab.log_in("eddie")
    page.get_by_role("link", name="No, not every school reopens on Monday").click()
    page.get_by_role("button", name="Approve").click()
    page.get_by_role("button", name="Publish").wait_for()
    page.get_by_role("button", name="Publish").click()
    page.locator("#messages", has_text="Verdict published.").wait_for()
    assert Verdict.objects.get(claim=news.reopen).status == Verdict.Status.PUBLISHED

    tab.go(news.schools.get_absolute_url())
    mark = page.locator(f'a.claim-mark[href="{news.reopen.get_absolute_url()}"]')
    assert "mark-rating-false" in mark.get_attribute("class")
    assert not tab.dialogs and not tab.errors


def test_a_script_in_an_article_runs_nowhere(news, tab):
    tab.log_in("eddie")
    claim = news.scripted.claims.get()
    for path in [
        news.scripted.get_absolute_url(),
        claim.get_absolute_url(),
        reverse("claims:search") + "?q=bridge",
        reverse("claims:article_list"),
    ]:
        tab.go(path)
        assert tab.page.evaluate("typeof x") == "undefined"
    tab.go(claim.get_absolute_url())
    assert "<script>alert('pwned')</script>" in tab.page.locator("#article-text").inner_text()
    assert tab.dialogs == [] and tab.errors == []


def test_the_content_security_policy_blocks_inline_scripts(news, tab):
    tab.log_in("fiona")
    tab.page.evaluate(
        """() => { const s = document.createElement("script");
                   s.textContent = "window.injected = true"; document.body.append(s); }"""
    )
    assert tab.page.evaluate("window.injected") is None
    assert any("Content Security Policy" in error for error in tab.errors)


def test_keyboard_help_search_and_queue_filters(news, tab):
    page = tab.page
    tab.log_in("fiona")
    page.keyboard.press("?")
    help_dialog = page.get_by_role("dialog", name="Keyboard shortcuts")
    assert help_dialog.is_visible() and "Take the next claim" in help_dialog.inner_text()
    page.keyboard.press("Escape")
    assert not help_dialog.is_visible()

    page.keyboard.press("f")  # the queue's filter
    assert page.evaluate("document.activeElement.name") == "keyword"
    page.get_by_label("Speaker").fill("Tom")
    page.get_by_label("Speaker").press("Enter")
    page.locator("#queue", has_text="1 claim").wait_for()
    assert news.ready.text in page.locator("#queue").inner_text()

    page.locator("body").click(position={"x": 5, "y": 5})
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "topsearch-q"
    page.keyboard.type("Monday")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=Monday")
    assert page.get_by_role("heading", name="2 claims").is_visible()


def test_skip_by_keyboard(news, factchecker, tab):
    services.claim_take_next(by=factchecker)
    page = tab.page
    tab.log_in("fiona")
    tab.go(news.reopen.get_absolute_url())
    page.keyboard.press("x")
    assert page.evaluate("document.activeElement.name") == "reason"
    page.get_by_label("Reason").select_option("needs_expertise")
    page.get_by_role("button", name="Skip", exact=True).click()
    page.wait_for_url(tab.base_url + "/")
    assert "skipped: needs expertise" in page.locator("#messages").inner_text()


def test_attribution_corrected_from_a_selection(news, factchecker, tab):
    services.claim_take_next(by=factchecker)
    page = tab.page
    tab.log_in("fiona")
    tab.go(news.reopen.get_absolute_url())
    start = SCHOOLS_TEXT.index("told reporters")
    # Select "told reporters" in the article, across two highlighted pieces.
    page.evaluate(
        """(start) => {
             const pieces = [...document.querySelectorAll("#article-text [data-o]")];
             const at = (offset) => {
               const piece = pieces.filter(p => +p.dataset.o <= offset).pop();
               return [piece.firstChild, offset - +piece.dataset.o];
             };
             const range = document.createRange();
             range.setStart(...at(start));
             range.setEnd(...at(start + 14));
             document.getSelection().removeAllRanges();
             document.getSelection().addRange(range);
           }""",
        start,
    )
    page.get_by_text("Correct cue").click()
    cue_form = page.locator("form[data-attribution]", has=page.locator("input[value=cue]"))
    cue_form.get_by_role("button", name="Use selection").click()
    assert cue_form.get_by_label("Cue").input_value() == "told reporters"
    cue_form.get_by_role("button", name="Save cue").click()
    page.locator("#messages", has_text="Attribution corrected.").wait_for()
    claim = Claim.objects.get(pk=news.reopen.pk)
    assert (claim.cue_text, claim.cue_start) == ("told reporters", start)
    assert page.locator("mark.hl-cue", has_text="reporters").count() >= 1


def test_an_ended_session_shows_the_login_page_not_an_empty_workspace(news, factchecker, tab):
    from django.contrib.sessions.models import Session

    services.claim_take_next(by=factchecker)
    tab.log_in("fiona")
    tab.go(news.reopen.get_absolute_url())
    Session.objects.all().delete()
    tab.page.get_by_role("button", name="Start verdict").click()
    tab.page.wait_for_url("**/accounts/login/**")
    assert tab.page.get_by_role("heading", name="Log in").is_visible()


def test_progress_is_polled_until_the_article_is_done(news, tab):
    article = ArticleFactory(status=Article.Status.PROCESSING, progress=30, title="Pending")
    tab.log_in("fiona")
    tab.page.goto(tab.base_url + article.get_absolute_url())
    Article.objects.filter(pk=article.pk).update(progress=70)
    tab.page.locator("#progress-text", has_text="70%").wait_for()
    Article.objects.filter(pk=article.pk).update(status=Article.Status.DONE, progress=100)
    tab.page.locator(".status-done").wait_for()  # reloaded
    assert tab.page.locator("#progress").count() == 0


# Every page, as the role that uses it: (name, user, path from the newsroom).
PAGES = [
    ("login", None, lambda n: "/accounts/login/"),
    ("password-change", "fiona", lambda n: "/accounts/password_change/"),
    ("desk-factchecker", "fiona", lambda n: "/"),
    ("workspace-factchecker", "fiona", lambda n: n.reopen.get_absolute_url()),
    ("desk-editor", "eddie", lambda n: "/"),
    ("workspace-editor", "eddie", lambda n: n.ready.get_absolute_url()),
    ("workspace-published", "eddie", lambda n: n.earlier_claim.get_absolute_url()),
    ("articles", "fiona", lambda n: reverse("claims:article_list")),
    ("article", "fiona", lambda n: n.schools.get_absolute_url()),
    ("article-processing", "fiona", lambda n: n.processing.get_absolute_url()),
    ("ingest", "fiona", lambda n: reverse("claims:article_submit")),
    ("search", "fiona", lambda n: reverse("claims:search") + "?q=schools"),
    ("dashboard", "eddie", lambda n: reverse("claims:dashboard")),
    ("forbidden", "fiona", lambda n: reverse("claims:dashboard")),
]


def test_every_page_screenshots_and_accessibility(news, factchecker, editor, tab_factory):
    """No serious or critical axe-core violation on any page, at either width."""
    # The fact-checker holds a claim with a draft and evidence, and a verdict
    # waits for the editor: every panel of the workspace has content.
    claim = services.claim_take_next(by=factchecker)
    verdict = services.verdict_create(claim=claim, by=factchecker, rating="false", headline="H")
    services.evidence_add(
        verdict=verdict,
        by=factchecker,
        url="https://example.org/a",
        title="A source",
        excerpt="A quoted passage.",
        stance="refutes",
    )
    services.claim_assign(claim=news.ready, to=factchecker, by=editor)
    ready = services.verdict_create(
        claim=news.ready, by=factchecker, rating="mostly_true", headline="Roughly right"
    )
    services.evidence_add(
        verdict=ready, by=factchecker, url="https://example.org/b", stance="supports"
    )
    services.verdict_submit(verdict=ready, by=factchecker)
    news.processing = ArticleFactory(status=Article.Status.PROCESSING, progress=45, title="Pending")

    results, serious, errors = {}, [], []
    for width in VIEWPORTS:
        tabs = {}
        for name, username, path in PAGES:
            if username not in tabs:
                tabs[username] = tab_factory(width, bypass_csp=True)  # axe is injected inline
                if username:
                    tabs[username].log_in(username)
            tab = tabs[username]
            tab.go(path(news))
            tab.screenshot(name, width)
            violations = tab.axe_violations()
            results[f"{name}-{width}"] = violations
            serious += [
                f"{name}-{width}: {v['id']} ({v['impact']}) {v['help']} at {v['nodes']}"
                for v in violations
                if v["impact"] in ("serious", "critical")
            ]
            if name == "desk-factchecker":
                tab.page.keyboard.press("?")
                tab.screenshot("help", width)
                results[f"help-{width}"] = tab.axe_violations()
                tab.page.keyboard.press("Escape")
        errors += [e for t in tabs.values() for e in t.errors if not re.search(r"\b403\b", e)]
    axe_report_write(results)
    assert serious == []
    assert errors == []  # the forbidden page's 403 aside
