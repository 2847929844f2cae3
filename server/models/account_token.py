"""One-time account links (password reset, invitation): only their SHA-256 is stored."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from server.extensions import Model
from server.models.base import UTCDateTime, utcnow

TOKEN_PURPOSES = ("password_reset", "invitation")


class AccountToken(Model):
    """A link that sets a user's password once (server/services/org/account_tokens.py).

    Valid while unused, unexpired, the user active and their password unchanged since it
    was issued (`stamp` is a digest of the password hash of that moment)."""

    __tablename__ = "account_token"
    __table_args__ = (
        CheckConstraint("purpose IN ('password_reset','invitation')", name="purpose"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(String(16))
    stamp: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
