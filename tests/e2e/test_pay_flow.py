"""Issue 16 §3, §5 shopper pay in the browser: on a 360 px phone the shopper records an
expense with a receipt photo on a visit (the photo through the attachment pipeline), HR
approves the report, and the shopper's Earnings show the amount payable with its
breakdown; on a 1280 px desktop HR creates a payment run, marks it paid with a reference
and exports it as CSV; the shopper then sees the visit paid with that reference."""

from __future__ import annotations

import re
import uuid
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from tests.e2e.conftest import HR, SHOPPER, LiveServer, ensure_visit
from tests.e2e.field_helpers import large_text, phone_in, shot
from tests.e2e.field_helpers import use_language as set_language
from tests.e2e.pwa_driver import TIMEOUT, login, make_photo, nav_to, wait_until
from tests.e2e.test_pwa_field_display import layout_faults, serious

pytestmark = pytest.mark.e2e

ARTIFACTS = Path(__file__).parent / "artifacts"
# fee ¥50.00 + receipts ¥18.50 (cap ¥30.00) = ¥68.50
PAYABLE = re.compile(r"¥68\.50|68\.50 元")
EXPENSE = re.compile(r"¥18\.50|18\.50 元")


def _terms(server: LiveServer, visit_id: int) -> None:
    from server.models import VisitTerms

    def work(session: Any) -> None:
        session.add(VisitTerms(assignment_id=visit_id, fee_minor=5000, expense_cap_minor=3000))
        session.commit()

    server.query(work)


def _expenses_stored(server: LiveServer, visit_id: int) -> int:
    from sqlalchemy import func

    from server.models import VisitExpense

    def work(session: Any) -> int:
        query = select(func.count()).where(VisitExpense.assignment_id == visit_id)
        return int(session.scalar(query.select_from(VisitExpense)))

    return int(server.query(work))


def _report_and_approve(server: LiveServer, visit_id: int) -> None:
    """The shopper's report arrives and HR approves it (the review service and the pay
    notice, as POST /submissions/{id}/review does)."""
    from server.models import Assignment, Submission, User
    from server.services.pay import notices
    from server.services.visits import visits

    def work(session: Any) -> None:
        visit = session.get(Assignment, visit_id)
        sub = Submission(
            id=str(uuid.uuid4()),
            assignment_id=visit.id,
            campaign_id=visit.campaign_id,
            form_version_id=visit.form_version_id,
            relationship="mystery_shopper",
            rater_id=visit.rater_id,
            unit_id=visit.unit_id,
            answers={},
            na=[],
            content_sha256="0" * 64,
            status="received",
        )
        session.add(sub)
        visit.status = "submitted"
        session.flush()
        hr = session.scalar(select(User).where(User.email == HR))
        visits.review(session, hr, sub, {"decision": "approve"})
        notices.after_decision(session, sub)
        session.commit()

    server.query(work)


def _no_sideways_scroll(page: Any) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the page scrolls sideways at 360 px ({width} px)"


