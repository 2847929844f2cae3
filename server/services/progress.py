"""Completion figures for HR, and a subject's own view that never names a rater.

Completion counts assignments (declined ones are excluded from the denominator):
`rate` = submitted / (total - declined), None when nothing is expected. Units are the
subject's unit (for visits: the visited unit). Customer campaigns have no
assignments: their figures are the links and responses received.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session, aliased

from server.models import Assignment, Campaign, CustomerLink, OrgUnit, Submission, User


def _figures(counts: dict[str, int]) -> dict[str, Any]:
    total = sum(counts.values())
    expected = total - counts.get("declined", 0)
    submitted = counts.get("submitted", 0)
    return {
        "total": total,
        "submitted": submitted,
        "pending": counts.get("pending", 0),
        "declined": counts.get("declined", 0),
        "rate": round(submitted / expected, 4) if expected else None,
    }


def campaign_progress(session: Session, campaign: Campaign) -> dict[str, Any]:
    """Completion of a campaign overall, per relationship and per unit."""
    subject = aliased(User)
    unit_id = func.coalesce(Assignment.unit_id, subject.unit_id)
    rows = session.execute(
        select(Assignment.relationship, unit_id, Assignment.status, func.count())
        .outerjoin(subject, subject.id == Assignment.subject_id)
        .where(Assignment.campaign_id == campaign.id)
        .group_by(Assignment.relationship, unit_id, Assignment.status)
    ).all()
    overall: dict[str, int] = defaultdict(int)
    by_rel: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    by_unit: dict[int | None, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for relationship, unit, status, count in rows:
        overall[status] += count
        by_rel[relationship][status] += count
        by_unit[unit][status] += count
    units = {
        u.id: u
        for u in session.scalars(
            select(OrgUnit).where(OrgUnit.id.in_([u for u in by_unit if u is not None]))
        )
    }
    return {
        "campaign_id": campaign.id,
        "status": campaign.status,
        **_figures(overall),
        "by_relationship": [
            {"relationship": rel, **_figures(c)} for rel, c in sorted(by_rel.items())
        ],
        "by_unit": sorted(
            (
                {"unit": _unit(units.get(u)) if u is not None else None, **_figures(c)}
                for u, c in by_unit.items()
            ),
            key=lambda r: r["unit"]["path"] if r["unit"] else "",
        ),
        "customer": _customer(session, campaign),
    }


def _unit(unit: OrgUnit | None) -> dict[str, Any] | None:
    return {"id": unit.id, "name": unit.name, "path": unit.path} if unit else None


def _customer(session: Session, campaign: Campaign) -> dict[str, Any] | None:
    links = session.execute(
        select(func.count(), func.sum(case((CustomerLink.active, 1), else_=0))).where(
            CustomerLink.campaign_id == campaign.id
        )
    ).one()
    if not links[0]:
        return None
    responses = session.scalar(
        select(func.count()).where(
            Submission.campaign_id == campaign.id, Submission.relationship == "customer"
        )
    )
    return {"links": links[0], "active_links": int(links[1] or 0), "responses": responses}


def outstanding(session: Session, campaign: Campaign, filters: dict[str, Any]) -> list[dict]:
    """Pending assignments for HR to chase (raters and subjects named: HR only)."""
    rater, subject = aliased(User), aliased(User)
    stmt = (
        select(Assignment, rater, subject)
        .outerjoin(rater, rater.id == Assignment.rater_id)
        .outerjoin(subject, subject.id == Assignment.subject_id)
        .where(Assignment.campaign_id == campaign.id, Assignment.status == "pending")
    )
    if filters.get("relationship"):
        stmt = stmt.where(Assignment.relationship == filters["relationship"])
    if filters.get("unit_id"):
        unit_ids = _subtree_ids(session, filters["unit_id"])
        stmt = stmt.where(func.coalesce(Assignment.unit_id, subject.unit_id).in_(unit_ids))
    rows = session.execute(stmt.order_by(Assignment.due_at, Assignment.id)).all()
    return [
        {
            "assignment_id": a.id,
            "relationship": a.relationship,
            "due_at": a.due_at.isoformat() if a.due_at else None,
            "rater": _person(r),
            "subject": _person(s),
            "unit_id": a.unit_id or (s.unit_id if s else None),
        }
        for a, r, s in rows
    ]


def _person(user: User | None) -> dict[str, Any] | None:
    if user is None:
        return None
    return {
        "id": user.id,
        "name": user.name,
        "email": user.email,
        "employee_number": user.employee_number,
    }


def _subtree_ids(session: Session, unit_id: int) -> list[int]:
    unit = session.get(OrgUnit, unit_id)
    if unit is None:
        return []
    return list(
        session.scalars(
            select(OrgUnit.id).where(
                (OrgUnit.path == unit.path) | OrgUnit.path.startswith(unit.path + "/")
            )
        )
    )


def subject_progress(session: Session, campaign: Campaign, subject: User) -> dict[str, Any]:
    """How many raters of each relationship answered about `subject`: counts only, no names."""
    rows = session.execute(
        select(Assignment.relationship, Assignment.status, func.count())
        .where(
            Assignment.campaign_id == campaign.id,
            Assignment.subject_id == subject.id,
            Assignment.relationship.in_(("self", "supervisor", "peer", "subordinate")),
        )
        .group_by(Assignment.relationship, Assignment.status)
    ).all()
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for relationship, status, count in rows:
        counts[relationship][status] += count
    return {
        "campaign_id": campaign.id,
        "relationships": {
            rel: {
                "expected": sum(c.values()) - c.get("declined", 0),
                "submitted": c.get("submitted", 0),
            }
            for rel, c in sorted(counts.items())
        },
    }
