"""Mystery-shop visits: creation by HR, the review queue and the reviewer's evidence checks.

A visit is an Assignment with relationship mystery_shopper, a unit, a shopper (rater),
a visit window and a scenario. `new_visit` is the one visit rule: HR's visits
(`create_visit`), follow-up visits and the job board's visits with no shopper yet
(server.services.jobs.publishing) are made by it. Its status for HR is derived from the newest
submission of the visit (older ones are superseded through `replaces`):
`scheduled` (nothing received), `awaiting_review` (received or late, not yet decided),
`approved`, `rejected` (the shopper may resubmit with `replaces`).

Evidence checks (shown to the reviewer, never decided automatically): see
server.services.visits.evidence (`evidence` and `haversine_m` are offered here too).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from server.domain_errors import Conflict, Invalid, NotFound
from server.models import (
    ActionItem,
    Assignment,
    Campaign,
    FormVersion,
    OrgUnit,
    Submission,
    User,
)
from server.services.actions import actions
from server.services.campaigns.campaign_forms import form_version_for
from server.services.org import accounts
from server.services.sync.field import unit_staff  # the one staff rule, shared with sync
from server.services.visits import notices
from server.services.visits.evidence import evidence, haversine_m
from server.services.webhooks import emit as webhook_events

VISIT_STATUSES = ("scheduled", "awaiting_review", "approved", "rejected")
__all__ = [
    "VISIT_STATUSES",
    "check_plannable",
    "create_visit",
    "evidence",
    "get_submission",
    "haversine_m",
    "latest_submissions",
    "list_visits",
    "new_visit",
    "review",
    "unit_staff",
    "visit_status",
]
REVIEW_ACTIONS = {
    "approve": "visit_approved",
    "reject": "visit_rejected",
    "correct": "visit_staff_corrected",
}


def create_visit(
    session: Session, actor: User | None, campaign: Campaign, data: dict[str, Any]
) -> Assignment:
    """HR schedules a visit: unit, shopper, window and scenario."""
    visit = new_visit(session, campaign, data)
    accounts.audit(
        session,
        actor,
        "visit_created",
        visit,
        campaign_id=campaign.id,
        unit_id=visit.unit_id,
        shopper_id=visit.rater_id,
    )
    return visit


def new_visit(session: Session, campaign: Campaign, data: dict[str, Any]) -> Assignment:
    """The one visit rule (flushed, not audited): a pending visit of a mystery-shop campaign
    that is planned, at a known unit, in a window that ends after it starts, for the active
    shopper `data["shopper_id"]`, or for no shopper when `data` names none: a job that the
    board offers (server.services.jobs.publishing, which records its own audit event)."""
    check_plannable(campaign)
    unit, shopper = _unit_and_shopper(session, data)
    visit = Assignment(
        campaign_id=campaign.id,
        relationship="mystery_shopper",
        rater_id=shopper.id if shopper else None,
        unit_id=unit.id,
        subject_id=None,
        status="pending",
        form_version_id=form_version_for(campaign, "mystery_shopper"),
        visit_window_start=data["window_start"],
        visit_window_end=data["window_end"],
        due_at=data["window_end"],
        scenario=data.get("scenario"),
    )
    session.add(visit)
    session.flush()
    return visit


def check_plannable(campaign: Campaign) -> None:
    """Visits belong to mystery-shop or mixed campaigns and are planned while draft or open."""
    if campaign.kind not in ("mystery_shop", "mixed"):
        raise Conflict("wrong_kind", "Visits belong to mystery-shop or mixed campaigns.")
    if campaign.status not in ("draft", "open"):
        raise Conflict("invalid_transition", "Visits are planned while draft or open.")


def _unit_and_shopper(session: Session, data: dict[str, Any]) -> tuple[OrgUnit, User | None]:
    """The visit's unit and active shopper (None when `data` names none), and a window that
    ends after it starts."""
    unit = session.get(OrgUnit, data["unit_id"])
    shopper_id = data.get("shopper_id")
    shopper = session.get(User, shopper_id) if shopper_id is not None else None
    errors = {}
    if unit is None:
        errors["unit_id"] = "unknown_unit"
    if shopper_id is not None and (
        shopper is None or shopper.role != "shopper" or not shopper.active
    ):
        errors["shopper_id"] = "not_an_active_shopper"
    if data["window_end"] <= data["window_start"]:
        errors["window_end"] = "must_be_after_window_start"
    if errors and shopper_id is None:  # a job of the board (its error says so)
        raise Invalid("invalid", "The job is invalid.", {"fields": errors})
    if errors:
        raise Invalid("invalid", "The visit is invalid.", {"fields": errors})
    assert unit is not None
    return unit, shopper


def latest_submissions(session: Session, assignment_ids: list[int]) -> dict[int, Submission]:
    """The newest non-superseded submission of each assignment."""
    if not assignment_ids:
        return {}
    subs = session.scalars(
        select(Submission)
        .where(Submission.assignment_id.in_(assignment_ids))
        .order_by(Submission.received_at)
    ).all()
    superseded = {s.replaces_id for s in subs if s.replaces_id}
    latest: dict[int, Submission] = {}
    for sub in subs:
        if sub.id not in superseded and sub.assignment_id is not None:
            latest[sub.assignment_id] = sub
    return latest


def visit_status(submission: Submission | None) -> str:
    """Derived status of a visit from its newest submission."""
    if submission is None:
        return "scheduled"
    if submission.status in ("approved", "rejected"):
        return submission.status
    return "awaiting_review"


def list_visits(
    session: Session, campaign: Campaign, status: str | None = None
) -> list[tuple[Assignment, Submission | None]]:
    """Visits of a campaign with their newest submission, optionally filtered by status."""
    visits = list(
        session.scalars(
            select(Assignment)
            .where(
                Assignment.campaign_id == campaign.id, Assignment.relationship == "mystery_shopper"
            )
            .order_by(Assignment.visit_window_start, Assignment.id)
        )
    )
    latest = latest_submissions(session, [v.id for v in visits])
    rows = [(v, latest.get(v.id)) for v in visits]
    if status:
        rows = [r for r in rows if visit_status(r[1]) == status]
    return rows


def get_submission(session: Session, submission_id: str) -> Submission:
    """Return a submission or raise 404."""
    submission = session.get(Submission, submission_id)
    if submission is None:
        raise NotFound("not_found", "No such submission.")
    return submission


def review(
    session: Session, actor: User, submission: Submission, data: dict[str, Any]
) -> Submission:
    """Approve, reject (with a reason) or correct the identified employee of a visit report."""
    if submission.relationship != "mystery_shopper":
        raise Conflict("not_reviewable", "Only mystery-shop reports are reviewed.")
    # Lock the row and read its committed state: a review timer that decided first wins.
    session.refresh(submission, with_for_update=True)
    decision, reason = data["decision"], (data.get("reason") or "").strip() or None
    superseded = session.scalar(
        select(Submission.id).where(Submission.replaces_id == submission.id)
    )
    if superseded is not None:
        raise Conflict(
            "superseded", "A newer report replaces this one.", {"replaced_by": superseded}
        )
    if decision == "reject" and not reason:
        raise Invalid("invalid", "Give the shopper a reason.", {"fields": {"reason": "required"}})
    flags = _flags(session, submission, data) if decision == "reject" else None
    if decision == "correct":
        _correct(session, submission, data)
    else:
        _decide(session, submission, decision)
    submission.reviewer_id = actor.id
    submission.review_reason = reason
    submission.review_flags = flags
    submission.reviewed_at = datetime.now(UTC)
    session.flush()
    accounts.audit(
        session,
        actor,
        REVIEW_ACTIONS[decision],
        submission,
        reason=reason,
        status=submission.status,
        staff_id=submission.subject_id,
    )
    notices.tell_shopper(session, submission, decision)
    return submission


def _flags(session: Session, submission: Submission, data: dict[str, Any]) -> list[str] | None:
    """The flagged question ids of a rejection, each a question of the report's form."""
    flagged = list(dict.fromkeys(data.get("flagged") or []))
    version = session.get(FormVersion, submission.form_version_id)
    definition = version.definition if version else {}
    known = {q["id"] for s in definition.get("sections", []) for q in s.get("questions", [])}
    unknown = [qid for qid in flagged if qid not in known]
    if unknown:
        raise Invalid(
            "invalid", "Flag questions of this form.", {"fields": {"flagged": "unknown_question"}}
        )
    return flagged or None


