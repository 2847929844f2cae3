"""Payment runs (issue 16 §3): HR lists what is payable up to a period's end, per shopper,
then marks the run paid with the finance system's reference.

Exactly once: creating a run inserts one `payment_line` per visit, and the line's
`assignment_id` is unique, so two runs created at the same time cannot both take a visit:
the second insert fails on the constraint (PostgreSQL: it waits for the first transaction),
the savepoint rolls back, and the run is rebuilt from what is left (a run with nothing left
is refused: `nothing_payable`). A run covers every payable, unpaid visit decided before the
end of its period (earlier unpaid ones are carried in, never lost). An open run can be
deleted (its visits become payable again); a paid run is final (`already_paid`).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from server.domain_errors import Conflict, Invalid, NotFound
from server.models import Assignment, PaymentLine, PaymentRun, User, VisitTerms
from server.services.org import accounts, people
from server.services.pay import notices
from server.services.pay.payable import Ledger

ATTEMPTS = 3


def period_end_at(end: date) -> datetime:
    """The first instant after the period (its end date is inclusive, UTC)."""
    return datetime.combine(end + timedelta(days=1), time(0), tzinfo=UTC)


def candidates(session: Session, end: date) -> list[PaymentLine]:
    """Lines for every payable visit with terms, in no run, decided before the period end."""
    taken = select(PaymentLine.assignment_id)
    visits = list(
        session.scalars(
            select(Assignment)
            .join(VisitTerms, VisitTerms.assignment_id == Assignment.id)
            .where(Assignment.id.not_in(taken), Assignment.rater_id.is_not(None))
            .order_by(Assignment.rater_id, Assignment.id)
        )
    )
    ledger, cutoff, lines = Ledger(session, visits), period_end_at(end), []
    for visit in visits:
        figures = ledger.breakdown(visit)
        at = ledger.payable_at(visit)
        if ledger.state(visit, figures) != "payable" or at is None or at >= cutoff:
            continue
        lines.append(
            PaymentLine(
                assignment_id=visit.id,
                shopper_id=visit.rater_id,
                basis=figures.basis,
                fee_minor=figures.fee_minor,
                receipts_minor=figures.receipts_minor,
                reimbursed_minor=figures.reimbursed_minor,
                adjustment_minor=figures.adjustment_minor,
                total_minor=figures.total_minor,
                currency=figures.currency,
            )
        )
    return lines


def create_run(session: Session, actor: User, start: date, end: date) -> PaymentRun:
    """A run of the period [start, end] with every payable visit not in another run."""
    if end < start:
        raise Invalid(
            "invalid",
            "The period ends before it starts.",
            {"fields": {"period_end": "before_start"}},
        )
    for _ in range(ATTEMPTS):
        lines = candidates(session, end)
        if not lines:
            break
        try:
            with session.begin_nested():  # the run and its lines, or nothing
                run = PaymentRun(
                    period_start=start, period_end=end, status="open", created_by_id=actor.id
                )
                session.add(run)
                session.flush()
                for line in lines:
                    line.run_id = run.id
                session.add_all(lines)
                session.flush()
        except IntegrityError:
            continue  # a concurrent run took some of these visits: rebuild from what is left
        accounts.audit(session, actor, "pay.run_created", run, start=str(start), end=str(end))
        return run
    raise Conflict("nothing_payable", "No visit is payable in this period.")


def get_run(session: Session, run_id: int) -> PaymentRun:
    run = session.get(PaymentRun, run_id)
    if run is None:
        raise NotFound("not_found", "No such payment run.")
    return run


def mark_paid(session: Session, actor: User, run: PaymentRun, reference: str) -> PaymentRun:
    """Mark the run paid with finance's reference, once; tell each shopper per visit."""
    now = datetime.now(UTC)
    done = session.execute(
        update(PaymentRun)
        .where(PaymentRun.id == run.id, PaymentRun.status == "open")
        .values(status="paid", reference=reference, paid_at=now, paid_by_id=actor.id)
        .execution_options(synchronize_session=False)
    )
    if done.rowcount != 1:  # type: ignore[attr-defined]
        raise Conflict("already_paid", "This payment run is already paid.")
    session.refresh(run)
    accounts.audit(session, actor, "pay.run_paid", run, reference=reference)
    for line in lines_of(session, run):
        notices.paid(session, line, run)
    return run


def delete_run(session: Session, actor: User, run: PaymentRun) -> None:
    """Delete an open run: its visits become payable again."""
    if run.status != "open":
        raise Conflict("already_paid", "This payment run is already paid.")
    session.execute(delete(PaymentLine).where(PaymentLine.run_id == run.id))
    accounts.audit(session, actor, "pay.run_deleted", run)
    session.delete(run)
    session.flush()


def lines_of(session: Session, run: PaymentRun) -> list[PaymentLine]:
    return list(
        session.scalars(
            select(PaymentLine)
            .where(PaymentLine.run_id == run.id)
            .order_by(PaymentLine.shopper_id, PaymentLine.assignment_id)
        )
    )


def totals(lines: list[PaymentLine]) -> list[dict[str, Any]]:
    """Sum per currency (exact integers)."""
    sums: dict[str, int] = defaultdict(int)
    for line in lines:
        sums[line.currency] += line.total_minor
    return [{"currency": c, "amount_minor": a} for c, a in sorted(sums.items())]


def summary(session: Session, run: PaymentRun) -> dict[str, Any]:
    """A run for HR's list: period, status, reference, visit count, totals."""
    lines = lines_of(session, run)
    return {
        "id": run.id,
        "period_start": run.period_start,
        "period_end": run.period_end,
        "status": run.status,
        "reference": run.reference,
        "created_at": run.created_at,
        "paid_at": run.paid_at,
        "visits": len(lines),
        "totals": totals(lines),
    }


def detail(session: Session, run: PaymentRun) -> dict[str, Any]:
    """The run with its lines grouped per shopper, each group with its totals."""
    groups: dict[int, list[PaymentLine]] = defaultdict(list)
    for line in lines_of(session, run):
        groups[line.shopper_id].append(line)
    shoppers = []
    for shopper_id, lines in groups.items():
        shoppers.append(
            {
                "shopper": people.person_by_id(session, shopper_id, people.CONTACT),
                "totals": totals(lines),
                "lines": [line_view(line) for line in lines],
            }
        )
    return {**summary(session, run), "shoppers": shoppers}


def line_view(line: PaymentLine) -> dict[str, Any]:
    return {
        "visit_id": line.assignment_id,
        "basis": line.basis,
        "currency": line.currency,
        "fee_minor": line.fee_minor,
        "receipts_minor": line.receipts_minor,
        "reimbursed_minor": line.reimbursed_minor,
        "adjustment_minor": line.adjustment_minor,
        "total_minor": line.total_minor,
    }


def list_runs(session: Session) -> list[dict[str, Any]]:
    runs = session.scalars(select(PaymentRun).order_by(PaymentRun.id.desc()).limit(200))
    return [summary(session, r) for r in runs]
