"""The employee's side of a released review: the acknowledgement (read, with a comment) and
the development plan (1-3 SMART goals, written by the employee with their manager)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from server.extensions import Model
from server.models.base import JSONType, UTCDateTime, utcnow


class ReviewAcknowledgement(Model):
    """The employee marked their review of one campaign as read, optionally with a comment."""

    __tablename__ = "review_acknowledgement"
    __table_args__ = (UniqueConstraint("campaign_id", "employee_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id"), index=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    comment: Mapped[str | None] = mapped_column(Text)
    acknowledged_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class DevelopmentPlan(Model):
    """One employee's development plan after one campaign's review.

    `goals`: [{focus: {kind: item|competency, key}, goal, actions, due (YYYY-MM-DD), measure,
    baseline (the others' 0-100 score of the focus when the goal was written, or null)}].
    """

    __tablename__ = "development_plan"
    __table_args__ = (UniqueConstraint("campaign_id", "employee_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id"), index=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    goals: Mapped[list[dict[str, Any]]] = mapped_column(JSONType, default=list)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
