"""Issue 15 (shopper, field app) at 360 px in zh-CN and en: after `/#/login?next=` the app
goes to the page asked for (or Today, never "back"); the skip link only moves focus; a visit
asks arrival and staff once (one visit-details page) and starts at the visit window; the
required count says what is required now and when follow-ups appear; seconds read 秒 / sec;
photos come from the camera or the gallery; a summary precedes submitting; a visit HR
returned reopens with its answers, photos, reason and flagged questions. Screenshots go to
tests/e2e/artifacts/field/."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from tests.e2e.conftest import SHOPPER, LiveServer, ensure_visit
from tests.e2e.field_helpers import phone_in, return_visit, shot, use_language, window_start
from tests.e2e.pwa_driver import (
    TIMEOUT,
    fill_page,
    login,
    make_photo,
    open_assignment,
    wait_outbox_empty,
)

VISIT_TITLE = {"zh-CN": "暗访信息", "en": "Visit details"}
SECONDS = {"zh-CN": "秒", "en": "sec"}
COUNT = {"zh-CN": r"必答题已答 \d+ / \d+", "en": r"\d+ of \d+ required answered"}
ALL = {"zh-CN": "道必答题已全部作答", "en": "required answered"}
ADDED = {"zh-CN": "新增 4 道追问", "en": "opened 4 follow-up"}


def _sign_in_via_link(page: Any, base: str, lang: str) -> None:
    page.goto(f"{base}/#/login?next=%2Foutbox")
    page.locator("#login-email").wait_for(timeout=TIMEOUT)
    login(page, base, SHOPPER)
    page.locator(".outbox h1").wait_for(timeout=TIMEOUT)
    assert page.evaluate("location.hash") == "#/outbox"
    use_language(page, lang)


def _skip_link_moves_focus_only(page: Any) -> None:
    page.locator("a.skip").focus()  # the first stop of the Tab key
    assert page.locator("a.skip").is_visible()
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'main'")
    assert page.evaluate("location.hash") == "#/outbox"  # the route stays
    page.locator(".outbox h1").wait_for(timeout=TIMEOUT)


def _visit_page(page: Any, live: LiveServer, visit_id: int, lang: str, photo: Path) -> None:
    """One visit-details page: start = window start, no second arrival or staff question."""
    start = window_start(live, visit_id)
    assert page.locator("#visit-start").input_value() == start.strftime("%Y-%m-%dT%H:%M")
    assert page.locator(".section-title").inner_text() == VISIT_TITLE[lang]
    assert page.locator("#in-visit_started_at").count() == 0
    assert page.locator("#visit-staff").count() == 1
    page.locator("#q-visit_type .choice").first.click()
    receipt = page.locator("#q-receipt_photo")
    receipt.wait_for(timeout=TIMEOUT)
    camera, gallery = receipt.locator("input[type=file]").all()
    assert camera.get_attribute("capture") == "environment"
    assert gallery.get_attribute("capture") is None  # the gallery is allowed
    gallery.set_input_files(str(photo))
    receipt.locator(".thumb img[src^='blob:']").first.wait_for(timeout=TIMEOUT)
    assert page.locator("#q-staff_identified").count() == 1
    page.locator("#visit-staff").select_option(index=1)
    assert page.locator("#q-staff_identified").count() == 0  # named from the list: asked once
    fill_page(page, photo)
    shot(page, f"visit-page-{lang}")


def _walk_sections(page: Any, lang: str, photo: Path) -> list[str]:
    """Answer every section up to the review page; checks units and the count on the way."""
    titles = [page.locator(".section-title").inner_text()]
    for _ in range(12):
        page.locator(".pager .btn-primary").click()
        page.locator(".section-title").wait_for(timeout=TIMEOUT)
        if page.locator(".review").count():
            return titles
        titles.append(page.locator(".section-title").inner_text())
        assert re.search(COUNT[lang], page.locator(".progress .count").inner_text())
        if page.locator("#q-wait_seconds").count():
            assert page.locator("#q-wait_seconds .unit").inner_text() == SECONDS[lang]
            assert "3,600" in page.locator("#q-wait_seconds .hint").inner_text()
            shot(page, f"seconds-{lang}", full=False)
        if page.locator("#q-scenario_presented").count():
            change = page.locator(".count-change")
            before = change.inner_text()  # the visit type's word ("opened 10") may still show
            page.locator("#q-scenario_presented .choice").first.click()
            page.wait_for_function(  # the word of this answer, once rendered
                "b => { const c = document.querySelector('.count-change');"
                " return !!c && c.textContent !== b; }",
                arg=before,
                timeout=TIMEOUT,
            )
            assert ADDED[lang] in change.inner_text()
            shot(page, f"count-followups-{lang}", full=False)
        fill_page(page, photo)
    raise AssertionError("no review page")


def _summary(page: Any, lang: str) -> None:
    summary = page.locator(".summary")
    summary.wait_for(timeout=TIMEOUT)
    assert summary.locator(".sum-section").count() >= 7
    assert summary.locator(".sum-photos img").count() >= 1
    assert summary.locator(".sum-sent").is_visible()
    assert SECONDS[lang] in summary.inner_text()
    assert ALL[lang] in page.locator(".progress .count").inner_text()
    shot(page, f"summary-{lang}")


def _submit(page: Any) -> None:
    page.locator(".pager .btn-primary:not([disabled])").click()
    page.locator(".done").wait_for(timeout=TIMEOUT)
    wait_outbox_empty(page)


def _reopen_returned(page: Any, live: LiveServer, visit_id: int, lang: str, start: str) -> None:
    return_visit(live, visit_id, ["receipt_photo", "greeted_proactively"])
    page.goto(f"{live.url}/#/")
    page.reload()
    open_assignment(page, visit_id)
    note = page.locator(".note.returned")
    note.wait_for(timeout=TIMEOUT)
    assert "receipt unreadable" in note.inner_text()
    assert note.locator(".flag-list a").count() == 2
    assert ALL[lang] in page.locator(".progress .count").inner_text()  # nothing to redo
    flagged = page.locator("#q-receipt_photo.flagged")
    flagged.wait_for(timeout=TIMEOUT)
    img = flagged.locator(".thumb img").first
    img.wait_for(timeout=TIMEOUT)
    page.wait_for_function(
        "() => [...document.querySelectorAll('#q-receipt_photo .thumb img')]"
        ".every(i => i.complete && i.naturalWidth > 0)",
        timeout=TIMEOUT,
    )
    assert page.locator("#visit-staff").input_value() != ""  # the staff member named before
    assert page.locator("#visit-start").input_value() == start  # the earlier arrival time
    shot(page, f"returned-visit-{lang}")


def _resubmitted(live: LiveServer, visit_id: int, old_id: str) -> bool:
    from server.models.submission import Submission

    def work(session: Any) -> bool:
        newest = session.scalar(
            select(Submission)
            .where(Submission.assignment_id == visit_id)
            .order_by(Submission.received_at.desc())
        )
        return newest.replaces_id == old_id and newest.status == "received"

    return bool(live.query(work))


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_shopper_visit_flow(
    live_server: LiveServer, browser: Any, tmp_path: Path, lang: str
) -> None:
    visit_id = ensure_visit(live_server)
    photo = make_photo(tmp_path / "receipt.jpg")
    ctx = phone_in(browser, lang)
    page = ctx.new_page()
    _sign_in_via_link(page, live_server.url, lang)
    _skip_link_moves_focus_only(page)
    page.goto(f"{live_server.url}/#/")
    open_assignment(page, visit_id)
    _visit_page(page, live_server, visit_id, lang, photo)
    start = page.locator("#visit-start").input_value()
    titles = _walk_sections(page, lang, photo)
    assert titles.count(VISIT_TITLE[lang]) == 1, titles
    _summary(page, lang)
    _submit(page)
    _reopen_returned(page, live_server, visit_id, lang, start)
    for _ in range(12):
        if page.locator(".review").count():
            break
        page.locator(".pager .btn-primary").click()
    _submit(page)
    from server.models.submission import Submission

    old_id = live_server.query(
        lambda s: s.scalar(
            select(Submission.id).where(
                Submission.assignment_id == visit_id, Submission.status == "rejected"
            )
        )
    )
    assert _resubmitted(live_server, visit_id, old_id)
    assert ctx.console_errors == []
    ctx.close()


def test_plain_login_link_goes_to_today(live_server: LiveServer, browser: Any) -> None:
    ctx = phone_in(browser, "en")
    page = ctx.new_page()
    page.goto("about:blank")
    page.goto(f"{live_server.url}/#/login")
    login(page, live_server.url, SHOPPER)
    page.locator(".today h1").wait_for(timeout=TIMEOUT)
    assert page.evaluate("location.hash") == "#/"
    ctx.close()
