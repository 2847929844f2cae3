"""The personal-data export (issue 17 §4): one person's ZIP of JSON and review PDFs,
built as a queued job like the campaign exports (server/tasks/privacy.py queues
`build`); its lifecycle (queued, running, done or failed) is that of every file job,
server.services.exports.file_jobs.

The job (kind `privacy_export`, `state` {"user_id"}) is built by a consumer: the data is
collected (`collect.person_data`) in a read transaction, each released review's PDF is
read from storage or rendered once and stored (server.services.reviews.stored, as the
employee reads it), and the ZIP is stored under `privacy/<job id>.zip`:

    person.json                       everything of `collect` (UTF-8, indented)
    reviews/review-<campaign>-….pdf   one PDF per released review
    README.txt                        what each part holds

Idempotent: a job that ended does nothing; every attempt writes the one key.
"""

from __future__ import annotations

import io
import json
import zipfile
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from server import database
from server.domain_errors import NotFound
from server.models import Job, User
from server.services.exports import file_jobs
from server.services.privacy import collect, generated
from server.services.reviews import stored
from server.storage import Storage

JOB_KIND = generated.PERSON_EXPORT
MIMETYPE = "application/zip"
ENDED = generated.ENDED
#: An unfinished job silent this long lost its message (a consumer killed mid-build):
#: `resume_person_exports` queues it again (as the campaign exports do).
QUIET = timedelta(minutes=15)
README = (
    "person.json: the profile, the submissions written, the submissions about the person "
    "from named groups of released campaigns, the released reviews, the action items owned, "
    "notifications, acknowledgements, development plans and who read the reviews.\n"
    "reviews/: the PDF of each released review, as the employee reads it.\n"
)


def create_job(session: Session, person: User, actor: User | None) -> Job:
    """A queued export job for `person` (flushed; the caller queues the task after commit)."""
    return file_jobs.create(session, JOB_KIND, {"user_id": person.id}, actor)


def get_job(session: Session, job_id: str) -> Job:
    job = session.get(Job, job_id) if len(job_id) <= 36 else None
    if job is None or job.kind != JOB_KIND:
        raise NotFound("not_found", "No such job.")
    return job


def person_of(job: Job) -> int:
    return int((job.state or {}).get("user_id") or 0)


def zip_key(job_id: str) -> str:
    return f"privacy/{job_id}.zip"


def download_name(job: Job) -> str:
    return f"personal-data-{person_of(job)}.zip"


def _pdfs(session: Session, store: Storage, user_id: int, ids: list[int]) -> dict[str, bytes]:
    out = {}
    for campaign_id in ids:
        pdf, name = stored.served_pdf(session, store, campaign_id, user_id, audience="employee")
        out[f"reviews/{name}"] = pdf
    return out


def archive(data: dict[str, Any], pdfs: dict[str, bytes]) -> bytes:
    """The ZIP of the person's data and PDFs."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("README.txt", README)
        zf.writestr("person.json", json.dumps(data, ensure_ascii=False, indent=2, default=str))
        for name, body in pdfs.items():
            zf.writestr(name, body)
    return buffer.getvalue()


def build(session: Session, store: Storage, job_id: str) -> bool:
    """Build and store the job's ZIP; False when there was nothing to do (ended job)."""
    user_id = file_jobs.begin(session, job_id, person_of)
    if user_id is None:
        return False
    with database.read_transaction(session):
        user = session.get(User, user_id)
        if user is None:
            raise NotFound("not_found", "No such person.")
        data = collect.person_data(session, user)
    released = [r["campaign"]["id"] for r in data["reviews"]]
    body = archive(data, _pdfs(session, store, user_id, released))
    key = zip_key(job_id)
    store.put(key, body)
    file_jobs.finish(session, job_id, key)
    return True


def fail(session: Session, job_id: str, error: str = "error") -> None:
    """Mark an unfinished job failed (its last attempt raised)."""
    file_jobs.fail(session, job_id, error)


def unfinished(
    session: Session, quiet_for: timedelta = QUIET, now: datetime | None = None
) -> list[str]:
    """Export jobs not ended whose heartbeat is older than `quiet_for`."""
    return file_jobs.unfinished(session, JOB_KIND, quiet_for, now)
