"""An employee on a phone: My reviews lists the released review and downloads its PDF."""

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
