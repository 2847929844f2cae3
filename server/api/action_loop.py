"""The closed loop on the phone (issue 14 §2): an action item's detail, scheduling its
follow-up (a call, or a follow-up mystery-shop visit), the closed-loop SLA per unit (HR), and
the customer's contact given with consent. Owners act on their own items, HR on all; anyone
else gets 404."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import current_app

from server.api.access import STAFF_ROLES, current, login_required, roles_required
from server.api.actions import serialise_all
from server.api.body import Blueprint
from server.extensions import db, limiter
from server.models import ActionItem
from server.schemas.action_loop import (
    ActionItemDetailSchema,
    ContactResultSchema,
    ContactSchema,
    FollowUpOptionsSchema,
    FollowUpSchema,
    SlaQuerySchema,
    SlaSchema,
)
from server.services.actions import actions, contact, followup
from server.services.reviews import action_sla as sla
from server.services.visits import followup as visit_followup

blp = Blueprint("action_loop", __name__, url_prefix="/api/v1", description="Closed loop")


def detail(item: ActionItem, staff: bool, now: datetime) -> dict[str, Any]:
    """The item as the list shows it, plus its follow-up, escalations and customer contact."""
    out = serialise_all([item], staff, now)[0]
    anonymous = out["submission_id"] is None and item.submission_id is not None
    escalations = followup.escalations_of(db.session, item)
    if anonymous or not staff:
        for e in escalations:
            e["at"] = actions.to_hour(e["at"])
    return {
        **out,
        "followup": followup.followup_of(db.session, item),
        "escalations": escalations,
        "customer_contact": followup.contact_of(db.session, item),
    }


@blp.route("/action-items/<id:item_id>", methods=["GET"])
@login_required
@blp.response(200, ActionItemDetailSchema)
def get_action_item(item_id: int) -> dict[str, Any]:
    """One item with its follow-up, escalations and (with consent) the customer's contact."""
    user = current()
    item = actions.get_item(db.session, user, item_id)
    return detail(item, user.role in STAFF_ROLES, datetime.now(UTC))


@blp.route("/action-items/<id:item_id>/follow-up", methods=["POST"])
@login_required
@blp.arguments(FollowUpSchema)
@blp.response(200, ActionItemDetailSchema)
def schedule_follow_up(body: dict[str, Any], item_id: int) -> dict[str, Any]:
    """Schedule the follow-up: a call, or a mystery-shop visit for the shopper chosen."""
    user, now = current(), datetime.now(UTC)
    item = actions.get_item(db.session, user, item_id)
    if body["kind"] == "visit":
        visit_followup.schedule_visit(db.session, user, item, body, now)
    else:
        followup.schedule(db.session, user, item, body, now)
    db.session.commit()
    return detail(item, user.role in STAFF_ROLES, now)


@blp.route("/action-items/<id:item_id>/follow-up-options", methods=["GET"])
@login_required
@blp.response(200, FollowUpOptionsSchema)
def follow_up_options(item_id: int) -> dict[str, Any]:
    """The shoppers and open mystery-shop campaigns a follow-up visit can use."""
    item = actions.get_item(db.session, current(), item_id)
    return visit_followup.options(db.session, item)


@blp.route("/action-items/sla", methods=["GET"])
@roles_required(*STAFF_ROLES)
@blp.arguments(SlaQuerySchema, location="query")
@blp.response(200, SlaSchema)
def action_sla(query: dict[str, Any]) -> dict[str, Any]:
    """Closed-loop SLA per unit: on-time share per stage, median time to close, open overdue."""
    return {"units": sla.sla_by_unit(db.session, query, datetime.now(UTC))}


CONTACT = "/public/links/<string:token>/responses/<string:submission_id>/contact"


@blp.route(CONTACT, methods=["POST"])
@limiter.limit(lambda: str(current_app.config["PUBLIC_LIMIT_PER_ADDRESS"]), scope="public")
@blp.arguments(ContactSchema)
@blp.response(201, ContactResultSchema)
def give_contact(body: dict[str, Any], token: str, submission_id: str) -> dict[str, Any]:
    """A customer who complained leaves a contact for a follow-up call, with consent."""
    contact.give(db.session, token, submission_id, body)
    db.session.commit()
    return {"status": "stored"}
