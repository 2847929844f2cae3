"""The closed loop in the demo (issue 14 §2): the first store's open action items go to its
store manager (manager1@demo.example) and are set back in time, so that `make run` shows on
the phone and in the HR console an item overdue for acknowledgement (escalated to the owner),
one escalated further (to HR, the store manager having no manager), one acknowledged and
responded in time, one closed on time, plus the SLA those make. Whole hours only, so items of
anonymous groups keep their on-the-hour clock. Runs once: nothing is changed when any
escalation is recorded already. `flask scheduler tick --at TIME` advances from there.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from server.models import ActionEscalation, ActionItem, OrgUnit, User
from server.services.actions import escalation
from server.services.actions.opening import DUE
from server.services.actions.owners import subtree

STORE_MANAGER = "manager1@demo.example"
#: Hours back and the stages done (hours after opening) for each item in turn.
PLAN: tuple[tuple[int, dict[str, float]], ...] = (
    (3, {}),  # ack overdue: level 1 to the owner
    (30, {}),  # ack past level 2 (HR), response overdue
    (20, {"acknowledged_at": 0.5, "responded_at": 6}),  # in time so far
    (80, {"acknowledged_at": 0.5, "responded_at": 10, "planned_at": 30, "closed_at": 60}),
)


def _shift(item: ActionItem, hours: int, done: dict[str, float], now: datetime) -> None:
    back = timedelta(hours=hours)
    start = item.created_at - back if item.created_at > now - back else item.created_at
    delta = item.created_at - start
    item.created_at = start
    for _, due in DUE:
        setattr(item, due, getattr(item, due) - delta)
    for stamp, after in done.items():
        setattr(item, stamp, start + timedelta(hours=after))
    item.status = {0: "open", 2: "responded", 4: "closed"}.get(len(done), item.status)
    if item.status != "open":
        item.notes = [*(item.notes or []), _note(item, done)]


def _note(item: ActionItem, done: dict[str, float]) -> dict[str, object]:
    last = max(done, key=lambda k: done[k])
    at = getattr(item, last)
    return {"at": at.isoformat(), "by": item.owner_id, "by_name": "", "action": "respond",
            "text": "Apologised by phone; voucher offered. 已电话致歉并赠送代金券。"}  # fmt: skip


def stage_loop(session: Session, now: datetime | None = None) -> int:
    """Hand the store's open items to its manager, set them back in time, escalate; returns
    how many items were staged (0 when done before or nothing to stage)."""
    now = now or datetime.now(UTC)
    manager = session.scalar(select(User).where(User.email == STORE_MANAGER))
    if manager is None or session.scalar(select(ActionEscalation.id).limit(1)) is not None:
        return 0
    unit = session.get(OrgUnit, manager.unit_id) if manager.unit_id else None
    units = subtree(session, unit) if unit else set()
    members = select(User.id).where(User.unit_id.in_(units))
    items = session.scalars(
        select(ActionItem)
        .where(ActionItem.status == "open", ActionItem.subject_id.is_distinct_from(manager.id))
        .where(or_(ActionItem.unit_id.in_(units), ActionItem.subject_id.in_(members)))
        .order_by(ActionItem.id)
        .limit(len(PLAN))
    ).all()
    for item, (hours, done) in zip(items, PLAN, strict=False):
        item.owner_id = manager.id
        _shift(item, hours, done, now)
    session.flush()
    escalation.escalate(session, now)
    return len(items)
