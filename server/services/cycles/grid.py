"""The daily self-check's month grid, streaks and completion (issue 14 §3).

- The grid: one row per person, one cell per local day of the month with a check-in (its
  form score and outcome). An employee sees their own row; a manager their active direct
  reports' rows, but only check-ins of campaigns that let managers see their reports
  (`manager_visibility`, SPEC §9: a manager reads a report's results only where the
  campaign allows it); answers and the free-text note are never part of it.
- Streaks count calendar days in a row with a check-in, over all months. The current
  streak ends today, or yesterday while today has no check-in yet (the day is not over).
- Completion per unit (HR): check-ins / expected days, where each per-day assignment of an
  active employee expects one check-in per day of its campaign from the day it was created
  (a new hire is not expected before joining) up to today.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.models import Assignment, Campaign, CyclePeriod, DailyCheckin, OrgUnit, Submission, User
from server.services.org import people
from server.services.reviews import access


def month_range(month: date) -> tuple[date, date]:
    """The first and last day of `month`'s month."""
    first = month.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return first, following - timedelta(days=1)


def streaks(days: set[date], today: date) -> tuple[int, int]:
    """(current, longest) runs of consecutive days (see the module docstring)."""
    longest = run = 0
    previous: date | None = None
    for day in sorted(d for d in days if d <= today):
        run = run + 1 if previous is not None and day - previous == timedelta(days=1) else 1
        longest = max(longest, run)
        previous = day
    cursor = today if today in days else today - timedelta(days=1)
    current = 0
    while cursor in days:
        current += 1
        cursor -= timedelta(days=1)
    return current, longest


def today_for(session: Session, now: datetime, default_tz: str) -> date:
    """Today in the per-day cycles' time zone (the newest one; else the default)."""
    tz = session.scalar(
        select(CyclePeriod.timezone)
        .where(CyclePeriod.per_day.is_(True))
        .order_by(CyclePeriod.id.desc())
        .limit(1)
    )
    return now.astimezone(ZoneInfo(tz or default_tz)).date()


def _checkins(
    session: Session, user_ids: list[int], first: date, last: date, managers_only: bool = False
) -> dict[int, dict[date, dict[str, Any]]]:
    stmt = (
        select(DailyCheckin.rater_id, DailyCheckin.day, Submission.form_score, Submission.outcome)
        .join(Submission, Submission.id == DailyCheckin.submission_id)
        .where(
            DailyCheckin.rater_id.in_(user_ids),
            DailyCheckin.day >= first,
            DailyCheckin.day <= last,
        )
    )
    if managers_only:
        stmt = stmt.join(Campaign, Campaign.id == Submission.campaign_id).where(
            access.managers_may_see_clause()
        )
    found: dict[int, dict[date, dict[str, Any]]] = defaultdict(dict)
    for rater, day, score, outcome in session.execute(stmt):
        found[rater][day] = {"day": day, "score": score, "outcome": outcome}
    return found


def grid(
    session: Session, users: list[User], month: date, today: date, managers_only: bool = False
) -> dict[str, Any]:
    """The month grid of these people with their streaks."""
    first, last = month_range(month)
    ids = [u.id for u in users]
    cells = _checkins(session, ids, first, last, managers_only)
    history = _checkins(session, ids, date(2000, 1, 1), today, managers_only)
    rows = []
    for user in users:
        current, longest = streaks(set(history.get(user.id, {})), today)
        mine = cells.get(user.id, {})
        rows.append(
            {
                "person": people.person(user),
                "days": [mine[d] for d in sorted(mine)],
                "current_streak": current,
                "longest_streak": longest,
            }
        )
    return {"month": first, "first": first, "last": last, "today": today, "rows": rows}


def team(session: Session, manager: User) -> list[User]:
    """A manager's active direct reports, by name."""
    return list(
        session.scalars(
            select(User)
            .where(User.manager_id == manager.id, User.active.is_(True), User.role == "employee")
            .order_by(User.name, User.id)
        )
    )


def _expected(
    session: Session, first: date, last: date, today: date
) -> dict[int | None, tuple[int, set[int]]]:
    """Per unit: expected check-in days and the people expected, for active employees."""
    rows = session.execute(
        select(Assignment.id, Assignment.created_at, User.id, User.unit_id, Campaign)
        .join(Campaign, Campaign.id == Assignment.campaign_id)
        .join(CyclePeriod, CyclePeriod.campaign_id == Campaign.id)
        .join(User, User.id == Assignment.rater_id)
        .where(
            CyclePeriod.per_day.is_(True),
            User.active.is_(True),
            Campaign.period_start <= last,
            Campaign.period_end >= first,
        )
    ).all()
    result: dict[int | None, tuple[int, set[int]]] = {}
    for _, created, user_id, unit_id, campaign in rows:
        start = max(first, campaign.period_start, created.date())
        end = min(last, campaign.period_end, today)
        days = max(0, (end - start).days + 1)
        count, who = result.get(unit_id, (0, set()))
        who.add(user_id)
        result[unit_id] = (count + days, who)
    return result


def completion(session: Session, month: date, today: date) -> list[dict[str, Any]]:
    """Per unit: people, expected and done check-ins, the rate and streak figures."""
    first, last = month_range(month)
    expected = _expected(session, first, last, today)
    wanted = [u for u in expected if u is not None]
    units = {u.id: u for u in session.scalars(select(OrgUnit).where(OrgUnit.id.in_(wanted)))}

    def path(unit_id: int | None) -> str:
        return units[unit_id].path if unit_id in units else ""

    return [
        _unit_row(session, units.get(unit_id) if unit_id else None, due, who, month, today)
        for unit_id, (due, who) in sorted(expected.items(), key=lambda kv: path(kv[0]))
    ]


def _unit_row(
    session: Session, unit: OrgUnit | None, due: int, who: set[int], month: date, today: date
) -> dict[str, Any]:
    users = list(session.scalars(select(User).where(User.id.in_(who)).order_by(User.id)))
    rows = grid(session, users, month, today)["rows"]
    done = min(due, sum(len([d for d in r["days"] if d["day"] <= today]) for r in rows))
    currents = [r["current_streak"] for r in rows]
    return {
        "unit": people.unit(unit),
        "people": len(who),
        "expected": due,
        "done": done,
        "rate": round(done / due, 4) if due else None,
        "average_current_streak": round(sum(currents) / len(currents), 2) if currents else 0.0,
        "longest_streak": max((r["longest_streak"] for r in rows), default=0),
    }
