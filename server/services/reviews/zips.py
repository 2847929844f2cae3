"""A campaign's review ZIP, built by the task queue from stored PDFs (issue 13 §1, §3).

The job is a chain of short *rounds* (server/tasks/reviews.py `zip_round`), never one long
task, so that no consumer death can lose it:

1. A round first counts itself in the Job row (`state.rounds`, the heartbeat), takes a new
   chain token, and the task layer schedules the *next* round twice with that token: after
   `REVIEW_ZIP_CHECK_SECONDS` and, as a backup, after four times that. Whichever message
   runs first takes the token over; the other then finds its token stale and does nothing.
   A dequeued message dies with its consumer (SIGKILL; SqliteHuey has no acknowledgement),
   so a consumer killed while holding one round message still leaves the other queued.
2. Rounds read the data of the next `PLAN_BATCH` reviews (for HR), hash it (server.services.
   reviews.stored) and add it to the plan, `Job.state["reviews"]` ({employee id: storage key,
   file name}), until every review is planned; a review whose data cannot be built is a
   failure at once. Short rounds: renders start while the rest is being planned.
3. Every round checks which planned keys are in storage. A review planned in this round and
   missing is queued as one `render_review` task (N consumers on M machines render in
   parallel); all missing ones are queued again whenever `REQUEUE_AFTER` rounds in a row
   saw no progress (their tasks were lost with a killed consumer). Rendering is idempotent
   (content-addressed keys, one ReviewPdf row per hash): a duplicate stores nothing twice.
4. After `INLINE_AFTER` rounds without progress (or at once in immediate mode, tests) the
   round renders what is still missing itself; a review that fails then is a failure.
5. When every review is planned and none is missing, the round assembles the ZIP from
   storage, stores it under `zips/<job id>.zip` (Job.result_path is that key, so any node
   can serve it) and ends the job; rounds of an ended job do nothing. `MAX_ROUNDS` bounds a
   job that never completes.

An erasure while the job runs (server.services.privacy_epoch): the plan keeps the campaign's
privacy epoch read before its first review was read; a round that finds the epoch moved,
and the transaction that ends the job (the epoch read under a shared lock on the campaign),
start the plan again from the first review, so a ZIP made from reviews read before an
erasure is never left done (the erasure deleted their PDFs; they are rendered anew).

A periodic task (every minute) also re-queues a round for any unfinished job whose heartbeat
is older than a few check intervals (both messages of a pair lost, or a kill before the pair
was scheduled).
"""

from __future__ import annotations

import io
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server import database
from server.models import Job
from server.models.base import utcnow
from server.services import privacy_epoch
from server.services.reviews import batch, stored
from server.storage import Storage

ENDED = ("done", "failed")
REQUEUE_AFTER = 3
#: Reviews hashed per round (about 0.1 s each), so a round stays short.
PLAN_BATCH = 20
INLINE_AFTER = 12
MAX_ROUNDS = 5000


@dataclass(frozen=True)
class Hooks:
    """What a round needs from the queue: how to queue one review's render, and whether
    tasks run at once in the caller (immediate mode)."""

    enqueue_render: Callable[[int, int], None]
    inline: bool = False


def zip_key(job_id: str) -> str:
    """The storage key of the job's ZIP."""
    return f"zips/{job_id}.zip"


def start_round(session: Session, job_id: str, token: str | None = None) -> str | None:
    """Count a round in the job (its heartbeat) and hand it the chain's new token; None
    when there is nothing to do: the job ended, or `token` is stale (the other message of
    the same pair already ran). A round started without a token (the first one, or one
    re-queued by `resume_zip_jobs`) always runs."""
    with database.write_transaction(session):
        job = session.get(Job, job_id)
        if job is None or job.status in ENDED:
            return None
        state = dict(job.state or {})
        if token is not None and state.get("token") != token:
            return None
        state["rounds"] = int(state.get("rounds", 0)) + 1
        state["token"] = uuid.uuid4().hex
        job.state, job.status = state, "running"
        if state["rounds"] > MAX_ROUNDS:
            job.status, job.error, job.finished_at = "failed", "timeout", utcnow()
            return None
        return str(state["token"])


