"""Escalation of missed closed-loop stages (issue 14 §2) and the owner's "assigned" notice.

When a stage (ack, response, plan, follow-up) of an open item passes its due time, the
periodic action (server/tasks/escalation.py) walks the configured levels, e.g.

    ({"after_hours": 0, "to": ["owner"]}, {"after_hours": 24, "to": ["manager", "hr"]})

Level k is reached `after_hours` after the stage's due time and is sent once per item and
stage: an `action_escalation` row (unique item, stage, level) records when and to whom, and
each recipient gets one notification (`action_overdue` at level 1, `action_escalated` above;
the event key names item, stage, level and recipient). Two runs, or two consumers racing,
leave one row and one notice each: the loser's insert fails on the unique constraint inside
a savepoint. Recipients: `owner` (the item's owner), `manager` (the owner's manager), `hr`
(every active HR user; admins when there is none). A level whose people resolve to nobody
goes to HR. The rated employee is never a recipient.

Anonymity: items of anonymous groups start their clock on the full hour (see actions), so
their due times, and hence the moments they escalate, tell nothing finer than the hour; the
notices carry the item's title, unit, stage and due time, never a rater or a submission.
The "assigned" notice goes out once the item's clock has started (for anonymous groups on
the next full hour, by the periodic action; named groups at once, from opening).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from server.models import ActionEscalation, ActionItem, OrgUnit, User
from server.services.actions.opening import DUE, notify_assigned
from server.services.notifications import notify
from server.services.webhooks import emit as webhook_events

STAGE_NAMES = ("ack", "response", "plan", "followup")
DEFAULT_LEVELS: tuple[dict[str, Any], ...] = (
    {"after_hours": 0, "to": ["owner"]},
    {"after_hours": 24, "to": ["manager", "hr"]},
)
RECIPIENT_KINDS = ("owner", "manager", "hr")
#: How far back the periodic action looks for items whose "assigned" notice is due.
ASSIGNED_LOOKBACK = timedelta(days=2)


def check_levels(levels: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Validate the escalation levels setting (after_hours ascending, known recipients)."""
    checked, last = [], -1.0
    for level in levels:
        after = float(level.get("after_hours", 0))
        to = list(level.get("to") or [])
        if after < last or not to or any(r not in RECIPIENT_KINDS for r in to):
            raise ValueError(f"ACTION_ESCALATION_LEVELS: bad level {level!r}")
        checked.append({"after_hours": after, "to": to})
        last = after
    return checked


def _open_overdue(session: Session, now: datetime) -> list[ActionItem]:
    missed = or_(
        *(and_(getattr(ActionItem, d).is_(None), getattr(ActionItem, due) < now) for d, due in DUE)
    )
    stmt = select(ActionItem).where(ActionItem.status != "closed", missed)
    return list(session.scalars(stmt.order_by(ActionItem.id)))


def _hr_ids(session: Session) -> list[int]:
    for role in ("hr", "admin"):
        ids = list(
            session.scalars(
                select(User.id).where(User.role == role, User.active.is_(True)).order_by(User.id)
            )
        )
        if ids:
            return ids
    return []


def recipients(session: Session, item: ActionItem, to: Sequence[str]) -> list[int]:
    """The user ids a level names for this item (HR when it names nobody)."""
    found: list[int] = []
    owner = session.get(User, item.owner_id) if item.owner_id else None
    if "owner" in to and owner is not None and owner.active:
        found.append(owner.id)
    if "manager" in to and owner is not None and owner.manager_id:
        boss = session.get(User, owner.manager_id)
        if boss is not None and boss.active:
            found.append(boss.id)
    if "hr" in to:
        found += _hr_ids(session)
    found = [uid for uid in dict.fromkeys(found) if uid != item.subject_id]
    return found or [uid for uid in _hr_ids(session) if uid != item.subject_id]


def _record(
    session: Session, item: ActionItem, stage: str, level: int, to: list[int], now: datetime
) -> bool:
    """Insert the escalation row; False when this level of this stage was already sent."""
    row = ActionEscalation(item_id=item.id, stage=stage, level=level, at=now, recipients=to)
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError:
        return False
    return True


def _params(
    session: Session, item: ActionItem, stage: str, level: int, due: datetime
) -> dict[str, Any]:
    """What the notice says: never who rated, never a submission."""
    unit = session.get(OrgUnit, item.unit_id) if item.unit_id else None
    return {
        "item_id": item.id,
        "title": item.title,
        "unit": unit.name if unit else None,
        "stage": stage,
        "level": level,
        "due_at": due.isoformat(),
    }


def _send(
    session: Session, item: ActionItem, stage: str, level: int, to: list[int], due: datetime
) -> int:
    kind = "action_overdue" if level == 1 else "action_escalated"
    params = _params(session, item, stage, level, due)
    sent = 0
    for uid in to:
        key = f"action:{item.id}:{stage}:{level}:{uid}"
        link = f"/actions/{item.id}"
        if notify(
            session, uid, kind, key=key, params=params, link=link, campaign_id=item.campaign_id
        ):
            sent += 1
    return sent


def escalate_item(
    session: Session,
    item: ActionItem,
    levels: Sequence[dict[str, Any]],
    now: datetime,
    done: set[tuple[int, str, int]],
) -> tuple[int, int]:
    """Send the levels this item's missed stages have reached; (escalations, notices)."""
    escalations = notices = 0
    for stage, (stamp, due_col) in zip(STAGE_NAMES, DUE, strict=True):
        due = getattr(item, due_col)
        if getattr(item, stamp) is not None or not due < now:
            continue
        for number, level in enumerate(levels, start=1):
            reached = due + timedelta(hours=float(level["after_hours"])) < now
            if not reached or (item.id, stage, number) in done:
                continue
            to = recipients(session, item, level["to"])
            if _record(session, item, stage, number, to, now):
                if number == 1:
                    webhook_events.action_overdue(session, item, stage, due)
                escalations += 1
                notices += _send(session, item, stage, number, to, due)
    return escalations, notices


def escalate(
    session: Session, now: datetime, levels: Sequence[dict[str, Any]] = DEFAULT_LEVELS
) -> dict[str, int]:
    """Escalate every open item's missed stages as far as `now` reaches (idempotent)."""
    levels = check_levels(levels)
    items = _open_overdue(session, now)
    e = ActionEscalation
    rows = session.execute(
        select(e.item_id, e.stage, e.level).where(e.item_id.in_([i.id for i in items] or [-1]))
    )
    done = {(item_id, stage, level) for item_id, stage, level in rows}
    escalations = notices = 0
    for item in items:
        sent, told = escalate_item(session, item, levels, now, done)
        escalations, notices = escalations + sent, notices + told
    session.flush()
    return {"escalations": escalations, "notices": notices, "assigned": announce(session, now)}


def announce(session: Session, now: datetime) -> int:
    """Send the "assigned" notice of items whose clock has started (anonymous groups: on
    the full hour) and who have an owner; already-sent notices are skipped by their key."""
    stmt = select(ActionItem).where(
        ActionItem.created_at <= now,
        ActionItem.created_at > now - ASSIGNED_LOOKBACK,
        ActionItem.owner_id.is_not(None),
        ActionItem.status != "closed",
    )
    return sum(notify_assigned(session, item) for item in session.scalars(stmt))
