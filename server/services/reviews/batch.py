"""A whole campaign's reviews rendered in parallel across cores (`flask reviews build`), and
the ZIP job rows (the ZIP itself is built by the task queue: server.services.reviews.zips).

Workers are separate processes (a ProcessPoolExecutor on a forkserver context, pre-loaded
with WeasyPrint and the templates) because layout is CPU-bound Python. Each worker opens its
own SQLAlchemy session on the same database, builds the review data in a deferred read
transaction (server.database.read_transaction: on SQLite it neither takes nor waits for the
write lock), ends it, then renders; results (PDF bytes) come back to the parent, which alone writes
the files. One failed review never stops the batch: it is reported and the others go on.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from datetime import datetime, timedelta
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
    #: The app's storage settings (server.storage.STORE_SETTINGS); empty: no photos.
    storage: tuple[tuple[str, str], ...] = ()


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
    _state["store"] = storage.from_config(dict(config.storage)) if config.storage else None
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


def create_job(
    session: Session,
    campaign_id: int,
    user: User | None,
    total: int,
    employee_ids: Sequence[int] | None = None,
) -> Job:
    """A queued ZIP job for the campaign; with `employee_ids` it is built by the task queue
    (server.services.reviews.zips), which keeps its working state in `Job.state`."""
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
        state=None if employee_ids is None else {"ids": list(employee_ids)},
    )
    session.add(job)
    session.flush()
    return job


def is_stale(job: Job, now: datetime | None = None) -> bool:
    """Tell whether a queued/running job's heartbeat stopped (read only). Only jobs of the
    thread era (no `state`) can be: a queue job is re-run by the queue (zips.py)."""
    if job.status not in ("queued", "running") or job.state is not None:
        return False
    beat = job.updated_at or job.created_at
    return beat is not None and (now or utcnow()) - beat >= STALE_AFTER


def end_if_stale(job: Job, now: datetime | None = None) -> bool:
    """Mark a queued/running job whose heartbeat stopped as failed ("interrupted").

    Such a job ran in a thread of the web process that started it, so a restart left its
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
