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

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.domain_errors import Forbidden, Invalid, NotFound
from server.models import Campaign, DevelopmentPlan, ReviewAcknowledgement, User
from server.services.reviews import access

MAX_GOALS = 3


def _readable(session: Session, user: User, campaign_id: int, employee_id: int) -> Campaign:
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
    _readable(session, user, campaign_id, employee_id)
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
    return ack_block(row)


def ack_block(row: ReviewAcknowledgement | None) -> dict[str, Any] | None:
    """The acknowledgement as the review dict holds it."""
    if row is None:
        return None
    return {
        "acknowledged_at": row.acknowledged_at.isoformat(),
        "comment": row.comment,
    }


def focus_options(review: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """What a goal may focus on: the lowest items, then items flagged as blind spots."""
    options: dict[str, dict[str, Any]] = {}
    for item in review.get("bottom_items") or []:
        options.setdefault(item["id"], {"label": item["label"], "score": item.get("mean_100")})
    for gap in (review.get("gaps") or {}).get("items") or []:
        if gap.get("flag") == "blind_spot":
            options.setdefault(gap["id"], {"label": gap["label"], "score": gap.get("others")})
    return options


def _check_goal(goal: dict[str, Any], options: dict[str, Any], n: int) -> dict[str, Any]:
    key = goal["focus"]
    if key not in options:
        raise Invalid(
            "invalid",
            "A goal must focus on one of the review's lowest items or blind spots.",
            {"fields": {"goals": {str(n): {"focus": ["not_offered"]}}}},
        )
    return {
        "focus": key,
        "goal": goal["goal"].strip(),
        "actions": goal["actions"].strip(),
        "due": goal["due"].isoformat() if isinstance(goal["due"], date) else goal["due"],
        "measure": goal["measure"].strip(),
        "label": options[key]["label"],
        "baseline": options[key]["score"],
    }


def save_plan(
    session: Session, user: User, campaign_id: int, employee_id: int, goals: list[dict[str, Any]]
) -> dict[str, Any]:
    """Write the employee's plan (the employee or their manager), replacing the last one."""
    from server.services.reviews import review

    campaign = _readable(session, user, campaign_id, employee_id)
    employee = session.get(User, employee_id)
    if employee is None or user.id not in (employee.id, employee.manager_id):
        raise Forbidden("forbidden", "Only the employee and their manager write the plan.")
    data = review.build_review(session, campaign.id, employee_id)
    options = focus_options(data)
    checked = [_check_goal(g, options, n) for n, g in enumerate(goals[:MAX_GOALS])]
    plan = _plan_row(session, campaign_id, employee_id)
    if plan is None:
        plan = DevelopmentPlan(campaign_id=campaign_id, employee_id=employee_id)
        session.add(plan)
    plan.goals = checked
    plan.updated_by_id = user.id
    plan.updated_at = datetime.now(UTC)
    session.flush()
    return plan_block(plan)


def _plan_row(session: Session, campaign_id: int, employee_id: int) -> DevelopmentPlan | None:
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
        _plan_row(session, previous_campaign_id, employee_id) if previous_campaign_id else None
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
        "plan": plan_block(_plan_row(session, campaign_id, employee_id)),
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
