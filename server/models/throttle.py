"""Counted login attempts: the lockout store shared by every worker and app server."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from server.extensions import Model
from server.models.base import UTCDateTime


class LoginAttempt(Model):
    """One attempt counted against a lockout (server/services/org/login_throttle.py).

    A row is written before the password is checked and deleted again when it was right, so
    the rows of a key within the window are its failures plus the attempts still in flight.
    Rows older than the window are deleted as new attempts come in.
    """

    __tablename__ = "login_attempt"
    __table_args__ = (Index("ix_login_attempt_scope_key_at", "scope", "key", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: "account" (normalised email), "address" (client address), "password" (user id).
    scope: Mapped[str] = mapped_column(String(16))
    #: SHA-256 of the scope and the raw key: fixed length, no email or address stored.
    key: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
