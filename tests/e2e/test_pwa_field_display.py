"""Issue 15 (everyone): dark mode (prefers-color-scheme) and 200 % text on the field app and
the customer page at 360 px. Screenshots of Today, a form, the summary before submitting, the
outbox and the customer page in light/dark at 100 %/200 % go to tests/e2e/artifacts/field/; at
200 % no title wraps one character per line, the bottom navigation's items never overlap and
never cover content; axe-core finds no serious or critical violation in light or dark mode."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import SHOPPER, LiveServer, ensure_customer_link, ensure_visit
from tests.e2e.field_helpers import (
    content_under_bar,
    large_text,
    one_char_lines,
    overlaps,
    phone_in,
    shot,
)
from tests.e2e.field_helpers import use_language as set_language
from tests.e2e.pwa_driver import TIMEOUT, login, open_assignment
from tests.e2e.test_pwa_accessibility import AXE

TITLES = "h1, h2, h3, .section-title, .form-title, .a-title, .brand, .ob-title, .nav-label"


def serious(page: Any) -> list[str]:
    """Serious and critical axe violations of the page now (WCAG 2.1 A/AA)."""
    if not page.evaluate("() => !!window.axe"):
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;true")
    result = page.evaluate(
        "() => axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    return [
        f"{v['id']}: {n['target']} {n['failureSummary']}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
        for n in v["nodes"]
    ]


def layout_faults(page: Any) -> list[str]:
    """Squeezed titles, overlapping navigation items, content left under the bottom bar."""
    faults = [f"one char per line: {t}" for t in one_char_lines(page, TITLES)]
    faults += [f"nav overlap: {p}" for p in overlaps(page, "nav.bottom a")]
    if content_under_bar(page):
        faults.append("content under the bottom navigation")
    header = page.evaluate("document.querySelector('header.top').offsetHeight")
    if header > 780 * 0.35:
        faults.append(f"header too tall: {header}px")
    page.evaluate("window.scrollTo(0, 0)")
    return faults


def _screens(page: Any, base: str, visit_id: int, tag: str, found: dict[str, list[str]]) -> None:
    page.goto(f"{base}/#/")
    page.locator(f'a[href="#/form/{visit_id}"]').wait_for(timeout=TIMEOUT)
    found[f"today-{tag}"] = serious(page) + (layout_faults(page) if "200" in tag else [])
    shot(page, f"today-{tag}", full=False)
    open_assignment(page, visit_id)
    for _ in range(12):  # back to the visit page
        if not page.locator(".pager .btn-secondary:not([disabled])").count():
            break
        page.locator(".pager .btn-secondary").click()
        page.locator(".section-title").wait_for(timeout=TIMEOUT)
    page.locator("#q-visit_type .choice").first.click()
    found[f"form-{tag}"] = serious(page) + (layout_faults(page) if "200" in tag else [])
    shot(page, f"form-{tag}", full=False)
    page.locator(".pager .btn-primary").click()
    page.locator(".section-title").wait_for(timeout=TIMEOUT)
    shot(page, f"form-section-{tag}", full=False)
    for _ in range(12):  # on to the review page and its summary
        if page.locator(".summary").count():
            break
        page.locator(".pager .btn-primary").click()
        page.locator(".section-title").wait_for(timeout=TIMEOUT)
    page.locator(".summary").wait_for(timeout=TIMEOUT)
    found[f"summary-{tag}"] = serious(page) + (layout_faults(page) if "200" in tag else [])
    shot(page, f"summary-{tag}", full=False)
    page.goto(f"{base}/#/outbox")
    page.locator(".outbox h1").wait_for(timeout=TIMEOUT)
    found[f"outbox-{tag}"] = serious(page) + (layout_faults(page) if "200" in tag else [])
    shot(page, f"outbox-{tag}", full=False)


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_field_app_dark_mode_and_large_text(
    live_server: LiveServer, browser: Any, lang: str, scheme: str
) -> None:
    visit_id = ensure_visit(live_server)
    ctx = phone_in(browser, lang, scheme)
    page = ctx.new_page()
    login(page, live_server.url, SHOPPER)
    set_language(page, lang)
    found: dict[str, list[str]] = {}
    _screens(page, live_server.url, visit_id, f"{scheme}-100-{lang}", found)
    large_text(page, ctx)
    _screens(page, live_server.url, visit_id, f"{scheme}-200-{lang}", found)
    ctx.close()
    assert {k: v for k, v in found.items() if v} == {}


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_customer_page_dark_mode_and_large_text(
    live_server: LiveServer, browser: Any, lang: str, scheme: str
) -> None:
    token = ensure_customer_link(live_server)
    ctx = phone_in(browser, lang, scheme)
    page = ctx.new_page()
    page.goto(f"{live_server.url}/c/{token}")
    page.locator("form .question").first.wait_for(timeout=TIMEOUT)
    found = {"100": serious(page)}
    shot(page, f"customer-{scheme}-100-{lang}", full=False)
    large_text(page, ctx)
    found["200"] = serious(page) + layout_faults(page)
    shot(page, f"customer-{scheme}-200-{lang}", full=False)
    ctx.close()
    assert {k: v for k, v in found.items() if v} == {}
