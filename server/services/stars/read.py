"""Reading stored stars and league figures for the APIs, the unit summary and exports.

What each audience sees: the employee their own stars (period, unit, rank), the manager their
direct reports' (the same, with the name), HR everything with the score and observations.
Employees and managers never get a score: it is built from reviews they may not be allowed to
read yet (a closed campaign before release, a report's review the campaign keeps from managers).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.models import LeagueEntry, OrgUnit, ServiceStar, StarPeriod, User
from server.services.scoring.derived import comparable
from server.services.stars import periods, selection


def _unit(unit: OrgUnit | None) -> dict[str, Any] | None:
    """A unit with its parent's name (two stores both have a "Sales Floor")."""
    if unit is None:
        return None
    parent = unit.parent.name if unit.parent is not None else None
    return {"id": unit.id, "name": unit.name, "kind": unit.kind, "parent_name": parent}


def _ordinal(key: str) -> int:
    return periods.bounds(key)[0].toordinal()


def grain(session: Session) -> str:
    """The grain of the newest computed period ("month" when none is computed)."""
    newest = computed_periods(session)[:1]
    return "quarter" if newest and "Q" in newest[0] else "month"


def computed_periods(session: Session) -> list[str]:
    """Computed periods, newest first."""
    keys = session.scalars(select(StarPeriod.period))
    return sorted(keys, key=lambda k: periods.bounds(k)[0], reverse=True)


def _star_rows(session: Session, where: Iterable[Any]) -> list[tuple[ServiceStar, User, OrgUnit]]:
    stmt = (
        select(ServiceStar, User, OrgUnit)
        .join(User, User.id == ServiceStar.user_id)
        .join(OrgUnit, OrgUnit.id == ServiceStar.unit_id)
        .where(*where)
    )
    rows = [(s, u, o) for s, u, o in session.execute(stmt)]
    rows.sort(key=lambda r: (-_ordinal(r[0].period), r[2].path, r[0].rank, r[1].name))
    return rows


def own_stars(session: Session, user: User) -> list[dict[str, Any]]:
    """The user's stars, newest period first (no score: see module doc)."""
    return [
        {"period": s.period, "unit": _unit(o), "rank": s.rank}
        for s, _u, o in _star_rows(session, [ServiceStar.user_id == user.id])
    ]


def team_stars(session: Session, manager: User) -> list[dict[str, Any]]:
    """Stars of the manager's active direct reports, newest period first."""
    return [
        {
            "period": s.period,
            "unit": _unit(o),
            "rank": s.rank,
            "employee": {"id": u.id, "name": u.name, "job_title": u.job_title},
        }
        for s, u, o in _star_rows(session, [User.manager_id == manager.id, User.active])
    ]


def all_stars(session: Session, period: str | None, unit_id: int | None) -> list[dict[str, Any]]:
    """HR: every star (optionally of one period and/or unit) with score and observations."""
    where: list[Any] = []
    if period:
        where.append(ServiceStar.period == period)
    if unit_id:
        where.append(ServiceStar.unit_id == unit_id)
    return [
        {
            "period": s.period,
            "unit": _unit(o),
            "rank": s.rank,
            "score": s.score,
            "n": s.n,
            "employee": {
                "id": u.id,
                "name": u.name,
                "job_title": u.job_title,
                "employee_number": u.employee_number,
            },
        }
        for s, u, o in _star_rows(session, where)
    ]


def _earlier(session: Session, period: str) -> dict[int, tuple[str, float]]:
    """{unit: (period, figure)} of each unit's latest figure before `period`."""
    start = periods.bounds(period)[0]
    out: dict[int, tuple[str, float]] = {}
    rows = session.execute(select(LeagueEntry.unit_id, LeagueEntry.period, LeagueEntry.score))
    for unit_id, key, figure in rows:
        if periods.bounds(key)[0] < start and ("Q" in key) == ("Q" in period):
            if unit_id not in out or _ordinal(out[unit_id][0]) < _ordinal(key):
                out[unit_id] = (key, figure)
    return out


def league(session: Session, period: str, kind: str | None = None) -> list[dict[str, Any]]:
    """Units of a period with figure, rank among units of the same kind, and the trend
    against the unit's previous figure (its latest earlier computed period with one)."""
    prev = _earlier(session, period)
    stmt = (
        select(LeagueEntry, OrgUnit)
        .join(OrgUnit, OrgUnit.id == LeagueEntry.unit_id)
        .where(LeagueEntry.period == period)
    )
    if kind:
        stmt = stmt.where(OrgUnit.kind == kind)
    rows = [(e, o) for e, o in session.execute(stmt)]
    out = [_league_row(e, o, rows, prev.get(o.id)) for e, o in rows]
    return sorted(out, key=lambda r: (r["unit"]["kind"], r["rank"], r["unit"]["path"]))


def _league_row(
    entry: LeagueEntry,
    unit: OrgUnit,
    rows: list[tuple[LeagueEntry, OrgUnit]],
    previous: tuple[str, float] | None,
) -> dict[str, Any]:
    mine = comparable(entry.score)
    ahead = sum(1 for e, o in rows if o.kind == unit.kind and comparable(e.score) > mine)
    before = previous[1] if previous else None
    return {
        "unit": {**(_unit(unit) or {}), "path": unit.path},
        "score": entry.score,
        "employees": entry.employees,
        "rank": 1 + ahead,
        "previous_period": previous[0] if previous else None,
        "previous_score": before,
        "trend": selection.trend(entry.score, before),
    }


def unit_history(session: Session, unit_id: int, upto: str, limit: int = 6) -> list[dict[str, Any]]:
    """The unit's last `limit` computed periods up to `upto`: stars and league figure."""
    end = periods.bounds(upto)[1]
    keys = [k for k in computed_periods(session) if periods.bounds(k)[1] <= end][:limit]
    out = []
    for key in keys:
        entry = next((r for r in league(session, key) if r["unit"]["id"] == unit_id), None)
        stars = [
            {"name": u.name, "job_title": u.job_title, "rank": s.rank, "score": s.score, "n": s.n}
            for s, u, _o in _star_rows(
                session, [ServiceStar.unit_id == unit_id, ServiceStar.period == key]
            )
        ]
        out.append({"period": key, "stars": stars, "league": entry})
    return out


def unit_block(session: Session, unit_id: int, day: date) -> list[dict[str, Any]]:
    """The unit summary's stars: the unit's last 3 periods up to the one holding `day` (the
    summary is one page)."""
    return unit_history(session, unit_id, periods.key_of(day, grain(session)), limit=3)


def star_flags(session: Session, user_ids: Iterable[int], period: str) -> dict[int, int] | None:
    """{user: 1 star / 0 not} for a computed period, None when it is not computed yet."""
    if session.scalar(select(StarPeriod.id).where(StarPeriod.period == period)) is None:
        return None
    named = set(session.scalars(select(ServiceStar.user_id).where(ServiceStar.period == period)))
    return {u: int(u in named) for u in user_ids}
