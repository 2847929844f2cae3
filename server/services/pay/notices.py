"""What the shopper is told about pay (issue 16 §3): a visit became payable (its amount) and
a visit was paid (amount, reference). One notification per visit and event (`notify` keys
`visit_payable:<visit>`, `visit_paid:<visit>`), linking to the Earnings screen; the texts are
in server/services/notifications/visit_texts.py.

Payable notices follow HR's decision (the review view calls `after_decision`) and the
timers' automatic decisions (the `visit_timers` periodic action calls `sweep`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.models import (
    Assignment,
    OrgUnit,
    PaymentLine,
    PaymentRun,
    Submission,
    VisitTimerEvent,
)
from server.services.notifications import notify
from server.services.pay.payable import Ledger

EARNINGS_LINK = "/earnings"


def _params(session: Session, visit_id: int, unit_id: int | None, **extra: Any) -> dict:
    unit = session.get(OrgUnit, unit_id) if unit_id else None
    return {"visit_id": visit_id, "unit": dict(unit.name) if unit else None, **extra}


def tell_payable(session: Session, visits: list[Assignment]) -> int:
    """Notify the shopper of each visit that is payable now (once per visit)."""
    ledger, told = Ledger(session, visits), 0
    for visit in visits:
        figures = ledger.breakdown(visit)
        if visit.rater_id is None or ledger.state(visit, figures) != "payable":
            continue
        params = _params(
            session,
            visit.id,
            visit.unit_id,
            amount_minor=figures.total_minor,
            currency=figures.currency,
        )
        note = notify(
            session,
            visit.rater_id,
            "visit_payable",
            key=f"visit_payable:{visit.id}",
            params=params,
            link=EARNINGS_LINK,
            campaign_id=visit.campaign_id,
        )
        told += note is not None
    return told


def after_decision(session: Session, submission: Submission) -> int:
    """After HR decided a report: tell its shopper when the visit became payable."""
    visit = session.get(Assignment, submission.assignment_id) if submission.assignment_id else None
    return tell_payable(session, [visit]) if visit is not None else 0


def sweep(session: Session, since: datetime) -> int:
    """Tell shoppers of visits decided since `since`: by a person (`reviewed_at`) or by a
    timer (its event, e.g. a returned visit closed as rejected long after the return)."""
    decided = select(Submission.assignment_id).where(
        Submission.relationship == "mystery_shopper",
        Submission.reviewed_at >= since,
        Submission.status.in_(("approved", "rejected")),
    )
    by_timer = select(VisitTimerEvent.assignment_id).where(VisitTimerEvent.fired_at >= since)
    ids = set(session.scalars(decided)) | set(session.scalars(by_timer))
    ids.discard(None)
    visits = list(session.scalars(select(Assignment).where(Assignment.id.in_(sorted(ids)))))
    return tell_payable(session, visits)


def paid(session: Session, line: PaymentLine, run: PaymentRun) -> None:
    """Tell the shopper a visit was paid (amount, reference)."""
    visit = session.get(Assignment, line.assignment_id)
    params = _params(
        session,
        line.assignment_id,
        visit.unit_id if visit else None,
        amount_minor=line.total_minor,
        currency=line.currency,
        reference=run.reference,
    )
    notify(
        session,
        line.shopper_id,
        "visit_paid",
        key=f"visit_paid:{line.assignment_id}",
        params=params,
        link=EARNINGS_LINK,
        campaign_id=visit.campaign_id if visit else None,
    )
