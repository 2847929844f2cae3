"""Per-day assignments (the daily self-check of a per-day cycle, server.services.cycles):
one submission per person per local day, instead of one per assignment.

The day a check-in counts for is the local day (in the cycle's time zone) of its
`completed_at`, when that lies within the last 36 hours and not in the future: a check-in
made offline late in the evening and synced next morning still counts for its evening.
Otherwise (no completed_at, a wrong device clock) it is the local day it arrived. A second
check-in the same day is answered `conflict` / `already_checked_in` (the replay of the same
client id stays a `duplicate`); a per-day assignment stays pending, so the next day it is
listed again; `replaces` does not apply. `daily_checkin` is unique per (assignment, day), so
even racing writers store one check-in per day.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.models import Assignment, CyclePeriod, DailyCheckin
from server.services.sync.sync_results import Outcome

#: How far back a check-in's completed_at may place it.
GRACE = timedelta(hours=36)
#: Clock tolerance for a completed_at slightly in the future.
AHEAD = timedelta(minutes=5)


def day_for(completed_at: datetime | None, now: datetime, tz: str) -> date:
    """The local day a check-in counts for (see the module docstring)."""
    when = now
    if completed_at is not None and now - GRACE <= completed_at <= now + AHEAD:
        when = min(completed_at, now)
    return when.astimezone(ZoneInfo(tz)).date()


def per_day_campaigns(session: Session, campaign_ids: set[int]) -> dict[int, str]:
    """The per-day campaigns among these, with their time zone."""
    if not campaign_ids:
        return {}
    rows = session.execute(
        select(CyclePeriod.campaign_id, CyclePeriod.timezone).where(
            CyclePeriod.campaign_id.in_(sorted(campaign_ids)), CyclePeriod.per_day.is_(True)
        )
    )
    return {cid: tz for cid, tz in rows}


def answered_days(session: Session, assignment_ids: list[int]) -> set[tuple[int, date]]:
    """(assignment, day) pairs that already have a check-in."""
    if not assignment_ids:
        return set()
    rows = session.execute(
        select(DailyCheckin.assignment_id, DailyCheckin.day).where(
            DailyCheckin.assignment_id.in_(sorted(assignment_ids))
        )
    )
    return {(aid, day) for aid, day in rows}


def day_problem(
    days: set[tuple[int, date]],
    assignment: Assignment,
    period: tuple[date, date],
    day: date,
    replaces: str | None,
    raw_id: Any,
) -> Outcome | None:
    """Why a per-day check-in cannot be stored (None: it can)."""
    if replaces is not None:
        return Outcome(
            raw_id,
            "invalid",
            "invalid",
            "Some answers are not valid.",
            {"fields": {"replaces": "not_applicable"}},
        )
    if not period[0] <= day <= period[1]:
        return Outcome(
            raw_id,
            "conflict",
            "outside_period",
            "This check-in is for a day outside the campaign's period.",
            {"day": day.isoformat()},
        )
    if (assignment.id, day) in days:
        return Outcome(
            raw_id,
            "conflict",
            "already_checked_in",
            "You already checked in for this day; check in again tomorrow.",
            {"day": day.isoformat()},
        )
    return None


def daily_state(session: Session, assignment: Assignment, now: datetime) -> dict[str, Any] | None:
    """For the field app: today's local day and whether it has a check-in (None: not per day)."""
    tz = per_day_campaigns(session, {assignment.campaign_id}).get(assignment.campaign_id)
    if tz is None:
        return None
    today = now.astimezone(ZoneInfo(tz)).date()
    done = session.scalar(
        select(DailyCheckin.id).where(
            DailyCheckin.assignment_id == assignment.id, DailyCheckin.day == today
        )
    )
    return {"day": today, "done": done is not None}
