"""The lifecycle of a file job: a `Job` row whose task builds one stored file (a campaign
export, server.services.exports.jobs; a personal-data export, server.services.privacy.export).

    create (queued) → begin (running; the heartbeat `updated_at` moves)
                    → finish (done, `result_path` the file's key) | fail (failed, `error`)

Every step after `create` acts only on a job that has not ended (done or failed), so a
duplicated or retried task does nothing twice; `unfinished` lists a kind's jobs that went
quiet before they ended (their message was lost), for the tasks to queue them again
(server/tasks/file_jobs.py).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from server import database
from server.models import Job, User
from server.models.base import utcnow

T = TypeVar("T")

ENDED = ("done", "failed")


def create(
    session: Session,
    kind: str,
    state: dict[str, Any],
    created_by: User | None,
    campaign_id: int | None = None,
) -> Job:
    """A queued job of `kind` with its parameters in `state` (flushed, not committed); the
    caller queues the task after its commit."""
    job = Job(
        id=str(uuid.uuid4()),
        kind=kind,
        campaign_id=campaign_id,
        status="queued",
        total=1,
        done=0,
        failures=[],
        created_by_id=created_by.id if created_by else None,
        state=state,
    )
    session.add(job)
    session.flush()
    return job


def begin(session: Session, job_id: str, read: Callable[[Job], T | None]) -> T | None:
    """Mark the job running and return what `read` takes of it (its parameters, read in
    the same transaction); None, and the job left alone, when it ended or `read` finds
    nothing to build."""
    with database.write_transaction(session):
        job = session.get(Job, job_id)
        if job is None or job.status in ENDED:
            return None
        params = read(job)
        if params is None:
            return None
        job.status, job.updated_at = "running", utcnow()  # the heartbeat moves
        return params


def finish(
    session: Session, job_id: str, key: str, still_valid: Callable[[], bool] | None = None
) -> bool:
    """Mark an unfinished job done, its file stored under `key`. `still_valid`, when given,
    runs first in the same transaction (e.g. the privacy epoch check, which takes a lock);
    when it says no, the job is left running and False returned: build the file again."""
    with database.write_transaction(session):
        if still_valid is not None and not still_valid():
            return False
        session.execute(
            update(Job)
            .where(Job.id == job_id, Job.status.not_in(ENDED))
            .values(status="done", done=1, result_path=key, error=None)
            .values(finished_at=utcnow(), updated_at=utcnow())
        )
        return True


def fail(session: Session, job_id: str, error: str = "error") -> None:
    """Mark an unfinished job failed (its last attempt raised)."""
    with database.write_transaction(session):
        session.execute(
            update(Job)
            .where(Job.id == job_id, Job.status.not_in(ENDED))
            .values(status="failed", error=error, finished_at=utcnow(), updated_at=utcnow())
        )


def unfinished(
    session: Session, kind: str, quiet_for: timedelta, now: datetime | None = None
) -> list[str]:
    """Jobs of `kind` not ended whose heartbeat is older than `quiet_for`."""
    cutoff = (now or utcnow()) - quiet_for
    return list(
        session.scalars(
            select(Job.id).where(
                Job.kind == kind, Job.status.not_in(ENDED), Job.updated_at <= cutoff
            )
        )
    )
