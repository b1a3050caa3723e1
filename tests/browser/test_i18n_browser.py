"""The desk in Spanish in a real browser at 1280 px, the language coming from
the browser's own locale (Accept-Language): a screenshot in
artifacts/screenshots/ (desk-es-1280.png), the page as wide as the window,
no script or CSP error."""

from __future__ import annotations

import pytest

from tests.browser.conftest import VIEWPORTS, Tab
from tests.factories import ClaimFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_desk_in_spanish(factchecker, browser, live_server):
    ClaimFactory(text="El paro bajó al 3 por ciento el año pasado, dijo la ministra.")
    context = browser.new_context(viewport=VIEWPORTS["1280"], locale="es-ES")
    context.set_default_timeout(15_000)
    try:
        tab = Tab(context.new_page(), live_server.url)
        tab.go("/accounts/login/")
        tab.page.fill("input[name=username]", "fiona")
        tab.page.fill("input[name=password]", "pw-fiona")
        tab.page.locator("main button[type=submit]").click()
        tab.page.wait_for_url(live_server.url + "/")
        tab.page.wait_for_load_state("networkidle")
        assert tab.page.get_by_role("heading", name="Mesa", level=1).is_visible()
        assert tab.page.get_by_role("button", name="Cerrar sesión").is_visible()
        assert tab.page.evaluate("document.documentElement.lang") == "es"
        assert tab.page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
        tab.screenshot("desk-es", "1280")
        assert tab.errors == []
    finally:
        context.close()
