"""Review data as JSON: one employee's review, the current user's reviews, a unit summary.

Access (SPEC §9, rules in server.services.reviews.access.may_read_review): HR/admin any
review at any time; the employee their own after release; their manager after
release when the campaign allows it; anything else 404. HR reads are audited: the review is
built in the GET's deferred read transaction, then the audit row is written in its own short
write transaction (server.database.write_transaction).
"""

from __future__ import annotations

from typing import Any

from flask import request

from server.api.access import STAFF_ROLES, current, login_required, roles_required
from server.api.body import Blueprint
from server.extensions import db
from server.schemas.review import (
    ReviewListSchema,
    ReviewSchema,
    TeamReviewListSchema,
    UnitSummarySchema,
)
from server.services.reviews import reports, review

blp = Blueprint(
    "reviews",
    __name__,
    url_prefix="/api/v1",
    description="Review data (JSON) for employees, managers and HR",
)


@blp.route("/campaigns/<id:campaign_id>/reviews/<id:employee_id>", methods=["GET"])
@login_required
@blp.response(200, ReviewSchema)
def get_review(campaign_id: int, employee_id: int) -> dict[str, Any]:
    """One employee's protected review (hidden figures are absent)."""
    return reports.read_review(
        db.session, current(), campaign_id, employee_id, ip=request.remote_addr
    )


@blp.route("/me/reviews", methods=["GET"])
@login_required
@blp.response(200, ReviewListSchema)
def my_reviews() -> dict[str, Any]:
    """The current user's reviews in released campaigns, newest first."""
    return {"reviews": review.released_reviews(db.session, current())}


@blp.route("/me/team-reviews", methods=["GET"])
@login_required
@blp.response(200, TeamReviewListSchema)
def team_reviews() -> dict[str, Any]:
    """Released reviews of the current user's direct reports, where the campaign allows it."""
    return {"reviews": review.team_reviews(db.session, current())}


@blp.route("/campaigns/<id:campaign_id>/units/<id:unit_id>/summary", methods=["GET"])
@roles_required(*STAFF_ROLES)
@blp.response(200, UnitSummarySchema)
def unit_summary(campaign_id: int, unit_id: int) -> dict[str, Any]:
    """Ranking, competency heat table, mystery-shop trend and open actions of one unit."""
    return reports.read_unit_summary(
        db.session, current(), campaign_id, unit_id, ip=request.remote_addr
    )
