"""Housekeeping, every 15 minutes (a periodic action: once per slot, recorded in
`periodic_run`): drop expired login-lockout rows, ended rate-limit windows, heartbeats of
workers gone for a day and periodic-run records older than 30 days, and end jobs whose
heartbeat stopped (so a poller learns at once that a job cut off by a restart failed,
instead of on its next poll)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from limits import parse
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from server.models import Job, LoginAttempt, PeriodicRun, RateLimitCounter, WorkerHeartbeat
from server.services.reviews import batch
from server.tasks.periodic import every

#: Heartbeats of workers not seen for this long are forgotten.
HEARTBEAT_KEPT = timedelta(days=1)
#: Records of periodic runs are kept this long (every task runs at least hourly).
RUNS_KEPT = timedelta(days=30)
LOGIN_LIMITS = ("LOGIN_LIMIT_PER_ACCOUNT", "LOGIN_LIMIT_PER_ADDRESS")


def longest_login_window(config: Any) -> timedelta:
    """No lockout looks further back than this: older attempts count for nothing."""
    spans = [parse(str(config[key])).get_expiry() for key in LOGIN_LIMITS if config.get(key)]
    return timedelta(seconds=max(spans, default=0))


def end_stale_jobs(session: Session, now: datetime) -> int:
    jobs = session.scalars(select(Job).where(Job.status.in_(("queued", "running"))))
    return sum(batch.end_if_stale(job, now) for job in jobs)


def sweep(session: Session, now: datetime, login_window: timedelta) -> dict[str, int]:
    """Delete what no longer counts; returns how many rows of each kind went."""

    def gone(stmt: Any) -> int:
        return int(session.execute(stmt).rowcount)  # type: ignore[attr-defined]

    summary = {
        "login_attempts": gone(delete(LoginAttempt).where(LoginAttempt.at <= now - login_window)),
        "rate_limit_counters": gone(
            delete(RateLimitCounter).where(RateLimitCounter.expires_at <= now)
        ),
        "heartbeats": gone(
            delete(WorkerHeartbeat).where(WorkerHeartbeat.seen_at <= now - HEARTBEAT_KEPT)
        ),
        "periodic_runs": gone(delete(PeriodicRun).where(PeriodicRun.started_at <= now - RUNS_KEPT)),
        "stale_jobs": end_stale_jobs(session, now),
    }
    session.commit()
    return summary


@every(15)
def housekeeping(session: Session, now: datetime) -> dict[str, int]:
    return sweep(session, now, longest_login_window(current_app.config))
