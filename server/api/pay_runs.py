"""Payment runs (issue 16 §3), HR and admin: create a run for a period (every payable visit
not in another run, per shopper), review it, mark it paid with finance's reference (once),
delete an open one, export it as CSV or XLSX for the finance system."""

from __future__ import annotations

import io
from typing import Any

from flask import Response, request, send_file

from server import database
from server.api.access import STAFF_ROLES, current, roles_required
from server.api.body import Blueprint
from server.extensions import db
from server.schemas.pay import RunCreateSchema, RunListSchema, RunOutSchema, RunPaidSchema
from server.services.org import accounts
from server.services.pay import run_files, runs

blp = Blueprint(
    "pay_runs", __name__, url_prefix="/api/v1", description="Payment runs of shopper pay"
)
NO_STORE = "private, no-store"
BINARY = {"type": "string", "format": "binary"}


@blp.route("/payment-runs", methods=["GET"])
@roles_required(*STAFF_ROLES)
@blp.response(200, RunListSchema)
def list_runs() -> dict[str, Any]:
    """Payment runs, newest first, with their visit count and totals per currency."""
    return {"runs": runs.list_runs(db.session)}


@blp.route("/payment-runs", methods=["POST"])
@roles_required(*STAFF_ROLES)
@blp.arguments(RunCreateSchema)
@blp.response(201, RunOutSchema)
def create_run(body: dict[str, Any]) -> dict[str, Any]:
    """Create a run {period_start, period_end} (dates, the end inclusive, UTC) of every
    payable visit decided before the period's end and in no other run. 409
    `nothing_payable` when there is none."""
    run = runs.create_run(db.session, current(), body["period_start"], body["period_end"])
    db.session.commit()
    return {"run": runs.detail(db.session, run)}


@blp.route("/payment-runs/<id:run_id>", methods=["GET"])
@roles_required(*STAFF_ROLES)
@blp.response(200, RunOutSchema)
def get_run(run_id: int) -> dict[str, Any]:
    """A run with its visits per shopper and totals."""
    return {"run": runs.detail(db.session, runs.get_run(db.session, run_id))}


@blp.route("/payment-runs/<id:run_id>/paid", methods=["POST"])
@roles_required(*STAFF_ROLES)
@blp.arguments(RunPaidSchema)
@blp.response(200, RunOutSchema)
def mark_paid(body: dict[str, Any], run_id: int) -> dict[str, Any]:
    """Mark the run paid {reference}; each shopper is told per visit. 409 `already_paid`."""
    run = runs.get_run(db.session, run_id)
    runs.mark_paid(db.session, current(), run, body["reference"])
    db.session.commit()
    return {"run": runs.detail(db.session, run)}


@blp.route("/payment-runs/<id:run_id>", methods=["DELETE"])
@roles_required(*STAFF_ROLES)
@blp.response(204)
def delete_run(run_id: int) -> None:
    """Delete an open run (its visits become payable again); 409 `already_paid`."""
    runs.delete_run(db.session, current(), runs.get_run(db.session, run_id))
    db.session.commit()


@blp.route("/payment-runs/<id:run_id>.<any(csv,xlsx):fmt>", methods=["GET"])
@roles_required(*STAFF_ROLES)
@blp.response(
    200,
    BINARY,
    content_type="application/octet-stream",
    description="text/csv; charset=utf-8 (UTF-8 with BOM) or an XLSX workbook "
    "(application/vnd.openxmlformats-officedocument.spreadsheetml.sheet)",
)
def export_run(run_id: int, fmt: str) -> Response:
    """The run for the finance system: one row per visit (shopper, visit, amounts in minor
    units and as decimal text, reference). Cache-Control: private, no-store."""
    run = runs.get_run(db.session, run_id)
    body, filename, mime = run_files.export(db.session, run, fmt)
    with database.write_transaction(db.session):  # a GET reads deferred; the audit writes
        accounts.audit(
            db.session, current(), "pay.run_export", run, ip=request.remote_addr, format=fmt
        )
    resp = send_file(io.BytesIO(body), mimetype=mime, as_attachment=True, download_name=filename)
    resp.headers["Content-Type"] = mime
    resp.headers["Cache-Control"] = NO_STORE
    return resp
