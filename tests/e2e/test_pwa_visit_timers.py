"""Issue 14 §4 review timers in the browser: on a 360 px phone the shopper sees their visit
"auto-accepted by rule: 72 h without review" (the demo's timers campaign, decided by the
timer while the demo was built); on a 1280 px desktop HR's review queue shows the same
badge under "Decided by rule" and the running timer of the visit waiting near it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import HR, SHOPPER, LiveServer
from tests.e2e.pwa_driver import TIMEOUT, login

pytestmark = pytest.mark.e2e

ARTIFACTS = Path(__file__).parent / "artifacts"
AUTO = re.compile(r"Auto-accepted by rule: 72 h without review|按规则自动通过：72 小时内无人审核")
RUNNING = re.compile(r"Auto-accept |自动通过$")


def test_shopper_sees_auto_accepted_by_rule_on_a_phone(live_server: LiveServer, phone: Any):
    page = phone.new_page()
    login(page, live_server.url, SHOPPER)
    page.locator('nav.bottom a[href="#/visits"]').click()
    card = page.locator("article.visit-outcome", has_text=AUTO).first
    card.wait_for(timeout=TIMEOUT)
    visit_href = card.locator("h3 a").get_attribute("href")
    page.goto(f"{live_server.url}/{visit_href}")  # a notification's deep link
    page.locator("article.visit-outcome .badge", has_text=AUTO).wait_for(timeout=TIMEOUT)
    assert page.locator("article.visit-outcome").count() == 1
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the page scrolls sideways at 360 px ({width} px)"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "visit-auto-accepted-360.png"), full_page=True)
    assert phone.console_errors == []


def test_hr_queue_shows_the_rule_badge_and_running_timers(live_server: LiveServer, browser: Any):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    ctx.on("weberror", lambda e: errors.append(str(e.error)))
    page = ctx.new_page()
    login(page, live_server.url, HR)
    page.goto(f"{live_server.url}/#/hr/review")
    decided = page.locator('section[aria-labelledby="auto-title"]')
    decided.locator(".badge.timer-auto", has_text=AUTO).first.wait_for(timeout=TIMEOUT)
    page.locator("table .badge.ev-warn", has_text=RUNNING).first.wait_for(timeout=TIMEOUT)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "hr-review-timers-1280.png"), full_page=True)
    assert errors == []
    ctx.close()
