"""Offline sync of submissions (SPEC §8) and HR's acceptance of late ones."""

from __future__ import annotations

import re
from typing import Any

from flask import current_app

from server import messages
from server.api.access import STAFF_ROLES, current, login_required, roles_required
from server.api.body import Blueprint
from server.errors import ApiError
from server.extensions import db
from server.models import Submission
from server.schemas.sync import AcceptLateSchema, SyncRequestSchema, SyncResponseSchema
from server.services.sync import batch, sync_store

blp = Blueprint("sync", __name__, url_prefix="/api/v1", description="Offline sync")

UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


@blp.route("/sync", methods=["POST"])
@login_required
@blp.arguments(SyncRequestSchema)
@blp.response(200, SyncResponseSchema)
def sync_submissions(body: dict[str, Any]) -> dict[str, Any]:
    """Store a batch (at most SYNC_MAX_BATCH) of submissions; one result per item, in order
    (the transaction sequence: server.services.sync.batch)."""
    items = body["submissions"]
    limit = current_app.config["SYNC_MAX_BATCH"]
    if len(items) > limit:
        raise ApiError(
            413,
            "batch_too_large",
            "Send at most {max} submissions at once.",
            {"max": limit},
            params={"max": limit},
        )
    results = batch.store_batch(db.session, current(), items)
    locale = messages.request_locale()
    return {"results": [messages.localize_result(r, locale) for r in results]}


@blp.route("/submissions/<string:submission_id>/accept-late", methods=["POST"])
@blp.response(200, AcceptLateSchema)
@roles_required(*STAFF_ROLES)
def accept_late(submission_id: str) -> Submission:
    """Accept a late submission so that it counts."""
    submission = db.session.get(Submission, submission_id) if UUID_RE.match(submission_id) else None
    if submission is None:
        raise ApiError(404, "not_found", "No such submission.")
    sync_store.accept_late(db.session, submission, current())
    db.session.commit()
    return submission
