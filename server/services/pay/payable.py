"""A visit's pay state and breakdown, derived from its terms, expenses, adjustment, review
state and payment line (amounts of a visit in a run are the run's frozen ones).

States: `pending` (not decided yet: scheduled, awaiting review or returned for a
correction), `payable` (approved, or closed as rejected with `reimburse_on_reject`, not in a
run), `nothing_to_pay` (decided, total 0), `not_paid` (closed as rejected: the reason is
HR's), `in_run` (in an open payment run), `paid` (its run was paid: date and reference).
A visit with no `VisitTerms` has no pay (`terms: false`, state `pending` or its decision).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.models import (
    Assignment,
    Campaign,
    OrgUnit,
    PayAdjustment,
    PaymentLine,
    PaymentRun,
    Submission,
    User,
    VisitExpense,
    VisitTerms,
)
from server.models.shopper_work import DEFAULT_CURRENCY
from server.services.pay import money
from server.services.visits.visits import latest_submissions


def basis_of(visit: Assignment, sub: Submission | None, terms: VisitTerms | None) -> str | None:
    """Why the visit pays (money.FEE_AND_RECEIPTS, RECEIPTS_ONLY, NOTHING), None if undecided."""
    if sub is None:
        return None
    if sub.status == "approved":
        return money.FEE_AND_RECEIPTS
    if sub.status == "rejected" and visit.status == "declined":
        reimburse = terms is not None and terms.reimburse_on_reject
        return money.RECEIPTS_ONLY if reimburse else money.NOTHING
    return None


def compute(
    visit: Assignment,
    sub: Submission | None,
    terms: VisitTerms | None,
    amounts: Sequence[int],
    adjustment: PayAdjustment | None,
) -> money.Breakdown:
    """The visit's breakdown now (before any run froze it)."""
    basis = basis_of(visit, sub, terms) or money.NOTHING
    return money.breakdown(
        basis,
        terms.currency if terms else DEFAULT_CURRENCY,
        terms.fee_minor if terms else 0,
        terms.expense_cap_minor if terms else 0,
        amounts,
        adjustment.amount_minor if adjustment else 0,
    )


class Ledger:
    """Everything pay needs about a set of visits, read in a few queries."""

    def __init__(self, session: Session, visits: Sequence[Assignment]) -> None:
        ids = [v.id for v in visits]
        self.session = session
        self.latest = latest_submissions(session, ids)
        self.terms = _by_id(session, VisitTerms, ids)
        self.adjustments = _by_id(session, PayAdjustment, ids)
        self.expenses: dict[int, list[VisitExpense]] = defaultdict(list)
        for e in session.scalars(
            select(VisitExpense)
            .where(VisitExpense.assignment_id.in_(ids))
            .order_by(VisitExpense.created_at, VisitExpense.id)
        ):
            self.expenses[e.assignment_id].append(e)
        self.lines: dict[int, tuple[PaymentLine, PaymentRun]] = {
            line.assignment_id: (line, run)
            for line, run in session.execute(
                select(PaymentLine, PaymentRun)
                .join(PaymentRun, PaymentRun.id == PaymentLine.run_id)
                .where(PaymentLine.assignment_id.in_(ids))
            ).all()
        }

    def breakdown(self, visit: Assignment) -> money.Breakdown:
        amounts = [e.amount_minor for e in self.expenses[visit.id]]
        return compute(
            visit,
            self.latest.get(visit.id),
            self.terms.get(visit.id),
            amounts,
            self.adjustments.get(visit.id),
        )

    def state(self, visit: Assignment, figures: money.Breakdown) -> str:
        if visit.id in self.lines:
            return "paid" if self.lines[visit.id][1].status == "paid" else "in_run"
        basis = basis_of(visit, self.latest.get(visit.id), self.terms.get(visit.id))
        if basis is None:
            return "pending"
        if basis == money.NOTHING:
            return "not_paid"
        return "payable" if figures.total_minor > 0 else "nothing_to_pay"

    def payable_at(self, visit: Assignment) -> datetime | None:
        sub = self.latest.get(visit.id)
        return sub.reviewed_at if sub is not None else None

    def view(self, visit: Assignment) -> dict[str, Any]:
        """One visit's pay as the shopper and HR see it."""
        figures = self.breakdown(visit)
        data = {**figures.as_dict(), "run_id": None}
        if visit.id in self.lines:
            data.update(_frozen(*self.lines[visit.id]))
        sub, terms = self.latest.get(visit.id), self.terms.get(visit.id)
        adjustment = self.adjustments.get(visit.id)
        unit = self.session.get(OrgUnit, visit.unit_id) if visit.unit_id else None
        state = self.state(visit, figures)
        data.update(
            {
                "visit_id": visit.id,
                "campaign_id": visit.campaign_id,
                "unit": {"id": unit.id, "name": unit.name} if unit else None,
                "window_start": visit.visit_window_start,
                "window_end": visit.visit_window_end,
                "state": state,
                "terms": terms is not None,
                "expense_cap_minor": terms.expense_cap_minor if terms else 0,
                "terms_fee_minor": terms.fee_minor if terms else 0,
                "reimburse_on_reject": bool(terms and terms.reimburse_on_reject),
                "adjustment_reason": adjustment.reason if adjustment else None,
                "not_paid_reason": (sub.review_reason if sub else None)
                if state == "not_paid"
                else None,
                "payable_at": self.payable_at(visit) if state != "pending" else None,
                "paid": _paid(*self.lines[visit.id]) if state == "paid" else None,
            }
        )
        return data


