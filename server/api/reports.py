"""Review PDFs, the campaign ZIP job, unit summaries and data exports.

Exports come two ways, both HR/admin, same service, same bytes, same audit event
(`export.<kind>` when the file is handed out): `GET …/exports/<kind>.<fmt>` builds the file
inside the request (for small campaigns: the PWA's one-click download), and
`POST …/exports` queues a job (for large campaigns: nothing long runs in a web request;
poll `GET /jobs/<id>`, then `GET /jobs/<id>/download`). No size threshold is enforced:
both stay available and the client picks.

Access: HR and admins everything (reviews marked DRAFT before release); employees their own
released review and, when the campaign allows it, their direct reports'; anything else 404.
Every download is recorded as an AuditEvent. These are GET requests, so on SQLite their
transaction is a deferred read (server.database): data is read, the read transaction ended,
the file rendered with no transaction open, then the audit row is written in its own short
write transaction.
"""

from __future__ import annotations

import io
import logging
from typing import Any

from flask import Response, current_app, request, send_file

from server import database, storage
from server.api.access import STAFF_ROLES, current, login_required, roles_required
from server.api.body import Blueprint
from server.errors import ApiError
from server.extensions import db
from server.models import Job
from server.schemas.exports import ExportJobArgs
from server.schemas.reports import JobSchema, JobStartSchema
from server.services.exports import exports
from server.services.exports import jobs as export_jobs
from server.services.org import accounts
from server.services.reviews import batch, reports
from server.tasks import exports as export_tasks
from server.tasks import reviews as review_tasks

log = logging.getLogger(__name__)
blp = Blueprint(
    "reports",
    __name__,
    url_prefix="/api/v1",
    description="Review PDFs, review ZIP jobs, unit summaries, exports",
)
NO_STORE = "private, no-store"
BINARY = {"type": "string", "format": "binary"}


def _render_processes() -> int:
    """Helper processes per web worker for PDF layout (server.reports.offload); 0 (render
    in the request thread) under TESTING, where tests spy on the renderer."""
    if current_app.testing:
        return 0
    return int(current_app.config.get("PDF_RENDER_PROCESSES", 1))


def _file(body: bytes, filename: str, mimetype: str) -> Response:
    resp = send_file(
        io.BytesIO(body), mimetype=mimetype, as_attachment=True, download_name=filename
    )
    # Exactly this type: Werkzeug would append a second "; charset=utf-8" to text/* types.
    resp.headers["Content-Type"] = mimetype
    resp.headers["Cache-Control"] = NO_STORE
    return resp


@blp.route("/campaigns/<id:campaign_id>/reviews/<id:employee_id>.pdf", methods=["GET"])
@login_required
@blp.response(200, BINARY, content_type="application/pdf")
def review_pdf(campaign_id: int, employee_id: int) -> Response:
    """One employee's review PDF (DRAFT before release; HR/admin, the employee, the manager)."""
    pdf, filename = reports.download_review(
        db.session,
        current(),
        campaign_id,
        employee_id,
        store=storage.for_app(),
        ip=request.remote_addr,
        processes=_render_processes(),
    )
    return _file(pdf, filename, "application/pdf")


@blp.route("/campaigns/<id:campaign_id>/units/<id:unit_id>/summary.pdf", methods=["GET"])
@roles_required(*STAFF_ROLES)
@blp.response(200, BINARY, content_type="application/pdf")
def unit_summary_pdf(campaign_id: int, unit_id: int) -> Response:
    """One-page unit summary: ranking, competency heat table, mystery-shop trend, actions."""
    pdf, filename = reports.download_unit_summary(
        db.session,
        current(),
        campaign_id,
        unit_id,
        ip=request.remote_addr,
        processes=_render_processes(),
    )
    return _file(pdf, filename, "application/pdf")


EXPORT_RULE = "/campaigns/<id:campaign_id>/exports/<any(answers,summary):kind>.<any(csv,xlsx):fmt>"


@blp.route(EXPORT_RULE, methods=["GET"])
@roles_required(*STAFF_ROLES)
@blp.response(
    200,
    BINARY,
    content_type="application/octet-stream",
    description="text/csv (UTF-8 with BOM) or an XLSX workbook",
)
def export(campaign_id: int, kind: str, fmt: str) -> Response:
    """answers|summary as csv|xlsx (HR/admin only), built inside this request: for small
    campaigns. A large one takes the job, `POST /campaigns/{id}/exports` (same file)."""
    if kind == "answers":
        missing = exports.missing_rater_keys(db.session, campaign_id)
        if missing:  # stable rater codes are stored once, in a short write transaction
            with database.write_transaction(db.session):
                exports.rater_codes(db.session, campaign_id, missing)
    body, filename, mime = exports.export(db.session, campaign_id, kind, fmt)
    campaign = reports.get_campaign(db.session, campaign_id)
    with database.write_transaction(db.session):
        accounts.audit(
            db.session, current(), f"export.{kind}", campaign, ip=request.remote_addr, format=fmt
        )
    return _file(body, filename, mime)


