"""Review PDFs and review ZIPs as queued tasks (issue 13 §1, §3).

- `render_review(campaign, employee, audiences)`: renders ONE review PDF into storage under
  `reviews/<content hash>.pdf` and records it (server.services.reviews.stored). Idempotent: a
  duplicated or retried task finds the key and stores nothing twice. Retried with backoff.
- `render_campaign(campaign)`: queues `render_review` for every review of a campaign (for
  the employee and for HR: usually the same data, so one render). Queued when a campaign is
  released (server/api/campaigns.py) and by `flask scores recompute` for released
  campaigns; an unchanged review keeps its hash and is not rendered again.
- `zip_round(job)`: one round of a ZIP job; the design that makes a job survive a consumer
  killed with SIGKILL is in server.services.reviews.zips. Each round schedules the next one
  (and a backup of it) before working; `resume_zip_jobs` (every minute) re-queues a round
  for a job whose heartbeat is older than a few check intervals.

Producers call `queue_campaign` / `start_zip` below (after their transaction committed).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from server import database, storage
from server.domain_errors import NotFound
from server.extensions import db
from server.services.reviews import batch, reports, stored, zips
from server.tasks import app_for_tasks, huey, task
from server.tasks.jobs import retries
from server.tasks.periodic import every

log = logging.getLogger(__name__)
#: Who reads a released review: the employee (and manager) and HR; usually the same data.
AUDIENCES = ["employee", "hr"]
#: Seconds between two rounds of a ZIP job (REVIEW_ZIP_CHECK_SECONDS).
CHECK_SECONDS = 5
#: The backup message of each next round runs this many check intervals later.
BACKUP_FACTOR = 4


def _check_seconds() -> float:
    return float(app_for_tasks().config.get("REVIEW_ZIP_CHECK_SECONDS") or CHECK_SECONDS)


@task(retries=4, retry_delay=2, retry_backoff=2)
def render_review(campaign_id: int, employee_id: int, audiences: list[str]) -> None:
    """Render one review's PDF into storage unless its current hash is stored already (a
    review that no longer exists is not retried: a ZIP job reports it as a failure)."""
    try:
        stored.render_once(db.session, storage.for_app(), campaign_id, employee_id, audiences)
    except NotFound:
        log.warning("review %s/%s not found: nothing to render", campaign_id, employee_id)


@task(retries=3, retry_delay=5, retry_backoff=2)
def render_campaign(campaign_id: int) -> None:
    """Queue every review's PDF of the campaign (one task each: consumers share them)."""
    with database.read_transaction(db.session):
        ids = reports.subject_ids(db.session, campaign_id)
    for employee_id in ids:
        render_review(campaign_id, employee_id, AUDIENCES)


def _enqueue_render(campaign_id: int, employee_id: int) -> None:
    render_review(campaign_id, employee_id, ["hr"])


@task(priority=10)
def zip_round(job_id: str, token: str | None = None) -> None:
    """One round of a ZIP job (server.services.reviews.zips); schedules the next round
    first (twice: the second is a backup), so a consumer killed mid-round leaves the job
    going."""
    new_token = zips.start_round(db.session, job_id, token)
    if new_token is None:
        return
    if not huey.immediate:
        check = _check_seconds()
        zip_round.schedule((job_id, new_token), delay=check)
        zip_round.schedule((job_id, new_token), delay=BACKUP_FACTOR * check)
    hooks = zips.Hooks(_enqueue_render, inline=huey.immediate)
    zips.run_round(db.session, storage.for_app(), job_id, hooks)


@every(1)
def resume_zip_jobs(session: Session, now: datetime) -> dict[str, int]:
    """Every minute (once per minute however many schedulers run): re-queue a round for any
    unfinished ZIP job that went quiet (its round chain broke)."""
    quiet = timedelta(seconds=max(60.0, 2 * BACKUP_FACTOR * _check_seconds()))
    with database.read_transaction(session):  # ended before rounds are queued (immediate
        job_ids = zips.unfinished(session, quiet, now)  # mode runs them here, on SQLite)
    for job_id in job_ids:
        zip_round(job_id)
    return {"resumed": len(job_ids)}


def queue_campaign(campaign_id: int) -> None:
    """Queue the PDFs of a (just released or re-scored) campaign."""
    render_campaign(campaign_id)


@retries(batch.JOB_KIND)
def retry_zip(job_id: str) -> None:
    """A failed ZIP job, reset by `jobs.retry` (admin's retry), starts again from its first
    round; PDFs already stored are reused."""
    zip_round(job_id)


def start_zip(job_id: str) -> Any:
    """Queue the first round of a ZIP job (its row is committed)."""
    return zip_round(job_id)
