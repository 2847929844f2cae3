"""Issue 18 §4 screens in the browser: the employee's scorecard on My reviews at 360 px in
dark mode with 200 % text (weighted score, indicators with n, "not enough data"), the
manager's team table sorted by a column (aria-sort), and HR's units × indicators heat map at
1280 px with its data table. Screenshots go to tests/e2e/artifacts/field/ (git-ignored)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from tests.e2e.conftest import HR, LiveServer
from tests.e2e.field_helpers import large_text, phone_in, shot
from tests.e2e.pwa_driver import TIMEOUT, login
from tests.e2e.test_pwa_scorecard_observations import _observation_rounds

pytestmark = pytest.mark.e2e


def _seed(server: LiveServer) -> tuple[str, list[str]]:
    """Six observations of each of two reports this month (5 and 6 greeted); their emails."""
    email, _, staff, version_id = _observation_rounds(server)
    from sqlalchemy import select

    from server.models import Campaign, FormVersion, User
    from tests.factories import add_submission

    def work(s: Any) -> list[str]:
        boss = s.scalar(select(User).where(User.email == email))
        version = s.get(FormVersion, version_id)
        campaign = s.scalars(select(Campaign).order_by(Campaign.id.desc())).first()
        now = datetime.now(UTC)
        for k, person in enumerate(staff):
            for i in range(6):
                answers = {
                    "greeted_proactively": k == 1 or i < 5,
                    "discovered_needs": True,
                    "polite_language": i != 0,
                    "offered_help": True,
                }
                add_submission(
                    campaign, version, person, "supervisor", answers,
                    rater_id=boss.id, completed_at=now,
                )  # fmt: skip
        s.commit()
        return [s.get(User, i).email for i in staff]

    return email, list(server.query(work))


def test_scorecard_screens(live_server: LiveServer, browser: Any) -> None:
    boss, staff = _seed(live_server)
    ctx = phone_in(browser, "en-US", "dark")
    page = ctx.new_page()
    login(page, live_server.url, staff[0])
    page.goto(f"{live_server.url}/#/reviews")
    block = page.locator("section.scorecard").first
    block.locator(".sc-score").wait_for(timeout=TIMEOUT)
    large_text(page, ctx)
    text = block.inner_text()
    mine = page.evaluate("() => fetch('/api/v1/me/scorecard?period=month').then(r => r.json())")[
        "rows"
    ][0]
    assert f"{mine['score']:.1f}" in block.locator(".sc-score").inner_text()
    greeting = mine["indicators"]["greeting_rate"]
    assert f"{greeting['value']:.1f}" in text and "n 6" in text
    assert "not enough data" in text or "数据不足" in text  # no customer survey yet
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.locator("#sc-own-title").scroll_into_view_if_needed()
    shot(page, "scorecard-my-reviews-360-dark-200", full=False)
    assert ctx.console_errors == []
    ctx.close()

    ctx = phone_in(browser, "en-US")
    page = ctx.new_page()
    login(page, live_server.url, boss)
    page.goto(f"{live_server.url}/#/reviews")
    table = page.locator("#sc-team-table")
    table.wait_for(timeout=TIMEOUT)
    assert table.locator("tbody tr").count() >= 2
    score = table.locator("thead th").nth(1)
    assert score.get_attribute("aria-sort") == "descending"
    first = table.locator("tbody tr th").first.inner_text()
    score.locator("button").click()
    assert score.get_attribute("aria-sort") == "ascending"
    assert table.locator("tbody tr th").first.inner_text() != first
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    table.scroll_into_view_if_needed()
    shot(page, "scorecard-team-360", full=False)
    assert ctx.console_errors == []
    ctx.close()

    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    page = ctx.new_page()
    login(page, live_server.url, HR)
    page.goto(f"{live_server.url}/#/hr/dashboard")
    heat = page.locator("table.sc-heat")
    heat.wait_for(timeout=TIMEOUT)
    assert heat.locator("td.sc-cell").count() > 0  # units with observation figures
    assert heat.locator("td.sc-empty").count() > 0  # and "not enough data", hatched
    assert "n " in heat.locator("td.sc-cell").first.inner_text()
    page.locator("section.scorecard details summary").click()
    assert page.locator("section.scorecard details table tbody tr").count() > 0
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    page.locator("section.scorecard").screenshot(path=str(shot(page, "scorecard-hr-heatmap-1280")))
    ctx.close()
