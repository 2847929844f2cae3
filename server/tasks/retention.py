"""Retention (issue 17 §5) and the personal-data export job (issue 17 §4).

`retention`, every hour (a periodic action: once per slot, its report, the count per data
kind, recorded in `periodic_run` and shown to admins by `GET /api/v1/admin/privacy/retention`):
deletes or pseudonymises what is past its period (server.services.privacy.retention; the
periods are `RETENTION_DAYS` over the defaults of server.services.privacy.policy).

`build_person_export(job)` builds one person's ZIP (server.services.privacy.export),
retried with backoff like the campaign exports; the last failed attempt marks the job failed,
and an admin's retry from the operations tab runs it again for the same person;
`resume_person_exports` (every 5 minutes) queues again a job silent for `export.QUIET`.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from flask import current_app
from huey import crontab
from sqlalchemy.orm import Session

from server import database, storage
from server.extensions import db
from server.services.privacy import export, policy
from server.services.privacy import retention as sweeps
from server.tasks import periodic_task, task
from server.tasks.jobs import retries
from server.tasks.periodic import every

log = logging.getLogger(__name__)


@every(60)
def retention(session: Session, now: datetime) -> dict[str, int]:
    periods = policy.periods(current_app.config.get("RETENTION_DAYS"))
    report = sweeps.sweep(session, storage.for_app(), now, periods)
    session.commit()
    return report


@task(retries=3, retry_delay=2, retry_backoff=2, context=True)
def build_person_export(job_id: str, task: Any = None) -> None:
    """Build and store one personal-data export; on the last failed attempt mark it failed."""
    try:
        export.build(db.session, storage.for_app(), job_id)
    except Exception:
        db.session.rollback()
        if task is None or not task.retries:
            log.exception("personal-data export %s failed", job_id)
            export.fail(db.session, job_id)
        raise


@periodic_task(crontab(minute="*/5"))
def resume_person_exports() -> None:
    """Queue again every personal-data export that went quiet before it ended."""
    with database.read_transaction(db.session):
        job_ids = export.unfinished(db.session)
    for job_id in job_ids:
        log.warning("personal-data export %s went quiet: queued again", job_id)
        build_person_export(job_id)


@retries(export.JOB_KIND, keep_state=True)
def retry_person_export(job_id: str) -> None:
    """A failed export, reset by an admin's retry (its person kept in `state`), runs again."""
    build_person_export(job_id)


def start_person_export(job_id: str) -> Any:
    """Queue a personal-data export job (its row is committed)."""
    return build_person_export(job_id)
