"""Users: accounts of every role; employees carry their org fields."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, String, func, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.extensions import Model
from server.models.base import UTCDateTime, utcnow

if TYPE_CHECKING:
    from server.models.org import OrgUnit

ROLES = ("admin", "hr", "employee", "shopper")
LOCALES = ("zh-CN", "en")


def new_session_token() -> str:
    """Return a fresh random token; changing it invalidates every older cookie."""
    return secrets.token_urlsafe(32)


class User(Model):
    __tablename__ = "user"
    __table_args__ = (
        CheckConstraint("role IN ('admin','hr','employee','shopper')", name="role"),
        CheckConstraint("locale IN ('zh-CN','en')", name="locale"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254))
    name: Mapped[str] = mapped_column(String(200))
    locale: Mapped[str] = mapped_column(String(5), default="zh-CN")
    password_hash: Mapped[str | None] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    role: Mapped[str] = mapped_column(String(16), default="employee")
    employee_number: Mapped[str | None] = mapped_column(String(64), unique=True)
    job_title: Mapped[str | None] = mapped_column(String(200))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("org_unit.id"), index=True)
    manager_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    #: Reminder e-mails (the daily digest of due tasks) on or off; events and escalations
    #: are e-mailed regardless (issue 14 §1).
    reminder_emails: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    session_token: Mapped[str] = mapped_column(String(64), default=new_session_token, unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    unit: Mapped[OrgUnit | None] = relationship(foreign_keys=[unit_id])
    manager: Mapped[User | None] = relationship(remote_side=[id], foreign_keys=[manager_id])

    # Flask-Login protocol: the cookie carries the session token, not the id, so rotating the
    # token (logout, password change, deactivation) makes every older cookie useless.
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return self.session_token

    def rotate_session_token(self) -> None:
        """Invalidate every cookie issued so far for this user."""
        self.session_token = new_session_token()

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email} {self.role}>"


# Emails are unique case-insensitively (the app also stores them lower-cased).
Index("uq_user_email_lower", func.lower(User.email), unique=True)
