"""The shopper's expenses on a visit, each with a receipt photo (issue 16 §3).

Editable while the visit is the shopper's to work on: its assignment is `pending` (no
report yet, or a report returned for a correction) and it is in no payment run. Once the
report is sent (awaiting review, approved) or the visit is closed, expenses are fixed: HR
reviews what the shopper claimed. Adding, changing and deleting lock the visit's row first
(as POST /sync does when it stores the report): an expense racing the report waits for it
and is then refused, and the same expense id posted twice at once (a phone retrying after a
lost answer) is stored once, the second request answering the first's row. The receipt goes
through the attachment pipeline (PUT /attachments/{sha256}: type, size, pixels, EXIF
capture time); an expense may name only a photo its shopper uploaded. The currency is the
visit's (no conversion).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server.domain_errors import Conflict, Invalid, NotFound
from server.models import (
    Assignment,
    Attachment,
    PaymentLine,
    Submission,
    SubmissionAttachment,
    User,
    VisitExpense,
    VisitTerms,
)
from server.models.shopper_work import DEFAULT_CURRENCY
from server.services.attachments import attachments
from server.services.visits.evidence import PHOTO_TOLERANCE

MAX_EXPENSES = 50
FIELDS = ("amount_minor", "note", "receipt_sha256")


def own_visit(session: Session, user: User, visit_id: int) -> Assignment:
    """The shopper's own visit; anyone else's (or no visit) is 404."""
    visit = session.get(Assignment, visit_id)
    if visit is None or visit.relationship != "mystery_shopper" or visit.rater_id != user.id:
        raise NotFound("not_found", "No such visit.")
    return visit


def any_visit(session: Session, visit_id: int) -> Assignment:
    """A visit for HR (404 when it is not a mystery-shop visit)."""
    visit = session.get(Assignment, visit_id)
    if visit is None or visit.relationship != "mystery_shopper":
        raise NotFound("not_found", "No such visit.")
    return visit


def editable(session: Session, visit: Assignment) -> bool:
    """Whether the shopper may still add, change or delete the visit's expenses."""
    in_run = session.scalar(select(PaymentLine.id).where(PaymentLine.assignment_id == visit.id))
    return visit.status == "pending" and in_run is None


def currency_of(session: Session, visit: Assignment) -> str:
    terms = session.get(VisitTerms, visit.id)
    return terms.currency if terms is not None else DEFAULT_CURRENCY


def _lock(session: Session, visit: Assignment) -> None:
    """Hold the visit's row (reloaded) until the transaction ends; see the module text."""
    session.refresh(visit, with_for_update=True)


def _check_editable(session: Session, visit: Assignment) -> None:
    if not editable(session, visit):
        raise Conflict(
            "expenses_locked",
            "Expenses can no longer be changed: the report was sent or the visit is closed.",
        )


def _check_receipt(session: Session, user: User, sha: str | None) -> None:
    if sha is not None and not attachments.held_by(session, user.id, [sha]):
        raise Invalid(
            "invalid",
            "Upload the receipt photo first.",
            {"fields": {"receipt_sha256": "unknown_photo"}},
        )


def add(session: Session, user: User, visit: Assignment, data: dict[str, Any]) -> VisitExpense:
    """Record an expense (a replay of the same id and content returns the stored one)."""
    _lock(session, visit)
    existing = session.get(VisitExpense, data["id"])
    if existing is not None:
        same = existing.assignment_id == visit.id and all(
            getattr(existing, k) == data.get(k, getattr(existing, k)) for k in FIELDS
        )
        if not same:
            raise Conflict("id_conflict", "Another expense has this id.")
        return existing
    _check_editable(session, visit)
    if data["currency"] != currency_of(session, visit):
        raise Invalid(
            "invalid",
            "Record the expense in the visit's currency.",
            {"fields": {"currency": "not_visit_currency"}},
        )
    _check_receipt(session, user, data.get("receipt_sha256"))
    count = session.scalar(select(func.count()).where(VisitExpense.assignment_id == visit.id))
    if (count or 0) >= MAX_EXPENSES:
        raise Conflict("too_many_expenses", "A visit has at most 50 expenses.")
    expense = VisitExpense(
        id=data["id"],
        assignment_id=visit.id,
        amount_minor=data["amount_minor"],
        currency=data["currency"],
        note=data.get("note") or "",
        receipt_sha256=data.get("receipt_sha256"),
        created_by_id=user.id,
    )
    session.add(expense)
    session.flush()
    return expense


def get(session: Session, visit: Assignment, expense_id: str) -> VisitExpense:
    expense = session.get(VisitExpense, expense_id)
    if expense is None or expense.assignment_id != visit.id:
        raise NotFound("not_found", "No such expense.")
    return expense


def update(
    session: Session, user: User, visit: Assignment, expense: VisitExpense, data: dict[str, Any]
) -> VisitExpense:
    """Change an expense's amount, note or receipt while the visit is editable."""
    _lock(session, visit)
    _check_editable(session, visit)
    if "receipt_sha256" in data:
        _check_receipt(session, user, data["receipt_sha256"])
    for key in FIELDS:
        if key in data:
            setattr(expense, key, data[key] if key != "note" else (data[key] or ""))
    expense.updated_at = datetime.now(UTC)
    session.flush()
    return expense


def delete(session: Session, visit: Assignment, expense: VisitExpense) -> None:
    """Remove an expense while the visit is editable."""
    _lock(session, visit)
    _check_editable(session, visit)
    session.delete(expense)
    session.flush()


def view(session: Session, visit: Assignment, expense: VisitExpense) -> dict[str, Any]:
    """An expense with its receipt's evidence checks (capture time, reuse elsewhere)."""
    return {
        "id": expense.id,
        "visit_id": expense.assignment_id,
        "amount_minor": expense.amount_minor,
        "currency": expense.currency,
        "note": expense.note,
        "receipt_sha256": expense.receipt_sha256,
        "created_at": expense.created_at,
        "updated_at": expense.updated_at,
        "receipt_checks": receipt_checks(session, visit, expense.receipt_sha256),
    }


def receipt_checks(session: Session, visit: Assignment, sha: str | None) -> dict[str, Any]:
    """in_window: the photo's capture time inside the visit window (None: unknown);
    reused_on: other visits whose expenses or reports carry the same photo."""
    if sha is None:
        return {"in_window": None, "reused_on": []}
    photo = session.get(Attachment, sha)
    in_window = None
    start, end = visit.visit_window_start, visit.visit_window_end
    if photo is not None and photo.captured_at and start and end:
        in_window = start - PHOTO_TOLERANCE <= photo.captured_at <= end + PHOTO_TOLERANCE
    others = set(
        session.scalars(
            select(VisitExpense.assignment_id).where(
                VisitExpense.receipt_sha256 == sha, VisitExpense.assignment_id != visit.id
            )
        )
    )
    others |= _in_reports(session, visit, sha)
    return {"in_window": in_window, "reused_on": sorted(others)}


def _in_reports(session: Session, visit: Assignment, sha: str) -> set[int]:
    rows = session.scalars(
        select(Submission.assignment_id)
        .join(SubmissionAttachment, SubmissionAttachment.submission_id == Submission.id)
        .where(
            SubmissionAttachment.attachment_sha256 == sha,
            Submission.assignment_id != visit.id,
            Submission.assignment_id.is_not(None),
        )
    )
    return {r for r in rows if r is not None}
