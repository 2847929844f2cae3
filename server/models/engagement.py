"""Customer links, closed-loop action items, audit events, background jobs and stored review
PDFs."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from server.extensions import Model
from server.models.base import JSONType, UTCDateTime, utcnow


class CustomerLink(Model):
    """A public token (>= 128 bits) leading customers to one campaign's form."""

    __tablename__ = "customer_link"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id"), index=True)
    subject_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("org_unit.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    response_count: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    #: Repeat responses from one device: unlimited | daily (one per day) | once (one ever).
    repeat_policy: Mapped[str] = mapped_column(String(16), default="daily", server_default="daily")
    #: What the customer page shows as its heading ({en, zh-CN}); the unit's name when unset.
    public_title: Mapped[dict[str, str] | None] = mapped_column(JSONType)


class CustomerDeviceResponse(Model):
    """One response of one device (a random token the customer page keeps, stored hashed)
    to a link in one period ("YYYY-MM-DD" under the daily policy, "ever" under once)."""

    __tablename__ = "customer_device_response"
    __table_args__ = (
        UniqueConstraint("link_id", "device_hash", "period", name="uq_customer_device_period"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    link_id: Mapped[int] = mapped_column(ForeignKey("customer_link.id"))
    device_hash: Mapped[str] = mapped_column(String(64))
    period: Mapped[str] = mapped_column(String(16))
    submission_id: Mapped[str] = mapped_column(ForeignKey("submission.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ActionItem(Model):
    """Closed-loop follow-up of a failed critical item or a bottom-of-scale customer rating."""

    __tablename__ = "action_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaign.id"), index=True)
    submission_id: Mapped[str | None] = mapped_column(ForeignKey("submission.id"), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("org_unit.id"), index=True)
    subject_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    question_id: Mapped[str | None] = mapped_column(String(100))
    title: Mapped[dict[str, str]] = mapped_column(JSONType)
    status: Mapped[str] = mapped_column(String(16), default="open")
    ack_due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    response_due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    plan_due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    followup_due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    responded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    planned_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    notes: Mapped[list[dict[str, Any]]] = mapped_column(JSONType, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class AuditEvent(Model):
    """Who did what to which object, when."""

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    action: Mapped[str] = mapped_column(String(64), index=True)
    object_type: Mapped[str | None] = mapped_column(String(64))
    object_id: Mapped[str | None] = mapped_column(String(64))
    details: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    ip: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)


class Job(Model):
    """A background job (e.g. a campaign's review ZIP) whose progress clients poll."""

    __tablename__ = "job"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaign.id"))
    status: Mapped[str] = mapped_column(String(16), default="queued")
    total: Mapped[int] = mapped_column(Integer, default=0)
    done: Mapped[int] = mapped_column(Integer, default=0)
    failures: Mapped[list[dict[str, Any]]] = mapped_column(JSONType, default=list)
    result_path: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    #: Heartbeat: every progress commit touches it; a job that stops moving was cut off.
    updated_at: Mapped[datetime | None] = mapped_column(
        UTCDateTime(), default=utcnow, onupdate=utcnow
    )
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: Why the whole job stopped (e.g. "interrupted"); per-review failures are in `failures`.
    error: Mapped[str | None] = mapped_column(Text)
    #: The job's own working state (a ZIP job: the review keys it waits for, its rounds).
    state: Mapped[dict[str, Any] | None] = mapped_column(JSONType)


class ReviewPdf(Model):
    """A review PDF rendered once and kept in storage under `storage_key`
    (`reviews/<content hash>.pdf`): the hash covers the review data and the template, so a
    change of either means a new row (server/services/reviews/stored.py)."""

    __tablename__ = "review_pdf"
    __table_args__ = (UniqueConstraint("campaign_id", "employee_id", "content_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id"), index=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    content_hash: Mapped[str] = mapped_column(String(64))
    storage_key: Mapped[str] = mapped_column(String(200))
    rendered_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
