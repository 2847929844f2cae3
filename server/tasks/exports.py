"""Exports as queued tasks (issue 13 §1 "large exports"): `build_export(job)` builds an
export job's file with the export service and stores it (server.services.exports.jobs).

The tasks are those of every file job (server/tasks/file_jobs.py): idempotent, retried with
backoff (2, 4, 8 s); when the last attempt fails the job is marked failed (error `error`),
and an admin's retry (`POST /api/v1/admin/jobs/<id>/retry`, server.tasks.jobs) runs it again
with the same parameters. Producers call `start_export` after their transaction committed.

`resume_export_jobs` (every 5 minutes) queues again an unfinished job silent for
`export_jobs.QUIET` (its message was lost with a consumer killed mid-build); a second build
of a job writes the same key and ends it once.
"""

from __future__ import annotations

from typing import Any

from server.services.exports import jobs as export_jobs
from server.tasks import file_jobs
from server.tasks.file_jobs import RETRIES, RETRY_DELAY

__all__ = [
    "RETRIES",
    "RETRY_DELAY",
    "build_export",
    "resume_export_jobs",
    "retry_export",
    "start_export",
]

build_export, resume_export_jobs, retry_export = file_jobs.declare(
    export_jobs, __name__, "build_export", "resume_export_jobs", "export job"
)


def start_export(job_id: str) -> Any:
    """Queue an export job (its row is committed)."""
    return build_export(job_id)
