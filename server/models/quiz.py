"""Certification quiz attempts (issue 16 §2): one row per submitted attempt, scored by the
server (server/services/certification/attempts.py); a pass also writes a
`ShopperCertification` row. Rows are never rewritten, so the history stays."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, Float, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from server.extensions import Model
from server.models.base import JSONType, UTCDateTime, utcnow


class QuizAttempt(Model):
    """A shopper's scored attempt at a quiz form version."""

    __tablename__ = "quiz_attempt"
    __table_args__ = (Index("ix_quiz_attempt_user_form", "user_id", "form_key", "submitted_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    form_version_id: Mapped[int] = mapped_column(ForeignKey("form_version.id"))
    #: The quiz form's key and the scenario it certifies, as of that version.
    form_key: Mapped[str] = mapped_column(String(100))
    scenario: Mapped[str] = mapped_column(String(64), index=True)
    answers: Mapped[dict[str, Any]] = mapped_column(JSONType)
    correct: Mapped[int] = mapped_column(Integer)
    total: Mapped[int] = mapped_column(Integer)
    #: correct / total as a percentage, and the version's pass mark (a whole percentage).
    score: Mapped[float] = mapped_column(Float)
    pass_mark: Mapped[int] = mapped_column(Integer)
    passed: Mapped[bool] = mapped_column(Boolean)
    #: The question ids answered wrongly, in the form's order.
    wrong: Mapped[list[str]] = mapped_column(JSONType)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
