"""API tokens tab (issue 17 §1), 1280 px: an admin creates a token, sees its secret once
with a copy button, the token works without a cookie, the list shows it and revoking it
refuses the next call; in Chinese and dark mode the page has no untranslated words and no
sideways scroll."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

from tests.e2e.conftest import LiveServer
from tests.e2e.pwa_driver import TIMEOUT, login

ADMIN = "admin@demo.example"


def _call(base: str, secret: str) -> int:
    req = urllib.request.Request(
        f"{base}/api/v1/org/units", headers={"Authorization": f"Bearer {secret}"}
    )
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:  # noqa: S310 - local server
            json.load(resp)
            return int(resp.status)
    except urllib.error.HTTPError as err:
        return int(err.code)


def test_admin_creates_copies_and_revokes_a_token(live_server: LiveServer, browser: Any) -> None:
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    ctx.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    errors: list[str] = []
    ctx.on("weberror", lambda e: errors.append(str(e.error)))
    page = ctx.new_page()
    login(page, live_server.url, ADMIN)
    page.goto(f"{live_server.url}/#/hr/tokens")
    page.get_by_role("heading", name="API tokens", exact=True).wait_for(timeout=TIMEOUT)
    page.get_by_role("button", name="Create token").click()
    page.get_by_text("Give the token a name.").wait_for(timeout=TIMEOUT)
    page.get_by_label("Name").fill("HR system nightly sync")
    page.locator("input[value='org:read']").check()
    page.get_by_role("button", name="Create token").click()
    secret = page.get_by_test_id("token-secret").inner_text(timeout=TIMEOUT).strip()
    assert secret.startswith("svt_")
    page.get_by_role("button", name="Copy", exact=True).click()
    page.get_by_text("Copied").wait_for(timeout=TIMEOUT)
    assert page.evaluate("navigator.clipboard.readText()") == secret
    assert _call(live_server.url, secret) == 200
    page.get_by_role("button", name="I have stored it").click()
    assert page.get_by_test_id("token-secret").count() == 0  # shown once
    page.reload()
    row = page.locator(".api-tokens tbody tr", has_text="HR system nightly sync")
    row.wait_for(timeout=TIMEOUT)
    assert secret not in page.content()
    assert "org:read" in row.inner_text() and "Active" in row.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.once("dialog", lambda d: d.accept())
    row.get_by_role("button", name="Revoke").click()
    row.get_by_text("Revoked").wait_for(timeout=TIMEOUT)
    assert _call(live_server.url, secret) == 401
    assert not errors
    ctx.close()


def test_the_tab_in_chinese_and_dark_mode(live_server: LiveServer, browser: Any) -> None:
    ctx = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="zh-CN", color_scheme="dark"
    )
    page = ctx.new_page()
    login(page, live_server.url, ADMIN)
    page.goto(f"{live_server.url}/#/hr/tokens")
    page.locator(".api-tokens h2").wait_for(timeout=TIMEOUT)
    if page.locator("html").get_attribute("lang") != "zh-CN":
        page.locator("header button[lang]").click()
    page.get_by_role("heading", name="API 令牌", exact=True).wait_for(timeout=TIMEOUT)
    text = page.locator(".api-tokens").inner_text()
    assert "tokens." not in text and "Create token" not in text
    assert "读取审计日志" in text
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    ctx.close()
