"""Issue 16 §3, §5 expenses offline, in the browser at 360 px: a shopper finds an open job on
the board and takes it, goes offline, opens the visit, records an expense with a receipt
photo (kept on the phone), fills and submits the report; the outbox shows both waiting, the
report held for the expense. Back online both reach the server once, the expense before
the report (the report locks the expenses). HR approves, and the shopper's Earnings show
the amount payable = fee + min(receipts, cap)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from tests.e2e.conftest import HR, SHOPPER, LiveServer, publish_job
from tests.e2e.pwa_driver import (
    TIMEOUT,
    fill_and_submit,
    login,
    make_photo,
    nav_to,
    open_assignment,
    outbox_count,
    wait_forms_cached,
    wait_js,
    wait_offline_ready,
    wait_outbox_empty,
)

pytestmark = pytest.mark.e2e

ARTIFACTS = Path(__file__).parent / "artifacts"
FEE, CAP, RECEIPT = 8050, 3000, 4200  # the receipt is over the cap: ¥80.50 + ¥30.00
PAYABLE = re.compile(r"¥110\.50|110\.50 元")
EXPENSE = re.compile(r"¥42\.00|42\.00 元")

VISIT_PAY_CACHED = (
    "(id) => new Promise(r => { const q = indexedDB.open('service-eval'); q.onsuccess = () => {"
    " const g = q.result.transaction('cache').objectStore('cache').getAll();"
    " g.onsuccess = () => r(g.result.some(x => String(x.key).startsWith('visitpay:')"
    " && x.value && x.value[id])); }; })"
)


def _publish(server: LiveServer) -> int:
    def work(session: Any) -> int:
        job_id = publish_job(
            session,
            {"en": "E2E offline pay", "zh-CN": "离线费用测试"},
            (
                "E2E/Expense store",
                {"en": "Expense Store", "zh-CN": "费用门店"},
                "2 Nanjing Road, Shanghai",
                31.2350,
                121.4750,
            ),
            1,
            {"fee_minor": FEE, "expense_cap_minor": CAP},
        )
        session.commit()
        return job_id

    return int(server.query(work))


def _stored(server: LiveServer, visit_id: int) -> dict[str, Any]:
    from server.models import Submission, VisitExpense

    def work(session: Any) -> dict[str, Any]:
        exps = list(
            session.scalars(select(VisitExpense).where(VisitExpense.assignment_id == visit_id))
        )
        subs = list(session.scalars(select(Submission).where(Submission.assignment_id == visit_id)))
        return {
            "expenses": [(e.id, e.amount_minor, e.receipt_sha256, e.created_at) for e in exps],
            "reports": [(s.id, s.received_at) for s in subs],
        }

    return dict(server.query(work))


def _approve(server: LiveServer, visit_id: int) -> None:
    """HR approves the stored report (the review service and the pay notice, as POST
    /submissions/{id}/review does)."""
    from server.models import Submission, User
    from server.services.pay import notices
    from server.services.visits import visits

    def work(session: Any) -> None:
        sub = session.scalar(select(Submission).where(Submission.assignment_id == visit_id))
        hr = session.scalar(select(User).where(User.email == HR))
        visits.review(session, hr, sub, {"decision": "approve"})
        notices.after_decision(session, sub)
        session.commit()

    server.query(work)


def test_offline_expense_and_report_sync_in_order_then_earnings_show_the_payable(
    live_server: LiveServer, phone: Any, tmp_path: Path
) -> None:
    job_id = _publish(live_server)
    page = phone.new_page()
    login(page, live_server.url, SHOPPER)
    wait_offline_ready(page)
    nav_to(page, "#/jobs")
    card = page.locator(f'article[data-job="{job_id}"]')
    card.wait_for(timeout=TIMEOUT)
    card.locator("button.btn-primary").click()
    page.locator(".job-board .banner.ok").wait_for(timeout=TIMEOUT)
    nav_to(page, "#/")
    page.locator(f'a.assignment-link[href="#/form/{job_id}"]').wait_for(timeout=TIMEOUT)
    wait_forms_cached(page)
    wait_js(page, VISIT_PAY_CACHED, job_id)

    phone.set_offline(True)
    open_assignment(page, job_id)
    form = page.locator("form.expense-form")
    form.wait_for(timeout=TIMEOUT)
    form.locator(".note").wait_for(timeout=TIMEOUT)  # says it is kept on the phone
    # a mistake, deleted while still on the phone: it never reaches the server
    page.locator("#exp-amount").fill("5")
    page.locator("#exp-receipt").set_input_files(str(make_photo(tmp_path / "x.jpg", colour="#37a")))
    form.locator("button[type=submit]").click()
    wrong = page.locator("li.expense.local", has_text=re.compile(r"¥5\.00|5\.00 元"))
    wrong.locator("button").click()
    wrong.wait_for(state="detached", timeout=TIMEOUT)
    page.locator("#exp-amount").fill("42")
    page.locator("#exp-note").fill("Coffee and cake")
    page.locator("#exp-receipt").set_input_files(str(make_photo(tmp_path / "r.jpg")))
    form.locator("button[type=submit]").click()
    local = page.locator("li.expense.local", has_text=EXPENSE)
    local.wait_for(timeout=TIMEOUT)
    local.locator(".expense-local").wait_for(timeout=TIMEOUT)
    page.wait_for_function(
        "(img) => img.complete && img.naturalWidth > 0",
        arg=local.locator("img").element_handle(),
        timeout=TIMEOUT,
    )
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the visit page scrolls sideways at 360 px ({width} px)"
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator("section.expenses h3").evaluate("(h) => h.scrollIntoView({block: 'center'})")
    page.screenshot(path=str(ARTIFACTS / "pay-offline-expense-360.png"))

    fill_and_submit(page, make_photo(tmp_path / "visit.jpg", colour="#a37"))
    nav_to(page, "#/outbox")
    page.locator(".ob-item.kind-expense").wait_for(timeout=TIMEOUT)
    report = page.locator(".ob-item:not(.kind-expense)")
    report.locator(".held").wait_for(timeout=TIMEOUT)  # waiting for the visit's expenses
    assert outbox_count(page) == 2
    page.screenshot(path=str(ARTIFACTS / "pay-offline-outbox-360.png"), full_page=True)
    assert _stored(live_server, job_id) == {"expenses": [], "reports": []}

    phone.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    wait_outbox_empty(page)
    stored = _stored(live_server, job_id)
    assert len(stored["expenses"]) == 1 and len(stored["reports"]) == 1, stored
    _, amount, receipt_sha, expense_at = stored["expenses"][0]
    assert amount == RECEIPT and receipt_sha and len(receipt_sha) == 64
    assert expense_at <= stored["reports"][0][1], "the expense arrived after the report"

    _approve(live_server, job_id)
    page.goto(f"{live_server.url}/#/earnings")
    pay = page.locator(f"#pay-{job_id}")
    pay.locator(".pay-total", has_text=PAYABLE).wait_for(timeout=TIMEOUT)
    assert pay.locator(".badge", has_text=re.compile("Payable|可结算")).count() == 1
    page.goto(f"{live_server.url}/#/earnings/{job_id}")
    page.locator("li.expense:not(.local)", has_text=EXPENSE).wait_for(timeout=TIMEOUT)
    page.locator("section.expenses .hint").wait_for(timeout=TIMEOUT)  # fixed now
    assert page.locator("form.expense-form").count() == 0
    assert phone.console_errors == []
