"""Issue 16 §3 pay rules through the services: fee + capped receipts on approval, HR's
adjustment only with a reason, a returned visit resubmitted and approved is paid, a visit
closed as rejected is not paid (and says why) unless its terms reimburse the receipts,
expenses fixed once the report is sent, receipts only the shopper's own uploads, and one
payable notice per visit (HR's decision and the timers')."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from server.domain_errors import Conflict, Invalid
from server.extensions import db
from server.services.pay import expenses, notices, payable, terms
from tests.pay_scene import T0, expense, hr_approve, hr_return, paid_scene, receipt, report, run
from tests.timers_scene import notes

H = timedelta(hours=1)
NO_REIMBURSE = {"reimburse_on_reject": False}


def _pay(s) -> dict:
    visit = s["visit"]
    db.session.refresh(visit)
    return payable.Ledger(db.session, [visit]).view(visit)


def test_approval_pays_fee_plus_receipts_up_to_the_cap_and_tells_the_shopper_once(app):
    s = paid_scene(fee=5000, cap=3000)
    expense(s, 1800)
    expense(s, 1550)
    assert _pay(s)["state"] == "pending"
    sub = report(s, T0)
    hr_approve(s, sub)
    assert notices.after_decision(db.session, sub) == 1
    assert notices.after_decision(db.session, sub) == 0  # one notice per visit
    db.session.commit()
    pay = _pay(s)
    assert pay["state"] == "payable" and pay["basis"] == "fee_and_receipts"
    assert (pay["fee_minor"], pay["receipts_minor"], pay["reimbursed_minor"]) == (5000, 3350, 3000)
    assert pay["total_minor"] == 8000 and pay["currency"] == "CNY"
    [note] = notes("visit_payable")
    assert note.user_id == s["shopper"].id and note.params["amount_minor"] == 8000


def test_an_adjustment_needs_a_reason_the_shopper_sees_and_never_goes_below_zero(app):
    s = paid_scene(fee=5000, cap=3000)
    expense(s, 1000)
    hr = s["hr"][0]
    with pytest.raises(Invalid):
        terms.set_adjustment(db.session, hr, s["visit"], {"amount_minor": -500, "reason": " "})
    with pytest.raises(Invalid):
        terms.set_adjustment(db.session, hr, s["visit"], {"amount_minor": -6001, "reason": "x"})
    terms.set_adjustment(db.session, hr, s["visit"], {"amount_minor": -500, "reason": "Late"})
    db.session.commit()
    hr_approve(s, report(s, T0))
    pay = _pay(s)
    assert (pay["adjustment_minor"], pay["adjustment_reason"], pay["total_minor"]) == (
        -500,
        "Late",
        5500,
    )
    with pytest.raises(Invalid):  # a lower fee would make the adjusted amount negative
        terms.set_terms(
            db.session,
            hr,
            s["visit"],
            {
                "fee_minor": 0,
                "expense_cap_minor": 0,
                "currency": "CNY",
                "reimburse_on_reject": False,
            },
        )


def test_a_returned_visit_resubmitted_and_approved_is_paid(app):
    s = paid_scene(fee=4000, cap=2000)
    first = report(s, T0)
    hr_return(s, first, T0 + H, "Add the receipt")
    assert _pay(s)["state"] == "pending"
    expense(s, 1200, "taxi")  # a returned visit's expenses are editable again
    again = report(s, T0 + 2 * H, replaces=first.id)
    hr_approve(s, again)
    pay = _pay(s)
    assert (pay["state"], pay["total_minor"]) == ("payable", 5200)


def test_a_visit_closed_as_rejected_is_not_paid_and_says_why(app):
    s = paid_scene(fee=4000, cap=2000)
    expense(s, 1500)
    sub = report(s, T0)
    hr_return(s, sub, T0, "Wrong store")
    assert run(T0 + 25 * H) == {"auto_rejected": 1}
    pay = _pay(s)
    assert pay["state"] == "not_paid" and pay["total_minor"] == 0
    assert pay["not_paid_reason"] == "Wrong store"


def test_reimburse_on_reject_pays_the_capped_receipts_without_the_fee(app):
    s = paid_scene(fee=4000, cap=2000, reimburse=True)
    expense(s, 1500)
    expense(s, 900)
    sub = report(s, T0)
    hr_return(s, sub, T0, "Wrong store")
    run(T0 + 25 * H)
    assert notices.sweep(db.session, T0 - H) == 1  # the timers' decision is announced too
    pay = _pay(s)
    assert (pay["state"], pay["basis"]) == ("payable", "receipts_only")
    assert (pay["fee_minor"], pay["reimbursed_minor"], pay["total_minor"]) == (0, 2000, 2000)


def test_expenses_are_fixed_once_the_report_is_sent(app):
    s = paid_scene()
    row = expense(s, 1000)
    report(s, T0)
    db.session.refresh(s["visit"])
    with pytest.raises(Conflict) as err:
        expense(s, 500)
    assert err.value.code == "expenses_locked"
    with pytest.raises(Conflict):
        expenses.update(db.session, s["shopper"], s["visit"], row, {"amount_minor": 9})
    with pytest.raises(Conflict):
        expenses.delete(db.session, s["visit"], row)


def test_a_receipt_must_be_the_shoppers_own_upload_in_the_visits_currency(app):
    s, other = paid_scene(), paid_scene()
    foreign = receipt(other, "theirs")
    data = {"id": str(uuid.uuid4()), "amount_minor": 100, "currency": "CNY", "note": ""}
    with pytest.raises(Invalid):
        expenses.add(db.session, s["shopper"], s["visit"], {**data, "receipt_sha256": foreign})
    mine = receipt(s, "mine")
    with pytest.raises(Invalid):
        expenses.add(
            db.session,
            s["shopper"],
            s["visit"],
            {**data, "currency": "USD", "receipt_sha256": mine},
        )
    stored = expenses.add(db.session, s["shopper"], s["visit"], {**data, "receipt_sha256": mine})
    replay = expenses.add(db.session, s["shopper"], s["visit"], {**data, "receipt_sha256": mine})
    assert replay is stored  # a retry of the same expense stores once
    with pytest.raises(Conflict):
        expenses.add(
            db.session,
            s["shopper"],
            s["visit"],
            {**data, "amount_minor": 7, "receipt_sha256": mine},
        )


def test_receipt_checks_flag_a_photo_reused_on_another_visit(app):
    s, other = paid_scene(), paid_scene()
    row = expense(s, 1000)
    checks = expenses.receipt_checks(db.session, other["visit"], row.receipt_sha256)
    assert checks["reused_on"] == [s["visit"].id]
    assert expenses.receipt_checks(db.session, s["visit"], row.receipt_sha256)["reused_on"] == []


def test_pay_notices_render_the_amount_in_each_language(app):
    from server.services.notifications.texts import render

    params = {"unit": {"en": "Store 12", "zh-CN": "十二号店"}, "amount_minor": 123450}
    params |= {"currency": "CNY", "reference": "FIN-7"}
    en = render("visit_paid", params, "en")
    zh = render("visit_paid", params, "zh-CN")
    assert en["title"] == "Paid: ¥1,234.50 for Store 12"
    assert "FIN-7" in en["body"] and "¥1,234.50" in en["body"]
    assert "1,234.50 元" in zh["body"] and "十二号店" in zh["body"] and "FIN-7" in zh["body"]
    assert render("visit_payable", {**params, "amount_minor": 5}, "en")["title"].startswith(
        "Payable: ¥0.05"
    )


def test_an_auto_accepted_visit_becomes_payable_through_the_periodic_action(app):
    from server.tasks import periodic

    s = paid_scene(fee=4000, cap=1000)
    expense(s, 2500)
    report(s, T0)
    at = T0 + 80 * H
    first = periodic.tick(db.session, at, ["visit_timers"])
    later = periodic.tick(db.session, at + timedelta(minutes=15), ["visit_timers"])
    assert first == {"visit_timers": {"auto_accepted": 1, "pay_payable": 1}}
    assert later == {"visit_timers": {}}  # told once
    [note] = notes("visit_payable")
    assert note.params["amount_minor"] == 5000 and note.link == "/earnings"
    assert _pay(s)["state"] == "payable"


def test_a_visit_closed_by_the_timer_long_after_its_return_is_announced_when_reimbursed(app):
    from server.tasks import periodic

    s = paid_scene(fee=4000, cap=2000, reimburse=True)
    expense(s, 1500)
    sub = report(s, T0)
    hr_return(s, sub, T0, "Wrong store")
    s["campaign"].review_timers = {"resubmit_hours": 72}  # closed three days after the return
    db.session.commit()
    done = periodic.tick(db.session, T0 + 73 * H, ["visit_timers"])
    assert done == {"visit_timers": {"auto_rejected": 1, "pay_payable": 1}}
    [note] = notes("visit_payable")
    assert note.params["amount_minor"] == 1500
