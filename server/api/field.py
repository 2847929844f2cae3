"""Field app: the current user's open assignments and immutable form versions."""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify, request

from server.api.access import current, login_required
from server.api.body import Blueprint
from server.extensions import db
from server.schemas.sync import FieldAssignmentListSchema, FieldFormVersionSchema
from server.services.sync import field

blp = Blueprint("field", __name__, url_prefix="/api/v1", description="Field app downloads")

IMMUTABLE = "public, max-age=31536000, immutable"


@blp.route("/me/assignments", methods=["GET"])
@blp.response(200, FieldAssignmentListSchema)
@login_required
def my_assignments() -> dict[str, Any]:
    """List my pending assignments (open campaigns, and closed ones for late submissions)."""
    return {"assignments": field.open_assignments(db.session, current())}


@blp.route("/forms/versions/<id:version_id>", methods=["GET"])
@blp.response(200, FieldFormVersionSchema)
@blp.alt_response(304, description="Not modified (If-None-Match matched the ETag)")
@login_required
def form_version(version_id: int) -> Any:
    """Return one immutable form version; strong ETag = its SHA-256, cacheable forever."""
    data = field.form_version(db.session, version_id)
    if request.if_none_match.contains_weak(data["sha256"]):
        resp = Response(status=304)
    else:
        resp = jsonify(FieldFormVersionSchema().dump(data))
    resp.set_etag(data["sha256"])
    resp.headers["Cache-Control"] = IMMUTABLE
    return resp
