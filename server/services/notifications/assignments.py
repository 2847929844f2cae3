"""What a notification says about an assignment: its params, link and due day.

Shared by the "opened" events and the reminders. The params name the campaign, the task's
relationship and, for a rater, whom THEY rate (their own task); nothing here ever names
who rates the reader.
"""

from __future__ import annotations

from datetime import UTC, date
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from server.models import Assignment, Campaign, OrgUnit, User
from server.models.campaign import DEFAULT_REMINDER_DAYS


def due_day(assignment: Assignment, campaign: Campaign) -> date:
    """The day the task is due: its due time's (UTC) date, else the campaign's last day."""
    return assignment.due_at.date() if assignment.due_at else campaign.period_end


def reminder_days(campaign: Campaign) -> list[int]:
    """The campaign's reminder schedule (days before the due day; 0: on the day)."""
    days = campaign.reminder_days
    return list(DEFAULT_REMINDER_DAYS if days is None else days)


def link(assignment: Assignment) -> str:
    """The PWA route of the task (the form screen opens visits too)."""
    return f"/form/{assignment.id}"


def task_params(
    session: Session, assignment: Assignment, campaign: Campaign, tz: ZoneInfo | None = None
) -> dict[str, Any]:
    """The notification params of a task (JSON values only); a visit window is written in
    the rater's local time `tz` (UTC without one)."""
    params: dict[str, Any] = {
        "campaign": dict(campaign.name or {}),
        "relationship": assignment.relationship,
        "assignment_id": assignment.id,
        "due": due_day(assignment, campaign).isoformat(),
    }
    if assignment.relationship not in ("self", "mystery_shopper") and assignment.subject_id:
        subject = session.get(User, assignment.subject_id)
        params["subject"] = subject.name if subject else ""
    if assignment.unit_id:
        unit = session.get(OrgUnit, assignment.unit_id)
        params["unit"] = dict(unit.name or {}) if unit else ""
    if assignment.visit_window_start and assignment.visit_window_end:
        zone = tz or UTC
        params["window_start"] = assignment.visit_window_start.astimezone(zone).isoformat()
        params["window_end"] = assignment.visit_window_end.astimezone(zone).isoformat()
    return params
