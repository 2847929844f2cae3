"""HR/admin: mystery-shop visits, the submission list and the review of visit reports."""

from __future__ import annotations

from typing import Any

from server.api.access import STAFF_ROLES, current, roles_required
from server.api.body import Blueprint
from server.api.visit_timers import timer_defaults
from server.extensions import db
from server.models import Assignment, OrgUnit, Submission, User
from server.schemas.visits import (
    SubmissionDetailSchema,
    SubmissionListArgs,
    SubmissionListSchema,
    SubmissionReviewSchema,
    VisitCreateSchema,
    VisitListArgs,
    VisitListSchema,
    VisitSchema,
)
from server.services.campaigns import campaigns
from server.services.org import people
from server.services.pay import notices as pay_notices
from server.services.visits import review_queue, timer_state, visits

blp = Blueprint(
    "visits",
    __name__,
    url_prefix="/api/v1",
    description="Mystery-shop visits and submission review (hr, admin)",
)


def dump_visit(a: Assignment, sub: Submission | None) -> dict[str, Any]:
    """A visit with its derived status and newest submission summary."""
    unit = db.session.get(OrgUnit, a.unit_id) if a.unit_id else None
    shopper = db.session.get(User, a.rater_id) if a.rater_id else None
    return {
        "id": a.id,
        "campaign_id": a.campaign_id,
        "status": visits.visit_status(sub),
        "unit": people.unit(unit),
        "shopper": people.person(shopper, people.NAMED),
        "window_start": a.visit_window_start,
        "window_end": a.visit_window_end,
        "scenario": a.scenario,
        "submission": review_queue.summary(db.session, sub) if sub else None,
    }


@blp.route("/campaigns/<id:campaign_id>/visits", methods=["POST"])
@roles_required(*STAFF_ROLES)
@blp.arguments(VisitCreateSchema)
@blp.response(201, VisitSchema)
def create_visit(body: dict[str, Any], campaign_id: int) -> dict[str, Any]:
    """Schedule a visit {unit_id, shopper_id, window_start, window_end, scenario?
    {en, zh-CN}}; it appears in the shopper's /me/assignments once the campaign is open."""
    campaign = campaigns.get_campaign(db.session, campaign_id)
    visit = visits.create_visit(db.session, current(), campaign, body)
    db.session.commit()
    return dump_visit(visit, None)


@blp.route("/campaigns/<id:campaign_id>/visits", methods=["GET"])
@roles_required(*STAFF_ROLES)
@blp.arguments(VisitListArgs, location="query")
@blp.response(200, VisitListSchema)
def list_visits(args: dict[str, Any], campaign_id: int) -> dict[str, Any]:
    """Visits with status scheduled | awaiting_review | approved | rejected (?status=)."""
    campaign = campaigns.get_campaign(db.session, campaign_id)
    rows = visits.list_visits(db.session, campaign, args.get("status"))
    return {"visits": [dump_visit(a, s) for a, s in rows]}


@blp.route("/submissions", methods=["GET"])
@roles_required(*STAFF_ROLES)
@blp.arguments(SubmissionListArgs, location="query")
@blp.response(200, SubmissionListSchema)
def list_submissions(args: dict[str, Any]) -> dict[str, Any]:
    """Current (not superseded) submissions, newest first (filters: campaign_id,
    relationship, status; offset/limit). Review queue:
    ?relationship=mystery_shopper&status=received. Rows carry `evidence` (flat summary:
    distance_m, distance_limit_m, photos_in_window, duplicate_photos, clock_skew_seconds)
    for visits; peer/subordinate raters are never named."""
    rows, total = review_queue.list_submissions(db.session, args)
    timer_state.annotate(db.session, rows, timer_defaults())
    return {"submissions": rows, "total": total}


@blp.route("/submissions/<string:submission_id>", methods=["GET"])
@roles_required(*STAFF_ROLES)
@blp.response(200, SubmissionDetailSchema)
def get_submission(submission_id: str) -> dict[str, Any]:
    """One submission: answers, N/A, scores, photos (sha256 -> GET /attachments/{sha}),
    reported and current staff, review fields, replaces/replaced_by and, for visits,
    `evidence` (summary + `checks`: checkin, photos, duplicates, clock_skew, flags),
    `visit` (window, scenario) and `unit_staff` (choices for a correction)."""
    sub = visits.get_submission(db.session, submission_id)
    return {"submission": _detail(sub)}


@blp.route("/submissions/<string:submission_id>/review", methods=["POST"])
@roles_required(*STAFF_ROLES)
@blp.arguments(SubmissionReviewSchema)
@blp.response(200, SubmissionDetailSchema)
def review(body: dict[str, Any], submission_id: str) -> dict[str, Any]:
    """Review a visit report: {decision: approve} | {decision: reject, reason} (the visit
    returns to the shopper, who resubmits with `replaces`) | {decision: correct,
    staff_id: int|null, reason?}. 409 `already_decided`, `superseded`, `not_reviewable`;
    422 when a reason or a unit staff member is missing."""
    sub = visits.get_submission(db.session, submission_id)
    visits.review(db.session, current(), sub, body)
    pay_notices.after_decision(db.session, sub)
    db.session.commit()
    return {"submission": _detail(sub)}


def _detail(sub: Submission) -> dict[str, Any]:
    """One submission's detail with its review timer (visits)."""
    data = review_queue.detail(db.session, sub)
    timer_state.annotate(db.session, [data], timer_defaults())
    return data
