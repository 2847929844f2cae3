"""Demo inbox items (issue 14 §1): what the scheduler would record, recorded now.

Runs the "opened" and "released" events (every demo login with an open task or visit finds
it in the inbox; the employees of the released 360 find "your review is ready") and adds a
reminder for the first two pending tasks of each rater, so the inbox, its badge and the
reminder digest (`flask scheduler tick --at TIME --only notification_mail`) show at once.
Idempotent: every item has its event key.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.models import Assignment, Campaign
from server.services.notifications import assignments as tasks
from server.services.notifications import events, notify

PER_RATER = 2


def _reminders(session: Session, today: datetime) -> int:
    stmt = (
        select(Assignment, Campaign)
        .join(Campaign, Campaign.id == Assignment.campaign_id)
        .where(Campaign.status == "open", Assignment.status == "pending")
        .where(Assignment.rater_id.is_not(None))
        .order_by(Assignment.id)
    )
    per_rater: dict[int, int] = {}
    made = 0
    for assignment, campaign in session.execute(stmt).all():
        rater_id = int(assignment.rater_id or 0)
        days = (tasks.due_day(assignment, campaign) - today.date()).days
        if per_rater.get(rater_id, 0) >= PER_RATER or days < 0:
            continue
        per_rater[rater_id] = per_rater.get(rater_id, 0) + 1
        params = {**tasks.task_params(session, assignment, campaign), "days": days}
        note = notify(
            session,
            rater_id,
            "reminder",
            key=f"reminder:{assignment.id}:demo",
            params=params,
            link=tasks.link(assignment),
            campaign_id=campaign.id,
        )
        made += note is not None
    return made


def add_notifications(session: Session, now: datetime | None = None) -> str:
    """Record the demo's inbox items; one line saying how many were new."""
    now = now or datetime.now(UTC)
    told = events.announce_tasks(session)
    released = events.announce_releases(session, now)
    reminded = _reminders(session, now)
    session.flush()
    total = sum(told.values()) + released + reminded
    return f"{'inbox':<12} {'items':<9} {total} new (opened, released, reminders)"
