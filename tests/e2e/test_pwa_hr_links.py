"""Issue 15, HR console at 1280 px in zh-CN and en: a customer campaign's links with their
repeat policy and public title, edited one at a time; a title in one language only is a
field error beside the missing field, in the user's language; saving PATCHes the link and
the customer page shows the new title. Screenshots: tests/e2e/artifacts/ (git-ignored)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import LiveServer, ensure_customer_link
from tests.e2e.pwa_driver import TIMEOUT
from tests.e2e.test_pwa_accessibility import violations
from tests.e2e.test_pwa_hr_console import ART, console, no_codes

BOTH = {"zh-CN": "请填写中英文两个标题", "en": "Give the title in both languages"}
SAVED = {"zh-CN": "已保存", "en": "Saved the link"}
ONCE = {"zh-CN": "仅一次", "en": "Once only"}


def _link(server: LiveServer, token: str) -> tuple[int, int]:
    from sqlalchemy import select

    from server.models.engagement import CustomerLink

    def work(session: Any) -> tuple[int, int]:
        link = session.scalar(select(CustomerLink).where(CustomerLink.token == token))
        return link.id, link.campaign_id

    return server.query(work)


def _stored(server: LiveServer, link_id: int) -> tuple[str, Any]:
    from server.models.engagement import CustomerLink

    def work(session: Any) -> tuple[str, Any]:
        link = session.get(CustomerLink, link_id)
        return link.repeat_policy, link.public_title

    return server.query(work)


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_hr_sets_repeat_policy_and_public_title(
    live_server: LiveServer, browser: Any, lang: str
) -> None:
    token = ensure_customer_link(live_server)
    link_id, campaign_id = _link(live_server, token)
    page = console(browser, live_server, lang, dark=lang == "en")  # en in dark mode
    page.goto(f"{live_server.url}/#/hr/campaign/{campaign_id}")
    links = page.locator(".customer-links")
    links.locator("tbody tr").first.wait_for(timeout=TIMEOUT)
    assert page.locator("a.counter").count() == 0  # online-only, nothing unsent: no counter
    row = links.locator("tbody tr").nth(0)
    row.locator("button").click()
    editor = page.locator(".link-editor")
    editor.wait_for(timeout=TIMEOUT)
    editor.locator("#link-title-zh").fill("欢迎评价本店")
    editor.locator("#link-title-en").fill("")
    editor.locator("button[type=submit]").click()
    err = page.locator("#link-title-en-err")
    err.wait_for(timeout=TIMEOUT)
    assert BOTH[lang] in err.inner_text()
    assert page.locator("#link-title-en").get_attribute("aria-invalid") == "true"
    assert page.locator("#link-title-en").get_attribute("aria-describedby") == "link-title-en-err"
    no_codes(page)
    assert [v for v in violations(page) if "(serious)" in v or "(critical)" in v] == []
    page.screenshot(path=str(ART / f"console-link-error-{lang}.png"), full_page=True)
    editor.locator("#link-title-en").fill("Rate our store")
    editor.locator("#link-policy").select_option("once")
    with page.expect_response(lambda r: r.request.method == "PATCH") as resp:
        editor.locator("button[type=submit]").click()
    assert resp.value.status == 200
    links.locator("[role=status]", has_text=SAVED[lang]).wait_for(timeout=TIMEOUT)
    policy, title = _stored(live_server, link_id)
    assert policy == "once" and title == {"zh-CN": "欢迎评价本店", "en": "Rate our store"}
    mine = "欢迎评价本店" if lang == "zh-CN" else "Rate our store"
    shown = links.locator("tbody tr", has_text=mine)
    assert ONCE[lang] in shown.inner_text()
    no_codes(page)
    page.screenshot(path=str(ART / f"console-links-{lang}.png"), full_page=True)
    page.goto(f"{live_server.url}/c/{token}")
    heading = page.locator(".form-title + p.muted")  # the page opens in the browser's language
    heading.wait_for(timeout=TIMEOUT)
    assert "Rate our store" in heading.inner_text() or "欢迎评价本店" in heading.inner_text()
    page.context.close()
