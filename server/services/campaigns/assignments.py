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
until the campaign is released: server.services.campaigns.assignment_edits, offered here too.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.domain_errors import Conflict, NotFound
from server.models import Assignment, Campaign, OrgUnit, PeerNomination, User
from server.services.campaigns.assignment_edits import (
    RATER_RELATIONSHIPS,
    add_assignment,
    get_assignment,
    list_assignments,
    move_assignment,
    new_assignment,
    remove_assignment,
)
from server.services.campaigns.campaign_forms import form_version_for
from server.services.org import accounts

__all__ = [
    "RATER_RELATIONSHIPS",
    "GenerateResult",
    "add_assignment",
    "approved_nominees",
    "ensure_peer",
    "generate",
    "get_assignment",
    "list_assignments",
    "move_assignment",
    "pick_peers",
    "remove_assignment",
    "scope_employees",
]


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
                new_assignment(session, campaign, relationship, rater_id, subject.id)
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
    assignment = new_assignment(session, campaign, "peer", rater_id, subject_id)
    session.flush()
    return assignment
