"""One 360 assignment at a time: the row itself, and HR's edits of raters (add, remove while
pending, move to another rater or change the due date) until the campaign is released."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.domain_errors import Conflict, Invalid, NotFound
from server.models import Assignment, Campaign, Submission, User
from server.schemas.base import valid_id
from server.services.campaigns.campaign_forms import default_due, form_version_for
from server.services.org import accounts

RATER_RELATIONSHIPS = ("self", "supervisor", "peer", "subordinate")


def new_assignment(
    session: Session,
    campaign: Campaign,
    relationship: str,
    rater_id: int | None,
    subject_id: int | None,
    due_at: datetime | None = None,
) -> Assignment:
    assignment = Assignment(
        campaign_id=campaign.id,
        relationship=relationship,
        rater_id=rater_id,
        subject_id=subject_id,
        form_version_id=form_version_for(campaign, relationship),
        due_at=due_at or default_due(campaign),
        status="pending",
    )
    session.add(assignment)
    return assignment


def _editable(campaign: Campaign) -> None:
    if campaign.status == "released":
        raise Conflict("campaign_released", "Raters cannot change after release.")


def _active_employee(session: Session, user_id: int, field_name: str) -> User:
    user = session.get(User, user_id)
    if user is None or not user.active or user.role not in ("employee", "hr", "admin"):
        raise Invalid(
            "invalid", "Unknown or inactive user.", {"fields": {field_name: "unknown_user"}}
        )
    return user


def add_assignment(
    session: Session, actor: User | None, campaign: Campaign, data: dict[str, Any]
) -> Assignment:
    """HR adds a rater to a subject (self, supervisor, peer or subordinate)."""
    _editable(campaign)
    relationship = data["relationship"]
    if relationship not in RATER_RELATIONSHIPS:
        raise Invalid(
            "invalid",
            "Use visits or customer links for this relationship.",
            {"fields": {"relationship": "not_a_rater_relationship"}},
        )
    rater = _active_employee(session, data["rater_id"], "rater_id")
    subject = _active_employee(session, data["subject_id"], "subject_id")
    if (relationship == "self") != (rater.id == subject.id):
        raise Invalid(
            "invalid",
            "Only a self assignment has the subject as rater.",
            {"fields": {"rater_id": "self_mismatch"}},
        )
    _no_duplicate(session, campaign, relationship, rater.id, subject.id)
    assignment = new_assignment(
        session, campaign, relationship, rater.id, subject.id, data.get("due_at")
    )
    session.flush()
    accounts.audit(
        session,
        actor,
        "assignment_added",
        assignment,
        campaign_id=campaign.id,
        relationship=relationship,
        rater_id=rater.id,
        subject_id=subject.id,
    )
    return assignment


def _no_duplicate(
    session: Session,
    campaign: Campaign,
    relationship: str,
    rater_id: int,
    subject_id: int,
    exclude: int | None = None,
) -> None:
    stmt = select(Assignment.id).where(
        Assignment.campaign_id == campaign.id,
        Assignment.relationship == relationship,
        Assignment.rater_id == rater_id,
        Assignment.subject_id == subject_id,
    )
    if exclude is not None:
        stmt = stmt.where(Assignment.id != exclude)
    if session.scalar(stmt) is not None:
        raise Conflict("duplicate_assignment", "This rater already rates this subject.")


def get_assignment(session: Session, campaign: Campaign, assignment_id: int) -> Assignment:
    """Return an assignment of this campaign or raise 404."""
    assignment = session.get(Assignment, assignment_id) if valid_id(assignment_id) else None
    if assignment is None or assignment.campaign_id != campaign.id:
        raise NotFound("not_found", "No such assignment.")
    return assignment


def _pending(session: Session, assignment: Assignment) -> None:
    has_submission = session.scalar(
        select(Submission.id).where(Submission.assignment_id == assignment.id).limit(1)
    )
    if assignment.status != "pending" or has_submission is not None:
        raise Conflict("has_submission", "The rater has already answered this assignment.")


def remove_assignment(
    session: Session, actor: User | None, campaign: Campaign, assignment: Assignment
) -> None:
    """HR removes a pending assignment."""
    _editable(campaign)
    _pending(session, assignment)
    accounts.audit(
        session,
        actor,
        "assignment_removed",
        assignment,
        campaign_id=campaign.id,
        relationship=assignment.relationship,
        rater_id=assignment.rater_id,
        subject_id=assignment.subject_id,
    )
    session.delete(assignment)
    session.flush()


def move_assignment(
    session: Session,
    actor: User | None,
    campaign: Campaign,
    assignment: Assignment,
    data: dict[str, Any],
) -> Assignment:
    """HR moves a pending assignment to another rater and/or changes its due date."""
    _editable(campaign)
    _pending(session, assignment)
    if "rater_id" in data and data["rater_id"] != assignment.rater_id:
        _move_rater(session, actor, campaign, assignment, data["rater_id"])
    if "due_at" in data:
        assignment.due_at = data["due_at"]
    session.flush()
    return assignment


def _move_rater(
    session: Session, actor: User | None, campaign: Campaign, assignment: Assignment, to: int
) -> None:
    if assignment.relationship in ("self", "customer"):
        raise Invalid(
            "invalid",
            "This assignment's rater cannot be moved.",
            {"fields": {"rater_id": "not_movable"}},
        )
    rater = _rater_for(session, assignment, to)
    _no_duplicate(
        session,
        campaign,
        assignment.relationship,
        rater.id,
        assignment.subject_id or 0,
        exclude=assignment.id,
    )
    previous = assignment.rater_id
    assignment.rater_id = rater.id
    accounts.audit(
        session,
        actor,
        "assignment_moved",
        assignment,
        campaign_id=campaign.id,
        from_rater_id=previous,
        to_rater_id=rater.id,
    )


def _rater_for(session: Session, assignment: Assignment, rater_id: int) -> User:
    if assignment.relationship == "mystery_shopper":
        rater = session.get(User, rater_id)
        if rater is None or rater.role != "shopper" or not rater.active:
            raise Invalid(
                "invalid",
                "Visits go to an active shopper.",
                {"fields": {"rater_id": "not_a_shopper"}},
            )
        return rater
    rater = _active_employee(session, rater_id, "rater_id")
    if rater.id == assignment.subject_id:
        raise Invalid(
            "invalid",
            "A subject cannot be their own peer or supervisor.",
            {"fields": {"rater_id": "self_mismatch"}},
        )
    return rater


def list_assignments(
    session: Session, campaign: Campaign, filters: dict[str, Any]
) -> list[Assignment]:
    """Assignments of a campaign filtered by relationship, status, rater or subject."""
    stmt = select(Assignment).where(Assignment.campaign_id == campaign.id)
    for key in ("relationship", "status", "rater_id", "subject_id", "unit_id"):
        if filters.get(key) is not None:
            stmt = stmt.where(getattr(Assignment, key) == filters[key])
    return list(session.scalars(stmt.order_by(Assignment.id)))
