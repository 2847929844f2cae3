"""Computing a period once: stars per unit and the league figures, stored with history.

`compute_period` first inserts the period's `star_period` row and flushes: a second run (a
double-enqueued periodic task, a second consumer, a retried tick) fails on its unique
constraint and does nothing, so each period is computed exactly once; the unique constraints
of `service_star` and `league_entry` guard the rows themselves. Nothing is ever recomputed
or deleted: a later change of a campaign does not rewrite a past period's stars.

Stars are per unit of the employee (User.unit_id), among its active employees. League
figures are per unit of the tree, over the scored active employees of its whole subtree (a
branch includes its stores and teams).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from server.models import LeagueEntry, OrgUnit, ServiceStar, StarPeriod, User
from server.services.scorecard.definitions import Definitions
from server.services.stars import periods, score, selection


@dataclass(frozen=True)
class Settings:
    """STARS_COUNT, STARS_MIN_OBSERVATIONS, STARS_PERIOD, STARS_GRACE_DAYS; with
    STARS_SCORE_SOURCE = "scorecard", the scorecard's definitions and DEFAULT_TIMEZONE (the
    score source then is the scorecard: server.services.stars.score)."""

    count: int = 3
    min_observations: int = 3
    grain: str = "month"
    grace_days: int = 0
    scorecard: Definitions | None = None
    timezone: str = "Asia/Shanghai"

    def source(self, now: datetime) -> score.ScorecardSource | None:
        if self.scorecard is None:
            return None
        return score.ScorecardSource(self.scorecard, self.timezone, now)


def _members(session: Session, scored: set[int]) -> dict[int, dict[int, None]]:
    """{unit: {employee}} of the active scored employees, by their own unit."""
    rows = session.execute(
        select(User.id, User.unit_id).where(User.active, User.unit_id.is_not(None))
    )
    out: dict[int, dict[int, None]] = defaultdict(dict)
    for user_id, unit_id in rows:
        if user_id in scored and unit_id is not None:
            out[unit_id][user_id] = None
    return out


def _ancestors(session: Session) -> dict[int, list[int]]:
    """{unit: [itself, parent, …, root]}."""
    parent = dict(session.execute(select(OrgUnit.id, OrgUnit.parent_id)).all())
    out: dict[int, list[int]] = {}
    for unit in parent:
        chain: list[int] = []
        cur: int | None = unit
        seen: set[int] = set()
        while cur is not None and cur not in seen:
            seen.add(cur)
            chain.append(cur)
            cur = parent.get(cur)
        out[unit] = chain
    return out


def compute_period(session: Session, key: str, settings: Settings, now: datetime) -> dict[str, int]:
    """Compute and store one period's stars and league figures (once; see module doc)."""
    if session.scalar(select(StarPeriod.id).where(StarPeriod.period == key)) is not None:
        return {"periods": 0, "stars": 0, "units": 0}
    mark = StarPeriod(
        period=key,
        star_count=settings.count,
        min_observations=settings.min_observations,
        computed_at=now,
    )
    session.add(mark)
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        return {"periods": 0, "stars": 0, "units": 0}
    start, end = periods.bounds(key)
    scores = score.period_scores(session, start, end, settings.source(now))
    members = _members(session, set(scores))
    named = _store_stars(session, key, settings, now, scores, members)
    units = _store_league(session, key, now, scores, members)
    session.commit()
    return {"periods": 1, "stars": named, "units": units}


def _store_stars(
    session: Session,
    key: str,
    settings: Settings,
    now: datetime,
    scores: dict[int, score.Observed],
    members: dict[int, dict[int, None]],
) -> int:
    named = 0
    for unit_id, people in sorted(members.items()):
        chosen = selection.stars(
            {u: scores[u] for u in people}, settings.count, settings.min_observations
        )
        for s in chosen:
            session.add(
                ServiceStar(
                    unit_id=unit_id,
                    period=key,
                    user_id=s.user_id,
                    rank=s.rank,
                    score=s.score,
                    n=s.n,
                    computed_at=now,
                )
            )
        named += len(chosen)
    return named


def _store_league(
    session: Session,
    key: str,
    now: datetime,
    scores: dict[int, score.Observed],
    members: dict[int, dict[int, None]],
) -> int:
    chains = _ancestors(session)
    subtree: dict[int, dict[int, score.Observed]] = defaultdict(dict)
    for unit_id, people in members.items():
        for ancestor in chains.get(unit_id, [unit_id]):
            subtree[ancestor].update({u: scores[u] for u in people})
    for unit_id, pool in sorted(subtree.items()):
        figure = selection.unit_figure(pool)
        if figure is not None:
            session.add(
                LeagueEntry(
                    unit_id=unit_id, period=key, score=figure, employees=len(pool), computed_at=now
                )
            )
    return len(subtree)


def run_due(session: Session, now: datetime, settings: Settings) -> dict[str, int]:
    """Compute the period that is due at `now` (the periodic action's body)."""
    key = periods.due(now, settings.grain, settings.grace_days)
    return compute_period(session, key, settings, now)
