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
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import and_, false, or_, select
from sqlalchemy.orm import Session

from server.domain_errors import Conflict, Invalid, NotFound, Term
from server.models import ActionItem, Campaign, FormVersion, OrgUnit, Submission, User
from server.models.campaign import DEFAULT_ACTION_DUE_HOURS
from server.schemas.base import MAX_ID
from server.services.forms.answers import is_empty, questions_by_id
from server.services.forms.show_if import visible_questions
from server.services.org import accounts
from server.services.scoring import anonymity

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
_DUE = (
    ("acknowledged_at", "ack_due_at"),
    ("responded_at", "response_due_at"),
    ("planned_at", "plan_due_at"),
    ("closed_at", "followup_due_at"),
)
TITLES = {
    "critical_failure": {"en": "Failed critical item: {en}", "zh-CN": "关键项未通过：{zh}"},
    "customer_low_rating": {
        "en": "Lowest customer rating: {en}",
        "zh-CN": "顾客给出最低评分：{zh}",
    },
}


def to_hour(value: datetime) -> datetime:
    """Cut a time down to its hour."""
    return value.replace(minute=0, second=0, microsecond=0)


def next_hour(value: datetime) -> datetime:
    """The first full hour at or after `value`."""
    floor = to_hour(value)
    return floor if floor == value else floor + timedelta(hours=1)


def _triggers(submission: Submission, definition: dict[str, Any]) -> list[tuple[str, str]]:
    found = [(qid, "critical_failure") for qid in submission.critical_failures or []]
    if submission.relationship != "customer":
        return found
    given = {
        k: v
        for k, v in (submission.answers or {}).items()
        if not is_empty(v) and k not in (submission.na or [])
    }
    shown = visible_questions(definition, given)
    for qid, question in questions_by_id(definition).items():
        if (
            question["type"] == "rating"
            and qid in shown
            and qid in given
            and given[qid] == question["scale"]["min"]
            and (qid, "critical_failure") not in found
        ):
            found.append((qid, "customer_low_rating"))
    return found


def create_for_submission(
    session: Session, submission: Submission, now: datetime | None = None
) -> list[ActionItem]:
    """Open the action items a counted submission calls for (idempotent per question)."""
    version = session.get(FormVersion, submission.form_version_id)
    campaign = session.get(Campaign, submission.campaign_id)
    if version is None or campaign is None:
        return []
    triggers = _triggers(submission, version.definition)
    if not triggers:
        return []
    done = set(
        session.scalars(
            select(ActionItem.question_id).where(ActionItem.submission_id == submission.id)
        )
    )
    questions = questions_by_id(version.definition)
    owner = owner_for(session, submission.subject_id, submission.unit_id)
    hours = {**DEFAULT_ACTION_DUE_HOURS, **(campaign.action_due_hours or {})}
    now = now or datetime.now(UTC)
    # Raters never named: their items carry no submission id, no rater and no time finer
    # than the hour.
    if anonymity.unnamed(submission.relationship):
        now = next_hour(now)
    created = []
    triggers = [(qid, kind) for qid, kind in triggers if qid not in done]
    ids = free_ids(session, len(triggers))
    for (qid, kind), item_id in zip(triggers, ids, strict=True):
        label = questions[qid]["label"]
        title = {
            lang: text.format(en=label.get("en", qid), zh=label.get("zh-CN", qid))
            for lang, text in TITLES[kind].items()
        }
        item = ActionItem(
            id=item_id,
            campaign_id=campaign.id,
            submission_id=submission.id,
            unit_id=submission.unit_id,
            subject_id=submission.subject_id,
            owner_id=owner,
            kind=kind,
            question_id=qid,
            title=title,
            status="open",
            notes=[],
            created_at=now,
            **{
                due: now + timedelta(hours=float(hours[key]))
                for key, (_, due) in zip(("ack", "response", "plan", "followup"), _DUE, strict=True)
            },
        )
        session.add(item)
        created.append(item)
    session.flush()
    return created


def free_ids(session: Session, count: int) -> list[int]:
    """`count` unused action-item ids drawn at random from 1..MAX_ID.

    Not a sequence: an id in order would tell HR and the owner when an item of an
    anonymous group was opened relative to items of known time (finer than the hour its
    created_at shows), and consecutive ids would tie the items of one hidden rater's
    submission together although its submission id is withheld (SPEC §6, issue 11).
    """
    ids: list[int] = []
    while len(ids) < count:
        wanted = {secrets.randbelow(MAX_ID) + 1 for _ in range(count - len(ids))} - set(ids)
        taken = set(session.scalars(select(ActionItem.id).where(ActionItem.id.in_(wanted))))
        ids += sorted(wanted - taken)
    return ids


def _subtree(session: Session, unit: OrgUnit) -> set[int]:
    return set(
        session.scalars(
            select(OrgUnit.id).where(
                (OrgUnit.path == unit.path)
                | OrgUnit.path.startswith(unit.path + "/", autoescape=True)
            )
        )
    )


def unit_manager(session: Session, unit_id: int | None, exclude: int | None = None) -> int | None:
    """Return the head of a unit (see the module docstring), walking up the tree;
    `exclude` (the rated employee) is never returned."""
    unit = session.get(OrgUnit, unit_id) if unit_id is not None else None
    while unit is not None:
        units = _subtree(session, unit)
        people = session.execute(
            select(User.id, User.manager_id).where(User.unit_id.in_(units), User.active.is_(True))
        ).all()
        members = {uid for uid, _ in people}
        managers = {mgr for _, mgr in people if mgr in members}
        heads = sorted(
            uid for uid, mgr in people if uid in managers and mgr not in members and uid != exclude
        )
        if heads:
            return heads[0]
        unit = session.get(OrgUnit, unit.parent_id) if unit.parent_id else None
    return None


def owner_for(session: Session, subject_id: int | None, unit_id: int | None) -> int | None:
    """The subject's manager, else the unit's head (never the subject themselves)."""
    if subject_id is not None:
        subject = session.get(User, subject_id)
        if subject is not None and subject.manager_id not in (None, subject_id):
            return subject.manager_id
        if subject is not None and unit_id is None:
            unit_id = subject.unit_id
    return unit_manager(session, unit_id, exclude=subject_id)


def overdue_stages(item: ActionItem, now: datetime, hourly: bool = False) -> list[str]:
    """Names of the due times this item has missed (empty once closed). `hourly` compares
    the due times cut to the hour (anonymous groups: the flags turn only on the hour)."""
    if item.status == "closed":
        return []
    names = ("ack", "response", "plan", "followup")
    return [
        name
        for name, (done, due) in zip(names, _DUE, strict=True)
        if getattr(item, done) is None
        and (to_hour(getattr(item, due)) if hourly else getattr(item, due)) < now
    ]


def _overdue_clause(now: datetime) -> Any:
    return and_(
        ActionItem.status != "closed",
        or_(
            *(
                and_(getattr(ActionItem, done).is_(None), getattr(ActionItem, due) < now)
                for done, due in _DUE
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
        stmt = stmt.where(ActionItem.unit_id.in_(_subtree(session, unit)) if unit else false())
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
) -> ActionItem:
    """Move an item forward (acknowledge, respond, plan, close), recording the note."""
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
        }
        item.notes = [*(item.notes or []), entry]
    accounts.audit(session, user, f"action_item_{target}", item, note=note)
    session.flush()
    return item
