"""The operations view (`flask ops status`, `GET /api/v1/admin/ops`): queue, consumers,
jobs and periodic runs, read from the queue's storage and the shared database.

- queue: backend (the QUEUE_URL scheme only: a URL may hold a password), whether its
  storage answered, tasks waiting (`pending`) and delayed/retrying (`scheduled`);
- workers: consumer workers whose heartbeat is younger than a minute;
- jobs: queued and running jobs, and the latest failed ones with their error;
- periodic: the last run of each periodic action, with what it did.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlparse

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server.models import Job, PeriodicRun
from server.models.base import utcnow
from server.tasks import huey
from server.tasks.periodic import seen_since

#: A worker counts as running when seen within this window.
SEEN_WITHIN = timedelta(minutes=1)
#: Failed jobs listed (newest first).
FAILED_SHOWN = 20
JOB_FIELDS = ("id", "kind", "campaign_id", "status", "total", "done", "error")
JOB_TIMES = ("created_at", "updated_at", "finished_at")


def queue_info() -> dict[str, Any]:
    """Counts from the queue's storage; `reachable` False (counts None) when it fails."""
    backend = urlparse(str(current_app.config.get("QUEUE_URL") or "")).scheme or "sqlite"
    try:
        pending, scheduled = huey.pending_count(), huey.scheduled_count()
    except Exception:  # noqa: BLE001 - an unreachable queue is what this reports
        return {"backend": backend, "reachable": False, "pending": None, "scheduled": None}
    return {"backend": backend, "reachable": True, "pending": pending, "scheduled": scheduled}


def job_row(job: Job) -> dict[str, Any]:
    return {
        **{key: getattr(job, key) for key in JOB_FIELDS},
        **{key: getattr(job, key) for key in JOB_TIMES},
        "failures": len(job.failures or []),
    }


def jobs(session: Session) -> list[dict[str, Any]]:
    active = select(Job).where(Job.status.in_(("queued", "running"))).order_by(Job.created_at)
    failed = (
        select(Job)
        .where(Job.status == "failed")
        .order_by(Job.finished_at.desc(), Job.created_at.desc())
        .limit(FAILED_SHOWN)
    )
    return [job_row(job) for stmt in (active, failed) for job in session.scalars(stmt)]


def last_runs(session: Session) -> list[dict[str, Any]]:
    latest = select(PeriodicRun.task, func.max(PeriodicRun.started_at).label("at")).group_by(
        PeriodicRun.task
    )
    sub = latest.subquery()
    runs = session.scalars(
        select(PeriodicRun)
        .join(sub, (PeriodicRun.task == sub.c.task) & (PeriodicRun.started_at == sub.c.at))
        .order_by(PeriodicRun.task)
    )
    fields = ("task", "slot", "started_at", "finished_at")
    return [{**{key: getattr(run, key) for key in fields}, **_outcome(run)} for run in runs]


def _outcome(run: PeriodicRun) -> dict[str, Any]:
    outcome = dict(run.outcome or {})
    error = outcome.pop("error", None)
    return {"outcome": None if error or run.outcome is None else outcome, "error": error}


def collect(session: Session, now: datetime | None = None) -> dict[str, Any]:
    """Everything the operations view shows, as one dict (closed API schema)."""
    now = now or utcnow()
    workers = [
        {"name": w.name, "host": w.host, "pid": w.pid, "started_at": w.started_at,
         "seen_at": w.seen_at}
        for w in seen_since(session, now - SEEN_WITHIN)
    ]  # fmt: skip
    return {
        "checked_at": now,
        "queue": queue_info(),
        "workers": workers,
        "jobs": jobs(session),
        "periodic": last_runs(session),
    }
