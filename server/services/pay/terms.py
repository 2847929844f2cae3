"""HR's part of a visit's pay: its terms (fee, expense cap, currency, reimburse on reject)
and an adjustment with a reason the shopper sees. Both are fixed once the visit is in a
payment run (the run froze its amounts); every change is an audit event.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.domain_errors import Conflict, Invalid
from server.models import Assignment, PayAdjustment, PaymentLine, User, VisitExpense, VisitTerms
from server.services.org import accounts
from server.services.pay import money, payable
from server.services.visits.visits import latest_submissions


def _check_not_in_run(session: Session, visit: Assignment) -> None:
    if session.scalar(select(PaymentLine.id).where(PaymentLine.assignment_id == visit.id)):
        raise Conflict("in_payment_run", "This visit is in a payment run: its pay is fixed.")


def _base(session: Session, visit: Assignment, terms: VisitTerms | None) -> int:
    """What the visit pays before any adjustment; an undecided (or unpaid) visit is checked
    as if approved, the most it can pay."""
    sub = latest_submissions(session, [visit.id]).get(visit.id)
    amounts = session.scalars(
        select(VisitExpense.amount_minor).where(VisitExpense.assignment_id == visit.id)
    )
    basis = payable.basis_of(visit, sub, terms)
    if basis in (None, money.NOTHING):
        basis = money.FEE_AND_RECEIPTS
    fee, cap = (terms.fee_minor, terms.expense_cap_minor) if terms else (0, 0)
    return money.breakdown(basis, "CNY", fee, cap, amounts, 0).total_minor


def set_terms(
    session: Session, actor: User | None, visit: Assignment, data: dict[str, Any]
) -> VisitTerms:
    """Create or replace the visit's terms (the currency only while it has no expenses)."""
    _check_not_in_run(session, visit)
    money.check_currency(data["currency"])
    terms = session.get(VisitTerms, visit.id)
    if terms is not None and terms.currency != data["currency"]:
        spent = session.scalar(
            select(VisitExpense.id).where(VisitExpense.assignment_id == visit.id)
        )
        if spent is not None:
            raise Conflict("currency_fixed", "The visit has expenses: its currency cannot change.")
    if terms is None:
        terms = VisitTerms(assignment_id=visit.id)
        session.add(terms)
    terms.fee_minor = data["fee_minor"]
    terms.expense_cap_minor = data["expense_cap_minor"]
    terms.currency = data["currency"]
    terms.reimburse_on_reject = data["reimburse_on_reject"]
    adjustment = session.get(PayAdjustment, visit.id)
    if adjustment is not None:
        money.check_adjustment(_base(session, visit, terms), adjustment.amount_minor)
    session.flush()
    accounts.audit(session, actor, "pay.terms", visit, **data)
    return terms


def set_adjustment(
    session: Session, actor: User, visit: Assignment, data: dict[str, Any]
) -> PayAdjustment | None:
    """HR's adjustment (signed minor units) with its reason; 0 removes it (still a reason)."""
    _check_not_in_run(session, visit)
    reason = (data.get("reason") or "").strip()
    if not reason:
        raise Invalid("invalid", "Give the shopper a reason.", {"fields": {"reason": "required"}})
    adjustment = session.get(PayAdjustment, visit.id)
    base = _base(session, visit, session.get(VisitTerms, visit.id))
    money.check_adjustment(base, data["amount_minor"])
    accounts.audit(
        session, actor, "pay.adjustment", visit, amount_minor=data["amount_minor"], reason=reason
    )
    if data["amount_minor"] == 0:
        if adjustment is not None:
            session.delete(adjustment)
        session.flush()
        return None
    if adjustment is None:
        adjustment = PayAdjustment(assignment_id=visit.id)
        session.add(adjustment)
    adjustment.amount_minor = data["amount_minor"]
    adjustment.reason = reason
    adjustment.by_id = actor.id
    adjustment.at = datetime.now(UTC)
    session.flush()
    return adjustment
