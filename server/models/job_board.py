"""The job board (issue 16 §1): visits published as open jobs, applications, conflicts.

- `JobOffer`: a published visit (one row per mystery_shopper assignment). The job is open
  while its assignment has no shopper (`assignment.rater_id IS NULL`); taking it is one
  conditional UPDATE of that column, so two shoppers never hold the same visit.
- `JobApplication`: a shopper's application for a job of a campaign in `approval` mode.
- `JobConflict`: a shopper who must never visit a unit (employed or related there), kept by HR.
- `JobBoardSettings`: per campaign: the mode, the limit per unit and the cancel cut-off.
- `ShopperHome`: a shopper's home position (the board sorts jobs by distance from it).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from server.extensions import Model
from server.models.base import UTCDateTime, utcnow

JOB_MODES = ("first_come", "approval")
APPLICATION_STATUSES = ("pending", "approved", "declined", "withdrawn")


class JobOffer(Model):
    """A visit offered on the board (its scenario is the bilingual summary): its requirements
    and the date the shopper chose."""

    __tablename__ = "job_offer"

    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignment.id"), primary_key=True)
    min_rating: Mapped[float | None] = mapped_column(Float)
    #: A scenario key: only shoppers certified for it may take the job.
    certification: Mapped[str | None] = mapped_column(String(64))
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    published_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    taken_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    scheduled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class JobApplication(Model):
    """A shopper applied for a job; HR approves (the shopper takes it) or declines."""

    __tablename__ = "job_application"
    __table_args__ = (UniqueConstraint("assignment_id", "shopper_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignment.id"), index=True)
    shopper_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))


class JobConflict(Model):
    """A shopper × unit pair HR excludes from the board (employed or related there)."""

    __tablename__ = "job_conflict"
    __table_args__ = (UniqueConstraint("shopper_id", "unit_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    shopper_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"))
    note: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class JobBoardSettings(Model):
    """A campaign's board rules (defaults when absent: first_come, 1 per unit, 24 h)."""

    __tablename__ = "job_board_settings"

    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id"), primary_key=True)
    mode: Mapped[str] = mapped_column(String(16), default="first_come")
    #: At most this many visits of one unit per shopper in the campaign (the period).
    max_per_unit: Mapped[int] = mapped_column(Integer, default=1)
    cancel_cutoff_hours: Mapped[int] = mapped_column(Integer, default=24)


class ShopperHome(Model):
    """Where a shopper lives (a position and a free-text area)."""

    __tablename__ = "shopper_home"

    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), primary_key=True)
    latitude: Mapped[float] = mapped_column(Float)
    longitude: Mapped[float] = mapped_column(Float)
    area: Mapped[str | None] = mapped_column(String(200))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
