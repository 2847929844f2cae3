"""In-app notifications (server/services/notifications): one row per recipient and event.

`key` names the event ("reminder:assignment:42:2026-12-05", "visit_returned:17:3"…) and is
unique, so an event recorded twice is one notification, and one e-mail at most.
The text is not stored: `kind` + `params` are rendered in the reader's language when read.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from server.extensions import Model
from server.models.base import JSONType, UTCDateTime, utcnow

#: none: in-app only; pending: an e-mail is due (the mail dispatcher decides when: quiet
#: hours, the daily digest, the person's switch); sent: part of a sent message; skipped:
#: not sent by rule (switched off, task already done); the reason is in `email_note`.
EMAIL_STATES = ("none", "pending", "sent", "skipped")


class Notification(Model):
    """One thing a person should know: shown in the PWA inbox, maybe also e-mailed."""

    __tablename__ = "notification"
    __table_args__ = (
        CheckConstraint("email IN ('none','pending','sent','skipped')", name="email"),
        Index("ix_notification_user_created", "user_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    kind: Mapped[str] = mapped_column(String(40))
    #: Values the text is rendered from (ids, bilingual names, dates as ISO strings).
    params: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    #: The PWA route the item opens ("/assignments/42", "/actions/7"…), "" for none.
    link: Mapped[str] = mapped_column(String(300), default="")
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaign.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    email: Mapped[str] = mapped_column(String(16), default="none", index=True)
    email_note: Mapped[str | None] = mapped_column(String(100))
    emailed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
