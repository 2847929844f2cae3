"""Operations records shared by every app server and consumer (docs/operations.md).

- `PeriodicRun`: one row per periodic action and time slot; the unique (task, slot) pair is
  the claim, so a rerun or a second scheduler never acts twice (server/tasks/periodic.py).
- `WorkerHeartbeat`: each consumer worker touches its row while it runs (`flask ops status`
  counts the ones seen in the last minute).
- `RateLimitCounter`: Flask-Limiter's fixed-window counters when RATELIMIT_STORAGE_URI is
  `database://` (the default; server/ratelimit_store.py), shared by every node.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from server.extensions import Model
from server.models.base import JSONType, UTCDateTime, utcnow


class PeriodicRun(Model):
    """What one periodic action did in one slot (e.g. task "housekeeping", slot
    "2026-12-04T21:15"); `outcome` is its summary, or {"error": …} when it failed."""

    __tablename__ = "periodic_run"
    __table_args__ = (UniqueConstraint("task", "slot", name="uq_periodic_run_task_slot"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    task: Mapped[str] = mapped_column(String(64))
    slot: Mapped[str] = mapped_column(String(32))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    outcome: Mapped[dict[str, Any] | None] = mapped_column(JSONType)


class WorkerHeartbeat(Model):
    """A consumer worker ("host:pid/thread") and when it was last seen alive."""

    __tablename__ = "worker_heartbeat"

    name: Mapped[str] = mapped_column(String(200), primary_key=True)
    host: Mapped[str] = mapped_column(String(120))
    pid: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)


class RateLimitCounter(Model):
    """One fixed-window counter: `count` hits until `expires_at` (then it starts again)."""

    __tablename__ = "rate_limit_counter"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
