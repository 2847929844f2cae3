"""Helpers of the issue-15 field-app browser tests: phones in a language and colour scheme,
the app's language, screenshots under the git-ignored tests/e2e/artifacts/, 200 % text."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from playwright.sync_api import TimeoutError as PlaywrightTimeout
from sqlalchemy import select

from tests.e2e.conftest import ROOT, LiveServer

ARTIFACTS = ROOT / "tests" / "e2e" / "artifacts" / "field"
BASE_FONT_PX = 16


def phone_in(browser: Any, lang: str, scheme: str = "light") -> Any:
    """A 360 px phone whose browser speaks `lang` (navigator.languages, Accept-Language)."""
    ctx = browser.new_context(
        viewport={"width": 360, "height": 780},
        device_scale_factor=2,
        locale=lang,
        timezone_id="UTC",
        color_scheme=scheme,
        service_workers="allow",
    )
    errors: list[str] = []
    ctx.on("weberror", lambda e: errors.append(str(e.error)))
    ctx.console_errors = errors  # type: ignore[attr-defined]
    return ctx


def use_language(page: Any, lang: str) -> None:
    """Switch the app's language with the header button until the page is in `lang`."""
    for _ in range(3):
        if page.evaluate("document.documentElement.lang") == lang:
            return
        page.locator("header.top button[lang]").click()
        page.wait_for_timeout(150)
    assert page.evaluate("document.documentElement.lang") == lang


def shot(page: Any, name: str, full: bool = True) -> Path:
    """Save a screenshot under tests/e2e/artifacts/field/ (git-ignored)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full)
    return path


def large_text(page: Any, ctx: Any, factor: float = 2.0) -> None:
    """200 % text the way a reader sets it: the browser's default font size (rem, em)."""
    cdp = ctx.new_cdp_session(page)
    size = int(BASE_FONT_PX * factor)
    cdp.send("Page.setFontSizes", {"fontSizes": {"standard": size, "fixed": int(size * 0.8)}})
    page.wait_for_timeout(300)


def return_visit(server: LiveServer, assignment_id: int, flagged: list[str]) -> str:
    """HR returns the visit's newest report (as the review endpoint does); its id."""
    from server.models.campaign import Assignment
    from server.models.submission import Submission

    def work(session: Any) -> str:
        sub = session.scalar(
            select(Submission)
            .where(Submission.assignment_id == assignment_id)
            .order_by(Submission.received_at.desc())
        )
        sub.status = "rejected"
        sub.review_reason = "小票照片看不清 / receipt unreadable"
        sub.review_flags = flagged
        sub.reviewed_at = datetime.now(UTC)
        session.get(Assignment, assignment_id).status = "pending"
        session.commit()
        return str(sub.id)

    return str(server.query(work))


def window_start(server: LiveServer, assignment_id: int) -> datetime:
    from server.models.campaign import Assignment

    return server.query(lambda s: s.get(Assignment, assignment_id).visit_window_start)


def overlaps(page: Any, selector: str) -> list[str]:
    """Pairs of elements matching `selector` whose boxes overlap (should be none)."""
    return page.evaluate(
        """(sel) => { const els = [...document.querySelectorAll(sel)];
        const out = []; const r = els.map(e => e.getBoundingClientRect());
        for (let i = 0; i < r.length; i++) for (let j = i + 1; j < r.length; j++) {
          const a = r[i], b = r[j];
          if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1
              && b.top < a.bottom - 1) out.push(els[i].textContent + ' / ' + els[j].textContent);
        } return out; }""",
        selector,
    )


def one_char_lines(page: Any, selector: str) -> list[str]:
    """Elements whose text wraps to about one character per line (a squeezed title)."""
    return page.evaluate(
        """(sel) => [...document.querySelectorAll(sel)].filter(e => {
          const t = e.textContent.trim(); if (t.length < 3) return false;
          const lh = parseFloat(getComputedStyle(e).lineHeight) || 20;
          return e.getBoundingClientRect().height / lh > t.length * 0.6; })
          .map(e => e.textContent.trim())""",
        selector,
    )


#: Scroll to the end and compare the last visible element of <main> with the bar's top
#: (true: nothing under the bar). Scrolling at each poll follows content still loading.
_CLEAR_OF_BAR = """() => { const nav = document.querySelector('nav.bottom'); if (!nav) return true;
  window.scrollTo(0, document.documentElement.scrollHeight);
  const last = [...document.querySelectorAll('main *')].filter(e => e.offsetParent)
    .map(e => e.getBoundingClientRect().bottom).reduce((a, b) => Math.max(a, b), 0);
  return last <= nav.getBoundingClientRect().top + 1; }"""


def content_under_bar(page: Any, settle_ms: int = 5_000) -> bool:
    """Whether content stays under the bottom navigation once the page has settled.

    A screen that is still loading grows after a single scroll-and-measure, which then
    sees its new last line under the bar (a fault of timing, not of layout): poll instead,
    scrolling to the end each time, for up to `settle_ms`; a real overlap never clears."""
    try:
        page.wait_for_function(_CLEAR_OF_BAR, timeout=settle_ms)
    except PlaywrightTimeout:  # still covered when the page has settled
        return True
    finally:
        page.evaluate("window.scrollTo(0, 0)")
    return False
