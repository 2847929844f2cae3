"""HR: who was notified of their own task in a campaign, and when (issue 14 §1).

Lists the assignees reminded of (or told about) their own task: the person, the kind, when
it was recorded and when it was e-mailed. It never names whom they rate, so it shows no
more of an anonymous group than HR's completion view does.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.models import Campaign, Notification, User

#: The kinds that concern an assignee's own task in a campaign.
TASK_KINDS = ("assignment_opened", "visit_opened", "reminder")


def campaign_reminders(session: Session, campaign: Campaign, limit: int = 1000) -> list[dict]:
    """The campaign's task notifications, newest first: person, kind, created, e-mailed."""
    stmt = (
        select(Notification, User)
        .join(User, User.id == Notification.user_id)
        .where(Notification.campaign_id == campaign.id, Notification.kind.in_(TASK_KINDS))
        .order_by(Notification.created_at.desc(), Notification.id.desc())
        .limit(limit)
    )
    rows: list[dict[str, Any]] = []
    for note, user in session.execute(stmt).all():
        rows.append(
            {
                "person": {"id": user.id, "name": user.name},
                "kind": note.kind,
                "days": (note.params or {}).get("days"),
                "created_at": note.created_at,
                "emailed_at": note.emailed_at,
                "email": note.email,
                "email_note": note.email_note,
            }
        )
    return rows
