"""Jobs by kind: how a failed job is run again (`POST /api/v1/admin/jobs/<id>/retry`).

`RETRY` maps `Job.kind` to the task that runs a job of that kind given its id; a module that
starts jobs of a new kind registers its task with `@retries(kind)`. `retry(session, job)`
resets a failed job to `queued` (progress, failures, error and result cleared) and
enqueues it. A job that is not failed, or whose kind has no task, is a 409
`job_not_retryable`.

`reviews_zip` is registered here with a task that rebuilds the ZIP the way the web process
does today (the queue work of issue 13 §1 replaces it by its own registration).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session

from server.domain_errors import Conflict
from server.models import Job
from server.models.base import utcnow
from server.services.reviews import batch, reports
from server.tasks import app_for_tasks, task

log = logging.getLogger(__name__)

#: Job kind → task taking the job id.
RETRY: dict[str, Callable[[str], Any]] = {}


def retries(kind: str) -> Callable[[Any], Any]:
    """Register the task that (re)runs jobs of `kind`."""

    def register(run: Any) -> Any:
        RETRY[kind] = run
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
        .values(finished_at=None, updated_at=utcnow())
    )
    if run is None or not session.execute(reset).rowcount:  # type: ignore[attr-defined]
        session.rollback()
        raise Conflict("job_not_retryable", "Only a failed job can be retried.")
    session.commit()
    run(job.id)
    return job


@retries(batch.JOB_KIND)
@task()
def reviews_zip(job_id: str) -> None:
    """Build a campaign's review ZIP for an existing job row (a retried job). A failure is
    recorded on the job (an admin retries it again), not retried blindly by the queue."""
    from server.extensions import db

    app = app_for_tasks()
    job = db.session.get_one(Job, job_id)
    config = batch.WorkerConfig(
        database_url=db.engine.url.render_as_string(hide_password=False),
        attachment_dir=app.config.get("ATTACHMENT_DIR"),
    )
    ids = reports.subject_ids(db.session, job.campaign_id or 0)
    job.total = len(ids)
    try:
        batch.run_job(
            db.session,
            job,
            ids,
            config,
            Path(app.config.get("REPORTS_DIR") or Path(app.instance_path) / "reports"),
            workers=int(app.config.get("REPORT_WORKERS") or os.cpu_count() or 1),
            on_progress=lambda _job: db.session.commit(),
        )
    except Exception:
        log.exception("review ZIP job %s failed", job_id)
        db.session.rollback()
        job = db.session.get_one(Job, job_id)
        job.status, job.error, job.finished_at = "failed", "error", utcnow()
        db.session.commit()
