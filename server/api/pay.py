"""Shopper pay (issue 16 §3): the shopper's earnings and expenses with receipts; HR's terms
and adjustments on any visit. Payment runs: server/api/pay_runs.py.

The shopper's routes are under /me and reach only their own visits (anyone else's: 404).
Expenses are editable while the visit is theirs to work on (no report sent, or one returned);
after that 409 `expenses_locked`.
"""

from __future__ import annotations

from typing import Any

from server.api.access import STAFF_ROLES, current, login_required, roles_required
from server.api.body import Blueprint
from server.extensions import db
from server.models import Assignment
from server.schemas.pay import (
    AdjustmentSchema,
    ExpenseCreateSchema,
    ExpenseOutSchema,
    ExpenseUpdateSchema,
    HrVisitPayListSchema,
    HrVisitPayQuerySchema,
    MyPaySchema,
    TermsSchema,
    VisitPayDetailSchema,
)
from server.services.pay import expenses, payable, terms

blp = Blueprint(
    "pay",
    __name__,
    url_prefix="/api/v1",
    description="Shopper pay: earnings, expenses with receipts, terms and adjustments",
)


def _detail(visit: Assignment) -> dict[str, Any]:
    ledger = payable.Ledger(db.session, [visit])
    return {
        "pay": ledger.view(visit),
        "expenses": [expenses.view(db.session, visit, e) for e in ledger.expenses[visit.id]],
        "editable": expenses.editable(db.session, visit),
    }


@blp.route("/me/pay", methods=["GET"])
@login_required
@blp.response(200, MyPaySchema)
def my_pay() -> dict[str, Any]:
    """My visits' pay, newest window first: state (pending, payable, nothing_to_pay,
    not_paid, in_run, paid), the breakdown in minor units (fee, receipts, cap, reimbursed,
    adjustment and its reason, total), why a rejected visit is not paid, and when and with
    which reference it was paid; with totals payable and paid per currency."""
    visits = payable.my_visits(db.session, current().id)
    ledger = payable.Ledger(db.session, visits)
    rows = [ledger.view(v) for v in visits]
    return {
        "visits": rows,
        "payable": _sum(rows, ("payable", "in_run")),
        "paid": _sum(rows, ("paid",)),
    }


def _sum(rows: list[dict[str, Any]], states: tuple[str, ...]) -> list[dict[str, Any]]:
    sums: dict[str, int] = {}
    for row in rows:
        if row["state"] in states:
            sums[row["currency"]] = sums.get(row["currency"], 0) + row["total_minor"]
    return [{"currency": c, "amount_minor": a} for c, a in sorted(sums.items())]


@blp.route("/me/visits/<id:visit_id>/pay", methods=["GET"])
@login_required
@blp.response(200, VisitPayDetailSchema)
def my_visit_pay(visit_id: int) -> dict[str, Any]:
    """One of my visits: its pay, its expenses (with receipt checks) and whether I may
    still change them. Another shopper's visit: 404."""
    return _detail(expenses.own_visit(db.session, current(), visit_id))


@blp.route("/me/visits/<id:visit_id>/expenses", methods=["POST"])
@login_required
@blp.arguments(ExpenseCreateSchema)
@blp.response(201, ExpenseOutSchema)
def add_expense(body: dict[str, Any], visit_id: int) -> dict[str, Any]:
    """Record an expense {id (client UUID), amount_minor, currency (the visit's),
    note, receipt_sha256 (a photo I uploaded with PUT /attachments/{sha256})}. The same id
    and content again returns it (a retry); 409 `expenses_locked` once the report is sent."""
    visit = expenses.own_visit(db.session, current(), visit_id)
    expense = expenses.add(db.session, current(), visit, body)
    db.session.commit()
    return {"expense": expenses.view(db.session, visit, expense)}


@blp.route("/me/visits/<id:visit_id>/expenses/<string:expense_id>", methods=["PATCH"])
@login_required
@blp.arguments(ExpenseUpdateSchema)
@blp.response(200, ExpenseOutSchema)
def update_expense(body: dict[str, Any], visit_id: int, expense_id: str) -> dict[str, Any]:
    """Change an expense's amount, note or receipt (409 `expenses_locked` once sent)."""
    visit = expenses.own_visit(db.session, current(), visit_id)
    expense = expenses.get(db.session, visit, expense_id)
    expenses.update(db.session, current(), visit, expense, body)
    db.session.commit()
    return {"expense": expenses.view(db.session, visit, expense)}


@blp.route("/me/visits/<id:visit_id>/expenses/<string:expense_id>", methods=["DELETE"])
@login_required
@blp.response(204)
def delete_expense(visit_id: int, expense_id: str) -> None:
    """Remove an expense (409 `expenses_locked` once the report is sent)."""
    visit = expenses.own_visit(db.session, current(), visit_id)
    expenses.delete(db.session, visit, expenses.get(db.session, visit, expense_id))
    db.session.commit()


@blp.route("/pay/visits", methods=["GET"])
@roles_required(*STAFF_ROLES)
@blp.arguments(HrVisitPayQuerySchema, location="query")
@blp.response(200, HrVisitPayListSchema)
def hr_visits(query: dict[str, Any]) -> dict[str, Any]:
    """Visits with pay terms, newest window first (at most 500: `truncated` says more), each
    with its shopper, state and breakdown; filters: `state` (pending, payable,
    nothing_to_pay, not_paid, in_run, paid) and `campaign_id`."""
    rows, truncated = payable.hr_visits(db.session, query.get("state"), query.get("campaign_id"))
    return {"visits": rows, "truncated": truncated}


@blp.route("/visits/<id:visit_id>/pay", methods=["GET"])
@roles_required(*STAFF_ROLES)
@blp.response(200, VisitPayDetailSchema)
def visit_pay(visit_id: int) -> dict[str, Any]:
    """A visit's pay for HR: terms, expenses with receipt checks (capture time in the
    window, the same photo on other visits), adjustment, state and breakdown."""
    return _detail(expenses.any_visit(db.session, visit_id))


@blp.route("/visits/<id:visit_id>/terms", methods=["PUT"])
@roles_required(*STAFF_ROLES)
@blp.arguments(TermsSchema)
@blp.response(200, VisitPayDetailSchema)
def put_terms(body: dict[str, Any], visit_id: int) -> dict[str, Any]:
    """Set a visit's terms {fee_minor, expense_cap_minor, currency, reimburse_on_reject}.
    409 `in_payment_run` once the visit is in a run, `currency_fixed` when it has expenses."""
    visit = expenses.any_visit(db.session, visit_id)
    terms.set_terms(db.session, current(), visit, body)
    db.session.commit()
    return _detail(visit)


@blp.route("/visits/<id:visit_id>/adjustment", methods=["PUT"])
@roles_required(*STAFF_ROLES)
@blp.arguments(AdjustmentSchema)
@blp.response(200, VisitPayDetailSchema)
def put_adjustment(body: dict[str, Any], visit_id: int) -> dict[str, Any]:
    """Adjust a visit's pay {amount_minor (signed), reason (the shopper sees it)}; 0 removes
    it. 422 when it would make the amount negative; 409 `in_payment_run`."""
    visit = expenses.any_visit(db.session, visit_id)
    terms.set_adjustment(db.session, current(), visit, body)
    db.session.commit()
    return _detail(visit)
