"""Issue 15, HR console visit review: HR flags answers (a toggle beside each answer, the
flagged questions listed by the reject button), "Reject" sends their ids as `flagged`, and
the shopper's field app reopens the returned visit with those questions marked. 1280 px for
HR, 360 px for the shopper, in zh-CN and en. Screenshots: tests/e2e/artifacts/ (ignored)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.e2e.conftest import LiveServer
from tests.e2e.field_helpers import phone_in, use_language
from tests.e2e.pwa_driver import TIMEOUT, login, open_assignment
from tests.e2e.test_pwa_accessibility import violations
from tests.e2e.test_pwa_hr_console import ART, console, no_codes

LIST_TITLE = {"zh-CN": "需复核的题目（2）", "en": "Questions to check again (2)"}


def _flag_two_and_reject(page: Any, lang: str) -> tuple[str, dict[str, Any]]:
    """Open the first queued visit, flag two answers, reject; the submission id and body."""
    queue = page.locator("table").first
    queue.locator("tbody tr").first.wait_for(timeout=TIMEOUT)
    queue.locator("tbody tr").first.locator("button.link").click()
    page.locator(".visit-sec").nth(1).wait_for(timeout=TIMEOUT)
    toggles = page.locator(".visit-sec .flag-toggle")
    assert toggles.count() >= 2
    for n in (0, 2):
        toggles.nth(n).click()
        assert toggles.nth(n).get_attribute("aria-pressed") == "true"
    toggles.nth(2).click()  # a second click removes the flag
    assert toggles.nth(2).get_attribute("aria-pressed") == "false"
    toggles.nth(1).click()
    names = [toggles.nth(n).locator("xpath=ancestor::tr/th").inner_text() for n in (0, 1)]
    listed = page.locator(".flag-list-hr")
    assert listed.locator(".flag-title").inner_text() == LIST_TITLE[lang]
    assert listed.locator("li").all_inner_texts() == names
    no_codes(page)
    assert [v for v in violations(page) if "(serious)" in v or "(critical)" in v] == []
    spill = page.evaluate(
        "() => [...document.querySelectorAll('.visit-sec td.answer')]"
        ".filter(td => td.scrollWidth > td.clientWidth + 1).map(td => td.textContent)"
    )
    assert spill == []  # long answers wrap in their column, never under the flag toggle
    page.fill("#rej-reason", "请重拍小票 / retake the receipt")
    page.screenshot(path=str(ART / f"console-review-flags-{lang}.png"), full_page=True)
    with page.expect_request(lambda r: r.url.endswith("/review") and r.method == "POST") as req:
        page.locator("aside .btn-danger").click()
    body = json.loads(req.value.post_data or "{}")
    sub_id = req.value.url.rsplit("/", 2)[-2]
    return sub_id, body


def _stored(server: LiveServer, sub_id: str) -> tuple[list[str], int, str]:
    from server.models import User
    from server.models.submission import Submission

    def work(session: Any) -> tuple[list[str], int, str]:
        sub = session.get(Submission, sub_id)
        email = session.get(User, sub.rater_id).email
        return list(sub.review_flags or []), sub.assignment_id, email

    return server.query(work)


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_hr_flags_reach_the_shopper(live_server: LiveServer, browser: Any, lang: str) -> None:
    page = console(browser, live_server, lang, dark=lang == "en")  # en in dark mode
    page.goto(f"{live_server.url}/#/hr/review")
    sub_id, body = _flag_two_and_reject(page, lang)
    assert body["decision"] == "reject" and len(body["flagged"]) == 2
    page.locator(".review-layout").wait_for(state="detached", timeout=TIMEOUT)
    flags, assignment_id, shopper = _stored(live_server, sub_id)
    assert flags == body["flagged"]
    page.context.close()

    ctx = phone_in(browser, lang)
    phone = ctx.new_page()
    login(phone, live_server.url, shopper)
    use_language(phone, lang)
    phone.goto(f"{live_server.url}/#/")
    phone.reload()  # Today after the download that carries the returned report
    open_assignment(phone, assignment_id)
    note = phone.locator(".note.returned")
    note.wait_for(timeout=TIMEOUT)
    assert note.locator(".flag-list a").count() == 2
    for qid in flags:  # each flagged question linked from the note, by its id
        assert note.locator(f'.flag-list a[href="#q-{qid}"]').count() == 1
    phone.screenshot(path=str(ART / f"returned-flags-360-{lang}.png"), full_page=True)
    ctx.close()
