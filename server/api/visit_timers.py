"""Visit review timers: the shopper's own visits with what became of each, and HR's list of
the reports the timers decided or escalated (issue 14 §4)."""

from __future__ import annotations

from typing import Any

from flask import current_app

from server.api.access import STAFF_ROLES, current, login_required, roles_required
from server.api.body import Blueprint
from server.extensions import db
from server.schemas.submissions import SubmissionListSchema
from server.schemas.visit_timers import AutomaticArgs, MyVisitListSchema
from server.services.campaigns.review_timers import defaults_from
from server.services.visits import review_queue, timer_state

blp = Blueprint(
    "visit_timers",
    __name__,
    url_prefix="/api/v1",
    description="Mystery-shop review timers: my visits (shopper), automatic decisions (hr)",
)


def timer_defaults() -> dict[str, Any]:
    """The VISIT_* defaults of the running app (a campaign's review_timers override them)."""
    return defaults_from(current_app.config)


@blp.route("/me/visits", methods=["GET"])
@blp.response(200, MyVisitListSchema)
@login_required
def my_visits() -> dict[str, Any]:
    """My mystery-shop visits (shoppers; empty for others), newest first, each with its
    `outcome` (scheduled | awaiting_review | approved | returned | auto_accepted |
    auto_rejected), HR's reason when returned, and `timer`: the automatic decision with its
    rule ({rule: auto_accept_after_hours, hours: 72, at}) and the timer still running."""
    return {"visits": timer_state.my_visits(db.session, current(), timer_defaults())}


@blp.route("/visits/automatic", methods=["GET"])
@roles_required(*STAFF_ROLES)
@blp.arguments(AutomaticArgs, location="query")
@blp.response(200, SubmissionListSchema)
def automatic(args: dict[str, Any]) -> dict[str, Any]:
    """Visit reports decided (auto-accepted, closed as rejected) or escalated by a review
    timer, newest first (?campaign_id=, ?limit=); each row's `timer` names the rule."""
    found = timer_state.automatic(db.session, args.get("campaign_id"), args["limit"])
    rows = [review_queue.summary(db.session, sub) for sub, _ in found]
    timer_state.annotate(db.session, rows, timer_defaults())
    return {"submissions": rows, "total": len(rows)}