def _decide(session: Session, submission: Submission, decision: str) -> None:
    assignment = session.get(Assignment, submission.assignment_id)
    if decision == "approve":
        if submission.status == "approved":
            raise Conflict("already_decided", "This report is already approved.")
        if submission.status == "late":
            submission.late_accepted = True
        submission.status = "approved"
        if assignment is not None:
            assignment.status = "submitted"
        # A visit counts from approval on: its failed critical items open action items now.
        actions.create_for_submission(session, submission)
        webhook_events.visit_approved(session, submission, automatic=False)
    else:
        if submission.status == "rejected":
            raise Conflict("already_decided", "This report is already rejected.")
        submission.status = "rejected"
        if assignment is not None:
            assignment.status = "pending"  # back on the shopper's list for a resubmission


def _correct(session: Session, submission: Submission, data: dict[str, Any]) -> None:
    if "staff_id" not in data:
        raise Invalid(
            "invalid",
            "Name the served employee (or null).",
            {"fields": {"staff_id": "required"}},
        )
    staff_id = data["staff_id"]
    if staff_id is not None:
        unit = session.get(OrgUnit, submission.unit_id) if submission.unit_id else None
        staff_ids = {u.id for u in unit_staff(session, unit)} if unit else set()
        if staff_id not in staff_ids:
            raise Invalid(
                "invalid",
                "That employee does not work in the visited unit.",
                {"fields": {"staff_id": "not_unit_staff"}},
            )
    submission.subject_id = staff_id
    # Follow-ups of this visit concern the corrected employee from now on.
    session.execute(
        update(ActionItem)
        .where(ActionItem.submission_id == submission.id)
        .values(subject_id=staff_id)
    )
