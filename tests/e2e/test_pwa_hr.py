"""SPEC §10 the PWA, §14 end-to-end: HR on a desktop browser: the console lists campaigns and
downloads a review PDF."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from pypdf import PdfReader

from tests.e2e.conftest import HR, LiveServer, ensure_360_campaign
from tests.e2e.pwa_driver import TIMEOUT, login


def test_hr_downloads_review_pdf(live_server: LiveServer, browser: Any) -> None:
    campaign_id, employee_id = ensure_360_campaign(live_server)
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    errors: list[str] = []
    ctx.on("weberror", lambda e: errors.append(str(e.error)))
    page = ctx.new_page()
    page.goto(live_server.url + "/")
    login(page, live_server.url, HR)
    page.goto(f"{live_server.url}/#/hr")
    page.locator(f'a[href="#/hr/campaign/{campaign_id}"]').click()
    page.locator(f'select#emp-id option[value="{employee_id}"]').wait_for(
        state="attached", timeout=TIMEOUT
    )
    page.locator("#emp-id").select_option(str(employee_id))
    page.locator(".dl button", has_text="PDF").first.wait_for(timeout=TIMEOUT)
    with page.expect_download(timeout=60_000) as info:
        page.locator(".dl button").first.click()
    data = Path(info.value.path()).read_bytes()
    assert data.startswith(b"%PDF")
    text = "".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages)
    assert "刘艳" in text
    page.locator(".dl [role=status]", has_text=".pdf").first.wait_for(timeout=TIMEOUT)
    assert errors == []
    ctx.close()
