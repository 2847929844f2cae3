"""Issue 16 §3 payment runs: what a run takes (payable, unpaid, decided before the period's
end, per shopper with totals), paid once with a reference the shopper then sees, pay fixed
once in a run, an open run deleted frees its visits, and two runs created at the same time
never share a visit (SQLite here; PostgreSQL in test_pay_runs_postgresql.py)."""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest
import time_machine
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server.domain_errors import Conflict
from server.extensions import db
from server.models import PaymentLine, PaymentRun, User
from server.services.pay import payable, runs, terms
from tests.pay_scene import T0, expense, hr_approve, paid_scene, report
from tests.timers_scene import notes

H = timedelta(hours=1)
DAY = T0.date()


def approved(fee: int = 5000, spent: int = 1000, at=T0) -> dict:
    s = paid_scene(fee=fee, cap=3000)
    expense(s, spent)
    sub = report(s, at)
    with time_machine.travel(at + H, tick=False):
        hr_approve(s, sub)
    return s


def test_a_run_takes_each_payable_visit_once_per_shopper_with_totals(app):
    a, b = approved(5000, 1000), approved(4000, 5000)
    pending = paid_scene()
    hr = a["hr"][0]
    run = runs.create_run(db.session, hr, DAY.replace(day=1), date(2099, 1, 31))
    db.session.commit()
    detail = runs.detail(db.session, run)
    assert detail["visits"] == 2 and detail["totals"] == [
        {"currency": "CNY", "amount_minor": 13000}
    ]
    by_shopper = {g["shopper"]["id"]: g for g in detail["shoppers"]}
    assert by_shopper[a["shopper"].id]["totals"] == [{"currency": "CNY", "amount_minor": 6000}]
    assert by_shopper[b["shopper"].id]["lines"][0]["reimbursed_minor"] == 3000
    assert pending["visit"].id not in {
        line.assignment_id for line in runs.lines_of(db.session, run)
    }
    with pytest.raises(Conflict) as err:
        runs.create_run(db.session, hr, DAY, date(2099, 1, 31))
    assert err.value.code == "nothing_payable"


def test_a_run_leaves_visits_decided_after_its_period(app):
    s = approved()
    with pytest.raises(Conflict):  # the report was decided after the period's end
        runs.create_run(db.session, s["hr"][0], date(2020, 1, 1), date(2020, 1, 31))


def test_paid_once_with_a_reference_the_shopper_sees_and_pay_is_fixed(app):
    s = approved()
    hr = s["hr"][0]
    run = runs.create_run(db.session, hr, DAY, DAY + timedelta(days=40))
    db.session.commit()
    with pytest.raises(Conflict) as err:
        terms.set_adjustment(db.session, hr, s["visit"], {"amount_minor": 100, "reason": "Bonus"})
    assert err.value.code == "in_payment_run"
    view = payable.Ledger(db.session, [s["visit"]]).view(s["visit"])
    assert (view["state"], view["run_id"]) == ("in_run", run.id)
    runs.mark_paid(db.session, hr, run, "FIN-2026-001")
    db.session.commit()
    with pytest.raises(Conflict) as again:
        runs.mark_paid(db.session, hr, run, "FIN-2026-002")
    assert again.value.code == "already_paid"
    view = payable.Ledger(db.session, [s["visit"]]).view(s["visit"])
    assert view["state"] == "paid" and view["paid"]["reference"] == "FIN-2026-001"
    assert view["paid"]["at"] is not None and view["total_minor"] == 6000
    [note] = notes("visit_paid")
    assert note.user_id == s["shopper"].id and note.params["reference"] == "FIN-2026-001"
    with pytest.raises(Conflict):
        runs.delete_run(db.session, hr, run)


def test_deleting_an_open_run_makes_its_visits_payable_again(app):
    s = approved()
    hr = s["hr"][0]
    run = runs.create_run(db.session, hr, DAY, DAY + timedelta(days=40))
    db.session.commit()
    runs.delete_run(db.session, hr, run)
    db.session.commit()
    view = payable.Ledger(db.session, [s["visit"]]).view(s["visit"])
    assert view["state"] == "payable"
    again = runs.create_run(db.session, hr, DAY, DAY + timedelta(days=40))
    assert len(runs.lines_of(db.session, again)) == 1


def race(app, hr_id: int) -> list:
    """Two runs created at once: the first holds its transaction open while the second
    tries. Returns what the second did ("run" or the Conflict code)."""
    db.session.close()  # the test's own session holds no lock while the two runs race
    first = Session(db.engine)
    out: list = []

    def second() -> None:
        with app.app_context():
            try:
                runs.create_run(db.session, db.session.get(User, hr_id), DAY, date(2099, 1, 1))
                db.session.commit()
                out.append("run")
            except Conflict as err:
                db.session.rollback()
                out.append(err.code)
            finally:
                db.session.remove()

    try:
        runs.create_run(first, first.get(User, hr_id), DAY, date(2099, 1, 1))
        thread = threading.Thread(target=second)
        thread.start()
        thread.join(1.5)
        assert thread.is_alive(), "the second run waits for the first's visits"
        first.commit()
        thread.join(30)
    finally:
        first.close()
    return out


def assert_each_visit_once(count: int) -> None:
    db.session.expire_all()
    lines = db.session.scalars(select(PaymentLine.assignment_id)).all()
    assert len(lines) == len(set(lines)) == count
    assert db.session.scalar(select(func.count()).select_from(PaymentRun)) == 1


def test_concurrent_runs_never_share_a_visit_sqlite(app):
    scenes = [approved() for _ in range(3)]
    assert race(app, scenes[0]["hr"][0].id) == ["nothing_payable"]
    assert_each_visit_once(3)
