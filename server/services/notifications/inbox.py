"""A person's inbox: their notifications, newest first, and marking them read.

Only the reader's own rows are ever found: another person's id is "not found" (no IDOR).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from server.domain_errors import NotFound
from server.models import Notification, User
from server.schemas.base import valid_id
from server.services.notifications import texts


def unread_count(session: Session, user: User) -> int:
    """How many of the person's notifications are unread."""
    stmt = select(func.count()).where(
        Notification.user_id == user.id, Notification.read_at.is_(None)
    )
    return int(session.scalar(stmt) or 0)


def list_inbox(
    session: Session, user: User, *, offset: int = 0, limit: int = 50, unread_only: bool = False
) -> tuple[list[Notification], int]:
    """The person's notifications, newest first, and how many there are in all."""
    stmt = select(Notification).where(Notification.user_id == user.id)
    if unread_only:
        stmt = stmt.where(Notification.read_at.is_(None))
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    page = stmt.order_by(Notification.created_at.desc(), Notification.id.desc())
    return list(session.scalars(page.offset(offset).limit(limit))), int(total)


def item(note: Notification, locale: str) -> dict[str, Any]:
    """One notification as the reader sees it (text in `locale`)."""
    words = texts.render(note.kind, note.params, locale)
    return {
        "id": note.id,
        "kind": note.kind,
        "title": words["title"],
        "body": words["body"],
        "link": note.link or "",
        "campaign_id": note.campaign_id,
        "created_at": note.created_at,
        "read_at": note.read_at,
    }


def get_own(session: Session, user: User, notification_id: int) -> Notification:
    """The person's notification `notification_id`, or NotFound (also for others')."""
    note = session.get(Notification, notification_id) if valid_id(notification_id) else None
    if note is None or note.user_id != user.id:
        raise NotFound("not_found", "No such notification.")
    return note


def mark_read(session: Session, user: User, notification_id: int, now: datetime) -> Notification:
    """Mark one of the person's notifications read (again: nothing changes)."""
    note = get_own(session, user, notification_id)
    if note.read_at is None:
        note.read_at = now
        session.flush()
    return note


def mark_all_read(session: Session, user: User, now: datetime) -> int:
    """Mark every unread notification of the person read; how many changed."""
    result = session.execute(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=now)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def set_reminder_emails(session: Session, user: User, enabled: bool) -> User:
    """Switch the person's reminder e-mails on or off (events and escalations still come)."""
    user.reminder_emails = enabled
    session.flush()
    return user
