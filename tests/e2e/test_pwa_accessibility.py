"""Accessibility (SPEC §10: keyboard and screen-reader friendly, labels, contrast): axe-core
checks every screen a person uses, at 360 px for the field app and the customer page and on
a desktop for the HR console. A WCAG 2.1 A/AA or best-practice violation of moderate or higher
impact fails the test."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import (
    HR,
    ROOT,
    SHOPPER,
    LiveServer,
    ensure_360_campaign,
    ensure_customer_link,
    ensure_visit,
)
from tests.e2e.pwa_driver import TIMEOUT, login, open_assignment

AXE = ROOT / "pwa" / "node_modules" / "axe-core" / "axe.min.js"
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def violations(page: Any) -> list[str]:
    """Moderate, serious and critical axe violations of the page now, one line per node."""
    if not page.evaluate("() => !!window.axe"):
        # Evaluated through the driver: the app's CSP (rightly) refuses inline script tags.
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;true")
    result = page.evaluate(
        "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})", RULES
    )
    out = []
    for v in result["violations"]:
        if v["impact"] not in ("serious", "critical", "moderate"):
            continue
        for node in v["nodes"]:
            out.append(f"{v['id']} ({v['impact']}): {node['target']} — {node['failureSummary']}")
    return out


@pytest.fixture(autouse=True)
def _axe_installed() -> None:
    if not Path(AXE).is_file():
        pytest.fail("axe-core is missing: run `make pwa` (npm ci) first")


def test_field_app_screens(live_server: LiveServer, phone: Any) -> None:
    visit_id = ensure_visit(live_server)
    page = phone.new_page()
    page.goto(live_server.url + "/")
    page.locator("#login-email").wait_for(timeout=TIMEOUT)
    found = {"login": violations(page)}
    login(page, live_server.url, SHOPPER)
    page.locator(f'a[href="#/form/{visit_id}"]').wait_for(timeout=TIMEOUT)
    found["today"] = violations(page)
    open_assignment(page, visit_id)
    found["form"] = violations(page)
    for route, ready in (("outbox", "main h1"), ("settings", "main h1")):
        page.goto(f"{live_server.url}/#/{route}")
        page.locator(ready).first.wait_for(timeout=TIMEOUT)
        found[route] = violations(page)
    assert {k: v for k, v in found.items() if v} == {}


def test_employee_reviews_screen(live_server: LiveServer, phone: Any) -> None:
    page = phone.new_page()
    login(page, live_server.url, "lead11@demo.example")
    page.goto(f"{live_server.url}/#/reviews")
    page.locator("section.team-reviews, .my-reviews, main h1").first.wait_for(timeout=TIMEOUT)
    page.wait_for_load_state("networkidle")
    assert violations(page) == []


def test_customer_page(live_server: LiveServer, phone: Any) -> None:
    token = ensure_customer_link(live_server)
    page = phone.new_page()
    page.goto(f"{live_server.url}/c/{token}")
    page.locator("form").first.wait_for(timeout=TIMEOUT)
    assert violations(page) == []


def test_hr_console(live_server: LiveServer, browser: Any) -> None:
    campaign_id, _ = ensure_360_campaign(live_server)
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    login(page, live_server.url, HR)
    page.goto(f"{live_server.url}/#/hr")
    page.locator(f'a[href="#/hr/campaign/{campaign_id}"]').wait_for(timeout=TIMEOUT)
    found = {"campaigns": violations(page)}
    page.locator(f'a[href="#/hr/campaign/{campaign_id}"]').click()
    page.locator("select#emp-id").wait_for(timeout=TIMEOUT)
    page.wait_for_load_state("networkidle")
    found["campaign"] = violations(page)
    ctx.close()
    assert {k: v for k, v in found.items() if v} == {}
