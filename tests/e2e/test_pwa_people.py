"""SPEC §10 the PWA, §14 end-to-end: An employee on a phone: My reviews lists the released review
and downloads its PDF."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from sqlalchemy import select

from tests.e2e.conftest import LiveServer
from tests.e2e.pwa_driver import TIMEOUT, login

EMPLOYEE = "staff111@demo.example"


def _name(server: LiveServer, email: str) -> str:
    from server.models.user import User

    return str(server.query(lambda s: s.scalar(select(User.name).where(User.email == email))))


def test_employee_downloads_own_review_pdf(live_server: LiveServer, browser: Any) -> None:
    name = _name(live_server, EMPLOYEE)
    ctx = browser.new_context(
        viewport={"width": 360, "height": 780}, locale="en-US", accept_downloads=True
    )
    errors: list[str] = []
    ctx.on("weberror", lambda e: errors.append(str(e.error)))
    page = ctx.new_page()
    page.goto(live_server.url + "/")
    login(page, live_server.url, EMPLOYEE)
    page.locator('nav.bottom a[href="#/reviews"]').click()
    card = page.locator("article.review-card").first
    card.wait_for(timeout=TIMEOUT)
    assert card.locator(".index-value").inner_text().strip() not in ("", "—")
    assert card.locator("table.review-rows tbody tr").count() >= 2
    link = card.locator('a[href$=".pdf"]')
    assert link.inner_text().strip() in ("Download PDF", "下载 PDF")  # the user's own locale
    with page.expect_download(timeout=60_000) as info:
        link.click()
    data = Path(info.value.path()).read_bytes()
    assert data.startswith(b"%PDF")
    text = "".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages)
    assert name in text
    assert "DRAFT" not in text  # a released review, not the pre-release draft
    # the page scrolls vertically only at 360 px
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert errors == []
    ctx.close()


def _manager_of(server: LiveServer, email: str) -> tuple[str, bool]:
    """The employee's manager's e-mail and whether a released campaign lets managers see."""
    from server.models import Campaign
    from server.models.user import User

    def run(s: Any) -> tuple[str, bool]:
        employee = s.scalar(select(User).where(User.email == email))
        manager = s.get(User, employee.manager_id)
        visible = s.scalar(
            select(Campaign.id).where(
                Campaign.status == "released", Campaign.manager_visibility.is_(True)
            )
        )
        return manager.email, visible is not None

    return server.query(run)


def test_manager_sees_team_review_and_downloads_pdf(live_server: LiveServer, browser: Any) -> None:
    """A demo manager (the employee's line manager) sees "Team reviews" with the employee's
    released review in the manager-visible demo campaign and downloads its PDF."""
    name = _name(live_server, EMPLOYEE)
    manager, visible = _manager_of(live_server, EMPLOYEE)
    assert visible, "the demo's current 360 campaign allows manager visibility"
    ctx = browser.new_context(
        viewport={"width": 360, "height": 780}, locale="en-US", accept_downloads=True
    )
    errors: list[str] = []
    ctx.on("weberror", lambda e: errors.append(str(e.error)))
    page = ctx.new_page()
    page.goto(live_server.url + "/")
    login(page, live_server.url, manager)
    page.locator('nav.bottom a[href="#/reviews"]').click()
    team = page.locator("section.team-reviews")
    team.wait_for(timeout=TIMEOUT)
    assert team.locator("h1").inner_text().strip() in ("Team reviews", "团队评估")
    group = team.locator("section.team-employee", has=page.get_by_role("heading", name=name))
    group.wait_for(timeout=TIMEOUT)
    card = group.locator("article.review-card").first
    assert card.locator(".index-value").inner_text().strip() not in ("", "—")
    link = card.locator('a[href$=".pdf"]')
    assert link.get_attribute("aria-label") and name in link.get_attribute("aria-label")
    with page.expect_download(timeout=60_000) as info:
        link.click()
    data = Path(info.value.path()).read_bytes()
    assert data.startswith(b"%PDF")
    text = "".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages)
    assert name in text
    assert "DRAFT" not in text
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert errors == []
    ctx.close()


def test_employee_without_reports_sees_no_team_section(
    live_server: LiveServer, browser: Any
) -> None:
    """A non-manager never gets the Team reviews section (nor its request)."""
    ctx = browser.new_context(viewport={"width": 360, "height": 780}, locale="en-US")
    page = ctx.new_page()
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url) if "/me/team-reviews" in r.url else None)
    page.goto(live_server.url + "/")
    login(page, live_server.url, EMPLOYEE)
    page.locator('nav.bottom a[href="#/reviews"]').click()
    page.locator("article.review-card").first.wait_for(timeout=TIMEOUT)
    assert page.locator("section.team-reviews").count() == 0
    assert asked == []
    ctx.close()
