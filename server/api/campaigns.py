"""HR/admin: campaigns (CRUD, lifecycle), their assignments and progress."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from server import database
from server.api.access import STAFF_ROLES, current, login_required, roles_required
from server.api.body import Blueprint
from server.errors import ApiError
from server.extensions import db
from server.models import Assignment, Campaign
from server.schemas.campaigns import (
    AssignmentCreateSchema,
    AssignmentListArgs,
    AssignmentUpdateSchema,
    CampaignCreateSchema,
    CampaignListArgs,
    CampaignListSchema,
    CampaignSchema,
    CampaignUpdateSchema,
    GenerateArgs,
    GenerateResultSchema,
    HrAssignmentListSchema,
    HrAssignmentSchema,
    ProgressArgs,
)
from server.schemas.progress import (
    CampaignProgressSchema,
    OutstandingSchema,
    SubjectProgressSchema,
)
from server.services.campaigns import assignments, campaigns, progress
from server.services.org import people
from server.tasks import reviews as review_tasks

blp = Blueprint(
    "campaigns",
    __name__,
    url_prefix="/api/v1/campaigns",
    description="Campaigns, their assignments and progress (hr, admin)",
)


def dump_campaign(campaign: Campaign, figures: dict[str, int] | None = None) -> dict[str, Any]:
    """A campaign with its forms ({relationship: form_version_id})."""
    data = {c: getattr(campaign, c) for c in CampaignSchema().fields if hasattr(campaign, c)}
    data["forms"] = campaigns.forms_of(campaign)
    data["progress"] = figures
    return data


def dump_assignment(a: Assignment) -> dict[str, Any]:
    """An assignment with rater and subject (HR view)."""
    data = {c: getattr(a, c) for c in HrAssignmentSchema().fields if hasattr(a, c)}
    data["rater"] = people.person_by_id(db.session, a.rater_id, people.HR)
    data["subject"] = people.person_by_id(db.session, a.subject_id, people.HR)
    return data


@blp.route("", methods=["GET"])
@roles_required(*STAFF_ROLES)
@blp.arguments(CampaignListArgs, location="query")
@blp.response(200, CampaignListSchema)
def list_campaigns(args: dict[str, Any]) -> dict[str, Any]:
    """List campaigns (filters: status, kind), newest period first, with {submitted, total}."""
    rows = db.session.execute(
        select(Assignment.campaign_id, Assignment.status, func.count()).group_by(
            Assignment.campaign_id, Assignment.status
        )
    ).all()
    figures: dict[int, dict[str, int]] = {}
    for campaign_id, status, count in rows:
        f = figures.setdefault(campaign_id, {"submitted": 0, "total": 0})
        f["total"] += count
        f["submitted"] += count if status == "submitted" else 0
    found = campaigns.list_campaigns(db.session, args.get("status"), args.get("kind"))
    return {"campaigns": [dump_campaign(c, figures.get(c.id)) for c in found]}


@blp.route("", methods=["POST"])
@roles_required(*STAFF_ROLES)
@blp.arguments(CampaignCreateSchema)
@blp.response(201, CampaignSchema)
def create_campaign(body: dict[str, Any]) -> dict[str, Any]:
    """Create a draft campaign.

    Body: name {en, zh-CN}, kind (360|customer|mystery_shop|mixed), period_start,
    period_end, optional forms {relationship: form_version_id}, critical_policy,
    anonymity_thresholds {relationship: k}, group_weights {supervisor, colleagues,
    customer, mystery_shopper, self}, action_due_hours {ack, response, plan, followup},
    report_locale, manager_visibility, rank_enabled, gap_threshold, peer_selection
    (automatic|nomination), peer_min, peer_max. 422 `invalid` with details.fields.
    """
    campaign = campaigns.create_campaign(db.session, current(), body)
    db.session.commit()
    return dump_campaign(campaign)


@blp.route("/<id:campaign_id>", methods=["GET"])
@roles_required(*STAFF_ROLES)
@blp.response(200, CampaignSchema)
def get_campaign(campaign_id: int) -> dict[str, Any]:
    """One campaign."""
    return dump_campaign(campaigns.get_campaign(db.session, campaign_id))


@blp.route("/<id:campaign_id>", methods=["PATCH"])
@roles_required(*STAFF_ROLES)
@blp.arguments(CampaignUpdateSchema)
@blp.response(200, CampaignSchema)
def update_campaign(body: dict[str, Any], campaign_id: int) -> dict[str, Any]:
    """Edit settings. Draft: anything. Open/closed: kind, forms and peer settings are fixed
    (409 `campaign_locked`). Released: 409 `campaign_released` (un-release first)."""
    campaign = campaigns.get_campaign(db.session, campaign_id)
    campaigns.update_campaign(db.session, current(), campaign, body)
    db.session.commit()
    return dump_campaign(campaign)


@blp.route("/<id:campaign_id>", methods=["DELETE"])
@roles_required(*STAFF_ROLES)
@blp.response(204)
def delete_campaign(campaign_id: int) -> None:
    """Delete a draft campaign without submissions (else 409)."""
    campaigns.delete_campaign(
        db.session, current(), campaigns.get_campaign(db.session, campaign_id)
    )
    db.session.commit()


def _transition(campaign_id: int, move: Any) -> dict[str, Any]:
    campaign = campaigns.get_campaign(db.session, campaign_id)
    move(db.session, current(), campaign)
    db.session.commit()
    return dump_campaign(campaign)


@blp.route("/<id:campaign_id>/open", methods=["POST"])
@roles_required(*STAFF_ROLES)
@blp.response(200, CampaignSchema)
def open_campaign(campaign_id: int) -> dict[str, Any]:
    """draft -> open; needs a form per relationship of the kind and, for 360, assignments.
    409 `invalid_transition`, `no_form`, `no_assignments`."""
    return _transition(campaign_id, campaigns.open_campaign)


@blp.route("/<id:campaign_id>/close", methods=["POST"])
@roles_required(*STAFF_ROLES)
@blp.response(200, CampaignSchema)
def close_campaign(campaign_id: int) -> dict[str, Any]:
    """open -> closed; later submissions are stored as late. 409 `invalid_transition`."""
    return _transition(campaign_id, campaigns.close_campaign)


@blp.route("/<id:campaign_id>/release", methods=["POST"])
@roles_required(*STAFF_ROLES)
@blp.response(200, CampaignSchema)
def release_campaign(campaign_id: int) -> dict[str, Any]:
    """closed -> released: reviews become visible and every review's PDF is queued for
    rendering into storage (server/tasks/reviews.py). 409 `invalid_transition`."""
    body = _transition(campaign_id, campaigns.release_campaign)
    database.end_read(db.session)  # no transaction (nor SQLite write lock) held from here
    review_tasks.queue_campaign(campaign_id)  # committed: a consumer sees the release
    return body


@blp.route("/<id:campaign_id>/unrelease", methods=["POST"])
@roles_required(*STAFF_ROLES)
@blp.response(200, CampaignSchema)
def unrelease_campaign(campaign_id: int) -> dict[str, Any]:
    """released -> closed: reviews are hidden again. 409 `invalid_transition`."""
    return _transition(campaign_id, campaigns.unrelease_campaign)


@blp.route("/<id:campaign_id>/assignments/generate", methods=["POST"])
@roles_required(*STAFF_ROLES)
@blp.arguments(GenerateArgs, location="query")
@blp.response(200, GenerateResultSchema)
def generate(args: dict[str, Any], campaign_id: int) -> Any:
    """Generate 360 assignments (self, supervisor, subordinates, peers); idempotent.
    Optional ?unit_id= limits subjects to a unit subtree. `below_min` lists subjects
    with fewer peer candidates than peer_min."""
    campaign = campaigns.get_campaign(db.session, campaign_id)
    result = assignments.generate(db.session, current(), campaign, args.get("unit_id"))
    db.session.commit()
    return result


@blp.route("/<id:campaign_id>/assignments", methods=["GET"])
@roles_required(*STAFF_ROLES)
@blp.arguments(AssignmentListArgs, location="query")
@blp.response(200, HrAssignmentListSchema)
def list_assignments(args: dict[str, Any], campaign_id: int) -> dict[str, Any]:
    """Assignments (filters: relationship, status, rater_id, subject_id, unit_id)."""
    campaign = campaigns.get_campaign(db.session, campaign_id)
    found = assignments.list_assignments(db.session, campaign, args)
    return {"assignments": [dump_assignment(a) for a in found]}


@blp.route("/<id:campaign_id>/assignments", methods=["POST"])
@roles_required(*STAFF_ROLES)
@blp.arguments(AssignmentCreateSchema)
@blp.response(201, HrAssignmentSchema)
def add_assignment(body: dict[str, Any], campaign_id: int) -> dict[str, Any]:
    """Add a rater {relationship (self|supervisor|peer|subordinate), rater_id, subject_id,
    due_at?} until release. 409 `duplicate_assignment`, `campaign_released`, `no_form`."""
    campaign = campaigns.get_campaign(db.session, campaign_id)
    assignment = assignments.add_assignment(db.session, current(), campaign, body)
    db.session.commit()
    return dump_assignment(assignment)


@blp.route("/<id:campaign_id>/assignments/<id:assignment_id>", methods=["PATCH"])
@roles_required(*STAFF_ROLES)
@blp.arguments(AssignmentUpdateSchema)
@blp.response(200, HrAssignmentSchema)
def move_assignment(body: dict[str, Any], campaign_id: int, assignment_id: int) -> Any:
    """Move a pending assignment to another rater {rater_id} and/or set {due_at}.
    409 `has_submission` once answered."""
    campaign = campaigns.get_campaign(db.session, campaign_id)
    assignment = assignments.get_assignment(db.session, campaign, assignment_id)
    assignments.move_assignment(db.session, current(), campaign, assignment, body)
    db.session.commit()
    return dump_assignment(assignment)


@blp.route("/<id:campaign_id>/assignments/<id:assignment_id>", methods=["DELETE"])
@roles_required(*STAFF_ROLES)
@blp.response(204)
def remove_assignment(campaign_id: int, assignment_id: int) -> None:
    """Remove a pending assignment (409 `has_submission` once answered)."""
    campaign = campaigns.get_campaign(db.session, campaign_id)
    assignment = assignments.get_assignment(db.session, campaign, assignment_id)
    assignments.remove_assignment(db.session, current(), campaign, assignment)
    db.session.commit()


@blp.route("/<id:campaign_id>/progress", methods=["GET"])
@roles_required(*STAFF_ROLES)
@blp.response(200, CampaignProgressSchema)
def campaign_progress(campaign_id: int) -> dict[str, Any]:
    """Completion: {total, submitted, pending, declined, rate, by_relationship: [{relationship,
    ...figures}], by_unit: [{unit: {id, name, path}, ...figures}], customer: {links,
    active_links, responses} | null}."""
    return progress.campaign_progress(db.session, campaigns.get_campaign(db.session, campaign_id))


@blp.route("/<id:campaign_id>/outstanding", methods=["GET"])
@roles_required(*STAFF_ROLES)
@blp.arguments(ProgressArgs, location="query")
@blp.response(200, OutstandingSchema)
def outstanding(args: dict[str, Any], campaign_id: int) -> dict[str, Any]:
    """Pending assignments to chase (filters: relationship, unit_id subtree): HR only."""
    campaign = campaigns.get_campaign(db.session, campaign_id)
    return {"outstanding": progress.outstanding(db.session, campaign, args)}


@blp.route("/<id:campaign_id>/my-progress", methods=["GET"])
@login_required
@blp.response(200, SubjectProgressSchema)
def my_progress(campaign_id: int) -> dict[str, Any]:
    """For the employee being rated: {relationships: {rel: {expected, submitted} |
    {hidden: true, fewer_than: k}, colleagues?: {expected, submitted}}, total: {expected,
    submitted, complete}}. Counts only where the review would show that group (SPEC §6);
    never who rated. 404 unless the current user is a subject of the campaign."""
    user = current()
    campaign = db.session.get(Campaign, campaign_id) if campaigns.valid_id(campaign_id) else None
    is_subject = campaign is not None and db.session.scalar(
        select(Assignment.id)
        .where(Assignment.campaign_id == campaign_id, Assignment.subject_id == user.id)
        .limit(1)
    )
    if not is_subject or campaign is None:
        raise ApiError(404, "not_found", "No such campaign.")
    return progress.subject_progress(db.session, campaign, user)
