"""The job board, HR's side (issue 16 §1, §4): publish visits as jobs, the campaign's board
settings, applications with each shopper's rating, the conflict list."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from server.api.access import STAFF_ROLES, current, roles_required
from server.api.body import Blueprint
from server.extensions import db
from server.schemas.jobs import (
    HrJobOfferListSchema,
    HrJobOfferSchema,
    JobApplicationArgs,
    JobApplicationListSchema,
    JobApplicationOutSchema,
    JobConflictCreateSchema,
    JobConflictListSchema,
    JobConflictSchema,
    JobDecisionSchema,
    JobPublishSchema,
    JobSettingsOutSchema,
    JobSettingsSchema,
    JobTermsSchema,
)
from server.services.campaigns import campaigns
from server.services.jobs import applications, conflicts, publishing, rules

blp = Blueprint(
    "jobs_admin",
    __name__,
    url_prefix="/api/v1",
    description="The job board: publishing, settings, applications, conflicts (hr, admin)",
)


def _hr_job(campaign_id: int, job_id: int) -> dict[str, Any]:
    campaign = campaigns.get_campaign(db.session, campaign_id)
    found = publishing.campaign_jobs(db.session, campaign, datetime.now(UTC))
    return next(j for j in found if j["id"] == job_id)


@blp.route("/campaigns/<id:campaign_id>/jobs", methods=["POST"])
@roles_required(*STAFF_ROLES)
@blp.arguments(JobPublishSchema)
@blp.response(201, HrJobOfferSchema)
def publish(body: dict[str, Any], campaign_id: int) -> dict[str, Any]:
    """Publish a new visit as an open job {unit_id, window_start, window_end, scenario?,
    fee_minor, expense_cap_minor, currency?, min_rating?, certification?}."""
    campaign = campaigns.get_campaign(db.session, campaign_id)
    job = publishing.publish(db.session, current(), campaign, body)
    db.session.commit()
    return _hr_job(campaign_id, job.id)


@blp.route("/campaigns/<id:campaign_id>/jobs", methods=["GET"])
@roles_required(*STAFF_ROLES)
@blp.response(200, HrJobOfferListSchema)
def campaign_jobs(campaign_id: int) -> dict[str, Any]:
    """The campaign's published jobs: open, or taken (by whom, for which date)."""
    campaign = campaigns.get_campaign(db.session, campaign_id)
    return {"jobs": publishing.campaign_jobs(db.session, campaign, datetime.now(UTC))}


@blp.route("/visits/<id:visit_id>/job", methods=["POST"])
@roles_required(*STAFF_ROLES)
@blp.arguments(JobTermsSchema)
@blp.response(200, HrJobOfferSchema)
def publish_visit(body: dict[str, Any], visit_id: int) -> dict[str, Any]:
    """Offer an existing visit (no report yet) on the board; its shopper is released.
    409 `already_reported`, `wrong_kind`."""
    job = publishing.get_visit(db.session, visit_id)
    publishing.publish_visit(db.session, current(), job, body)
    db.session.commit()
    return _hr_job(job.campaign_id, job.id)


@blp.route("/campaigns/<id:campaign_id>/job-settings", methods=["GET"])
@roles_required(*STAFF_ROLES)
@blp.response(200, JobSettingsOutSchema)
def settings(campaign_id: int) -> Any:
    """The campaign's board rules: mode (first_come | approval), max_per_unit (visits of one
    unit per shopper in the campaign), cancel_cutoff_hours."""
    campaigns.get_campaign(db.session, campaign_id)
    return rules.settings_of(db.session, campaign_id)


@blp.route("/campaigns/<id:campaign_id>/job-settings", methods=["PUT"])
@roles_required(*STAFF_ROLES)
@blp.arguments(JobSettingsSchema)
@blp.response(200, JobSettingsOutSchema)
def set_settings(body: dict[str, Any], campaign_id: int) -> Any:
    """Change the campaign's board rules."""
    campaign = campaigns.get_campaign(db.session, campaign_id)
    row = publishing.update_settings(db.session, campaign, body)
    db.session.commit()
    return row


@blp.route("/job-applications", methods=["GET"])
@roles_required(*STAFF_ROLES)
@blp.arguments(JobApplicationArgs, location="query")
@blp.response(200, JobApplicationListSchema)
def list_applications(args: dict[str, Any]) -> dict[str, Any]:
    """Applications (?status=, ?campaign_id=), newest first, each with the shopper's rating
    {rating 0-5, visits decided, provisional}."""
    found = applications.listing(db.session, args.get("status"), args.get("campaign_id"))
    return {"applications": found}


@blp.route("/job-applications/<id:application_id>/decision", methods=["POST"])
@roles_required(*STAFF_ROLES)
@blp.arguments(JobDecisionSchema)
@blp.response(200, JobApplicationOutSchema)
def decide(body: dict[str, Any], application_id: int) -> Any:
    """Approve (the shopper takes the job; rules checked again) or decline an application.
    409 `already_decided`, `job_taken`, `requirements_not_met`."""
    row = applications.get_application(db.session, application_id)
    applications.decide(db.session, current(), row, body["decision"], datetime.now(UTC))
    db.session.commit()
    return {"id": row.id, "status": row.status}


@blp.route("/job-conflicts", methods=["GET"])
@roles_required(*STAFF_ROLES)
@blp.response(200, JobConflictListSchema)
def list_conflicts() -> dict[str, Any]:
    """The conflict list: shoppers who never visit a unit (employed or related there)."""
    return {"conflicts": conflicts.listing(db.session)}


@blp.route("/job-conflicts", methods=["POST"])
@roles_required(*STAFF_ROLES)
@blp.arguments(JobConflictCreateSchema)
@blp.response(201, JobConflictSchema)
def add_conflict(body: dict[str, Any]) -> dict[str, Any]:
    """Add {shopper_id, unit_id, note?} to the conflict list. 409 `duplicate`."""
    row = conflicts.add(db.session, current(), body)
    db.session.commit()
    return next(c for c in conflicts.listing(db.session) if c["id"] == row.id)


@blp.route("/job-conflicts/<id:conflict_id>", methods=["DELETE"])
@roles_required(*STAFF_ROLES)
@blp.response(204)
def remove_conflict(conflict_id: int) -> None:
    """Remove an entry of the conflict list."""
    conflicts.remove(db.session, current(), conflict_id)
    db.session.commit()
