"""Browser fixtures: Debian's Chromium driven by Playwright against a live server.

No browser is ever downloaded: `make test` and `.ci/run` install Debian's
chromium package. Without it the browser tests skip locally and fail in CI
(CLAIMS_TESTS_REQUIRE_SERVICES=1), like the Redis tests.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from django.db import connections

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
AXE_REPORT = ROOT / "artifacts" / "axe.json"
VIEWPORTS = {"1280": {"width": 1280, "height": 800}, "390": {"width": 390, "height": 844}}


def browser_missing() -> str:
    """Return why the browser tests cannot run here, or "" if they can."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "needs the playwright package: pip install -r requirements.txt"
    if not os.access(CHROMIUM, os.X_OK):
        return (
            f"needs Debian's Chromium at {CHROMIUM}: apt-get install -y chromium (make test does)"
        )
    return ""


@pytest.fixture
def browser(monkeypatch):
    """Chromium for one test, headless.

    Playwright's sync API keeps an event loop running in this thread, which
    Django would take for async code and refuse database access from; the
    tests' own database work is synchronous, so the check is switched off
    while the browser is open. One browser per test, because while the loop
    runs Django's connections are per context: the test database's setup
    and teardown must happen before it starts and after it stops.
    """
    if reason := browser_missing():
        if os.environ.get("CLAIMS_TESTS_REQUIRE_SERVICES") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        # The test's database work ran while the loop was running, on a
        # connection of that context: close it here, or it outlives the test
        # and holds the test database open at teardown.
        connections.close_all()
        chromium.close()


class Tab:
    """A browser page on the live server that records dialogs and console errors."""

    def __init__(self, page, base_url: str):
        self.page = page
        self.base_url = base_url
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        page.on("dialog", self.on_dialog)
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda e: self.errors.append(str(e)))

    def on_dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def go(self, path: str):
        self.page.goto(self.base_url + path)
        self.page.wait_for_load_state("networkidle")

    def log_in(self, username: str):
        self.go("/accounts/login/")
        self.page.get_by_label("Username").fill(username)
        self.page.get_by_label("Password").fill(f"pw-{username}")
        self.page.get_by_role("button", name="Log in").click()
        self.page.wait_for_url(self.base_url + "/")

    def log_out(self):
        self.page.get_by_role("button", name="Log out").click()
        self.page.wait_for_url("**/accounts/login/")

    def screenshot(self, name: str, width: str):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=SCREENSHOTS / f"{name}-{width}.png", full_page=True)

    def axe_violations(self) -> list[dict]:
        """Run axe-core on the page; return its violations, serious ones first."""
        self.page.add_script_tag(path=str(AXE))
        violations = self.page.evaluate(
            """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations
                 .map(v => ({id: v.id, impact: v.impact, help: v.help,
                             nodes: v.nodes.slice(0, 5).map(n => n.target.join(" "))}))"""
        )
        order = ["critical", "serious", "moderate", "minor"]
        return sorted(violations, key=lambda v: order.index(v["impact"] or "minor"))


@pytest.fixture
def tab_factory(browser, live_server):
    contexts = []

    def make(width: str = "1280", *, bypass_csp: bool = False) -> Tab:
        context = browser.new_context(viewport=VIEWPORTS[width], bypass_csp=bypass_csp)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return Tab(context.new_page(), live_server.url)

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def tab(tab_factory) -> Tab:
    return tab_factory()


def axe_report_write(results: dict) -> None:
    AXE_REPORT.parent.mkdir(parents=True, exist_ok=True)
    AXE_REPORT.write_text(json.dumps(results, indent=2))
