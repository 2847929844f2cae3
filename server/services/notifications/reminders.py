"""Reminders before a task's due day and on it (a periodic action, every 5 minutes).

Per campaign, `reminder_days` (default [3, 0]) lists the days before the due day on which
a pending task is reminded, on the rater's local calendar (their unit's time zone). On a
given day only the latest step that has come is recorded (a scheduler that was down on
day -3 reminds once on day -1, not twice on day 0), each step once per task (key
`reminder:<assignment>:<step>`), and never for a submitted or declined task, nor after its
due day.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.models import Assignment, Campaign, Notification, User
from server.services.notifications import assignments as tasks
from server.services.notifications.clock import MailRules, local_day, user_zone
from server.services.notifications.notify import notify


def step_due(today: date, due: date, days: Iterable[int]) -> int | None:
    """The reminder step for `today` (days before `due`): the smallest step whose day has
    come, as long as the due day has not passed; None when no reminder is due."""
    if today > due:
        return None
    come = [k for k in days if k >= 0 and due - timedelta(days=k) <= today]
    return min(come) if come else None


def _open_tasks(session: Session) -> list[tuple[Assignment, Campaign]]:
    stmt = (
        select(Assignment, Campaign)
        .join(Campaign, Campaign.id == Assignment.campaign_id)
        .where(
            Campaign.status == "open",
            Assignment.status == "pending",
            Assignment.rater_id.is_not(None),
        )
        .order_by(Assignment.id)
    )
    return [(a, c) for a, c in session.execute(stmt).all()]


def _known_keys(session: Session) -> set[str]:
    """Reminder keys of open campaigns already recorded (skipped without a query each)."""
    open_ids = select(Campaign.id).where(Campaign.status == "open")
    stmt = select(Notification.key).where(
        Notification.kind == "reminder", Notification.campaign_id.in_(open_ids)
    )
    return set(session.scalars(stmt))


def remind(session: Session, now: datetime, rules: MailRules) -> dict[str, int]:
    """Record the reminders due at `now`; how many were recorded."""
    zones: dict[int, ZoneInfo] = {}
    recorded = 0
    known = _known_keys(session)
    for assignment, campaign in _open_tasks(session):
        rater = session.get(User, assignment.rater_id)
        if rater is None or not rater.active:
            continue
        if rater.id not in zones:
            zones[rater.id] = user_zone(session, rater, rules)
        today = local_day(now, zones[rater.id])
        due = tasks.due_day(assignment, campaign)
        step = step_due(today, due, tasks.reminder_days(campaign))
        if step is None or f"reminder:{assignment.id}:{step}" in known:
            continue
        local = tasks.task_params(session, assignment, campaign, zones[rater.id])
        params = {**local, "days": (due - today).days}
        note = notify(
            session,
            rater.id,
            "reminder",
            key=f"reminder:{assignment.id}:{step}",
            params=params,
            link=tasks.link(assignment),
            campaign_id=campaign.id,
        )
        recorded += note is not None
    return {"reminders": recorded}
