"""Issue 15 ("look for the same kind of fault elsewhere"), found by screenshots at 360 px:
the shopper's My visits badge ("Auto-accepted by rule: 72 h without review") and the
development plan's focus picker (options are whole item texts) ran off the screen; the HR
cycles form showed the code `mystery_shopper`. Both languages, 200 % text on the phone."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import SHOPPER, LiveServer
from tests.e2e.field_helpers import large_text, phone_in, shot, use_language
from tests.e2e.pwa_driver import TIMEOUT, login
from tests.e2e.test_pwa_hr_console import console, no_codes

EMPLOYEE = "staff111@demo.example"
SPILL = """() => { const doc = document.documentElement;
  const wide = [...document.querySelectorAll('main *')].filter(e => {
    const b = e.getBoundingClientRect(); return b.width && b.right > innerWidth + 1; });
  return {page: doc.scrollWidth - doc.clientWidth,
          wide: wide.slice(0, 5).map(e => e.outerHTML.slice(0, 80))}; }"""


def _fits(page: Any) -> None:
    page.wait_for_timeout(300)
    spill = page.evaluate(SPILL)
    assert spill["page"] <= 0 and spill["wide"] == [], spill


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_long_badges_and_plan_picker_stay_on_screen(
    live_server: LiveServer, browser: Any, lang: str
) -> None:
    ctx = phone_in(browser, lang)
    page = ctx.new_page()
    login(page, live_server.url, SHOPPER)
    use_language(page, lang)
    large_text(page, ctx)
    page.goto(f"{live_server.url}/#/visits")
    page.locator(".visit-outcome .badge").first.wait_for(timeout=TIMEOUT)
    _fits(page)
    shot(page, f"my-visits-200-{lang}")
    ctx.close()
    ctx = phone_in(browser, lang)
    page = ctx.new_page()
    login(page, live_server.url, EMPLOYEE)
    use_language(page, lang)
    large_text(page, ctx)
    page.goto(f"{live_server.url}/#/reviews")
    page.locator("article.review-card").first.wait_for(timeout=TIMEOUT)
    page.locator("article.review-card button, article.review-card a").first.click()
    page.locator(".rv-goal select").first.wait_for(timeout=TIMEOUT)
    _fits(page)
    shot(page, f"plan-200-{lang}")
    ctx.close()


def test_cycles_form_names_relationships(live_server: LiveServer, browser: Any) -> None:
    for lang in ("zh-CN", "en"):
        page = console(browser, live_server, lang)
        page.goto(f"{live_server.url}/#/hr/cycles")
        form = page.locator("form.cy-form")
        form.wait_for(timeout=TIMEOUT)
        picks = form.locator("select")  # relationship, form, recurrence
        page.wait_for_function(
            "() => document.querySelectorAll('form.cy-form select')[1].options.length > 0"
        )
        assert picks.nth(1).evaluate("s => s.selectedOptions[0].text") != "daily-self-check"
        picks.nth(0).select_option("customer")
        page.wait_for_function(
            "() => document.querySelectorAll('form.cy-form select')[1].value !== 'daily-self-check'"
        )  # the form follows the relationship: a customer form, named by its title
        assert form.locator("input[type=checkbox]").bounding_box()["width"] < 40
        no_codes(page)
        page.context.close()
