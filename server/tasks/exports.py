"""Exports as queued tasks (issue 13 §1 "large exports"): `build_export(job)` builds an
export job's file with the export service and stores it (server.services.exports.jobs).

Idempotent (a duplicated or retried task for an ended job does nothing; every attempt
writes the job's one key) and retried with backoff (2, 4, 8 s); when the last attempt
fails the job is marked failed (error `error`), and an admin's retry
(`POST /api/v1/admin/jobs/<id>/retry`, server.tasks.jobs) runs it again with the same
parameters. Producers call `start_export` after their transaction committed.

`resume_export_jobs` (every 5 minutes) queues again an unfinished job silent for
`export_jobs.QUIET` (its message was lost with a consumer killed mid-build); a second build
of a job writes the same key and ends it once.
"""

from __future__ import annotations

import logging
from typing import Any

from huey import crontab

from server import database, storage
from server.extensions import db
from server.services.exports import jobs as export_jobs
from server.tasks import periodic_task, task
from server.tasks.jobs import retries

log = logging.getLogger(__name__)
#: Attempts after the first one; the first retry waits RETRY_DELAY s, each next one twice.
RETRIES = 3
RETRY_DELAY = 2


@task(retries=RETRIES, retry_delay=RETRY_DELAY, retry_backoff=2, context=True)
def build_export(job_id: str, task: Any = None) -> None:
    """Build and store one export job's file; on the last failed attempt mark it failed."""
    try:
        export_jobs.build(db.session, storage.for_app(), job_id)
    except Exception:
        db.session.rollback()
        if task is None or not task.retries:
            log.exception("export job %s failed", job_id)
            export_jobs.fail(db.session, job_id)
        raise


@periodic_task(crontab(minute="*/5"))
def resume_export_jobs() -> None:
    """Queue again every export job that went quiet before it ended."""
    with database.read_transaction(db.session):
        job_ids = export_jobs.unfinished(db.session)
    for job_id in job_ids:
        log.warning("export job %s went quiet: queued again", job_id)
        build_export(job_id)


@retries(export_jobs.JOB_KIND, keep_state=True)
def retry_export(job_id: str) -> None:
    """A failed export job, reset by `jobs.retry` (its parameters kept), runs again."""
    build_export(job_id)


def start_export(job_id: str) -> Any:
    """Queue an export job (its row is committed)."""
    return build_export(job_id)
