"""Admin: personal-data rights (one person's export and erasure) and retention (issue 17
§4-5). Every action is an audit event: `privacy.export` (start), `privacy.export.download`,
`privacy.erase` (with the counts of what went, never the old identity)."""

from __future__ import annotations

import io
from typing import Any

from flask import Response, current_app, request, send_file

from server import database, storage
from server.api.access import current, roles_required
from server.api.body import Blueprint
from server.errors import ApiError
from server.extensions import db
from server.models import Job, User
from server.schemas.privacy import (
    EraseArgs,
    ErasureSchema,
    PersonExportJobSchema,
    RetentionSchema,
)
from server.services.org import accounts, users_admin
from server.services.privacy import erasure, export, policy, retention
from server.tasks import privacy as privacy_tasks

blp = Blueprint(
    "privacy",
    __name__,
    url_prefix="/api/v1/admin/privacy",
    description="Personal-data export and erasure, retention (admin)",
)
NO_STORE = "private, no-store"


def _job_view(job: Job) -> dict[str, Any]:
    return {
        "id": job.id,
        "user_id": export.person_of(job),
        "status": job.status,
        "error": job.error,
        "created_at": job.created_at,
        "finished_at": job.finished_at,
        "download_ready": job.status == "done" and bool(job.result_path),
    }


@blp.route("/people/<id:user_id>/export", methods=["POST"])
@roles_required("admin")
@blp.response(202, PersonExportJobSchema)
def start_export(user_id: int) -> dict[str, Any]:
    """Queue the ZIP of everything stored about one person (JSON + review PDFs); poll
    GET /exports/{job}, then download it."""
    person = users_admin.get_user(db.session, user_id)
    job = export.create_job(db.session, person, current())
    accounts.audit(db.session, current(), "privacy.export", person, ip=request.remote_addr)
    job_id = job.id
    db.session.commit()
    privacy_tasks.start_person_export(job_id)  # after the commit: a consumer must see the row
    return _job_view(export.get_job(db.session, job_id))


@blp.route("/exports/<string:job_id>", methods=["GET"])
@roles_required("admin")
@blp.response(200, PersonExportJobSchema)
def export_status(job_id: str) -> dict[str, Any]:
    """Status of a personal-data export job."""
    return _job_view(export.get_job(db.session, job_id))


@blp.route("/exports/<string:job_id>/download", methods=["GET"])
@roles_required("admin")
@blp.response(200, {"type": "string", "format": "binary"}, content_type="application/zip")
def export_download(job_id: str) -> Response:
    """The finished export ZIP (409 `job_not_ready` while it is being built)."""
    job = export.get_job(db.session, job_id)
    body = None
    if job.status == "done" and job.result_path:
        try:
            body = storage.for_app().get(job.result_path)
        except FileNotFoundError:
            body = None
    if body is None:
        raise ApiError(409, "job_not_ready", "The export is not ready yet.")
    person = db.session.get(User, export.person_of(job))
    with database.write_transaction(db.session):
        accounts.audit(
            db.session, current(), "privacy.export.download", person, ip=request.remote_addr
        )
    resp = send_file(
        io.BytesIO(body),
        mimetype=export.MIMETYPE,
        as_attachment=True,
        download_name=export.download_name(job),
    )
    resp.headers["Content-Type"] = export.MIMETYPE
    resp.headers["Cache-Control"] = NO_STORE
    return resp


@blp.route("/people/<id:user_id>/erase", methods=["POST"])
@roles_required("admin")
@blp.arguments(EraseArgs)
@blp.response(200, ErasureSchema)
def erase(args: dict[str, Any], user_id: int) -> dict[str, Any]:
    """Erase one person: identity replaced by a pseudonym, login disabled, photos of and by
    them deleted; aggregates unchanged. 409 `already_erased`, `erase_self`."""
    person = users_admin.get_user(db.session, user_id)
    summary = erasure.erase(db.session, storage.for_app(), person, current())
    body = {"user_id": person.id, "pseudonym": person.name, **summary}
    db.session.commit()
    return body


@blp.route("/retention", methods=["GET"])
@roles_required("admin")
@blp.response(200, RetentionSchema)
def retention_view() -> dict[str, Any]:
    """The retention period of each data kind and the last runs' reports (count per kind)."""
    periods = policy.periods(current_app.config.get("RETENTION_DAYS"))
    return {
        "periods": retention.settings_view(periods),
        "runs": retention.last_runs(db.session),
    }
