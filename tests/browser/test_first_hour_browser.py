"""The rough edges of issue #25 in a real browser, at 390 and 1280 px:
the desk's queue and the public verdict page fit the screen, the review
buttons sit beside the verdict, approving breaks no CSP rule, and the
claim page leads to the public page. Screenshots go to
artifacts/screenshots/ (first-hour-*)."""

from __future__ import annotations

import pytest

from claims import services
from claims.models import Verdict
from tests.browser.conftest import VIEWPORTS
from tests.browser.scenario import newsroom
from tests.factories import ClaimFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
# Long words and the longest state: what used to widen the table past 390 px.
LONG_CLAIM = (
    "Ministerialdirektorin Anneliese Zimmermann-Schwarzenberg sagte, die "
    "Internationalisierungsbestrebungen seien abgeschlossen"
)
UNTITLED_SOURCE = "https://statistics.example.org/releases/2026/" + "labour-force-survey-" * 6
# Every Content-Security-Policy violation of the page, as the page reports it.
CSP_RECORDER = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation",
  e => window.cspViolations.push(e.violatedDirective + " " + (e.target.outerHTML || "").slice(0, 120)));
"""


@pytest.fixture
def news(factchecker, editor, factchecker2, editor2):
    return newsroom(factchecker2=factchecker2, editor2=editor2)


def overflow(tab) -> int:
    """How many pixels the page is wider than the window."""
    return tab.page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def submitted_verdict(claim, factchecker, editor) -> Verdict:
    services.claim_assign(claim=claim, to=factchecker, by=editor)
    verdict = services.verdict_create(
        claim=claim, by=factchecker, rating="mostly_false", headline="Not every school is ready"
    )
    services.evidence_add(verdict=verdict, by=factchecker, url=UNTITLED_SOURCE, stance="refutes")
    return services.verdict_submit(verdict=verdict, by=factchecker)


def test_the_queue_and_the_public_page_fit_every_width(news, factchecker, editor, tab_factory):
    ClaimFactory(queue_state="below_threshold", checkworthiness=0.1, text=LONG_CLAIM)
    verdict = submitted_verdict(news.ready, factchecker, editor)
    services.verdict_approve(verdict=verdict, by=editor)
    services.verdict_publish(verdict=verdict, by=editor)
    for width in VIEWPORTS:
        tab = tab_factory(width)
        tab.log_in("eddie")
        for state in ("", "below_threshold"):
            tab.go(f"/?state={state}#queue")
            assert overflow(tab) <= 0, (width, state)
            state_header = tab.page.get_by_role("columnheader", name="State").bounding_box()
            assert state_header["x"] + state_header["width"] <= VIEWPORTS[width]["width"]
        state_cell = tab.page.locator("#queue td", has_text="Below check-worthiness threshold")
        assert state_cell.is_visible()
        box = state_cell.bounding_box()
        assert box["x"] + box["width"] <= VIEWPORTS[width]["width"], width
        tab.screenshot("first-hour-desk-queue", width)

        tab.go(f"/verdicts/{verdict.pk}/")
        assert tab.page.get_by_role("link", name=UNTITLED_SOURCE).is_visible()
        assert overflow(tab) <= 0, width
        tab.screenshot("first-hour-public-verdict", width)
        assert tab.errors == []  # no 404 for /favicon.ico either


def test_the_editor_approves_beside_the_verdict_and_opens_its_public_page(
    news, factchecker, editor, tab_factory
):
    verdict = submitted_verdict(news.ready, factchecker, editor)
    for width in ("390", "1280"):  # approved at the last
        tab = tab_factory(width)
        tab.page.add_init_script(CSP_RECORDER)
        tab.log_in("eddie")
        tab.go(news.ready.get_absolute_url())
        card = tab.page.locator("section", has=tab.page.locator("#verdict-title"))
        approve = card.get_by_role("button", name="Approve")
        box, button = card.bounding_box(), approve.bounding_box()
        assert box["y"] <= button["y"] <= box["y"] + box["height"]
        # A screenshot, like a textarea a user resized, leaves style="" on
        # form fields; swapping them in again must not set it (CSP).
        tab.screenshot("first-hour-review", width)
        if width == "390":
            continue
        approve.click()
        card.get_by_role("button", name="Publish").click()
        tab.page.locator("#messages", has_text="Verdict published.").wait_for()
        assert tab.page.evaluate("window.cspViolations") == []
        assert tab.errors == []
        with tab.page.expect_navigation():
            card.get_by_role("link", name="Public page").click()
        assert tab.page.url.endswith(f"/verdicts/{verdict.pk}/")
        assert tab.page.get_by_role("heading", name="Not every school is ready").is_visible()
