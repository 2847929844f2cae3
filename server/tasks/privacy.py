"""The personal-data export job (issue 17 §4) as queued tasks: `build_person_export(job)`
builds one person's ZIP (server.services.privacy.export).

The tasks are those of every file job (server/tasks/file_jobs.py), like the campaign
exports: retried with backoff; the last failed attempt marks the job failed, and an admin's
retry from the operations tab runs it again for the same person; `resume_person_exports`
(every 5 minutes) queues again a job silent for `export.QUIET`. Producers call
`start_person_export` after their transaction committed.

The tasks keep the queue names they had when they were declared in server/tasks/retention.py
(`server.tasks.retention.build_person_export`, `….resume_person_exports`): messages queued
under those names stay runnable.
"""

from __future__ import annotations

from typing import Any

from server.services.privacy import export
from server.tasks import file_jobs

__all__ = [
    "build_person_export",
    "resume_person_exports",
    "retry_person_export",
    "start_person_export",
]

#: The module the tasks were first declared in: part of their names in the queue.
QUEUE_MODULE = "server.tasks.retention"

build_person_export, resume_person_exports, retry_person_export = file_jobs.declare(
    export, QUEUE_MODULE, "build_person_export", "resume_person_exports", "personal-data export"
)


def start_person_export(job_id: str) -> Any:
    """Queue a personal-data export job (its row is committed)."""
    return build_person_export(job_id)
