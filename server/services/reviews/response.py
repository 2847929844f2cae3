"""The employee's response to a released review: the acknowledgement and the development plan.

Who may do what (SPEC §9 plus issue 15):
- read: whoever may read the review (`access.readable_review`); the acknowledgement and the
  plan are part of the review dict, so the PDF prints them too;
- acknowledge (mark as read, with an optional comment): the employee only, once released;
- write the plan: the employee or their direct manager (with read access), once released.
A reader without access gets 404 (the review's existence never leaks); a reader who may read
but not write gets 403.

A plan has 1-3 goals, each focused on one of the review's lowest items or blind spots, with
actions, a due date (a calendar date, stored as YYYY-MM-DD) and a measure. Each goal stores
the others' score of its item when written (`baseline`), so the next cycle's review shows the
change in that item (`previous_plan`).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.domain_errors import Forbidden, NotFound
from server.models import Campaign, DevelopmentPlan, ReviewAcknowledgement, User
from server.services.reviews import access


def readable(session: Session, user: User, campaign_id: int, employee_id: int) -> Campaign:
    found = access.readable_review(session, user, campaign_id, employee_id)
    if found is None:
        raise NotFound("not_found", "No such review.")
    campaign, _employee = found
    if campaign.status != "released":
        raise Forbidden("forbidden", "The review is not released yet.")
    return campaign


def acknowledge(
    session: Session, user: User, campaign_id: int, employee_id: int, comment: str | None
) -> dict[str, Any]:
    """Mark the user's own review as read (again: update the comment)."""
    readable(session, user, campaign_id, employee_id)
    if user.id != employee_id:
        raise Forbidden("forbidden", "Only the employee can acknowledge their review.")
    row = session.scalar(
        select(ReviewAcknowledgement).where(
            ReviewAcknowledgement.campaign_id == campaign_id,
            ReviewAcknowledgement.employee_id == employee_id,
        )
    )
    now = datetime.now(UTC)
    if row is None:
        row = ReviewAcknowledgement(
            campaign_id=campaign_id, employee_id=employee_id, acknowledged_at=now
        )
        session.add(row)
    row.comment = (comment or "").strip() or None
    row.updated_at = now
    session.flush()
    return ack_block(row) or {}


def ack_block(row: ReviewAcknowledgement | None) -> dict[str, Any] | None:
    """The acknowledgement as the review dict holds it."""
    if row is None:
        return None
    return {
        "acknowledged_at": row.acknowledged_at.isoformat(),
        "comment": row.comment,
    }


def plan_row(session: Session, campaign_id: int, employee_id: int) -> DevelopmentPlan | None:
    return session.scalar(
        select(DevelopmentPlan).where(
            DevelopmentPlan.campaign_id == campaign_id,
            DevelopmentPlan.employee_id == employee_id,
        )
    )


def plan_block(plan: DevelopmentPlan | None) -> dict[str, Any] | None:
    """The plan as the review dict holds it."""
    if plan is None:
        return None
    return {"updated_at": plan.updated_at.isoformat(), "goals": list(plan.goals)}


def _others(items: list[dict[str, Any]]) -> dict[str, float | None]:
    return {i["id"]: ((i.get("rows") or {}).get("others") or {}).get("mean_100") for i in items}


def response_block(
    session: Session,
    campaign_id: int,
    employee_id: int,
    previous_campaign_id: int | None,
    items: list[dict[str, Any]],
) -> dict[str, Any]:
    """The review dict's `acknowledgement`, `plan` and `previous_plan` (the goals of the
    previous campaign's plan, each with its item's score then and now)."""
    ack = session.scalar(
        select(ReviewAcknowledgement).where(
            ReviewAcknowledgement.campaign_id == campaign_id,
            ReviewAcknowledgement.employee_id == employee_id,
        )
    )
    previous = (
        plan_row(session, previous_campaign_id, employee_id) if previous_campaign_id else None
    )
    now = _others(items)
    goals = []
    for g in previous.goals if previous else []:
        score = now.get(g["focus"])
        base = g.get("baseline")
        change = score - base if score is not None and base is not None else None
        goals.append({**g, "now": score, "change": change})
    return {
        "acknowledgement": ack_block(ack),
        "plan": plan_block(plan_row(session, campaign_id, employee_id)),
        "previous_plan": goals,
    }


def acknowledgements(session: Session, campaign_id: int) -> list[dict[str, Any]]:
    """HR: who acknowledged their review in a campaign, when, and whether they commented."""
    rows = session.execute(
        select(ReviewAcknowledgement, User)
        .join(User, User.id == ReviewAcknowledgement.employee_id)
        .where(ReviewAcknowledgement.campaign_id == campaign_id)
        .order_by(User.name, User.id)
    ).all()
    return [
        {
            "employee_id": user.id,
            "name": user.name,
            "acknowledged_at": ack.acknowledged_at,
            "comment": ack.comment,
        }
        for ack, user in rows
    ]
