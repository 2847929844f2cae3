"""Certification quizzes (issue 16 §2): a shopper's quizzes and attempts, HR's holders.

The quiz itself is downloaded like any form (`GET /api/v1/forms/versions/{id}`, the id from
`GET /me/certification`); its correct answers are never sent. An attempt is scored here.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from server.api.access import STAFF_ROLES, current, roles_required
from server.api.body import Blueprint
from server.extensions import db
from server.schemas.certification import (
    AttemptRequestSchema,
    AttemptResultSchema,
    HolderListSchema,
    HoldersArgs,
    MyCertificationSchema,
)
from server.services.certification import attempts, overview

blp = Blueprint(
    "certification",
    __name__,
    url_prefix="/api/v1",
    description="Shopper certification: quizzes, attempts (shopper), holders (hr)",
)


@blp.route("/me/certification", methods=["GET"])
@roles_required("shopper")
@blp.response(200, MyCertificationSchema)
def my_certification() -> dict[str, Any]:
    """My quizzes (state: certified since, not_certified, or wait until `retry_at`), my
    passes (history, newest first) and my newest attempts, with which questions were wrong."""
    return overview.my_certification(db.session, current(), datetime.now(UTC))


@blp.route("/me/quiz-attempts", methods=["POST"])
@roles_required("shopper")
@blp.arguments(AttemptRequestSchema)
@blp.response(201, AttemptResultSchema)
@blp.alt_response(409, description="retry_later (details.retry_at) or quiz_changed")
def submit_attempt(body: dict[str, Any]) -> dict[str, Any]:
    """Submit answers to a quiz (online only): the server scores them (score = correct /
    questions, passed when >= the pass mark), records the attempt and, on a pass, the
    certification. Refused with 409 retry_later until the retry delay after a failure."""
    now = datetime.now(UTC)
    attempt = attempts.submit(db.session, current(), body["form_version_id"], body["answers"], now)
    db.session.commit()
    return overview.attempt_result(db.session, attempt)


@blp.route("/certification/holders", methods=["GET"])
@roles_required(*STAFF_ROLES)
@blp.arguments(HoldersArgs, location="query")
@blp.response(200, HolderListSchema)
def holders(args: dict[str, Any]) -> dict[str, Any]:
    """Who is certified for what (?scenario=): per shopper and scenario the first and latest
    pass, the latest score and the number of passes."""
    return {"holders": overview.holders(db.session, args.get("scenario"))}
