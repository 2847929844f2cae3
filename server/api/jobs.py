"""The job board, shopper's side (issue 16 §1): open jobs nearest first, take or apply,
schedule a date, cancel before the cut-off, withdraw an application, my jobs, my home position."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from server.api.access import current, roles_required
from server.api.body import Blueprint
from server.extensions import db
from server.schemas.jobs import (
    JobApplicationOutSchema,
    JobBoardArgs,
    JobOfferListSchema,
    JobOfferSchema,
    JobScheduleSchema,
    JobTakeSchema,
    ShopperHomeOutSchema,
    ShopperHomeSchema,
)
from server.services.jobs import applications, board, conflicts, taking

blp = Blueprint(
    "jobs",
    __name__,
    url_prefix="/api/v1",
    description="The job board: open visits a shopper takes or applies for (shopper)",
)


def _mine(offer_id: int) -> dict[str, Any]:
    return next(j for j in board.my_jobs(db.session, current()) if j["id"] == offer_id)


@blp.route("/jobs", methods=["GET"])
@roles_required("shopper")
@blp.arguments(JobBoardArgs, location="query")
@blp.response(200, JobOfferListSchema)
def open_jobs(args: dict[str, Any]) -> dict[str, Any]:
    """Open jobs I may take, nearest first from ?latitude=&longitude= (else my home), each
    with fee, expense cap, window, requirements and `unmet` (min_rating | certification |
    unit_limit). Jobs of units I may not visit (conflict list, my own unit) are not listed."""
    position = None
    if "latitude" in args and "longitude" in args:
        position = (args["latitude"], args["longitude"])
    jobs = board.open_jobs(db.session, current(), datetime.now(UTC), position)
    return {"jobs": jobs}


@blp.route("/me/jobs", methods=["GET"])
@roles_required("shopper")
@blp.response(200, JobOfferListSchema)
def my_jobs() -> dict[str, Any]:
    """The jobs I took (or was approved for): date, unit with its map position, cut-off."""
    return {"jobs": board.my_jobs(db.session, current())}


@blp.route("/jobs/<id:offer_id>/take", methods=["POST"])
@roles_required("shopper")
@blp.arguments(JobTakeSchema)
@blp.response(200, JobOfferSchema)
def take(body: dict[str, Any], offer_id: int) -> dict[str, Any]:
    """Take an open job (first-come campaigns), optionally with `scheduled_at` inside its
    window. 409 `job_taken` (someone was first), `approval_required` (apply instead),
    `unit_conflict`, `requirements_not_met` (details.unmet)."""
    taking.take(db.session, current(), offer_id, datetime.now(UTC), body)
    db.session.commit()
    return _mine(offer_id)


@blp.route("/jobs/<id:offer_id>/apply", methods=["POST"])
@roles_required("shopper")
@blp.response(201, JobApplicationOutSchema)
def apply(offer_id: int) -> Any:
    """Apply for an open job of an approval campaign; HR decides. 409 `take_instead`,
    `already_applied`, `job_taken`, `unit_conflict`, `requirements_not_met`."""
    row = applications.apply(db.session, current(), offer_id, datetime.now(UTC))
    db.session.commit()
    return {"id": row.id, "status": row.status}


@blp.route("/me/job-applications/<id:application_id>/withdraw", methods=["POST"])
@roles_required("shopper")
@blp.response(200, JobApplicationOutSchema)
def withdraw(application_id: int) -> Any:
    """Withdraw my application before HR decides (it is no longer pending for HR).
    404 if not mine; 409 `already_decided`, `already_withdrawn`."""
    row = applications.withdraw(db.session, current(), application_id, datetime.now(UTC))
    db.session.commit()
    return {"id": row.id, "status": row.status}


@blp.route("/me/jobs/<id:offer_id>/schedule", methods=["POST"])
@roles_required("shopper")
@blp.arguments(JobScheduleSchema)
@blp.response(200, JobOfferSchema)
def schedule(body: dict[str, Any], offer_id: int) -> dict[str, Any]:
    """Choose the date of my visit (inside its window, not in the past); 404 if not mine."""
    taking.schedule(db.session, current(), offer_id, body["scheduled_at"], datetime.now(UTC))
    db.session.commit()
    return _mine(offer_id)


@blp.route("/me/jobs/<id:offer_id>/cancel", methods=["POST"])
@roles_required("shopper")
@blp.response(204)
def cancel(offer_id: int) -> None:
    """Give my job back before the cut-off (it returns to the board, HR is notified).
    409 `cancel_cutoff_passed` (details.cancel_until), `already_reported`; 404 if not mine."""
    taking.cancel(db.session, current(), offer_id, datetime.now(UTC))
    db.session.commit()


@blp.route("/me/home", methods=["GET"])
@roles_required("shopper")
@blp.response(200, ShopperHomeOutSchema)
def home() -> dict[str, Any]:
    """My home position (the board's default origin), or null."""
    return {"home": conflicts.home_of(db.session, current())}


@blp.route("/me/home", methods=["PUT"])
@roles_required("shopper")
@blp.arguments(ShopperHomeSchema)
@blp.response(200, ShopperHomeOutSchema)
def set_home(body: dict[str, Any]) -> dict[str, Any]:
    """Set my home position {latitude, longitude, area?}."""
    found = conflicts.set_home(db.session, current(), body)
    db.session.commit()
    return {"home": found}