def _frozen(line: PaymentLine, run: PaymentRun) -> dict[str, Any]:
    return {
        "basis": line.basis,
        "currency": line.currency,
        "fee_minor": line.fee_minor,
        "receipts_minor": line.receipts_minor,
        "reimbursed_minor": line.reimbursed_minor,
        "adjustment_minor": line.adjustment_minor,
        "total_minor": line.total_minor,
        "clamped": False,
        "run_id": run.id,
    }


def _paid(line: PaymentLine, run: PaymentRun) -> dict[str, Any]:
    return {"at": run.paid_at, "reference": run.reference, "run_id": run.id}


def _by_id(session: Session, model: Any, ids: list[int]) -> dict[int, Any]:
    if not ids:
        return {}
    rows = session.scalars(select(model).where(model.assignment_id.in_(ids)))
    return {row.assignment_id: row for row in rows}


def my_visits(session: Session, shopper_id: int) -> list[Assignment]:
    """The shopper's visits in campaigns past draft, newest window first."""
    return list(
        session.scalars(
            select(Assignment)
            .join(Campaign, Campaign.id == Assignment.campaign_id)
            .where(
                Assignment.rater_id == shopper_id,
                Assignment.relationship == "mystery_shopper",
                Campaign.status != "draft",
            )
            .order_by(Assignment.visit_window_start.desc(), Assignment.id.desc())
        )
    )


#: The most visits HR's pay list returns at once (newest window first; `truncated` says more).
HR_LIST_LIMIT = 500
STATES = ("pending", "payable", "nothing_to_pay", "not_paid", "in_run", "paid")


def hr_visits(
    session: Session, state: str | None, campaign_id: int | None
) -> tuple[list[dict[str, Any]], bool]:
    """Visits with pay terms in campaigns past draft, newest window first, each as `view`
    shows it plus its shopper, optionally only those in `state` (derived, so filtered here).
    Returns (rows, truncated)."""
    query = (
        select(Assignment, User)
        .join(Campaign, Campaign.id == Assignment.campaign_id)
        .join(VisitTerms, VisitTerms.assignment_id == Assignment.id)
        .outerjoin(User, User.id == Assignment.rater_id)
        .where(Assignment.relationship == "mystery_shopper", Campaign.status != "draft")
        .order_by(Assignment.visit_window_start.desc(), Assignment.id.desc())
    )
    if campaign_id is not None:
        query = query.where(Assignment.campaign_id == campaign_id)
    pairs = session.execute(query).all()
    ledger = Ledger(session, [visit for visit, _ in pairs])
    rows = []
    for visit, shopper in pairs:
        row = ledger.view(visit)
        if state is not None and row["state"] != state:
            continue
        row["shopper"] = {"id": shopper.id, "name": shopper.name} if shopper else None
        rows.append(row)
    return rows[:HR_LIST_LIMIT], len(rows) > HR_LIST_LIMIT
