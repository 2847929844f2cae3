"""A whole campaign's reviews, rendered in parallel across cores, as files or one ZIP.

Workers are separate processes (a ProcessPoolExecutor on a forkserver context, pre-loaded
with WeasyPrint and the templates) because layout is CPU-bound Python. Each worker opens its
own SQLAlchemy session on the same database, builds the review data in a deferred read
transaction (server.database.read_transaction: on SQLite it neither takes nor waits for the
write lock), ends it, then renders; results (PDF bytes) come back to the parent, which alone
writes the ZIP and the Job row. One failed review never stops the batch: it is recorded in
`Job.failures` and the others go on.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import zipfile
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from server.models import Job, User
from server.models.base import utcnow

JOB_KIND = "reviews_zip"
#: A queued or running job whose heartbeat (Job.updated_at) is older than this was cut off
#: (server restart, killed worker): one review takes about a second, so ten minutes without
#: progress cannot be a live job.
STALE_AFTER = timedelta(minutes=10)
#: Render processes run at this (lower) CPU priority, so a ZIP job does not slow other users.
WORKER_NICENESS = 10


@dataclass(frozen=True)
class WorkerConfig:
    """What a worker process needs to reach the data."""

    database_url: str
    attachment_dir: str | None = None


@dataclass
class Result:
    employee_id: int
    filename: str | None = None
    pdf: bytes | None = None
    error: str | None = None


_state: dict[str, Any] = {}


def _init_worker(config: WorkerConfig) -> None:
    from server import database, storage
    from server.reports import render

    database.install_sqlite_pragmas()  # WAL, busy_timeout, and deferred reads below
    with contextlib.suppress(OSError):
        # Background work: interactive requests of the web workers win the cores first.
        os.nice(WORKER_NICENESS)
    connect_args = {"timeout": 30} if config.database_url.startswith("sqlite") else {}
    _state["engine"] = create_engine(config.database_url, connect_args=connect_args)
    _state["store"] = storage.local(config.attachment_dir) if config.attachment_dir else None
    render.warm_up()


def build_one(campaign_id: int, employee_id: int) -> Result:
    """Render one review in a worker; any exception becomes a reported failure.

    The data (and photo thumbnails) are read in one deferred read transaction, which ends
    before WeasyPrint renders: a worker never holds or waits for SQLite's write lock.
    """
    from server import database
    from server.reports import render
    from server.services.reviews import reports

    try:
        with Session(_state["engine"]) as session, database.read_transaction(session):
            data = reports.build_review_data(session, campaign_id, employee_id, "hr")
            photos = reports.review_photos(session, data, _state["store"])
        pdf = render.render_review_pdf(
            data, draft=not data["campaign"].get("released"), photo_loader=photos.get
        )
        return Result(employee_id, reports.review_filename(data), pdf)
    except Exception as exc:  # noqa: BLE001 - reported per review, the batch goes on
        return Result(employee_id, error=f"{type(exc).__name__}: {exc}")


def _context() -> Any:
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(
        ["server.services.reviews.batch", "server.reports.render", "weasyprint"]
    )
    return ctx


def build_reviews(
    campaign_id: int, employee_ids: Sequence[int], config: WorkerConfig, workers: int = 2
) -> Iterator[Result]:
    """Yield one Result per employee, in completion order, using `workers` processes."""
    if not employee_ids:
        return
    with ProcessPoolExecutor(
        max_workers=max(1, workers),
        mp_context=_context(),
        initializer=_init_worker,
        initargs=(config,),
    ) as pool:
        futures: dict[Future[Result], int] = {
            pool.submit(build_one, campaign_id, e): e for e in employee_ids
        }
        for future in as_completed(futures):
            try:
                yield future.result()
            except Exception as exc:  # noqa: BLE001 - e.g. a worker killed by the OS
                yield Result(futures[future], error=f"{type(exc).__name__}: {exc}")


def create_job(session: Session, campaign_id: int, user: User | None, total: int) -> Job:
    """A queued ZIP job for the campaign."""
    import uuid

    job = Job(
        id=str(uuid.uuid4()),
        kind=JOB_KIND,
        campaign_id=campaign_id,
        status="queued",
        total=total,
        done=0,
        failures=[],
        created_by_id=user.id if user else None,
    )
    session.add(job)
    session.flush()
    return job


def run_job(
    session: Session,
    job: Job,
    employee_ids: Sequence[int],
    config: WorkerConfig,
    out_dir: Path,
    *,
    workers: int = 2,
    on_progress: Callable[[Job], None] = lambda job: None,
) -> Job:
    """Render every review into `out_dir/<job id>.zip`, updating the job as results arrive.

    `on_progress` is called after each change (the caller commits there, so pollers see it):
    each progress update is one short write transaction. Job attributes are read before the
    workers start: touching an expired attribute opens a transaction, and outside a request
    that one begins IMMEDIATE on SQLite, holding the write lock while the workers render.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    final = out_dir / f"{job.id}.zip"
    partial = out_dir / f"{job.id}.zip.part"
    campaign_id = job.campaign_id or 0
    job.status = "running"
    on_progress(job)
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_STORED) as archive:
        for result in build_reviews(campaign_id, employee_ids, config, workers):
            if result.error or result.pdf is None or result.filename is None:
                job.failures = [*job.failures, failure_entry(session, result)]
            else:
                archive.writestr(result.filename, result.pdf)
            job.done += 1
            on_progress(job)
    partial.replace(final)
    job.result_path = str(final)
    job.status = "failed" if employee_ids and len(job.failures) == len(employee_ids) else "done"
    job.finished_at = utcnow()
    on_progress(job)
    return job


def is_stale(job: Job, now: datetime | None = None) -> bool:
    """Tell whether a queued/running job's heartbeat stopped (read only)."""
    if job.status not in ("queued", "running"):
        return False
    beat = job.updated_at or job.created_at
    return beat is not None and (now or utcnow()) - beat >= STALE_AFTER


def end_if_stale(job: Job, now: datetime | None = None) -> bool:
    """Mark a queued/running job whose heartbeat stopped as failed ("interrupted").

    The job runs in a thread of the web process that started it, so a restart leaves its
    row behind; pollers would otherwise wait forever. Returns True when it changed the job.
    """
    now = now or utcnow()
    if not is_stale(job, now):
        return False
    job.status = "failed"
    job.error = "interrupted"
    job.finished_at = now
    return True


def failure_entry(session: Session, result: Result) -> dict[str, Any]:
    """A failed review as the job reports it; the name (None for an unknown id) lets HR see
    at once whose review is missing from the ZIP."""
    name = session.scalar(select(User.name).where(User.id == result.employee_id))
    return {"employee_id": result.employee_id, "name": name, "error": result.error or "no output"}


def job_view(job: Job) -> dict[str, Any]:
    """The job as the API shows it."""
    return {
        "id": job.id,
        "kind": job.kind,
        "campaign_id": job.campaign_id,
        "status": job.status,
        "total": job.total,
        "done": job.done,
        "failures": job.failures,
        "error": job.error,
        "created_at": job.created_at.isoformat() if job.created_at else None,
        "finished_at": job.finished_at.isoformat() if job.finished_at else None,
        "download_ready": job.status == "done" and bool(job.result_path),
    }
