"""Issue 15, the HR console at 1280 px in zh-CN and en: every code in words (no snake_case
code or JSON on any screen), field errors beside their fields in the user's language, the
create form limited to the kind's forms and relationships, the visit review by section with
scales and photos beside their questions, the queue's shopper/staff/waiting columns, the
searchable employee picker and the unit-summary download, action items filtered and
grouped, the dashboard's charts with their data tables, online-only pages (no bottom
navigation, no ready-offline banner), axe with 0 serious/critical in light and dark mode.
Screenshots: tests/e2e/artifacts/console-*.png (git-ignored)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from tests.e2e.conftest import HR, ROOT, LiveServer
from tests.e2e.pwa_driver import TIMEOUT, login
from tests.e2e.test_pwa_accessibility import violations

ART = ROOT / "tests" / "e2e" / "artifacts"
CODE = re.compile(r"\b[a-z]+_[a-z_]+\b|\{\"|\"details\"|\[object Object\]")
LANGS = ["zh-CN", "en"]
WORDS = {
    "zh-CN": {"console": "人事控制台", "end_error": "结束日期不能早于开始日期", "shop": "神秘顾客"},
    "en": {"console": "HR console", "end_error": "end date must not be before", "shop": "Mystery"},
}


def console(browser: Any, server: LiveServer, lang: str, dark: bool = False) -> Any:
    """A 1280 px page signed in as HR, the UI in `lang`."""
    ctx = browser.new_context(
        viewport={"width": 1280, "height": 900},
        color_scheme="dark" if dark else "light",
        accept_downloads=True,
    )
    page = ctx.new_page()
    login(page, server.url, HR)
    page.goto(f"{server.url}/#/hr/campaigns")
    if page.locator("html").get_attribute("lang") != lang:
        page.locator("header button[lang]").click()
    page.locator("h1", has_text=WORDS[lang]["console"]).wait_for(timeout=TIMEOUT)
    return page


def shot(page: Any, name: str) -> None:
    ART.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(Path(ART) / f"console-{name}.png"), full_page=True)


def no_codes(page: Any) -> None:
    """No raw code or JSON anywhere on the page a person reads."""
    text = page.locator("main").inner_text()
    assert CODE.findall(text) == [], text[:2000]


def released_360(server: LiveServer) -> int:
    from server.models.campaign import Campaign

    return int(
        server.query(
            lambda s: s.scalar(
                select(Campaign.id).where(Campaign.kind == "360", Campaign.status == "released")
            )
        )
    )


@pytest.mark.parametrize("lang", LANGS)
def test_codes_translated_and_field_errors(live_server: LiveServer, browser: Any, lang: str):
    page = console(browser, live_server, lang)
    no_codes(page)
    assert page.locator("nav.bottom").count() == 0  # online-only: no phone navigation
    assert page.locator(".banner.ok").count() == 0  # nor the ready-offline banner
    page.locator(".row-between button, button.btn-primary").first.click()
    page.select_option("#c-kind", "mystery_shop")
    pickers = page.locator("select[id^=c-f-]")
    assert pickers.count() == 1 and page.locator("#c-f-mystery_shopper").count() == 1
    options = page.locator("#c-f-mystery_shopper option").all_inner_texts()
    assert all("360" not in o for o in options), options  # only forms for shoppers
    page.fill("#c-en", "Check")
    page.fill("#c-start", "2027-02-10")
    page.fill("#c-end", "2027-01-01")
    page.locator("form.card button[type=submit]").click()
    err = page.locator("#c-end-err")
    err.wait_for(timeout=TIMEOUT)
    assert WORDS[lang]["end_error"] in err.inner_text()
    assert page.locator("#c-end").get_attribute("aria-describedby") == "c-end-err"
    no_codes(page)
    shot(page, f"create-{lang}")
    page.goto(f"{live_server.url}/#/hr/campaign/{released_360(live_server)}")
    page.locator(".meter").first.wait_for(timeout=TIMEOUT)
    no_codes(page)
    page.context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_visit_review_readable(live_server: LiveServer, browser: Any, lang: str):
    page = console(browser, live_server, lang)
    page.goto(f"{live_server.url}/#/hr/review")
    queue = page.locator("table").first  # the queue; "decided by rule" has its own table below
    queue.locator("tbody tr").first.wait_for(timeout=TIMEOUT)
    heads = queue.locator("thead th").all_inner_texts()
    assert len(heads) == 8  # visit, shopper, staff, received, waiting, score, evidence, timer
    row = queue.locator("tbody tr").first
    assert "Shopper" in row.inner_text() or "神秘顾客" in row.inner_text()
    row.locator("button.link").click()
    page.locator(".visit-sec").nth(3).wait_for(timeout=TIMEOUT)
    assert page.locator(".visit-sec h4").count() >= 5  # sections as groups
    assert re.search(r"\d / 5 · \S", page.locator(".review-layout").inner_text())
    thumb = page.locator(".visit-sec .thumbs button").first
    assert thumb.locator("xpath=ancestor::tr/th").inner_text()  # beside its question
    page.locator(".ev-help summary").click()
    assert page.locator(".ev-help dd").count() == 4
    no_codes(page)
    shot(page, f"review-{lang}")
    thumb.click()
    page.locator(".lightbox img").wait_for(timeout=TIMEOUT)
    shot(page, f"review-photo-{lang}")
    page.keyboard.press("Escape")
    page.locator(".lightbox").wait_for(state="detached", timeout=TIMEOUT)
    page.context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_downloads_picker_and_unit_summary(live_server: LiveServer, browser: Any, lang: str):
    page = console(browser, live_server, lang)
    page.goto(f"{live_server.url}/#/hr/campaign/{released_360(live_server)}")
    page.locator("#emp-search").wait_for(timeout=TIMEOUT)
    page.wait_for_function("() => document.querySelectorAll('#emp-id option').length > 20")
    everyone = page.locator("#emp-id option").count()
    page.fill("#emp-search", "刘艳")
    page.wait_for_function(f"() => document.querySelectorAll('#emp-id option').length < {everyone}")
    labels = page.locator("#emp-id option").all_inner_texts()[1:]
    assert labels and all("刘艳" in x and " · " in x for x in labels), labels  # unit, title
    assert len(set(labels)) == len(labels)  # namesakes told apart
    page.locator("#unit-id").select_option(index=2)
    with page.expect_download(timeout=60_000) as info:
        page.locator("#unit-id ~ .dl button").click()
    assert Path(info.value.path()).read_bytes().startswith(b"%PDF")
    status = page.locator("#unit-id ~ .dl [role=status]")
    status.filter(has_text=".pdf").wait_for(timeout=TIMEOUT)
    assert "%" not in status.inner_text()  # the file name decoded
    shot(page, f"downloads-{lang}")
    page.context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_action_items_filtered_and_grouped(live_server: LiveServer, browser: Any, lang: str):
    page = console(browser, live_server, lang)
    page.goto(f"{live_server.url}/#/hr/actions")
    groups = page.locator("tr.ai-group")
    groups.first.wait_for(timeout=TIMEOUT)
    total = live_server.query(lambda s: s.scalar(select(_count_items())))
    assert 0 < groups.count() < total  # grouped, not one row per item
    before = groups.count()
    page.locator("#ai-trigger").select_option(index=1)
    page.wait_for_function(f"() => document.querySelectorAll('tr.ai-group').length < {before}")
    page.locator("#ai-trigger").select_option("")
    groups.first.locator("button").click()
    assert page.locator("tr.ai-sub").count() >= 1
    dues = page.locator("tr.ai-group td:nth-child(3)").all_inner_texts()
    assert dues  # sorted by the service (unit-tested); shown per group
    page.locator("#ai-stage").select_option("closed")  # the demo's closed loop closes some
    closed = live_server.query(lambda s: s.scalar(select(_count_items()).where(_closed())))
    page.wait_for_function(f"() => document.querySelectorAll('tr.ai-group').length < {before}")
    assert 0 < groups.count() <= closed
    counts = page.locator("tr.ai-group .count").all_inner_texts()  # "n items · <stage>"
    assert counts and all(c.endswith(("· Closed", "· 已关闭")) for c in counts), counts
    page.locator("#ai-stage").select_option("")
    no_codes(page)
    shot(page, f"actions-{lang}")
    page.context.close()


def _count_items() -> Any:
    from sqlalchemy import func

    from server.models import ActionItem

    return func.count(ActionItem.id)


def _closed() -> Any:
    from server.models import ActionItem

    return ActionItem.status == "closed"


@pytest.mark.parametrize("lang", LANGS)
def test_dashboard_charts_with_tables(live_server: LiveServer, browser: Any, lang: str):
    page = console(browser, live_server, lang)
    page.goto(f"{live_server.url}/#/hr/dashboard/{released_360(live_server)}")
    figs = page.locator("figure.dash-fig")
    figs.nth(4).wait_for(timeout=TIMEOUT)
    assert page.locator("figure.dash-fig svg[role=img]").count() == 4
    assert page.locator("figure.dash-fig details table").count() == 4
    assert page.locator("table.heat td.num").count() > 0
    for summary in page.locator("figure.dash-fig summary").all():
        summary.click()
    no_codes(page)
    shot(page, f"dashboard-{lang}")
    page.context.close()


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_axe_every_console_screen(live_server: LiveServer, browser: Any, dark: bool):
    page = console(browser, live_server, "zh-CN", dark=dark)
    cid = released_360(live_server)
    found = {}
    routes = ["campaigns", f"campaign/{cid}", f"dashboard/{cid}", "review", "actions", "import"]
    for route in routes:
        page.goto(f"{live_server.url}/#/hr/{route}")
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(300)
        if route == "review":
            page.locator("td button.link").first.click()
            page.locator(".visit-sec").first.wait_for(timeout=TIMEOUT)
        if route == "actions":
            page.locator("tr.ai-group button").first.click()
        bad = [v for v in violations(page) if "(serious)" in v or "(critical)" in v]
        found[route] = bad
        shot(page, f"axe-{route.split('/')[0]}-{'dark' if dark else 'light'}")
    page.context.close()
    assert {k: v for k, v in found.items() if v} == {}