def test_expense_with_receipt_then_approval_shows_the_amount_payable(
    live_server: LiveServer, phone: Any, browser: Any, tmp_path: Path
):
    visit_id = ensure_visit(live_server)
    _terms(live_server, visit_id)
    page = phone.new_page()
    login(page, live_server.url, SHOPPER)
    page.locator('nav.bottom a[href="#/visits"]').wait_for(timeout=TIMEOUT)
    nav_to(page, "#/visits")  # from the visit to its expenses
    page.locator(f'#visit-{visit_id} a[href="#/earnings/{visit_id}"]').click()
    page.locator("#exp-amount").fill("18.50")
    page.locator("#exp-note").fill("Tea and cake")
    page.locator("#exp-receipt").set_input_files(str(make_photo(tmp_path / "receipt.jpg")))
    page.locator("form.expense-form button[type=submit]").click()
    page.locator("li.expense", has_text=EXPENSE).wait_for(timeout=TIMEOUT)
    receipt = page.locator("li.expense img").first
    page.wait_for_function(
        "(img) => img.complete && img.naturalWidth > 0",
        arg=receipt.element_handle(),
        timeout=TIMEOUT,
    )
    _no_sideways_scroll(page)
    # the expense goes through the outbox: approve only once the server holds it (the
    # stored report locks the visit's expenses, so approving first would refuse it)
    wait_until(page, lambda: _expenses_stored(live_server, visit_id) == 1, timeout_ms=90_000)
    page.locator("li.expense:not(.local)", has_text=EXPENSE).wait_for(timeout=TIMEOUT)
    _report_and_approve(live_server, visit_id)
    page.goto(f"{live_server.url}/#/earnings")
    card = page.locator(f"#pay-{visit_id}")
    card.locator(".pay-total", has_text=PAYABLE).wait_for(timeout=TIMEOUT)
    assert card.locator(".badge", has_text=re.compile("Payable|可结算")).count() == 1
    _no_sideways_scroll(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "pay-earnings-360.png"), full_page=True)

    desk = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    errors: list[str] = []
    desk.on("weberror", lambda e: errors.append(str(e.error)))
    hr = desk.new_page()
    login(hr, live_server.url, HR)
    hr.goto(f"{live_server.url}/#/hr/pay")
    listed = hr.locator(f'.pay-visits a[href="#/hr/pay/visit/{visit_id}"]')  # payable: listed
    listed.wait_for(timeout=TIMEOUT)
    assert PAYABLE.search(listed.locator("xpath=ancestor::tr").inner_text())
    hr.locator("#run-end").fill("2099-12-31")
    hr.locator("form[aria-labelledby=new-run] button[type=submit]").click()
    hr.locator("#run-title").wait_for(timeout=TIMEOUT)
    hr.locator(f'a[href="#/hr/pay/visit/{visit_id}"]').wait_for(timeout=TIMEOUT)
    with hr.expect_download(timeout=TIMEOUT) as got:
        hr.locator(".run-actions button", has_text=re.compile("CSV")).click()
    text = Path(got.value.path()).read_text("utf-8-sig")
    assert text.startswith("run_id,") and ",6850," in text
    hr.locator("#run-ref").fill("FIN-E2E-1")
    hr.locator(".run-actions form button[type=submit]").click()
    hr.locator("#run-title + p", has_text="FIN-E2E-1").wait_for(timeout=TIMEOUT)
    hr.screenshot(path=str(ARTIFACTS / "pay-run-1280.png"), full_page=True)
    assert errors == []
    desk.close()

    page.reload()  # the same route: load it again
    page.locator(f"#pay-{visit_id} .pay-paid", has_text="FIN-E2E-1").wait_for(timeout=TIMEOUT)
    assert phone.console_errors == []


def _earnings_screens(page: Any, base: str, visit_id: int, tag: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    large = "200" in tag
    page.goto(f"{base}/#/earnings")
    page.locator("article.pay-card").first.wait_for(timeout=TIMEOUT)
    found[f"earnings-{tag}"] = serious(page) + (layout_faults(page) if large else [])
    shot(page, f"pay-earnings-{tag}", full=False)
    page.goto(f"{base}/#/earnings/{visit_id}")
    page.locator("form.expense-form").wait_for(timeout=TIMEOUT)
    found[f"expenses-{tag}"] = serious(page) + (layout_faults(page) if large else [])
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > 360:
        found[f"expenses-{tag}"].append(f"scrolls sideways: {width}px")
    shot(page, f"pay-expenses-{tag}", full=False)
    return found


@pytest.mark.parametrize(("lang", "scheme"), [("en", "dark"), ("zh-CN", "light")])
def test_earnings_in_both_languages_dark_mode_and_large_text(
    live_server: LiveServer, browser: Any, lang: str, scheme: str
):
    visit_id = ensure_visit(live_server)
    _terms(live_server, visit_id)
    ctx = phone_in(browser, lang, scheme)
    page = ctx.new_page()
    login(page, live_server.url, SHOPPER)
    set_language(page, lang)
    found = _earnings_screens(page, live_server.url, visit_id, f"{scheme}-100-{lang}")
    money = "¥" if lang == "en" else " 元"
    assert money in page.locator("body").inner_text()
    large_text(page, ctx)
    found |= _earnings_screens(page, live_server.url, visit_id, f"{scheme}-200-{lang}")
    assert ctx.console_errors == []
    ctx.close()
    assert {k: v for k, v in found.items() if v} == {}
