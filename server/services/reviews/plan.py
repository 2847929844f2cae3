"""Writing the development plan of a released review (rules: server.services.reviews.response).

The employee or their direct manager writes 1-3 goals, each focused on one of the review's
lowest items or blind spots (`focus_options`), with actions, a due date and a measure; each goal
keeps the item's label and the others' score when written (`baseline`).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy.orm import Session

from server.domain_errors import Forbidden, Invalid
from server.models import DevelopmentPlan, User
from server.services.reviews import response, review

MAX_GOALS = 3


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
    campaign = response.readable(session, user, campaign_id, employee_id)
    employee = session.get(User, employee_id)
    if employee is None or user.id not in (employee.id, employee.manager_id):
        raise Forbidden("forbidden", "Only the employee and their manager write the plan.")
    data = review.build_review(session, campaign.id, employee_id)
    options = focus_options(data)
    checked = [_check_goal(g, options, n) for n, g in enumerate(goals[:MAX_GOALS])]
    plan = response.plan_row(session, campaign_id, employee_id)
    if plan is None:
        plan = DevelopmentPlan(campaign_id=campaign_id, employee_id=employee_id)
        session.add(plan)
    plan.goals = checked
    plan.updated_by_id = user.id
    plan.updated_at = datetime.now(UTC)
    session.flush()
    return response.plan_block(plan) or {}