@blp.route("/campaigns/<id:campaign_id>/exports", methods=["POST"])
@roles_required(*STAFF_ROLES)
@blp.arguments(ExportJobArgs)
@blp.response(202, JobSchema)
def start_export(args: dict[str, Any], campaign_id: int) -> dict[str, Any]:
    """Queue an export {kind, format} (the GET export's file, built by a consumer: for
    large campaigns); poll GET /jobs/{id}, then download it from GET /jobs/{id}/download."""
    reports.get_campaign(db.session, campaign_id)
    job = export_jobs.create_job(db.session, campaign_id, current(), args["kind"], args["format"])
    accounts.audit(db.session, current(), "export_job.start", job, campaign_id=campaign_id, **args)
    job_id = job.id
    db.session.commit()
    export_tasks.start_export(job_id)  # after the commit: a consumer must see the row
    return batch.job_view(_job(job_id))


@blp.route("/campaigns/<id:campaign_id>/reviews.zip", methods=["POST"])
@roles_required(*STAFF_ROLES)
@blp.response(202, JobStartSchema)
def start_zip(campaign_id: int) -> dict[str, Any]:
    """Start building every review of the campaign into one ZIP; poll GET /jobs/{id}."""
    reports.get_campaign(db.session, campaign_id)
    ids = reports.subject_ids(db.session, campaign_id)
    job = batch.create_job(db.session, campaign_id, current(), len(ids), ids)
    accounts.audit(db.session, current(), "reviews_zip.start", job, campaign_id=campaign_id)
    body: dict[str, Any] = {"job_id": job.id, "status": job.status, "total": job.total}
    db.session.commit()
    _run_in_background(body["job_id"])  # after the commit: a consumer must see the row
    return body


def _run_in_background(job_id: str) -> None:
    """Queue the ZIP job's first round (server/tasks/reviews.py; a consumer builds it)."""
    review_tasks.start_zip(job_id)


JOB_KINDS = (batch.JOB_KIND, export_jobs.JOB_KIND)


def _job(job_id: str) -> Job:
    job = db.session.get(Job, job_id)
    if job is None or job.kind not in JOB_KINDS:
        raise ApiError(404, "not_found", "No such job.")
    if batch.is_stale(job):
        with database.write_transaction(db.session):
            job = db.session.get(Job, job_id)  # read again under the write lock
            assert job is not None
            batch.end_if_stale(job)
    return job


@blp.route("/jobs/<string:job_id>", methods=["GET"])
@roles_required(*STAFF_ROLES)
@blp.response(200, JobSchema)
def job_status(job_id: str) -> dict[str, Any]:
    """Status and progress {status, total, done, failures} of a ZIP or export job."""
    return batch.job_view(_job(job_id))


@blp.route("/jobs/<string:job_id>/download", methods=["GET"])
@roles_required(*STAFF_ROLES)
@blp.response(
    200,
    BINARY,
    content_type="application/octet-stream",
    description="application/zip (a review ZIP job) or the export's text/csv or XLSX",
)
def job_download(job_id: str) -> Response:
    """The finished job's file from storage: a review ZIP or an export (409 while the job
    is still running)."""
    job = _job(job_id)
    if job.kind == export_jobs.JOB_KIND:
        return _export_download(job)
    body = _stored_body(job)
    if body is None:
        raise ApiError(409, "job_not_ready", "The ZIP is not ready yet.", _progress(job))
    _audit_download(job, "reviews_zip.download")
    return _file(body, f"reviews-campaign-{job.campaign_id}.zip", "application/zip")


def _export_download(job: Job) -> Response:
    """An export job's file, audited as the GET export is (`export.<kind>`)."""
    body = _stored_body(job)
    if body is None:
        raise ApiError(409, "job_not_ready", "The export is not ready yet.", _progress(job))
    kind, fmt = export_jobs.params(job)
    _audit_download(job, f"export.{kind}", format=fmt, job_id=job.id)
    return _file(body, export_jobs.download_name(job), export_jobs.mimetype(job))


def _audit_download(job: Job, action: str, **details: Any) -> None:
    obj: Any = job
    if job.kind == export_jobs.JOB_KIND:  # the GET export's event names the campaign
        obj = reports.get_campaign(db.session, job.campaign_id or 0)
    else:
        details["campaign_id"] = job.campaign_id
    with database.write_transaction(db.session):
        accounts.audit(db.session, current(), action, obj, ip=request.remote_addr, **details)


def _stored_body(job: Job) -> bytes | None:
    """The job's file from storage (any node), or None while it is not ready."""
    if job.status != "done" or not job.result_path:
        return None
    try:
        return storage.for_app().get(job.result_path)
    except (FileNotFoundError, ValueError):  # ValueError: a file path of the thread era
        return None


def _progress(job: Job) -> dict[str, Any]:
    return {"status": job.status, "done": job.done, "total": job.total}
