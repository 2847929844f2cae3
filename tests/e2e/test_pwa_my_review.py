"""Issue 15, the employee on a 360 px phone (zh-CN and en): My reviews shows the review itself
(index, trend, competencies self vs others, highest/lowest, blind spots, comments), the
employee acknowledges it with a comment and writes a development plan; the manager's team list
shows job titles in one language; Today's due dates are calendar dates in any time zone and
a "Sent" list keeps what the server acknowledged. Screenshots: tests/e2e/artifacts/."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from tests.e2e.conftest import ROOT, LiveServer
from tests.e2e.pwa_driver import TIMEOUT, login

EMPLOYEE = "staff111@demo.example"
ART = ROOT / "tests" / "e2e" / "artifacts"
AXE = ROOT / "pwa" / "node_modules" / "axe-core" / "axe.min.js"
PHONES = [("zh-CN", "Asia/Shanghai"), ("en", "America/Los_Angeles")]
MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


def serious(page: Any) -> list[str]:
    """Serious and critical axe violations of the page now."""
    if not page.evaluate("() => !!window.axe"):
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;true")
    result = page.evaluate("() => axe.run(document)")
    return [
        f"{v['id']}: {n['target']}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
        for n in v["nodes"]
    ]


def phone(browser: Any, lang: str, tz: str) -> Any:
    return browser.new_context(
        viewport={"width": 360, "height": 780},
        device_scale_factor=2,
        locale="en-US" if lang == "en" else "zh-CN",
        timezone_id=tz,
    )


def set_language(page: Any, lang: str) -> None:
    if page.evaluate("document.documentElement.lang") != lang:
        page.locator(f'button[lang="{lang}"]').first.click()
        page.wait_for_function(f"() => document.documentElement.lang === '{lang}'")


def shot(page: Any, name: str) -> None:
    ART.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ART / f"{name}.png"), full_page=True)


def expected_day(day: Any, lang: str) -> str:
    if lang == "en":
        return f"{MONTHS[day.month - 1]} {day.day}, {day.year}"
    return f"{day.year}年{day.month}月{day.day}日"


@pytest.mark.e2e
@pytest.mark.parametrize(
    ("lang", "tz"), [("zh-CN", "Asia/Shanghai"), ("en", "America/Los_Angeles")]
)
def test_my_review_acknowledge_and_plan(live_server: LiveServer, browser: Any, lang, tz) -> None:
    ctx = phone(browser, lang, tz)
    errors: list[str] = []
    ctx.on("weberror", lambda e: errors.append(str(e.error)))
    page = ctx.new_page()
    login(page, live_server.url, EMPLOYEE)
    set_language(page, lang)
    page.goto(f"{live_server.url}/#/reviews")
    card = page.locator("article.review-card").first
    card.wait_for(timeout=TIMEOUT)
    before = page.evaluate("document.documentElement.scrollWidth")
    card.locator(".rv > button").click()
    body = card.locator(".rv-body")
    body.wait_for(timeout=TIMEOUT)
    assert body.locator("figure.rv-chart svg g").count() >= 3  # one line per competency
    assert body.locator(".rv-list").count() >= 4
    shot(page, f"my-review-{lang}")
    assert serious(page) == []
    wide = page.evaluate(
        """() => [...document.querySelectorAll('body *')]
          .filter((e) => e.getBoundingClientRect().right > 361)
          .slice(0, 5)
          .map((e) => e.tagName + '.' + e.className + ' ' + e.getBoundingClientRect().right)"""
    )
    # the review adds no sideways scrolling to the screen
    assert page.evaluate("document.documentElement.scrollWidth") <= max(360, before), wide
    # acknowledge with a comment
    comment = "谢谢，我会改进。" if lang == "zh-CN" else "Thanks, I will work on it."
    body.locator(".rv-ack textarea").fill(comment)
    body.locator(".rv-ack button[type=submit]").click()
    body.locator(".rv-ack .ok-note").wait_for(timeout=TIMEOUT)
    # the development plan: one SMART goal
    plan = body.locator(".rv-plan")
    plan.locator("input[id$='-goal']").fill("Greet every guest within 10 seconds")
    plan.locator("textarea[id$='-actions']").fill("Practise at the morning briefing")
    plan.locator("input[type=date]").fill("2027-06-30")
    plan.locator("input[id$='-measure']").fill("Others rate greeting 4+")
    plan.locator("button[type=submit]").click()
    plan.locator(".ok-note").wait_for(timeout=TIMEOUT)
    shot(page, f"my-review-plan-{lang}")
    saved = _saved(live_server)
    assert saved["comment"] == comment
    assert saved["goals"][0]["due"] == "2027-06-30"
    assert errors == []
    ctx.close()


def _saved(server: LiveServer) -> dict[str, Any]:
    from server.models import DevelopmentPlan, ReviewAcknowledgement, User

    def run(s: Any) -> dict[str, Any]:
        uid = s.scalar(select(User.id).where(User.email == EMPLOYEE))
        ack = s.scalar(
            select(ReviewAcknowledgement).where(ReviewAcknowledgement.employee_id == uid)
        )
        plan = s.scalar(select(DevelopmentPlan).where(DevelopmentPlan.employee_id == uid))
        return {"comment": ack.comment, "goals": plan.goals}

    return server.query(run)


def _due_and_manager(server: LiveServer) -> tuple[Any, str]:
    from server.models import Assignment, User

    def run(s: Any) -> tuple[Any, str]:
        me = s.scalar(select(User).where(User.email == EMPLOYEE))
        due = list(
            s.scalars(
                select(Assignment.due_at).where(
                    Assignment.rater_id == me.id, Assignment.due_at.is_not(None)
                )
            )
        )
        return due, s.get(User, me.manager_id).email

    return server.query(run)


@pytest.mark.e2e
@pytest.mark.parametrize(
    ("lang", "tz"), [("zh-CN", "Asia/Shanghai"), ("en", "America/Los_Angeles")]
)
def test_today_due_date_sent_list_and_job_titles(
    live_server: LiveServer, browser: Any, lang, tz
) -> None:
    due, manager = _due_and_manager(live_server)
    ctx = phone(browser, lang, tz)
    page = ctx.new_page()
    login(page, live_server.url, EMPLOYEE)
    set_language(page, lang)
    page.goto(f"{live_server.url}/#/")
    page.locator(".today h1").wait_for(timeout=TIMEOUT)
    page.locator(".a-when").first.wait_for(timeout=TIMEOUT)
    today = page.locator(".today").inner_text()
    shown = set(re.findall(r"\d{4}年\d{1,2}月\d{1,2}日|[A-Z][a-z]{2} \d{1,2}, \d{4}", today))
    # the server's calendar day (UTC), whatever the phone's zone
    assert shown and shown <= {expected_day(d.date(), lang) for d in due}
    assert " / " not in today  # job titles in one language
    # a receipt of a submission the server acknowledged, as the outbox leaves it
    page.evaluate(
        """async () => {
          const me = await (await fetch('/api/v1/me')).json();
          const uid = (me.user || me).id;
          await new Promise((ok, bad) => {
            const open = indexedDB.open('service-eval');
            open.onsuccess = () => {
              const tx = open.result.transaction('receipts', 'readwrite');
              tx.objectStore('receipts').put({id: 'e2e-sent-1', userId: uid,
                title: 'Self-assessment', status: 'received', syncedAt: Date.now()});
              tx.oncomplete = () => { open.result.close(); ok(); };
              tx.onerror = bad;
            };
            open.onerror = bad;
          });
        }"""
    )
    page.reload()
    sent = page.locator("section.sent")
    sent.wait_for(timeout=TIMEOUT)
    assert "Self-assessment" in sent.inner_text()
    shot(page, f"today-sent-{lang}")
    assert serious(page) == []
    ctx.close()
    # the manager's team list: job titles in the viewer's language only
    ctx = phone(browser, lang, tz)
    page = ctx.new_page()
    login(page, live_server.url, manager)
    set_language(page, lang)
    page.goto(f"{live_server.url}/#/reviews")
    names = page.locator(".team-name")
    names.first.wait_for(timeout=TIMEOUT)
    text = " ".join(names.all_inner_texts())
    assert " / " not in text
    shot(page, f"team-titles-{lang}")
    ctx.close()


def test_artifacts_are_ignored() -> None:
    import subprocess

    out = subprocess.run(
        ["git", "check-ignore", "tests/e2e/artifacts/x.png"], cwd=ROOT, capture_output=True
    )
    assert out.returncode == 0 and Path(ROOT / ".gitignore").is_file()
