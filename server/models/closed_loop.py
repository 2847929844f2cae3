"""The closed loop's records beside the action item (issue 14 §2): the escalations sent for
each missed stage, the scheduled follow-up, and the contact a customer gave with consent."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from server.extensions import Model
from server.models.base import JSONType, UTCDateTime, utcnow


class ActionEscalation(Model):
    """One escalation level reached by one stage of one item: sent once (unique)."""

    __tablename__ = "action_escalation"
    __table_args__ = (UniqueConstraint("item_id", "stage", "level"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("action_item.id"), index=True)
    #: ack | response | plan | followup
    stage: Mapped[str] = mapped_column(String(16))
    level: Mapped[int] = mapped_column()
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    #: User ids notified at this level.
    recipients: Mapped[list[int]] = mapped_column(JSONType, default=list)


class ActionFollowUp(Model):
    """The follow-up the owner scheduled: a call, or a follow-up mystery-shop visit."""

    __tablename__ = "action_followup"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("action_item.id"), unique=True)
    #: call | visit
    kind: Mapped[str] = mapped_column(String(8))
    scheduled_at: Mapped[datetime] = mapped_column(UTCDateTime())
    visit_id: Mapped[int | None] = mapped_column(ForeignKey("assignment.id"))
    note: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class CustomerContact(Model):
    """How to reach a customer who complained, given voluntarily with consent; kept apart
    from the answers and shown only to the owner of the response's action item and HR."""

    __tablename__ = "customer_contact"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[str] = mapped_column(ForeignKey("submission.id"), unique=True)
    name: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(50))
    email: Mapped[str | None] = mapped_column(String(254))
    #: The consent text the customer agreed to (its version key) and the language shown.
    consent: Mapped[str] = mapped_column(String(40))
    locale: Mapped[str] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
