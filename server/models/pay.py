"""Shopper pay (issue 16 §3): expenses with receipts, HR's adjustment, payment runs.

Amounts are integer minor units (fen for CNY) with their ISO currency, never floats. What a
visit pays is derived (server/services/pay/payable.py) from its `VisitTerms`, its expenses,
its adjustment and its review state; a payment run freezes it in one `PaymentLine` per
visit. `payment_line.assignment_id` is unique: a visit is in at most one run, ever.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, CheckConstraint, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from server.extensions import Model
from server.models.base import UTCDateTime, utcnow


class VisitExpense(Model):
    """One expense of a visit recorded by its shopper, with a receipt photo (by hash)."""

    __tablename__ = "visit_expense"
    __table_args__ = (CheckConstraint("amount_minor > 0", name="amount_positive"),)

    #: The client's UUID: a replayed create stores once.
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignment.id"), index=True)
    amount_minor: Mapped[int] = mapped_column(Integer)
    currency: Mapped[str] = mapped_column(String(3))
    note: Mapped[str] = mapped_column(Text, default="")
    receipt_sha256: Mapped[str | None] = mapped_column(ForeignKey("attachment.sha256"))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class PayAdjustment(Model):
    """HR's adjustment of one visit's pay (signed minor units) and the reason the shopper sees."""

    __tablename__ = "pay_adjustment"

    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignment.id"), primary_key=True)
    amount_minor: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text)
    by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class PaymentRun(Model):
    """A payment run of a period: its lines are reserved when created, paid once."""

    __tablename__ = "payment_run"
    __table_args__ = (CheckConstraint("status IN ('open','paid')", name="status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(8), default="open")
    reference: Mapped[str | None] = mapped_column(String(120))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    paid_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    paid_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))


class PaymentLine(Model):
    """One visit in a run, its amounts frozen when the run was created."""

    __tablename__ = "payment_line"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("payment_run.id"), index=True)
    #: Unique: a visit is never in two runs (concurrent runs race on this constraint).
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignment.id"), unique=True)
    shopper_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    basis: Mapped[str] = mapped_column(String(16))
    fee_minor: Mapped[int] = mapped_column(BigInteger)
    receipts_minor: Mapped[int] = mapped_column(BigInteger)
    reimbursed_minor: Mapped[int] = mapped_column(BigInteger)
    adjustment_minor: Mapped[int] = mapped_column(BigInteger)
    total_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
