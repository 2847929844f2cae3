"""Recurring cycles: campaign templates and the campaign each period of a template made.

A `CampaignTemplate` describes a campaign that recurs (daily, weekly, monthly, quarterly,
half-yearly) from `start_date` to an optional `end_date`. The scheduler
(server/tasks/cycles.py) creates the campaign of each period once: `CyclePeriod` is unique
per (template, period_start), so a second run, or a second consumer racing the first,
creates nothing. `per_day` templates (the daily self-check) accept one submission per
person per local day (`DailyCheckin`, unique per (assignment, day)).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from server.extensions import Model
from server.models.base import JSONType, UTCDateTime, utcnow

RECURRENCES = ("daily", "weekly", "monthly", "quarterly", "half_yearly")
TEMPLATE_STATUSES = ("active", "paused")


class CampaignTemplate(Model):
    """A campaign that recurs: what to create each period, for whom, and when it is due."""

    __tablename__ = "campaign_template"
    __table_args__ = (
        CheckConstraint(
            "recurrence IN ('daily','weekly','monthly','quarterly','half_yearly')",
            name="recurrence",
        ),
        CheckConstraint("status IN ('active','paused')", name="status"),
        CheckConstraint("kind IN ('360','mystery_shop','customer','mixed')", name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[dict[str, str]] = mapped_column(JSONType)
    kind: Mapped[str] = mapped_column(String(16))
    #: {relationship: form key}; each new campaign pins the form's newest version.
    forms: Mapped[dict[str, str]] = mapped_column(JSONType)
    recurrence: Mapped[str] = mapped_column(String(16))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    #: The campaign is open for the first N days of each period (None: the whole period).
    window_days: Mapped[int | None] = mapped_column(Integer)
    #: Assignments are due this many days before the window's last day ends (0: on it).
    due_days_before_end: Mapped[int] = mapped_column(Integer, default=0)
    #: One submission per person per local day (the daily self-check).
    per_day: Mapped[bool] = mapped_column(Boolean, default=False)
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Shanghai")
    #: Whose people (a unit subtree); None: everyone.
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("org_unit.id"))
    #: Kind-specific: mystery_shop {"units": [...], "shoppers": [...], "scenario": {...}},
    #: customer {"per": "employee"|"unit", "unit_ids": [...]}, any {"manager_visibility"}.
    settings: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    status: Mapped[str] = mapped_column(String(16), default="active")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class CyclePeriod(Model):
    """The campaign a template created for one period (at most one per period)."""

    __tablename__ = "cycle_period"
    __table_args__ = (
        UniqueConstraint("template_id", "period_start", name="uq_cycle_period"),
        UniqueConstraint("campaign_id", name="uq_cycle_period_campaign"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    template_id: Mapped[int] = mapped_column(ForeignKey("campaign_template.id"), index=True)
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id"))
    per_day: Mapped[bool] = mapped_column(Boolean, default=False)
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Shanghai")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class DailyCheckin(Model):
    """A per-day assignment's submission and the local day it counts for (one per day)."""

    __tablename__ = "daily_checkin"
    __table_args__ = (
        UniqueConstraint("assignment_id", "day", name="uq_daily_checkin_day"),
        UniqueConstraint("submission_id", name="uq_daily_checkin_submission"),
        Index("ix_daily_checkin_rater_day", "rater_id", "day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[str] = mapped_column(ForeignKey("submission.id"))
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignment.id"))
    rater_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    day: Mapped[date] = mapped_column(Date)
