"""Offline sync of submissions (SPEC §8) and HR's acceptance of late ones."""

from __future__ import annotations

import re
from typing import Any

from flask import current_app
from sqlalchemy.exc import OperationalError

from server import messages
from server.api.access import STAFF_ROLES, current, login_required, roles_required
from server.api.body import Blueprint
from server.database import READ_ONLY
from server.errors import ApiError
from server.extensions import db
from server.models import Submission
from server.schemas.sync import AcceptLateSchema, SyncRequestSchema, SyncResponseSchema
from server.services.sync import sync, sync_prepare, sync_store

blp = Blueprint("sync", __name__, url_prefix="/api/v1", description="Offline sync")

UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
#: PostgreSQL deadlock / serialization failures: the whole batch is safe to replay.
RETRYABLE_SQLSTATES = ("40P01", "40001")


def _retryable(err: OperationalError) -> bool:
    return getattr(err.orig, "sqlstate", None) in RETRYABLE_SQLSTATES


def _checked_unlocked(items: list[Any]) -> sync_prepare.Prepared:
    """Parse, validate and score the batch outside any write transaction.

    SQLite: every transaction holds the one write lock (BEGIN IMMEDIATE), so end the one
    that loaded the user, read versions and policies in a deferred (READ_ONLY) one, and do
    the Python work with none open (server.services.sync.sync_prepare). The locked transaction
    of the view then only decides and writes.
    """
    user_id = current().id
    db.session.rollback()
    prepared = sync_prepare.parse(items)
    db.session.connection(execution_options={READ_ONLY: True})
    facts = sync_prepare.load(db.session, user_id, prepared)
    db.session.rollback()
    sync_prepare.check(prepared, facts)
    return prepared


@blp.route("/sync", methods=["POST"])
@login_required
@blp.arguments(SyncRequestSchema)
@blp.response(200, SyncResponseSchema)
def sync_submissions(body: dict[str, Any]) -> dict[str, Any]:
    """Store a batch (at most SYNC_MAX_BATCH) of submissions; one result per item, in order."""
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
    prepared = _checked_unlocked(items)
    user = current()
    for attempt in range(3):
        try:
            results = sync.sync_batch(db.session, user, items, prepared=prepared)
            db.session.commit()
            locale = messages.request_locale()
            return {"results": [messages.localize_result(r, locale) for r in results]}
        except OperationalError as err:
            db.session.rollback()
            if attempt == 2 or not _retryable(err):
                raise
    raise AssertionError("unreachable")


@blp.route("/submissions/<string:submission_id>/accept-late", methods=["POST"])
@blp.response(200, AcceptLateSchema)
@roles_required(*STAFF_ROLES)
def accept_late(submission_id: str) -> dict[str, Any]:
    """Accept a late submission so that it counts."""
    submission = db.session.get(Submission, submission_id) if UUID_RE.match(submission_id) else None
    if submission is None:
        raise ApiError(404, "not_found", "No such submission.")
    sync_store.accept_late(db.session, submission, current())
    db.session.commit()
    return {
        "id": submission.id,
        "status": submission.status,
        "is_late": True,
        "late_accepted": submission.late_accepted,
    }
