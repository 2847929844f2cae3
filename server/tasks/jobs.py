"""Jobs by kind: how a failed job is run again (`POST /api/v1/admin/jobs/<id>/retry`).

`RETRY` maps `Job.kind` to the task that runs a job of that kind given its id; a module that
starts jobs of a new kind registers its task with `@retries(kind)`. `retry(session, job)`
resets a failed job to `queued` (progress, failures, error and result cleared) and
enqueues it. A job that is not failed, or whose kind has no task, is a 409
`job_not_retryable`.

`reviews_zip` jobs register in server/tasks/reviews.py (a retried ZIP starts from its first
round); the file jobs (`export` in server/tasks/exports.py, `privacy_export` in
server/tasks/privacy.py) through server/tasks/file_jobs.py (with `keep_state`: their
parameters).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session

from server.domain_errors import Conflict
from server.models import Job
from server.models.base import utcnow

#: Job kind → task taking the job id.
RETRY: dict[str, Callable[[str], Any]] = {}
#: Kinds whose `Job.state` holds the job's parameters (an export's kind and format): a
#: retry keeps it instead of clearing it.
KEEP_STATE: set[str] = set()


def retries(kind: str, keep_state: bool = False) -> Callable[[Any], Any]:
    """Register the task that (re)runs jobs of `kind`; `keep_state`: a retry keeps
    `Job.state` (the job's parameters) instead of clearing it."""

    def register(run: Any) -> Any:
        RETRY[kind] = run
        if keep_state:
            KEEP_STATE.add(kind)
        return run

    return register


def retry(session: Session, job: Job) -> Job:
    """Queue a failed job again; commits before enqueueing (the task reads the row).

    The reset is one conditional UPDATE (`WHERE status = 'failed'`), so of two admins
    retrying at once only one enqueues the job."""
    run = RETRY.get(job.kind)
    reset = (
        update(Job)
        .where(Job.id == job.id, Job.status == "failed")
        .values(status="queued", done=0, failures=[], error=None, result_path=None)
        .values(state=Job.state if job.kind in KEEP_STATE else None)
        .values(finished_at=None, updated_at=utcnow())
    )
    if run is None or not session.execute(reset).rowcount:  # type: ignore[attr-defined]
        session.rollback()
        raise Conflict("job_not_retryable", "Only a failed job can be retried.")
    job_id = job.id  # read before the commit expires it: no new transaction (on SQLite in a
    session.commit()  # POST, a write lock) is held while an immediate-mode task runs
    run(job_id)
    return job
