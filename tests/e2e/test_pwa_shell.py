"""SPEC §10 the PWA, §14 end-to-end: The PWA shell: served by Flask under the CSP, installable,
works offline after one login."""

from __future__ import annotations

from typing import Any

from tests.e2e.conftest import SHOPPER, LiveServer
from tests.e2e.pwa_driver import TIMEOUT, login, wait_offline_ready


def test_shell_installs_and_reloads_offline(live_server: LiveServer, phone: Any) -> None:
    page = phone.new_page()
    page.goto(live_server.url + "/")
    manifest = page.evaluate("fetch('/manifest.webmanifest').then(r => r.json())")
    assert manifest["display"] == "standalone"
    assert {i["sizes"] for i in manifest["icons"]} >= {"192x192", "512x512"}
    login(page, live_server.url, SHOPPER)
    wait_offline_ready(page)
    page.locator(".today h1").wait_for(timeout=TIMEOUT)
    phone.set_offline(True)
    page.reload()
    page.locator("nav.bottom").wait_for(timeout=TIMEOUT)
    assert page.locator(".banner.offline").is_visible()
    phone.set_offline(False)
    assert phone.console_errors == []


def test_customer_page_does_not_load_the_app_bundle(live_server: LiveServer, phone: Any) -> None:
    page = phone.new_page()
    scripts: list[str] = []
    page.on("request", lambda r: scripts.append(r.url) if r.resource_type == "script" else None)
    page.goto(live_server.url + "/c/not-a-real-token")
    page.locator(".customer").wait_for(timeout=TIMEOUT)
    assert not any("/assets/index-" in s for s in scripts), scripts
    assert any("/assets/customer-" in s for s in scripts), scripts
