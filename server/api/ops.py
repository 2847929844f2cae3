"""Admin: the operations view (queue, consumers, jobs, periodic runs) and job retry."""

from __future__ import annotations

from typing import Any

from server.api.access import current, roles_required
from server.api.body import Blueprint
from server.database import read_transaction
from server.errors import ApiError
from server.extensions import db
from server.models import Job
from server.schemas.ops import OpsJobSchema, OpsStatusSchema
from server.services.org import accounts
from server.tasks import jobs, status

blp = Blueprint("ops", __name__, url_prefix="/api/v1/admin", description="Operations (admin)")


@blp.route("/ops", methods=["GET"])
@roles_required("admin")
@blp.response(200, OpsStatusSchema)
def ops_status() -> dict[str, Any]:
    """Queue depth, consumer workers seen in the last minute, queued/running/failed jobs
    with their error, and the last run of each periodic task (as `flask ops status`)."""
    with read_transaction(db.session):
        return status.collect(db.session)


@blp.route("/jobs/<string:job_id>/retry", methods=["POST"])
@roles_required("admin")
@blp.response(202, OpsJobSchema)
def retry_job(job_id: str) -> dict[str, Any]:
    """Queue a failed job again (409 `job_not_retryable` unless it failed)."""
    job = db.session.get(Job, job_id)
    if job is None:
        raise ApiError(404, "not_found", "No such job.")
    accounts.audit(db.session, current(), "job.retry", job, kind=job.kind)
    jobs.retry(db.session, job)
    db.session.refresh(job)
    return status.job_row(job)
