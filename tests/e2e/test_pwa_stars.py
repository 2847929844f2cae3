"""Service stars in the browser (issue 14 §5): an employee who is a star sees it on My reviews
on a 360 px phone; HR reads the league table with trend arrows and the period's stars at
1280 px. The demo computes the months of its campaigns (server/demo/demo_stars.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select

from tests.e2e.conftest import HR, LiveServer
from tests.e2e.pwa_driver import TIMEOUT, login

ARTIFACTS = Path(__file__).parent / "artifacts"


def _a_star(server: LiveServer) -> tuple[str, str]:
    """E-mail and period of a demo employee named service star (the newest period)."""
    from server.models import ServiceStar, User

    def run(s: Any) -> tuple[str, str]:
        row = s.execute(
            select(User.email, ServiceStar.period)
            .join(ServiceStar, ServiceStar.user_id == User.id)
            .where(User.role == "employee", User.manager_id.is_not(None))
            .order_by(ServiceStar.period.desc(), User.email)
        ).first()
        return row[0], row[1]

    return server.query(run)


def test_my_reviews_shows_the_star_on_a_phone(live_server: LiveServer, browser: Any) -> None:
    email, _period = _a_star(live_server)
    ctx = browser.new_context(viewport={"width": 360, "height": 780}, locale="en-US")
    errors: list[str] = []
    ctx.on("weberror", lambda e: errors.append(str(e.error)))
    page = ctx.new_page()
    login(page, live_server.url, email)
    page.locator('nav.bottom a[href="#/reviews"]').click()
    block = page.locator("section.stars").first
    block.wait_for(timeout=TIMEOUT)
    assert "★" in block.inner_text()
    item = block.locator(".star-item").first
    text = item.inner_text()
    assert "rank" in text or "名" in text
    item.scroll_into_view_if_needed()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "stars-my-reviews-360.png"), full_page=True)
    assert errors == []
    ctx.close()


def test_hr_league_table_at_1280(live_server: LiveServer, browser: Any) -> None:
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    errors: list[str] = []
    ctx.on("weberror", lambda e: errors.append(str(e.error)))
    page = ctx.new_page()
    login(page, live_server.url, HR)
    page.goto(f"{live_server.url}/#/hr/league")
    rows = page.locator("tr.league-row")
    rows.first.wait_for(timeout=TIMEOUT)
    assert rows.count() >= 2  # the demo's branches
    table = page.locator(".league").inner_text()
    assert any(arrow in table for arrow in ("▲", "▼", "="))  # against the earlier period
    stars = page.locator("#league-stars-title")
    stars.wait_for(timeout=TIMEOUT)
    page.locator(".league tbody tr", has_text="★").first.wait_for(timeout=TIMEOUT)
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "stars-league-1280.png"), full_page=True)
    assert errors == []
    ctx.close()


def test_hr_payroll_export_of_a_range(live_server: LiveServer, browser: Any) -> None:
    """HR picks the newest period as the range's start: the CSV has that period's column only;
    a start after the end is named, with no link to a file the server would refuse."""
    _email, newest = _a_star(live_server)
    ctx = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="en-US", accept_downloads=True
    )
    page = ctx.new_page()
    login(page, live_server.url, HR)
    page.goto(f"{live_server.url}/#/hr/league")
    box = page.locator("fieldset.payroll-export")
    box.wait_for(timeout=TIMEOUT)
    selects = box.locator("select")
    selects.nth(0).select_option(newest)
    with page.expect_download(timeout=TIMEOUT) as info:
        box.get_by_role("link", name="CSV").click()
    head = Path(info.value.path()).read_text(encoding="utf-8-sig").splitlines()[0].split(",")
    assert [c for c in head if c.startswith("service_star.")] == [f"service_star.{newest}"]
    options = selects.nth(1).locator("option").all_inner_texts()
    if len(options) > 2:  # an older period exists: choose it as the end
        selects.nth(1).select_option(index=1)
        box.get_by_role("alert").wait_for(timeout=TIMEOUT)
        assert box.get_by_role("link", name="CSV").count() == 0
    ctx.close()