@dataclass(frozen=True)
class _Snapshot:
    """The job as read in one short read transaction (plain values: no lazy loads later)."""

    campaign_id: int
    done: int
    failed: frozenset[int]
    state: dict[str, Any]


def _snapshot(session: Session, job_id: str) -> _Snapshot:
    with database.read_transaction(session):
        job = session.get_one(Job, job_id)
        failed = frozenset(f["employee_id"] for f in job.failures)
        return _Snapshot(job.campaign_id or 0, job.done, failed, dict(job.state or {}))


def _add_failures(session: Session, job_id: str, failures: list[batch.Result]) -> None:
    with database.write_transaction(session):
        job = session.get_one(Job, job_id)
        job.failures = [*job.failures, *(batch.failure_entry(session, f) for f in failures)]


def _failure(employee_id: int, exc: Exception) -> batch.Result:
    return batch.Result(employee_id, error=f"{type(exc).__name__}: {exc}")


def _plan_next(
    session: Session, store: Storage, job_id: str, snap: _Snapshot, limit: int
) -> list[int]:
    """Hash the next `limit` reviews ({employee id: {key, name}} in the state); a review
    whose data cannot be built is a failure. Returns the ids planned now (not failed)."""
    planned = int(snap.state.get("planned", 0))
    chunk = list(snap.state.get("ids", []))[planned : planned + limit]
    reviews: dict[str, dict[str, str]] = {}
    failures: list[batch.Result] = []
    with database.read_transaction(session):
        epoch = privacy_epoch.read(session, snap.campaign_id)  # before the data
        for employee_id in chunk:
            try:
                prepared = stored.prepare(session, store, snap.campaign_id, employee_id, "hr")
            except Exception as exc:  # noqa: BLE001 - reported per review, the job goes on
                failures.append(_failure(employee_id, exc))
                continue
            reviews[str(employee_id)] = {"key": prepared.key, "name": prepared.filename}
    _add_failures(session, job_id, failures)
    with database.write_transaction(session):
        job = session.get_one(Job, job_id)
        state = dict(job.state or {})
        if state.get("epoch") is None or planned == 0:
            state["epoch"] = epoch
        elif state["epoch"] != epoch:
            return []  # an erasure meanwhile: this chunk is not kept (the next round restarts)
        state["reviews"] = {**state.get("reviews", {}), **reviews}
        state["planned"] = max(int(state.get("planned", 0)), planned + len(chunk))
        job.state = state
    return [int(e) for e in reviews]


def _missing(store: Storage, snap: _Snapshot) -> list[int]:
    reviews = snap.state.get("reviews", {})
    return [
        int(e)
        for e, r in reviews.items()
        if int(e) not in snap.failed and not store.exists(r["key"])
    ]


def _render_here(session: Session, store: Storage, job_id: str, snap: _Snapshot) -> None:
    """Render what is still missing in this round; a review that fails is a failure."""
    failures = []
    for employee_id in _missing(store, snap):
        try:
            stored.render_once(session, store, snap.campaign_id, employee_id, ["hr"])
        except Exception as exc:  # noqa: BLE001 - reported per review, the job goes on
            session.rollback()
            failures.append(_failure(employee_id, exc))
    _add_failures(session, job_id, failures)


