"""Campaigns, the form used per relationship, assignments and peer nominations."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
    orm,
)
from sqlalchemy.orm import Mapped, mapped_column

from server.extensions import Model
from server.models.base import JSONType, UTCDateTime, utcnow
from server.services.scoring.anonymity import DEFAULT_THRESHOLDS

CAMPAIGN_KINDS = ("360", "mystery_shop", "customer", "mixed")
CAMPAIGN_STATUSES = ("draft", "open", "closed", "released")
RELATIONSHIPS = ("self", "supervisor", "peer", "subordinate", "customer", "mystery_shopper")
ASSIGNMENT_STATUSES = ("pending", "submitted", "declined")

DEFAULT_GROUP_WEIGHTS = {
    "supervisor": 30,
    "colleagues": 30,
    "customer": 20,
    "mystery_shopper": 20,
    "self": 0,
}
DEFAULT_REMINDER_DAYS = [3, 0]
DEFAULT_ACTION_DUE_HOURS = {"ack": 1, "response": 24, "plan": 48, "followup": 72}


class Campaign(Model):
    __tablename__ = "campaign"
    __table_args__ = (
        CheckConstraint("kind IN ('360','mystery_shop','customer','mixed')", name="kind"),
        CheckConstraint("status IN ('draft','open','closed','released')", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[dict[str, str]] = mapped_column(JSONType)
    kind: Mapped[str] = mapped_column(String(16))
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="draft")
    #: Overrides the forms' critical policy when set (section_zero | form_zero | flag_only).
    critical_policy: Mapped[str | None] = mapped_column(String(16))
    anonymity_thresholds: Mapped[dict[str, int]] = mapped_column(
        JSONType, default=lambda: dict(DEFAULT_THRESHOLDS)
    )
    group_weights: Mapped[dict[str, float]] = mapped_column(
        JSONType, default=lambda: dict(DEFAULT_GROUP_WEIGHTS)
    )
    action_due_hours: Mapped[dict[str, float]] = mapped_column(
        JSONType, default=lambda: dict(DEFAULT_ACTION_DUE_HOURS)
    )
    #: Review timers of mystery-shop visits (server.services.visits.timers); None or a
    #: missing key: the Config default (VISIT_* settings). Deferred: loaded when read, so
    #: code (and tests/test_migrations.py) working at an older revision can load campaigns.
    review_timers: Mapped[dict[str, Any] | None] = mapped_column(JSONType, deferred=True)
    #: Raised by every erasure of a person taking part (server.services.privacy_epoch): a
    #: generated file built from data read at an older epoch is built again. Deferred, as
    #: review_timers (migrations test).
    privacy_epoch: Mapped[int] = mapped_column(
        Integer, default=0, server_default="0", deferred=True
    )
    report_locale: Mapped[str] = mapped_column(String(5), default="zh-CN")
    #: Days before the due date on which open tasks are reminded (0: on the day); none:
    #: DEFAULT_REMINDER_DAYS.
    reminder_days: Mapped[list[int] | None] = mapped_column(JSONType)
    manager_visibility: Mapped[bool] = mapped_column(Boolean, default=False)
    rank_enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    gap_threshold: Mapped[float] = mapped_column(Float, default=15.0)
    peer_selection: Mapped[str] = mapped_column(String(16), default="automatic")
    peer_min: Mapped[int] = mapped_column(Integer, default=3)
    peer_max: Mapped[int] = mapped_column(Integer, default=5)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    released_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    forms: Mapped[list[CampaignForm]] = orm.relationship(
        back_populates="campaign", cascade="all, delete-orphan"
    )


class CampaignForm(Model):
    """Which form version a campaign uses for one relationship."""

    __tablename__ = "campaign_form"
    __table_args__ = (UniqueConstraint("campaign_id", "relationship", name="uq_campaign_form"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id"), index=True)
    relationship: Mapped[str] = mapped_column(String(16))
    form_version_id: Mapped[int] = mapped_column(ForeignKey("form_version.id"))

    campaign: Mapped[Campaign] = orm.relationship(back_populates="forms")


class Assignment(Model):
    """One rater's task: rate a subject (or visit a unit) with a form version."""

    __tablename__ = "assignment"
    __table_args__ = (
        CheckConstraint("status IN ('pending','submitted','declined')", name="status"),
        CheckConstraint(
            "relationship IN ('self','supervisor','peer','subordinate','customer',"
            "'mystery_shopper')",
            name="relationship",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id"), index=True)
    relationship: Mapped[str] = mapped_column(String(16))
    rater_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    subject_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("org_unit.id"), index=True)
    form_version_id: Mapped[int] = mapped_column(ForeignKey("form_version.id"))
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    status: Mapped[str] = mapped_column(String(16), default="pending")
    visit_window_start: Mapped[datetime | None] = mapped_column(UTCDateTime())
    visit_window_end: Mapped[datetime | None] = mapped_column(UTCDateTime())
    scenario: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    campaign: Mapped[Campaign] = orm.relationship()


class PeerNomination(Model):
    """A peer proposed by the subject, approved or rejected by the manager or HR."""

    __tablename__ = "peer_nomination"
    __table_args__ = (
        UniqueConstraint("campaign_id", "subject_id", "nominee_id", name="uq_peer_nomination"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id"), index=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    nominee_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    status: Mapped[str] = mapped_column(String(16), default="proposed")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
