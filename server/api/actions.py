"""Closed-loop action items: HR sees all, an owner (the unit's manager) sees and moves theirs."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from server.api.access import current, login_required
from server.api.body import Blueprint
from server.extensions import db
from server.models import ActionItem, OrgUnit, User
from server.schemas.actions import (
    ActionItemListSchema,
    ActionItemQuerySchema,
    ActionItemSchema,
    ActionItemUpdateSchema,
)
from server.services import actions

blp = Blueprint("actions", __name__, url_prefix="/api/v1", description="Action items")


def _ref(model: Any, ref_id: int | None) -> dict[str, Any] | None:
    row = db.session.get(model, ref_id) if ref_id else None
    return {"id": row.id, "name": row.name} if row else None


def serialise(item: ActionItem, staff: bool, now: datetime) -> dict[str, Any]:
    """One action item for the API (the submission id is shown to HR only)."""
    late = actions.overdue_stages(item, now)
    return {
        "id": item.id,
        "campaign_id": item.campaign_id,
        "submission_id": item.submission_id if staff else None,
        "kind": item.kind,
        "question_id": item.question_id,
        "title": item.title,
        "status": item.status,
        "unit": _ref(OrgUnit, item.unit_id),
        "subject": _ref(User, item.subject_id),
        "owner": _ref(User, item.owner_id),
        "due": {
            "ack": item.ack_due_at,
            "response": item.response_due_at,
            "plan": item.plan_due_at,
            "followup": item.followup_due_at,
        },
        "acknowledged_at": item.acknowledged_at,
        "responded_at": item.responded_at,
        "planned_at": item.planned_at,
        "closed_at": item.closed_at,
        "overdue": bool(late),
        "overdue_stages": late,
        "notes": item.notes or [],
        "created_at": item.created_at,
    }


@blp.route("/action-items", methods=["GET"])
@login_required
@blp.arguments(ActionItemQuerySchema, location="query")
@blp.response(200, ActionItemListSchema)
def list_action_items(filters: dict[str, Any]) -> dict[str, Any]:
    """HR: every item (filters status, unit, campaign, overdue); others: items they own."""
    user, now = current(), datetime.now(UTC)
    items = actions.list_items(db.session, user, filters, now)
    staff = user.role in ("hr", "admin")
    return {"action_items": [serialise(i, staff, now) for i in items]}


@blp.route("/action-items/<id:item_id>", methods=["PATCH"])
@login_required
@blp.arguments(ActionItemUpdateSchema)
@blp.response(200, ActionItemSchema)
def update_action_item(body: dict[str, Any], item_id: int) -> dict[str, Any]:
    """Acknowledge, respond, plan or close an item, with a note."""
    user, now = current(), datetime.now(UTC)
    item = actions.get_item(db.session, user, item_id)
    actions.update(db.session, user, item, body["action"], body.get("note"), now)
    db.session.commit()
    return serialise(item, user.role in ("hr", "admin"), now)
