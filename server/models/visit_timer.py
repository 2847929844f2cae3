"""Review timers of mystery-shop visits (issue 14 §4): what a timer did to which report.

One row per (submission, rule): the unique constraint makes each automatic step happen once
however many schedulers, consumers or retries run the timer action. Rules:
`auto_accept_after_hours` (the report was approved by the timer), `escalate_after_hours`
(HR was told; the flag the review queue shows; no decision), `auto_reject_after_hours`
(a returned report not resubmitted in time: the visit is closed as rejected).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from server.extensions import Model
from server.models.base import UTCDateTime, utcnow

TIMER_RULES = ("auto_accept_after_hours", "escalate_after_hours", "auto_reject_after_hours")


class VisitTimerEvent(Model):
    """One automatic step of a visit's review timer, with the rule that took it."""

    __tablename__ = "visit_timer_event"
    __table_args__ = (UniqueConstraint("submission_id", "rule", name="uq_visit_timer_event"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[str] = mapped_column(ForeignKey("submission.id"), index=True)
    assignment_id: Mapped[int | None] = mapped_column(ForeignKey("assignment.id"), index=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id"), index=True)
    rule: Mapped[str] = mapped_column(String(40))
    #: The limit that fired (hours), as the campaign's settings had it then.
    hours: Mapped[float] = mapped_column(Float)
    fired_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
