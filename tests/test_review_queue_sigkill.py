"""Issue 13 §1 (Proof): a consumer killed with SIGKILL mid-batch loses nothing.

Real consumers (`flask worker`, two worker processes each) on a SQLite queue, file storage
and the test's SQLite database, all in tmp. A ZIP job of several reviews is started; the
first consumer is SIGKILLed (its whole process group) once some PDFs are stored and before
all are; a second consumer finishes the batch: the job is done with every PDF stored and
recorded exactly once, and the ZIP holds each of them.
"""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from server import storage, tasks
from server.extensions import db
from server.models import Job, ReviewPdf
from server.services.reviews import batch
from server.tasks import reviews as review_tasks
from tests.factories import latest_version as _version
from tests.factories import make_user
from tests.reports_data import _rate, build

ROOT = Path(__file__).resolve().parent.parent
EXTRA_SUBJECTS = 6


def _env(app: Any, tmp_path: Path) -> dict[str, str]:
    inherited = {k: v for k, v in os.environ.items() if not k.startswith("FLASK_")}
    return {
        **inherited,
        "FLASK_SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        "INSTANCE_PATH": str(tmp_path / "instance"),
        "FLASK_ATTACHMENT_DIR": app.config["ATTACHMENT_DIR"],
        "FLASK_QUEUE_URL": f"sqlite:///{tmp_path / 'queue.db'}",
        "FLASK_REVIEW_ZIP_CHECK_SECONDS": "1",
    }


def _consumer(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:  # the child keeps its own descriptor
        return subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "server:create_app", "worker", "-w", "2"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: SIGKILL reaches its workers too
        )


@pytest.fixture
def consumers(tmp_path: Path) -> Iterator[list[subprocess.Popen[bytes]]]:
    started: list[subprocess.Popen[bytes]] = []
    yield started
    for proc in started:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)


def _wait(predicate: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def _count(campaign_id: int) -> int:
    n = db.session.scalar(
        select(func.count()).select_from(ReviewPdf).where(ReviewPdf.campaign_id == campaign_id)
    )
    db.session.rollback()
    return int(n or 0)


def _status(job_id: str) -> str:
    status = db.session.scalar(select(Job.status).where(Job.id == job_id))
    db.session.rollback()
    return str(status)


def _campaign(app: Any) -> tuple[int, list[int]]:
    data = build(app)
    fv = _version("service-360")
    for _ in range(EXTRA_SUBJECTS):
        subject = make_user(unit_id=data.unit.id, manager_id=data.manager.id)
        _rate(data.campaign, fv, subject, "supervisor", 4, data.manager)
    db.session.commit()
    from server.services.reviews import reports

    ids = reports.subject_ids(db.session, data.campaign.id)
    campaign_id = data.campaign.id
    db.session.rollback()
    return campaign_id, ids


def _enqueue_zip(app: Any, tmp_path: Path, campaign_id: int, ids: list[int]) -> str:
    job = batch.create_job(db.session, campaign_id, None, len(ids), ids)
    job_id = job.id
    db.session.commit()
    saved = tasks.huey.storage, tasks.huey.immediate
    tasks.huey.storage = tasks.storage_for(f"sqlite:///{tmp_path / 'queue.db'}")
    tasks.huey._immediate = False  # noqa: SLF001 - as tasks.init_app does
    try:
        review_tasks.start_zip(job_id)
    finally:
        tasks.huey.storage, tasks.huey._immediate = saved  # noqa: SLF001
    return job_id


def test_sigkilled_consumer_mid_batch_loses_nothing(
    app: Any, tmp_path: Path, consumers: list[subprocess.Popen[bytes]]
) -> None:
    campaign_id, ids = _campaign(app)
    assert len(ids) == EXTRA_SUBJECTS + 2
    job_id = _enqueue_zip(app, tmp_path, campaign_id, ids)
    env = _env(app, tmp_path)
    started = time.monotonic()
    consumers.append(_consumer(env, tmp_path / "first.log"))
    _wait(lambda: _count(campaign_id) >= 2, 180, "the first stored PDFs")
    print(f"kill at {time.monotonic() - started:.1f}s with {_count(campaign_id)} stored")
    os.killpg(consumers[0].pid, signal.SIGKILL)
    consumers[0].wait(timeout=30)
    at_kill = _count(campaign_id)
    assert at_kill < len(ids), "the batch finished before the kill: not mid-batch"
    assert _status(job_id) != "done"
    consumers.append(_consumer(env, tmp_path / "second.log"))
    _wait(lambda: _status(job_id) in ("done", "failed"), 300, "the job to end")
    print(f"done at {time.monotonic() - started:.1f}s")
    job = db.session.get_one(Job, job_id)
    assert job.status == "done" and job.failures == [] and job.done == job.total == len(ids)
    found = db.session.execute(
        select(ReviewPdf.employee_id, ReviewPdf.storage_key).where(
            ReviewPdf.campaign_id == campaign_id
        )
    ).all()
    assert sorted(e for e, _ in found) == sorted(ids)  # every review once
    keys = {k for _, k in found}
    on_disk = {
        f"reviews/{p.name}" for p in (Path(app.config["ATTACHMENT_DIR"]) / "reviews").iterdir()
    }
    assert keys == on_disk and len(keys) == len(ids)
    store = storage.for_app()
    archive = zipfile.ZipFile(io.BytesIO(store.get(job.result_path or "")))
    assert len(set(archive.namelist())) == len(archive.namelist()) == len(ids)
    assert sorted(archive.read(n) for n in archive.namelist()) == sorted(store.get(k) for k in keys)
