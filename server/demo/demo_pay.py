"""Shopper pay in the demo (issue 16 §3): terms on every mystery-shop visit, an expense with
its receipt on the visits that have a photo, one payment run paid with a reference (so the
shopper's Earnings show payable and paid visits) and one visit left payable."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.domain_errors import Conflict
from server.models import (
    Assignment,
    PaymentRun,
    Submission,
    SubmissionAttachment,
    User,
    VisitExpense,
    VisitTerms,
)
from server.services.pay import runs

FEE, CAP = 8000, 5000  # ¥80.00 a visit, receipts up to ¥50.00


def add_pay(session: Session) -> str:
    """Terms, expenses and a paid run, once; return one line for the demo's summary."""
    if session.scalar(select(PaymentRun.id).limit(1)) is not None:
        return "pay          (already there)"
    visits = list(
        session.scalars(
            select(Assignment)
            .where(Assignment.relationship == "mystery_shopper")
            .order_by(Assignment.id)
        )
    )
    for n, visit in enumerate(visits):
        if session.get(VisitTerms, visit.id) is None:
            session.add(
                VisitTerms(
                    assignment_id=visit.id,
                    fee_minor=FEE,
                    expense_cap_minor=CAP,
                    currency="CNY",
                    reimburse_on_reject=n % 2 == 0,
                )
            )
        _expense(session, visit, 2350 + 480 * n)
    session.flush()
    hr = session.scalar(select(User).where(User.email == "hr@demo.example"))
    if hr is None:
        return "pay          (no HR user)"
    try:
        run = runs.create_run(session, hr, date(2026, 11, 1), datetime.now(UTC).date())
    except Conflict:
        return "pay          no payable visit yet"
    runs.mark_paid(session, hr, run, "DEMO-FIN-2026-11")
    return f"pay          run #{run.id} paid, {len(runs.lines_of(session, run))} visits"


def _expense(session: Session, visit: Assignment, amount: int) -> None:
    photo = session.scalar(
        select(SubmissionAttachment.attachment_sha256)
        .join(Submission, Submission.id == SubmissionAttachment.submission_id)
        .where(Submission.assignment_id == visit.id)
        .limit(1)
    )
    if photo is None or visit.rater_id is None:
        return
    session.add(
        VisitExpense(
            id=str(uuid.uuid5(uuid.NAMESPACE_URL, f"demo-expense-{visit.id}")),
            assignment_id=visit.id,
            amount_minor=amount,
            currency="CNY",
            note="Drinks and snacks during the visit",
            receipt_sha256=photo,
            created_by_id=visit.rater_id,
        )
    )
