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
from server.services.actions import actions
from server.services.actions import followup as action_loop

blp = Blueprint("actions", __name__, url_prefix="/api/v1", description="Action items")


def _ref(model: Any, ref_id: int | None) -> dict[str, Any] | None:
    row = db.session.get(model, ref_id) if ref_id else None
    return {"id": row.id, "name": row.name} if row else None


def _hour(value: datetime | None) -> datetime | None:
    return actions.to_hour(value) if value is not None else None


def serialise(item: ActionItem, staff: bool, now: datetime, anonymous: bool) -> dict[str, Any]:
    """One action item for the API.

    The submission id is shown to HR only, and never for an item of an anonymous group
    (peer, subordinate, customer): such an item carries no rater, no submission id and no
    time finer than the hour (SPEC §6), its overdue flags are computed from those hours.
    """
    when = _hour if anonymous else (lambda v: v)
    late = actions.overdue_stages(item, now, hourly=anonymous)
    return {
        "id": item.id,
        "campaign_id": item.campaign_id,
        "submission_id": item.submission_id if staff and not anonymous else None,
        "kind": item.kind,
        "question_id": item.question_id,
        "title": item.title,
        "status": item.status,
        "unit": _ref(OrgUnit, item.unit_id),
        "subject": _ref(User, item.subject_id),
        "owner": _ref(User, item.owner_id),
        "due": {
            "ack": when(item.ack_due_at),
            "response": when(item.response_due_at),
            "plan": when(item.plan_due_at),
            "followup": when(item.followup_due_at),
        },
        "acknowledged_at": when(item.acknowledged_at),
        "responded_at": when(item.responded_at),
        "planned_at": when(item.planned_at),
        "closed_at": when(item.closed_at),
        "overdue": bool(late),
        "overdue_stages": late,
        "notes": _notes(item, anonymous),
        "created_at": when(item.created_at),
    }


def _notes(item: ActionItem, anonymous: bool) -> list[dict[str, Any]]:
    """The item's notes; an anonymous group's note times cut to the hour."""
    return [
        {**n, "at": actions.to_hour(datetime.fromisoformat(n["at"])).isoformat()}
        if anonymous and n.get("at")
        else n
        for n in item.notes or []
    ]


def serialise_all(items: list[ActionItem], staff: bool, now: datetime) -> list[dict[str, Any]]:
    """Serialise items, looking up once which of them come from anonymous groups."""
    origin = actions.relationships(db.session, items)
    return [serialise(i, staff, now, actions.is_anonymous(i, origin)) for i in items]


@blp.route("/action-items", methods=["GET"])
@login_required
@blp.arguments(ActionItemQuerySchema, location="query")
@blp.response(200, ActionItemListSchema)
def list_action_items(filters: dict[str, Any]) -> dict[str, Any]:
    """HR: every item (filters status, unit, campaign, overdue); others: items they own."""
    user, now = current(), datetime.now(UTC)
    items = actions.list_items(db.session, user, filters, now)
    return {"action_items": serialise_all(items, user.role in ("hr", "admin"), now)}


@blp.route("/action-items/<id:item_id>", methods=["PATCH"])
@login_required
@blp.arguments(ActionItemUpdateSchema)
@blp.response(200, ActionItemSchema)
def update_action_item(body: dict[str, Any], item_id: int) -> dict[str, Any]:
    """Acknowledge, respond, plan or close an item, with a note."""
    user, now = current(), datetime.now(UTC)
    item = actions.get_item(db.session, user, item_id)
    extra = action_loop.note_extras(db.session, user, body)
    actions.update(db.session, user, item, body["action"], body.get("note"), now, extra)
    db.session.commit()
    return serialise_all([item], user.role in ("hr", "admin"), now)[0]
