"""Exports as queued jobs (issue 13 §1 "large exports"; SPEC §8 exports).

`POST /api/v1/campaigns/<id>/exports` creates a Job of kind `export` whose `state` holds
the parameters `{"kind": answers|summary, "format": csv|xlsx}`; the task
(server/tasks/exports.py) calls `build`, which makes the file with the same service as the
GET export (`exports.export`: same rater codes, same anonymity rules, same bytes), stores
it under `exports/<job id>.<format>` and marks the job done with `result_path` set to that
key. `GET /jobs/<id>/download` serves it from storage (`download_name`, `mimetype`).

An erasure while the file is built: the build checks the campaign's privacy epoch when it
ends the job and builds again if it moved (server.services.privacy_epoch), so a file made
from data read before an erasure is never left done.

The job's lifecycle (queued, running, done or failed) is that of every file job
(`file_jobs`). Idempotent: a duplicated or retried task for a job that ended (done or
failed) does nothing, and every attempt writes the one key `exports/<job id>.<format>`, so
a job never leaves two objects. Only an admin's retry (server.tasks.jobs) re-opens a failed
job; it keeps `state`.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from server import database
from server.models import Job, User
from server.services import privacy_epoch
from server.services.exports import exports, file_jobs
from server.storage import Storage

JOB_KIND = "export"
KINDS = ("answers", "summary")
FORMATS = ("csv", "xlsx")
MIME = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
ENDED = file_jobs.ENDED
#: Builds of one attempt when erasures change the data meanwhile (then the task retries).
REBUILDS = 3
#: An unfinished job silent this long lost its message (a consumer killed mid-build; Huey
#: does not re-deliver it): `resume_export_jobs` queues it again. Its heartbeat
#: (updated_at) moves when a build starts; a build takes seconds to a few minutes.
QUIET = timedelta(minutes=15)


def create_job(session: Session, campaign_id: int, user: User | None, kind: str, fmt: str) -> Job:
    """A queued export job (flushed, not committed); the caller queues the task after its
    commit."""
    state = {"kind": kind, "format": fmt}
    return file_jobs.create(session, JOB_KIND, state, user, campaign_id=campaign_id)


def params(job: Job) -> tuple[str, str]:
    """The job's (kind, format)."""
    state: dict[str, Any] = job.state or {}
    return str(state.get("kind")), str(state.get("format"))


def export_key(job_id: str, fmt: str) -> str:
    """The storage key of the job's file."""
    return f"exports/{job_id}.{fmt}"


def download_name(job: Job) -> str:
    """The file name the download offers (the GET export's name)."""
    kind, fmt = params(job)
    return f"campaign-{job.campaign_id}-{kind}.{fmt}"


def mimetype(job: Job) -> str:
    return MIME[params(job)[1]]


def _params(job: Job) -> tuple[int, str, str] | None:
    """(campaign, kind, format); None for a job of no campaign."""
    if job.campaign_id is None:
        return None
    kind, fmt = params(job)
    return job.campaign_id, kind, fmt


def build(session: Session, store: Storage, job_id: str) -> bool:
    """Build and store the job's file; False when there was nothing to do (ended job).
    A file whose data an erasure changed before the job ended is built again
    (server.services.privacy_epoch); `REBUILDS` times at most, then it raises (retried)."""
    begun = file_jobs.begin(session, job_id, _params)
    if begun is None:
        return False
    campaign_id, kind, fmt = begun
    if kind == "answers":  # stable rater codes are stored once, as the GET export does
        with database.read_transaction(session):
            missing = exports.missing_rater_keys(session, campaign_id)
        if missing:
            with database.write_transaction(session):
                exports.rater_codes(session, campaign_id, missing)
    key = export_key(job_id, fmt)
    for _ in range(REBUILDS):
        with database.read_transaction(session):
            epoch = privacy_epoch.read(session, campaign_id)  # before the data
            body, _, _ = exports.export(session, campaign_id, kind, fmt)
        store.put(key, body)

        def unchanged(seen: int = epoch) -> bool:
            return privacy_epoch.locked(session, campaign_id) == seen

        if file_jobs.finish(session, job_id, key, still_valid=unchanged):
            return True
    store.delete(key)
    raise RuntimeError("export: erasures kept changing the data while it was built")


def fail(session: Session, job_id: str, error: str = "error") -> None:
    """Mark an unfinished job failed (its last attempt raised)."""
    file_jobs.fail(session, job_id, error)


def unfinished(
    session: Session, quiet_for: timedelta = QUIET, now: datetime | None = None
) -> list[str]:
    """Export jobs not ended whose heartbeat is older than `quiet_for`."""
    return file_jobs.unfinished(session, JOB_KIND, quiet_for, now)
