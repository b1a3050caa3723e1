"""The Content-Security-Policy header in a real browser: Swagger UI, the admin,
a public verdict and the login lockout render with nothing blocked."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse

from tests.test_exports import published_verdict

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def csp_errors(tab) -> list[str]:
    return [error for error in tab.errors if "Content Security Policy" in error]


def test_swagger_ui_the_admin_and_a_public_verdict_render_under_the_policy(
    tab, factchecker, editor
):
    verdict = published_verdict(factchecker, editor)
    tab.go(reverse("public:verdict", args=[verdict.pk]))
    rating = tab.page.locator(".rating").first
    # The inline styles this page is allowed: its CSS and the rating colour.
    assert rating.evaluate("e => getComputedStyle(e).color") == "rgb(255, 255, 255)"

    tab.log_in("eddie")
    tab.go("/api/docs/")
    tab.page.locator(".swagger-ui .info .title", has_text="Claim Workbench API").wait_for()
    assert tab.page.locator(".opblock-summary-path", has_text="/api/auth/token/").count() == 1

    tab.go(reverse("admin:index"))
    assert tab.page.get_by_role("heading", name="Moderation").is_visible()
    # The admin's own stylesheet applies (its header is not unstyled black on white).
    header = tab.page.locator("#header").evaluate("e => getComputedStyle(e).backgroundColor")
    assert header not in ("rgba(0, 0, 0, 0)", "rgb(255, 255, 255)")
    assert csp_errors(tab) == []


@override_settings(AXES_FAILURE_LIMIT=2)
def test_a_locked_out_login_shows_the_lockout_page(tab, factchecker):
    for _ in range(2):
        tab.go(reverse("login"))
        tab.page.get_by_label("Username").fill("fiona")
        tab.page.get_by_label("Password").fill("wrong")
        tab.page.get_by_role("button", name="Log in").click()
        tab.page.wait_for_load_state("networkidle")
    assert tab.page.get_by_role("heading", name="Login locked").is_visible()
    assert "Try again in 15 minutes" in tab.page.get_by_role("alert").inner_text()