def run_round(session: Session, store: Storage, job_id: str, hooks: Hooks) -> None:
    """One round of the job (after `start_round`): plan the next reviews, queue, wait for
    or render the missing ones, and assemble the ZIP when all are planned and stored."""
    _restart_if_erased(session, job_id)
    snap = _snapshot(session, job_id)
    total = len(snap.state.get("ids", []))
    fresh = _plan_next(session, store, job_id, snap, total if hooks.inline else PLAN_BATCH)
    snap = _snapshot(session, job_id)
    missing = _missing(store, snap)
    done = int(snap.state.get("planned", 0)) - len(missing)
    stalled = 0 if done > snap.done or fresh or not missing else _stalled(snap) + 1
    requeue = bool(stalled) and stalled % REQUEUE_AFTER == 0
    for employee_id in missing if requeue else [e for e in missing if e in fresh]:
        hooks.enqueue_render(snap.campaign_id, employee_id)  # immediate mode: rendered here
    if missing and (hooks.inline or stalled >= INLINE_AFTER):
        _render_here(session, store, job_id, _snapshot(session, job_id))
    snap = _snapshot(session, job_id)
    missing = _missing(store, snap)
    planned = int(snap.state.get("planned", 0))
    _save_progress(session, job_id, stalled, planned - len(missing))
    if planned >= total and not missing:
        _assemble(session, store, job_id)


def _restart(job: Job, epoch: int) -> None:
    """Start the plan again from the first review, at `epoch` (failures are kept)."""
    state = dict(job.state or {})
    for key in ("reviews", "planned", "stalled"):
        state.pop(key, None)
    job.state = {**state, "epoch": epoch, "restarts": int(state.get("restarts", 0)) + 1}
    job.done = 0


def _restart_if_erased(session: Session, job_id: str) -> None:
    """A plan made at an older privacy epoch (an erasure since) starts again."""
    with database.write_transaction(session):
        job = session.get_one(Job, job_id)
        known = (job.state or {}).get("epoch")
        if known is None or job.campaign_id is None:
            return
        now = privacy_epoch.locked(session, job.campaign_id)
        if now != known:
            _restart(job, now)


def _stalled(snap: _Snapshot) -> int:
    return int(snap.state.get("stalled", 0))


def _save_progress(session: Session, job_id: str, stalled: int, done: int) -> None:
    with database.write_transaction(session):
        job = session.get_one(Job, job_id)
        job.state = {**(job.state or {}), "stalled": stalled}
        job.done = done


def _assemble(session: Session, store: Storage, job_id: str) -> None:
    """Write the ZIP of every stored review to storage and end the job."""
    with database.read_transaction(session):
        job = session.get_one(Job, job_id)
        failed = {f["employee_id"] for f in job.failures}
        reviews = dict((job.state or {}).get("reviews", {}))
        total = len((job.state or {}).get("ids", []))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for employee_id, review in sorted(reviews.items(), key=lambda kv: int(kv[0])):
            if int(employee_id) not in failed:
                archive.writestr(review["name"], store.get(review["key"]))
    store.put(zip_key(job_id), buffer.getvalue())
    with database.write_transaction(session):
        job = session.get_one(Job, job_id)
        now = privacy_epoch.locked(session, job.campaign_id or 0)
        stale = (job.state or {}).get("epoch") != now  # an erasure since the plan was read
        if stale:
            _restart(job, now)
        else:
            for employee_id, review in reviews.items():
                if int(employee_id) not in failed:
                    campaign_id = job.campaign_id or 0
                    stored.record_key(session, campaign_id, int(employee_id), review["key"])
            job.result_path = zip_key(job_id)
            job.status = "failed" if total and len(failed) >= total else "done"
            job.done, job.finished_at = total, utcnow()
    if stale:  # the ZIP may hold an erased person: the next round plans again
        store.delete(zip_key(job_id))


def unfinished(session: Session, quiet_for: timedelta, now: datetime | None = None) -> list[str]:
    """Queue-built ZIP jobs (they have a state) not ended and silent for `quiet_for`."""
    cutoff = (now or utcnow()) - quiet_for
    rows = session.execute(
        select(Job.id, Job.state, Job.updated_at).where(
            Job.kind == batch.JOB_KIND, Job.status.not_in(ENDED)
        )
    ).all()
    return [r.id for r in rows if r.state is not None and (r.updated_at or cutoff) <= cutoff]
