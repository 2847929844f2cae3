"""File jobs as queued tasks: a job that builds one stored file (a campaign export,
server/tasks/exports.py; a personal-data export, server/tasks/privacy.py) gets its three
tasks from `declare(kind, …)`.

`kind` is the job kind's service module (server.services.exports.jobs,
server.services.privacy.export), read through `FileJobKind`: `JOB_KIND`, `build` (make and
store the file; nothing for an ended job), `fail` (mark an unfinished job failed),
`unfinished` (the ids of jobs that went quiet before they ended).

- the build task: idempotent (a duplicated or retried task for an ended job does nothing;
  every attempt writes the job's one key), retried with backoff (RETRY_DELAY s, then twice
  as long each time, RETRIES times); when the last attempt fails the job is marked failed;
- the resume task, every 5 minutes: queues the build again for each job that went quiet
  (its message was lost with a consumer killed mid-build);
- the retry: registered for `JOB_KIND` with server.tasks.jobs (an admin's retry, `state`
  — the job's parameters — kept), it queues the build again.

Task names: the queue stores a task's name (`<module>.<function>`) with every queued or
scheduled message and runs it by that name, so each caller passes the names its tasks had
when they were first declared; a renamed task would orphan the messages queued before.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, NamedTuple, Protocol

from huey import crontab
from sqlalchemy.orm import Session

from server import database, storage
from server.extensions import db
from server.storage import Storage
from server.tasks import periodic_task, task
from server.tasks.jobs import retries

#: Attempts after the first one; the first retry waits RETRY_DELAY s, each next one twice.
RETRIES = 3
RETRY_DELAY = 2


class FileJobKind(Protocol):
    """What the tasks use of a job kind's service module."""

    JOB_KIND: str

    def build(self, session: Session, store: Storage, job_id: str) -> bool: ...

    def fail(self, session: Session, job_id: str) -> None: ...

    def unfinished(self, session: Session) -> list[str]: ...


class FileJobTasks(NamedTuple):
    #: The queued task: `build(job_id)` enqueues, `build.call_local(job_id)` runs here.
    build: Any
    #: The periodic task that queues quiet jobs again.
    resume: Any
    #: The admin's retry of a failed job (registered with server.tasks.jobs).
    retry: Callable[[str], Any]


def _named(fn: Callable[..., Any], module: str, name: str, doc: str) -> Callable[..., Any]:
    """Give `fn` the queue name `<module>.<name>` (Huey names a task by these two)."""
    fn.__module__, fn.__name__, fn.__qualname__, fn.__doc__ = module, name, name, doc
    return fn


def declare(kind: FileJobKind, module: str, build: str, resume: str, what: str) -> FileJobTasks:
    """The tasks (build, resume, retry) of one file-job kind, registered as `<module>.<build>`
    and `<module>.<resume>`; `what` names a job in the log ("export job 1f…")."""
    log = logging.getLogger(module)

    def build_file(job_id: str, task: Any = None) -> None:
        try:
            kind.build(db.session, storage.for_app(), job_id)
        except Exception:
            db.session.rollback()
            if task is None or not task.retries:
                log.exception("%s %s failed", what, job_id)
                kind.fail(db.session, job_id)
            raise

    doc = f"Build and store one {what}'s file; on the last failed attempt mark it failed."
    build_task = task(retries=RETRIES, retry_delay=RETRY_DELAY, retry_backoff=2, context=True)(
        _named(build_file, module, build, doc)
    )

    def resume_quiet() -> None:
        with database.read_transaction(db.session):
            job_ids = kind.unfinished(db.session)
        for job_id in job_ids:
            log.warning("%s %s went quiet: queued again", what, job_id)
            build_task(job_id)

    doc = f"Queue again every {what} that went quiet before it ended."
    resume_task = periodic_task(crontab(minute="*/5"))(_named(resume_quiet, module, resume, doc))

    @retries(kind.JOB_KIND, keep_state=True)
    def retry(job_id: str) -> None:
        """A failed job, reset by `jobs.retry` (its parameters kept), runs again."""
        build_task(job_id)

    return FileJobTasks(build=build_task, resume=resume_task, retry=retry)
