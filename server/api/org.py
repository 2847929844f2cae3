"""HR/admin: org chart import (CSV/XLSX) and org units."""

from __future__ import annotations

from typing import Any

from flask import request
from sqlalchemy import select

from server.api.access import STAFF_ROLES, current, roles_required
from server.api.body import FILE_UPLOAD, Blueprint, check_request_body
from server.errors import ApiError
from server.extensions import db
from server.models import OrgUnit
from server.schemas.org import (
    ImportArgs,
    ImportResultSchema,
    UnitListSchema,
    UnitSchema,
    UnitUpdateSchema,
)
from server.services.campaigns import campaigns
from server.services.org import accounts, org_import

blp = Blueprint(
    "org", __name__, url_prefix="/api/v1/org", description="Org chart import and units (hr, admin)"
)


@blp.route("/import", methods=["POST"])
@roles_required(*STAFF_ROLES)
@blp.arguments(ImportArgs, location="query")
@blp.doc(requestBody=FILE_UPLOAD)
@blp.response(200, ImportResultSchema)
def import_org(args: dict[str, Any]) -> dict[str, Any]:
    """Import the org chart: multipart field `file` (.csv UTF-8/GB18030 or .xlsx) with columns
    employee_number, name, email, unit_path, manager_employee_number, job_title, locale
    (optional unit_path_zh: Chinese unit names; Chinese header names are accepted).
    All-or-nothing: 422 `import_invalid` with details.rows [{line, reason, column,
    message}] (reasons: missing_field, bad_email, bad_locale, bad_unit_path,
    duplicate_email, duplicate_employee_number, unknown_manager, self_manager,
    manager_cycle, missing_columns, invalid_characters). ?dry_run=true validates without saving.
    Re-import updates (matched by employee number, then email)."""
    check_request_body()
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        raise ApiError(
            422,
            "invalid",
            "Send the file in the multipart field `file`.",
            {"fields": {"file": "required"}},
        )
    rows = org_import.read_rows(upload.filename, upload.read())
    result = org_import.import_org(db.session, rows, current())
    if args["dry_run"]:
        db.session.rollback()
    else:
        db.session.commit()
    return {**result.__dict__, "dry_run": args["dry_run"]}


@blp.route("/units", methods=["GET"])
@roles_required(*STAFF_ROLES)
@blp.response(200, UnitListSchema)
def list_units() -> dict[str, Any]:
    """Every unit, ordered by path (a tree via parent_id)."""
    return {"units": list(db.session.scalars(select(OrgUnit).order_by(OrgUnit.path)))}


@blp.route("/units/<id:unit_id>", methods=["PATCH"])
@roles_required(*STAFF_ROLES)
@blp.arguments(UnitUpdateSchema)
@blp.response(200, UnitSchema)
def update_unit(body: dict[str, Any], unit_id: int) -> OrgUnit:
    """Rename a unit {name: {en, zh-CN}} or set kind, address, latitude/longitude (used by
    the mystery-shop check-in distance). The import path stays as imported."""
    unit = db.session.get(OrgUnit, unit_id) if campaigns.valid_id(unit_id) else None
    if unit is None:
        raise ApiError(404, "not_found", "No such unit.")
    for key, value in body.items():
        setattr(unit, key, value)
    accounts.audit(db.session, current(), "unit_updated", unit, fields=sorted(body))
    db.session.commit()
    return unit
