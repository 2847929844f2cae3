"""The employee's response to a released review: acknowledge it (with a comment), write the
development plan, and HR's list of who acknowledged.

Rules in server.services.reviews.response: the employee acknowledges their own review; the
employee or their manager writes the plan; a reader without access to the review gets 404,
a reader who may read it but not write gets 403.
"""

from __future__ import annotations

from typing import Any

from server.api.access import STAFF_ROLES, current, login_required, roles_required
from server.api.body import Blueprint
from server.extensions import db
from server.schemas.review_response import (
    AcknowledgedListSchema,
    AcknowledgementSchema,
    AcknowledgeSchema,
    PlanInSchema,
    PlanSchema,
)
from server.services.campaigns import campaigns
from server.services.reviews import plan, response

blp = Blueprint(
    "review_response",
    __name__,
    url_prefix="/api/v1",
    description="The employee's acknowledgement and development plan of a released review",
)


@blp.route("/campaigns/<id:campaign_id>/reviews/<id:employee_id>/acknowledgement", methods=["POST"])
@login_required
@blp.arguments(AcknowledgeSchema)
@blp.response(200, AcknowledgementSchema)
def acknowledge(body: dict[str, Any], campaign_id: int, employee_id: int) -> dict[str, Any]:
    """Mark one's own review as read, with an optional comment (visible to manager and HR)."""
    out = response.acknowledge(db.session, current(), campaign_id, employee_id, body["comment"])
    db.session.commit()
    return out


@blp.route("/campaigns/<id:campaign_id>/reviews/<id:employee_id>/plan", methods=["POST"])
@login_required
@blp.arguments(PlanInSchema)
@blp.response(200, PlanSchema)
def save_plan(body: dict[str, Any], campaign_id: int, employee_id: int) -> dict[str, Any]:
    """Write the development plan (1-3 goals) of a review: the employee or their manager."""
    out = plan.save_plan(db.session, current(), campaign_id, employee_id, body["goals"])
    db.session.commit()
    return out


@blp.route("/campaigns/<id:campaign_id>/acknowledgements", methods=["GET"])
@roles_required(*STAFF_ROLES)
@blp.response(200, AcknowledgedListSchema)
def acknowledgements(campaign_id: int) -> dict[str, Any]:
    """HR: who acknowledged their review in a campaign, when, and their comment."""
    campaigns.get_campaign(db.session, campaign_id)
    return {"acknowledgements": response.acknowledgements(db.session, campaign_id)}
