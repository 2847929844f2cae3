"""Issue 16 §3 expenses on PostgreSQL (`pg_app`), under concurrency: the report locks a
visit's expenses, so an expense recorded while the visit's report is being stored waits for
it and is then refused (409 `expenses_locked`), never stored after the report; the same
expense id posted twice at once is stored once (the second waits and answers the first)."""

from __future__ import annotations

import threading
import uuid
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server.domain_errors import Conflict
from server.extensions import db
from server.models import Assignment, User, VisitExpense
from server.services.pay import expenses
from tests.pay_scene import paid_scene, receipt


def _add_in_thread(app: Any, user_id: int, visit_id: int, data: dict[str, Any], out: list) -> Any:
    def work() -> None:
        with app.app_context():
            try:
                user = db.session.get(User, user_id)
                visit = db.session.get(Assignment, visit_id)
                expenses.add(db.session, user, visit, data)
                db.session.commit()
                out.append("stored")
            except Conflict as err:
                db.session.rollback()
                out.append(err.code)
            finally:
                db.session.remove()

    thread = threading.Thread(target=work)
    thread.start()
    return thread


def _body(s: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "amount_minor": 1200,
        "currency": "CNY",
        "note": "taxi",
        "receipt_sha256": receipt(s, "taxi"),
    }


def _count(visit_id: int) -> int:
    db.session.expire_all()
    return int(
        db.session.scalar(
            select(func.count())
            .select_from(VisitExpense)
            .where(VisitExpense.assignment_id == visit_id)
        )
    )


def test_pg_an_expense_racing_the_report_waits_and_is_refused(pg_app):
    s = paid_scene()
    visit_id, shopper_id = s["visit"].id, s["shopper"].id
    data = _body(s)
    db.session.close()
    first = Session(db.engine)  # the report's transaction: POST /sync locks the visit row
    out: list = []
    try:
        visit = first.scalars(
            select(Assignment).where(Assignment.id == visit_id).with_for_update()
        ).one()
        visit.status = "submitted"
        first.flush()
        thread = _add_in_thread(pg_app, shopper_id, visit_id, data, out)
        thread.join(1.5)
        assert thread.is_alive(), "the expense waits for the report's transaction"
        first.commit()
        thread.join(30)
    finally:
        first.close()
    assert out == ["expenses_locked"]
    assert _count(visit_id) == 0


def test_pg_the_same_expense_posted_twice_at_once_is_stored_once(pg_app):
    s = paid_scene()
    visit_id, shopper_id = s["visit"].id, s["shopper"].id
    data = _body(s)
    db.session.close()
    first = Session(db.engine)
    out: list = []
    try:
        expenses.add(first, first.get(User, shopper_id), first.get(Assignment, visit_id), data)
        thread = _add_in_thread(pg_app, shopper_id, visit_id, data, out)
        thread.join(1.5)
        assert thread.is_alive(), "the retry waits for the first request's transaction"
        first.commit()
        thread.join(30)
    finally:
        first.close()
    assert out == ["stored"]  # the retry answers the stored expense (201), no error
    assert _count(visit_id) == 1
