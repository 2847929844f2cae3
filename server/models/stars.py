"""Service stars (服务标兵) and the league table of units, stored per period
(server/services/stars, computed once per period by server/tasks/stars.py).

- `StarPeriod`: one row per computed period ("2026-11" or "2026-Q4"); its unique period makes
  the computation happen exactly once, however many runs race for it.
- `ServiceStar`: a named star of a unit in a period (rank, score, observations); history is
  kept (rows are never rewritten).
- `LeagueEntry`: a unit's figure in a period (the mean period score of its scored employees,
  the unit's whole subtree), the league table's raw data.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from server.extensions import Model
from server.models.base import UTCDateTime, utcnow


class StarPeriod(Model):
    """A period whose stars and league figures were computed (with the settings used)."""

    __tablename__ = "star_period"

    id: Mapped[int] = mapped_column(primary_key=True)
    period: Mapped[str] = mapped_column(String(7), unique=True)
    star_count: Mapped[int] = mapped_column(Integer)
    min_observations: Mapped[int] = mapped_column(Integer)
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ServiceStar(Model):
    """One employee named service star of a unit for a period."""

    __tablename__ = "service_star"
    __table_args__ = (UniqueConstraint("unit_id", "period", "user_id", name="uq_service_star"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"), index=True)
    period: Mapped[str] = mapped_column(String(7), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    rank: Mapped[int] = mapped_column(Integer)
    score: Mapped[float] = mapped_column(Float)
    n: Mapped[int] = mapped_column(Integer)
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class LeagueEntry(Model):
    """A unit's figure in a period: mean period score of its scored employees (subtree)."""

    __tablename__ = "league_entry"
    __table_args__ = (UniqueConstraint("unit_id", "period", name="uq_league_entry"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"), index=True)
    period: Mapped[str] = mapped_column(String(7), index=True)
    score: Mapped[float] = mapped_column(Float)
    #: How many scored employees the figure is the mean of.
    employees: Mapped[int] = mapped_column(Integer)
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
