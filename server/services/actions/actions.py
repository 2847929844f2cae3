"""Closed loop (SPEC §3): action items for failed critical items and bottom-scale customer ratings.

An item is owned by the unit's manager: the subject's manager when the rated
employee has one, else the head of the unit (a user of the unit's subtree who
manages someone there and whose own manager is outside it; the lowest id wins,
walking up the tree when a unit has none). Due times count from creation with
the campaign's `action_due_hours` (defaults ack 1 h, response 24 h, plan 48 h,
follow-up 72 h). Stages only move forward: open -> acknowledged -> responded ->
planned -> closed; each step may skip earlier ones (the skipped timestamps are
filled), responding, planning and closing need a note. An item is overdue when a
stage it has not reached is past its due time.

Anonymity (SPEC §6, derived records): an item raised by a response of an anonymous
group (peer, subordinate, customer) never carries a time finer than the hour. Its
clock starts at the next full hour after the response arrived: `created_at` is that
hour and every due time counts from it (the owner gains up to an hour, never loses
one), so neither the stored times nor the moment an item turns overdue tell when
within the hour the rater answered. The operational list shows such items without
submission id and with every time (stage stamps, note times) cut to the hour
(`serialise_times`). The rated employee never owns an item about themselves: the
owner is their manager, else the head of their unit other than them (walking up).

Opening items: server.services.actions.opening; owners: server.services.actions.owners
(both offered here too).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import and_, false, or_, select
from sqlalchemy.orm import Session

from server.domain_errors import Conflict, Invalid, NotFound, Term
from server.models import ActionItem, OrgUnit, Submission, User
from server.services.actions.opening import (
    DUE,
    create_for_submission,
    free_ids,
    next_hour,
    to_hour,
)
from server.services.actions.owners import owner_for, subtree, unit_manager
from server.services.org import accounts
from server.services.scoring import anonymity

__all__ = [
    "ACTIONS",
    "STAGES",
    "create_for_submission",
    "free_ids",
    "get_item",
    "is_anonymous",
    "list_items",
    "next_hour",
    "overdue_stages",
    "owner_for",
    "relationships",
    "to_hour",
    "unit_manager",
    "update",
]

STAGES = ("open", "acknowledged", "responded", "planned", "closed")
ACTIONS = {
    "acknowledge": "acknowledged",
    "respond": "responded",
    "plan": "planned",
    "close": "closed",
}
_STAMP = {
    "acknowledged": "acknowledged_at",
    "responded": "responded_at",
    "planned": "planned_at",
    "closed": "closed_at",
}


def overdue_stages(item: ActionItem, now: datetime, hourly: bool = False) -> list[str]:
    """Names of the due times this item has missed (empty once closed). `hourly` compares
    the due times cut to the hour (anonymous groups: the flags turn only on the hour)."""
    if item.status == "closed":
        return []
    names = ("ack", "response", "plan", "followup")
    return [
        name
        for name, (done, due) in zip(names, DUE, strict=True)
        if getattr(item, done) is None
        and (to_hour(getattr(item, due)) if hourly else getattr(item, due)) < now
    ]


def _overdue_clause(now: datetime) -> Any:
    return and_(
        ActionItem.status != "closed",
        or_(
            *(
                and_(getattr(ActionItem, done).is_(None), getattr(ActionItem, due) < now)
                for done, due in DUE
            )
        ),
    )


def list_items(
    session: Session, user: User, filters: dict[str, Any], now: datetime | None = None
) -> list[ActionItem]:
    """HR sees every item (filters status, unit subtree, overdue, campaign); others their own."""
    now = now or datetime.now(UTC)
    stmt = select(ActionItem)
    if user.role not in ("hr", "admin"):
        stmt = stmt.where(ActionItem.owner_id == user.id)
    if filters.get("status"):
        stmt = stmt.where(ActionItem.status == filters["status"])
    if filters.get("campaign_id"):
        stmt = stmt.where(ActionItem.campaign_id == filters["campaign_id"])
    if filters.get("unit_id"):
        unit = session.get(OrgUnit, filters["unit_id"])
        stmt = stmt.where(ActionItem.unit_id.in_(subtree(session, unit)) if unit else false())
    if filters.get("overdue") is not None:
        clause = _overdue_clause(now)
        stmt = stmt.where(clause if filters["overdue"] else ~clause)
    stmt = stmt.order_by(ActionItem.created_at.desc(), ActionItem.id.desc())
    return list(
        session.scalars(stmt.limit(filters.get("limit", 200)).offset(filters.get("offset", 0)))
    )


def relationships(session: Session, items: list[ActionItem]) -> dict[str, str]:
    """{submission id: relationship} of the submissions behind these items."""
    ids = {i.submission_id for i in items if i.submission_id}
    if not ids:
        return {}
    rows = session.execute(
        select(Submission.id, Submission.relationship).where(Submission.id.in_(ids))
    )
    return {sid: rel for sid, rel in rows}


def is_anonymous(item: ActionItem, relationship_of: dict[str, str]) -> bool:
    """Whether the item came from an anonymous group (unknown origin counts as anonymous)."""
    if item.submission_id is None or item.submission_id not in relationship_of:
        return True
    return anonymity.unnamed(relationship_of[item.submission_id])


def get_item(session: Session, user: User, item_id: int) -> ActionItem:
    """Return an item HR or its owner may act on, else 404."""
    item = session.get(ActionItem, item_id) if 0 < item_id < 2**31 else None
    if item is None or (user.role not in ("hr", "admin") and item.owner_id != user.id):
        raise NotFound("not_found", "No such action item.")
    return item


def update(
    session: Session,
    user: User,
    item: ActionItem,
    action: str,
    note: str | None,
    now: datetime | None = None,
    extra: dict[str, Any] | None = None,
) -> ActionItem:
    """Move an item forward (acknowledge, respond, plan, close), recording the note and its
    `extra` fields (the solution of a response, the photo of a closing)."""
    now = now or datetime.now(UTC)
    target = ACTIONS[action]
    note = (note or "").strip() or None
    if STAGES.index(target) <= STAGES.index(item.status):
        raise Conflict(
            "invalid_transition",
            "The item is already {status}.",
            {"status": item.status},
            params={"status": Term(item.status, "action item status")},
        )
    if note is None and action != "acknowledge":
        raise Invalid("invalid", "Add a note.", {"fields": {"note": "required"}})
    for stage in STAGES[STAGES.index(item.status) + 1 : STAGES.index(target) + 1]:
        setattr(item, _STAMP[stage], now)
    item.status = target
    if note is not None:
        entry = {
            "at": now.isoformat(),
            "by": user.id,
            "by_name": user.name,
            "action": action,
            "text": note,
            **(extra or {}),
        }
        item.notes = [*(item.notes or []), entry]
    accounts.audit(session, user, f"action_item_{target}", item, note=note)
    session.flush()
    return item
