"""Privacy tab (issue 17 §4-5) at 1280 px: an admin finds a person with the searchable
picker, exports their data (job status, download) and erases them after a confirm dialog
that names the consequence; the retention periods and last runs are shown. HR has no tab."""

from __future__ import annotations

from typing import Any

from tests.e2e.conftest import HR, LiveServer
from tests.e2e.field_helpers import large_text, use_language
from tests.e2e.pwa_driver import TIMEOUT, login

ADMIN = "admin@demo.example"
PERSON = "staff111@demo.example"


def _inline_exports(monkeypatch: Any) -> None:
    """No consumer runs here: build the export in the request, as a consumer would."""
    from server import storage
    from server.extensions import db
    from server.services.privacy import export
    from server.tasks import privacy as privacy_tasks

    monkeypatch.setattr(
        privacy_tasks,
        "start_person_export",
        lambda job_id: export.build(db.session, storage.for_app(), job_id),
    )


def _person_name(server: LiveServer) -> str:
    from sqlalchemy import select

    from server.models import User

    return str(server.query(lambda s: s.scalar(select(User.name).where(User.email == PERSON))))


def test_admin_exports_and_erases_a_person(
    live_server: LiveServer, browser: Any, monkeypatch: Any
) -> None:
    _inline_exports(monkeypatch)
    name = _person_name(live_server)
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    errors: list[str] = []
    ctx.on("weberror", lambda e: errors.append(str(e.error)))
    page = ctx.new_page()
    login(page, live_server.url, ADMIN)
    page.goto(f"{live_server.url}/#/hr/privacy")
    page.get_by_role("heading", name="Personal data", exact=True).wait_for(timeout=TIMEOUT)
    page.locator("#privacy-search").fill(name)
    page.locator("#privacy-person option", has_text=name).first.wait_for(
        state="attached", timeout=TIMEOUT
    )
    value = page.locator("#privacy-person option", has_text=name).first.get_attribute("value")
    page.locator("#privacy-person").select_option(value)
    page.get_by_role("button", name="Export personal data").click()
    page.get_by_role("button", name="Download ZIP").wait_for(timeout=TIMEOUT)
    with page.expect_download() as dl:
        page.get_by_role("button", name="Download ZIP").click()
    assert dl.value.suggested_filename.endswith(".zip")
    page.get_by_role("cell", name="Generated PDFs and ZIPs", exact=True).wait_for(timeout=TIMEOUT)
    page.screenshot(path="/tmp/privacy-tab-1280.png", full_page=True)
    page.get_by_role("button", name="Erase this person").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_text(f"Erase {name}?").wait_for(timeout=TIMEOUT)
    assert "cannot be undone" in dialog.inner_text()
    dialog.get_by_role("button", name="Erase for ever").click()
    page.get_by_text("Erased: now shown as Erased person").wait_for(timeout=TIMEOUT)
    assert not errors
    ctx.close()


def test_hr_has_no_privacy_tab(live_server: LiveServer, browser: Any) -> None:
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    page = ctx.new_page()
    login(page, live_server.url, HR)
    page.goto(f"{live_server.url}/#/hr/campaigns")
    page.locator(".hr-tabs a").first.wait_for(timeout=TIMEOUT)
    assert page.locator(".hr-tabs a[href='#/hr/privacy']").count() == 0
    ctx.close()


def test_privacy_tab_in_chinese_dark_at_200_percent_text(
    live_server: LiveServer, browser: Any
) -> None:
    ctx = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="zh-CN", color_scheme="dark"
    )
    page = ctx.new_page()
    login(page, live_server.url, ADMIN)
    page.goto(f"{live_server.url}/#/hr/privacy")
    use_language(page, "zh-CN")
    page.get_by_role("heading", name="个人数据", exact=True).wait_for(timeout=TIMEOUT)
    page.get_by_role("cell", name="生成的 PDF 和 ZIP", exact=True).wait_for(timeout=TIMEOUT)
    large_text(page, ctx)
    page.locator("#privacy-person").select_option(index=1)
    page.get_by_role("button", name="删除此人的个人数据").click()
    page.get_by_role("dialog").get_by_text("此操作无法撤销").wait_for(timeout=TIMEOUT)
    page.screenshot(path="/tmp/privacy-tab-zh-dark-200.png")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 1280, width
    page.get_by_role("dialog").get_by_role("button", name="取消").click()
    page.get_by_role("dialog").wait_for(state="hidden", timeout=TIMEOUT)
    ctx.close()
