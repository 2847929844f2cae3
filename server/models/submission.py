"""Submissions (client-keyed by UUID), their photos and their per-item scores."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    orm,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from server.extensions import Model
from server.models.base import JSONType, UTCDateTime, utcnow

SUBMISSION_STATUSES = ("received", "approved", "rejected", "late")


class Submission(Model):
    """One completed form. The primary key is the client's UUID, so replays are harmless."""

    __tablename__ = "submission"
    __table_args__ = (
        CheckConstraint("status IN ('received','approved','rejected','late')", name="status"),
        Index("ix_submission_campaign_subject", "campaign_id", "subject_id"),
        # Partial: almost every replaces_id is NULL, and with a full index the planner
        # (SQLite after ANALYZE) estimates `replaces_id IN (...)` to match the whole table
        # and scans it. Queries on it state `replaces_id IS NOT NULL` (counting.py).
        Index(
            "ix_submission_replaces_id",
            "replaces_id",
            sqlite_where=text("replaces_id IS NOT NULL"),
            postgresql_where=text("replaces_id IS NOT NULL"),
        ),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    assignment_id: Mapped[int | None] = mapped_column(ForeignKey("assignment.id"), index=True)
    customer_link_id: Mapped[int | None] = mapped_column(ForeignKey("customer_link.id"), index=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id"), index=True)
    form_version_id: Mapped[int] = mapped_column(ForeignKey("form_version.id"))
    relationship: Mapped[str] = mapped_column(String(16))
    rater_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    #: The rated employee; for mystery shops the identified (or HR-corrected) staff member.
    subject_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("org_unit.id"), index=True)
    #: Staff member named by the shopper (kept as reported even if HR corrects subject_id).
    reported_staff_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    answers: Mapped[dict[str, Any]] = mapped_column(JSONType)
    na: Mapped[list[str]] = mapped_column(JSONType, default=list)
    #: SHA-256 of the canonical client payload: same id + other hash = conflict.
    content_sha256: Mapped[str] = mapped_column(String(64))
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    device_time: Mapped[datetime | None] = mapped_column(UTCDateTime())
    received_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    time_skew_seconds: Mapped[float | None] = mapped_column(Float)
    geo_lat: Mapped[float | None] = mapped_column(Float)
    geo_lon: Mapped[float | None] = mapped_column(Float)
    geo_accuracy: Mapped[float | None] = mapped_column(Float)
    geo_captured_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    status: Mapped[str] = mapped_column(String(16), default="received")
    #: Arrived after close; counts only once HR accepts it (late_accepted).
    is_late: Mapped[bool] = mapped_column(Boolean, default=False)
    late_accepted: Mapped[bool] = mapped_column(Boolean, default=False)
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    review_reason: Mapped[str | None] = mapped_column(Text)
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: Question ids HR marked when returning a visit (shown to the shopper on reopening).
    review_flags: Mapped[list[str] | None] = mapped_column(JSONType)
    replaces_id: Mapped[str | None] = mapped_column(ForeignKey("submission.id"))
    submitted_by_ip: Mapped[str | None] = mapped_column(String(64))
    # Scores (server.services.scoring.scoring), full precision.
    form_score: Mapped[float | None] = mapped_column(Float)
    outcome: Mapped[str | None] = mapped_column(String(8))
    critical_failures: Mapped[list[str] | None] = mapped_column(JSONType)
    section_scores: Mapped[dict[str, float | None] | None] = mapped_column(JSONType)
    competency_scores: Mapped[dict[str, float | None] | None] = mapped_column(JSONType)

    attachments: Mapped[list[SubmissionAttachment]] = orm.relationship(
        back_populates="submission", cascade="all, delete-orphan"
    )
    item_scores: Mapped[list[ItemScore]] = orm.relationship(
        back_populates="submission", cascade="all, delete-orphan"
    )


class SubmissionAttachment(Model):
    __tablename__ = "submission_attachment"
    __table_args__ = (
        UniqueConstraint("submission_id", "question_id", "attachment_sha256", name="uq_sub_att"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[str] = mapped_column(ForeignKey("submission.id"), index=True)
    question_id: Mapped[str] = mapped_column(String(100))
    attachment_sha256: Mapped[str] = mapped_column(ForeignKey("attachment.sha256"), index=True)

    submission: Mapped[Submission] = orm.relationship(back_populates="attachments")


class ItemScore(Model):
    """One scored question of one submission, denormalised for SQL aggregation."""

    __tablename__ = "item_score"
    __table_args__ = (
        UniqueConstraint("submission_id", "question_id", name="uq_item_score"),
        Index("ix_item_score_campaign_subject", "campaign_id", "subject_id", "relationship"),
        # Covering index for campaign aggregation (server.services.scoring.aggregation): the
        # GROUP BY reads only this index, never the table.
        Index(
            "ix_item_score_agg",
            "campaign_id",
            "subject_id",
            "question_id",
            "relationship",
            "counted",
            "value_num",
            "score",
            "submission_id",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[str] = mapped_column(ForeignKey("submission.id"))
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id"))
    subject_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    relationship: Mapped[str] = mapped_column(String(16))
    question_id: Mapped[str] = mapped_column(String(100))
    section_id: Mapped[str] = mapped_column(String(100))
    competency: Mapped[str | None] = mapped_column(String(64))
    #: Raw numeric value on the native scale (ratings, numbers); None otherwise.
    value_num: Mapped[float | None] = mapped_column(Float)
    #: Question score s in [0, 1]; None when not counting.
    score: Mapped[float | None] = mapped_column(Float)
    weight: Mapped[float] = mapped_column(Float)
    counted: Mapped[bool] = mapped_column(Boolean)
    is_na: Mapped[bool] = mapped_column(Boolean, default=False)

    submission: Mapped[Submission] = orm.relationship(back_populates="item_scores")
