"""Shopper work (issue 16): what a visit pays and which scenarios a shopper is certified for.

- `VisitTerms`: a mystery-shop visit's pay terms (one row per visit assignment): the fee and the
  expense cap in integer minor units (fen for CNY) with their currency, and whether a rejected
  visit still reimburses its receipts. Amounts are never floats.
- `ShopperCertification`: a passed certification quiz for a scenario (the quiz form's key), with
  its date and score; a job that requires the scenario is open to certified shoppers only
  (server/services/certification).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Float, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from server.extensions import Model
from server.models.base import UTCDateTime, utcnow

DEFAULT_CURRENCY = "CNY"


class VisitTerms(Model):
    """The fee and expense cap of one visit (a mystery_shopper assignment)."""

    __tablename__ = "visit_terms"

    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignment.id"), primary_key=True)
    fee_minor: Mapped[int] = mapped_column(Integer, default=0)
    expense_cap_minor: Mapped[int] = mapped_column(Integer, default=0)
    currency: Mapped[str] = mapped_column(String(3), default=DEFAULT_CURRENCY)
    reimburse_on_reject: Mapped[bool] = mapped_column(Boolean, default=False)


class ShopperCertification(Model):
    """A shopper passed the certification quiz of a scenario (kept per pass, never rewritten)."""

    __tablename__ = "shopper_certification"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    scenario: Mapped[str] = mapped_column(String(64), index=True)
    score: Mapped[float] = mapped_column(Float)
    passed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
