"""Issue 15, the manager's bottom navigation at 360 px: at most four places (three and
"More" when a person has more), in zh-CN and en, at 100 % and 200 % text, light and dark:
the bar never scrolls sideways (scrollWidth <= clientWidth), its items never overlap, no
label wraps one character per line, and it never covers content; "More" opens a sheet
with the other places and closes on a choice. Screenshots: tests/e2e/artifacts/field/."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import LiveServer
from tests.e2e.field_helpers import (
    content_under_bar,
    large_text,
    one_char_lines,
    overlaps,
    phone_in,
    shot,
)
from tests.e2e.field_helpers import use_language as set_language
from tests.e2e.pwa_driver import TIMEOUT, login, nav_to

MANAGER = "manager1@demo.example"  # an employee who owns action items: six places
MORE = {"zh-CN": "更多", "en": "More"}


def bar_faults(page: Any) -> list[str]:
    """Sideways overflow, overlapping items, squeezed labels, content under the bar."""
    faults = page.evaluate(
        """() => { const nav = document.querySelector('nav.bottom'); const out = [];
        if (nav.scrollWidth > nav.clientWidth)
          out.push(`scrolls: ${nav.scrollWidth} > ${nav.clientWidth}`);
        for (const a of nav.querySelectorAll(':scope > a, .nav-more-btn')) {
          const r = a.getBoundingClientRect();
          if (r.right > innerWidth + 0.5 || r.left < -0.5) out.push(`outside: ${a.textContent}`);
          if (a.scrollWidth > a.clientWidth + 1) out.push(`label spills: ${a.textContent}`);
        }
        return out; }"""
    )
    faults += [f"overlap: {p}" for p in overlaps(page, "nav.bottom > a, nav.bottom .nav-more-btn")]
    faults += [f"one char per line: {t}" for t in one_char_lines(page, "nav.bottom .nav-label")]
    if content_under_bar(page):
        faults.append("content under the bottom navigation")
    page.evaluate("window.scrollTo(0, 0)")
    return faults


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_manager_bottom_nav_fits_360(
    live_server: LiveServer, browser: Any, lang: str, scheme: str
) -> None:
    ctx = phone_in(browser, lang, scheme)
    page = ctx.new_page()
    login(page, live_server.url, MANAGER)
    set_language(page, lang)
    # Actions joins the bar once /action-items answered (the manager owns some): wait for it
    page.locator('nav.bottom > a[href="#/actions"]').wait_for(timeout=TIMEOUT)
    page.locator("nav.bottom .nav-more-btn").wait_for(timeout=TIMEOUT)  # six places: More
    tabs = page.locator("nav.bottom > a, nav.bottom .nav-more-btn")
    assert tabs.count() == 4
    assert page.locator('nav.bottom > a[href="#/actions"]').count() == 1
    found: dict[str, list[str]] = {}
    for size, route in (("100", "#/"), ("200", "#/"), ("200", "#/reviews"), ("200", "#/outbox")):
        if size == "200" and route == "#/":
            large_text(page, ctx)
        page.goto(f"{live_server.url}/{route}")
        page.locator("main h1, main h2").first.wait_for(timeout=TIMEOUT)
        page.wait_for_timeout(300)
        found[f"{size}{route}"] = bar_faults(page)
        shot(page, f"bottom-nav-{lang}-{scheme}-{size}-{route.strip('#/') or 'today'}", full=False)
    assert not any(found.values()), found
    more = page.locator("nav.bottom .nav-more-btn")
    assert MORE[lang] in more.inner_text()
    more.click()
    sheet = page.locator("nav.bottom .nav-sheet")
    sheet.wait_for(timeout=TIMEOUT)
    assert more.get_attribute("aria-expanded") == "true"
    hrefs = [a.get_attribute("href") for a in sheet.locator("a").all()]
    assert hrefs == ["#/peers", "#/outbox", "#/settings"]
    box = sheet.bounding_box()
    assert box and box["y"] >= 0 and box["x"] + box["width"] <= 360.5
    shot(page, f"bottom-nav-more-{lang}-{scheme}", full=False)
    page.keyboard.press("Escape")
    sheet.wait_for(state="detached", timeout=TIMEOUT)
    nav_to(page, "#/peers")
    page.wait_for_function("() => location.hash === '#/peers'", timeout=TIMEOUT)
    assert page.locator("nav.bottom .nav-sheet").count() == 0
    assert "on" in (more.get_attribute("class") or "")  # the place shown is under More
    ctx.close()
