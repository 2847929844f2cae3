"""Outgoing mail: one row per message, written before it is sent (server/mail/outbox.py)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from server.extensions import Model
from server.models.base import UTCDateTime, utcnow

#: queued: waiting for a consumer (or for its next retry); sending: claimed by a consumer;
#: sent: the server accepted it; failed: refused for good (5xx) or out of attempts.
MAIL_STATUSES = ("queued", "sending", "sent", "failed")


class MailMessage(Model):
    """A message to one recipient. `key` names the event that caused it (unique), so an
    event recorded twice is one message, sent once."""

    __tablename__ = "mail_message"
    __table_args__ = (
        CheckConstraint("status IN ('queued','sending','sent','failed')", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    recipient: Mapped[str] = mapped_column(String(254), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    locale: Mapped[str] = mapped_column(String(5))
    subject: Mapped[str] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(16), default="queued", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
