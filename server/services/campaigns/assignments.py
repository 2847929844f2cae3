"""360 assignment generation and HR edits of raters.

Generation (idempotent; a second run creates nothing):
- subjects: active employees (role employee) of the campaign's scope (a unit subtree,
  or everyone);
- self; supervisor = the subject's active manager; subordinate = each active direct
  report rates the subject;
- peers, automatic: active employees of the same unit who are neither the subject's
  manager nor direct reports, ordered by SHA-256(campaign, subject, candidate) (stable,
  spread evenly, not alphabetical) and capped at peer_max. Peers are chosen once per
  subject: a subject who already has peer assignments (generated or set by HR) gets
  none added, so HR's removals of peers survive a re-run. A subject with fewer than
  peer_min candidates is reported in `below_min`.
- peers, nomination: one assignment per approved nomination (server.services.campaigns.nominations).
HR may add, remove (pending only) and move raters (re-assign a pending assignment)
until the campaign is released.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.domain_errors import Conflict, Invalid, NotFound
from server.models import Assignment, Campaign, OrgUnit, PeerNomination, Submission, User
from server.services.campaigns.campaigns import default_due, form_version_for, valid_id
from server.services.org import accounts

RATER_RELATIONSHIPS = ("self", "supervisor", "peer", "subordinate")


@dataclass
class GenerateResult:
    created: int = 0
    subjects: int = 0
    by_relationship: dict[str, int] = field(default_factory=dict)
    below_min: list[int] = field(default_factory=list)


def scope_employees(session: Session, unit_id: int | None = None) -> list[User]:
    """Active employees, optionally only those in a unit's subtree."""
    stmt = select(User).where(User.role == "employee", User.active.is_(True))
    if unit_id is not None:
        unit = session.get(OrgUnit, unit_id)
        if unit is None:
            raise NotFound("not_found", "No such unit.")
        stmt = stmt.join(OrgUnit, User.unit_id == OrgUnit.id).where(
            (OrgUnit.path == unit.path) | OrgUnit.path.startswith(unit.path + "/")
        )
    return list(session.scalars(stmt.order_by(User.id)))


def generate(
    session: Session, actor: User | None, campaign: Campaign, unit_id: int | None = None
) -> GenerateResult:
    """Create the missing 360 assignments of a campaign (see the module docstring)."""
    if campaign.kind not in ("360", "mixed"):
        raise Conflict("wrong_kind", "Only 360 or mixed campaigns generate 360 raters.")
    if campaign.status not in ("draft", "open"):
        raise Conflict("invalid_transition", "Assignments are generated while draft or open.")
    for relationship in RATER_RELATIONSHIPS:
        form_version_for(campaign, relationship)
    subjects = scope_employees(session, unit_id)
    everyone = {u.id: u for u in scope_employees(session)}
    existing = _existing(session, campaign)
    result = GenerateResult(subjects=len(subjects))
    for subject in subjects:
        for relationship, rater_id in _planned(
            session, campaign, subject, everyone, existing, result
        ):
            if (relationship, rater_id, subject.id) not in existing:
                _add(session, campaign, relationship, rater_id, subject.id)
                existing.add((relationship, rater_id, subject.id))
                result.created += 1
                result.by_relationship[relationship] = (
                    result.by_relationship.get(relationship, 0) + 1
                )
    session.flush()
    accounts.audit(
        session, actor, "assignments_generated", campaign, created=result.created, unit_id=unit_id
    )
    return result


def _existing(session: Session, campaign: Campaign) -> set[tuple[str, int | None, int | None]]:
    rows = session.execute(
        select(Assignment.relationship, Assignment.rater_id, Assignment.subject_id).where(
            Assignment.campaign_id == campaign.id
        )
    )
    return {(r.relationship, r.rater_id, r.subject_id) for r in rows}


def _planned(
    session: Session,
    campaign: Campaign,
    subject: User,
    everyone: dict[int, User],
    existing: set[tuple[str, int | None, int | None]],
    result: GenerateResult,
) -> list[tuple[str, int]]:
    plan = [("self", subject.id)]
    if subject.manager_id in everyone:
        plan.append(("supervisor", subject.manager_id))
    reports = [u.id for u in everyone.values() if u.manager_id == subject.id]
    plan.extend(("subordinate", r) for r in reports)
    if campaign.peer_selection == "nomination":
        plan.extend(("peer", n) for n in approved_nominees(session, campaign, subject.id))
    elif not any(rel == "peer" and subj == subject.id for rel, _, subj in existing):
        peers = pick_peers(campaign, subject, everyone.values())
        if len(peers) < campaign.peer_min:
            result.below_min.append(subject.id)
        plan.extend(("peer", p) for p in peers)
    return plan


def pick_peers(campaign: Campaign, subject: User, candidates: Any) -> list[int]:
    """Deterministic choice of up to peer_max same-unit colleagues."""
    pool = [
        u.id
        for u in candidates
        if u.unit_id == subject.unit_id
        and u.id != subject.id
        and u.id != subject.manager_id
        and u.manager_id != subject.id
    ]

    def order(user_id: int) -> str:
        return hashlib.sha256(f"{campaign.id}:{subject.id}:{user_id}".encode()).hexdigest()

    return sorted(pool, key=order)[: campaign.peer_max]


def approved_nominees(session: Session, campaign: Campaign, subject_id: int) -> list[int]:
    """Nominee ids of a subject's approved nominations."""
    return list(
        session.scalars(
            select(PeerNomination.nominee_id)
            .where(
                PeerNomination.campaign_id == campaign.id,
                PeerNomination.subject_id == subject_id,
                PeerNomination.status == "approved",
            )
            .order_by(PeerNomination.id)
        )
    )


def _add(
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


def ensure_peer(
    session: Session, campaign: Campaign, rater_id: int, subject_id: int
) -> Assignment | None:
    """Create the peer assignment of an approved nomination once generation has run."""
    if campaign.status not in ("draft", "open"):
        return None
    has_self = session.scalar(
        select(Assignment.id).where(
            Assignment.campaign_id == campaign.id,
            Assignment.subject_id == subject_id,
            Assignment.relationship == "self",
        )
    )
    found = session.scalar(
        select(Assignment).where(
            Assignment.campaign_id == campaign.id,
            Assignment.relationship == "peer",
            Assignment.rater_id == rater_id,
            Assignment.subject_id == subject_id,
        )
    )
    if has_self is None or found is not None:
        return found
    assignment = _add(session, campaign, "peer", rater_id, subject_id)
    session.flush()
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
    assignment = _add(session, campaign, relationship, rater.id, subject.id, data.get("due_at"))
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
        if assignment.relationship in ("self", "customer"):
            raise Invalid(
                "invalid",
                "This assignment's rater cannot be moved.",
                {"fields": {"rater_id": "not_movable"}},
            )
        rater = _rater_for(session, assignment, data["rater_id"])
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
    if "due_at" in data:
        assignment.due_at = data["due_at"]
    session.flush()
    return assignment


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
