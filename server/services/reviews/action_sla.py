"""Closed-loop SLA per unit (issue 14 §2): for the action items of a unit (and campaign or
period), the share of each stage done on time, the median time to close and the open items
past a due time.

  [{unit: {id, name}, items, closed, open_overdue, median_hours_to_close,
    stages: {ack|response|plan|followup: {due, on_time, share}}}]

A stage counts once it is decided: done, or past its due time; `share` = on time / decided
(None when nothing is decided yet). Anonymity (SPEC §6): an item counts only where the review
of its employee lists it (server.services.reviews.action_items.action_row: the row and the
item's figure are shown), unit-level mystery-shop items only from counted visits; items of
hidden groups are neither counted nor timed, so no figure here tells of them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, date, datetime, time
from statistics import median
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.models import ActionItem, Campaign, OrgUnit, User
from server.services.reviews.action_items import MYSTERY, action_row
from server.services.scoring import aggregation
from server.services.scoring.anonymity import thresholds_for

#: (stage, its stamp, its due time) in stage order (as server.services.actions.opening.DUE).
STAGES = (
    ("ack", "acknowledged_at", "ack_due_at"),
    ("response", "responded_at", "response_due_at"),
    ("plan", "planned_at", "plan_due_at"),
    ("followup", "closed_at", "followup_due_at"),
)


def figures(items: Iterable[ActionItem], now: datetime) -> dict[str, Any]:
    """The SLA figures of a set of items (no anonymity filter: pass visible items only)."""
    items = list(items)
    stages: dict[str, dict[str, Any]] = {}
    for name, stamp, due in STAGES:
        done = [getattr(i, stamp) for i in items]
        dues = [getattr(i, due) for i in items]
        decided = sum(1 for d, u in zip(done, dues, strict=True) if d is not None or u < now)
        on_time = sum(1 for d, u in zip(done, dues, strict=True) if d is not None and d <= u)
        stages[name] = {
            "due": decided,
            "on_time": on_time,
            "share": on_time / decided if decided else None,
        }
    closed = [i for i in items if i.status == "closed" and i.closed_at is not None]
    hours = [(i.closed_at - i.created_at).total_seconds() / 3600 for i in closed]  # type: ignore[operator]
    overdue = [
        i
        for i in items
        if i.status != "closed"
        and any(getattr(i, stamp) is None and getattr(i, due) < now for _, stamp, due in STAGES)
    ]
    return {
        "items": len(items),
        "closed": len(closed),
        "open_overdue": len(overdue),
        "median_hours_to_close": median(hours) if hours else None,
        "stages": stages,
    }


def visible(session: Session, items: list[ActionItem]) -> list[ActionItem]:
    """The items a review lists (see the module docstring); items without a submission
    (opened by hand) count."""
    by_subject: dict[tuple[int, int], list[ActionItem]] = defaultdict(list)
    keep = [i for i in items if i.submission_id is None]
    for i in items:
        if i.submission_id is not None and i.campaign_id is not None:
            by_subject[(i.campaign_id, i.subject_id or 0)].append(i)
    for (campaign_id, subject_id), group in by_subject.items():
        keep += _listed(session, campaign_id, subject_id, group)
    return keep


def _listed(
    session: Session, campaign_id: int, subject_id: int, group: list[ActionItem]
) -> list[ActionItem]:
    campaign = session.get(Campaign, campaign_id)
    if campaign is None:
        return []
    if not subject_id:  # visits that identified nobody: counted mystery shops only
        counted = {
            f.id
            for f in aggregation.effective_submissions(session, campaign_id, competencies=False)
            if f.relationship == MYSTERY
        }
        return [i for i in group if i.submission_id in counted]
    t = thresholds_for(campaign.anonymity_thresholds)
    agg = aggregation.aggregate_subject(session, campaign_id, subject_id, t)
    rel = {f.id: f.relationship for f in agg.submissions}
    return [
        i
        for i in group
        if i.submission_id in rel and action_row(rel[i.submission_id], i.question_id, agg)
    ]


def _scope(session: Session, query: dict[str, Any]) -> list[ActionItem]:
    stmt = select(ActionItem)
    if query.get("campaign_id"):
        stmt = stmt.where(ActionItem.campaign_id == query["campaign_id"])
    if query.get("unit_id"):  # the subject's unit counts for items without one
        member = select(User.id).where(User.unit_id == query["unit_id"])
        stmt = stmt.where(
            (ActionItem.unit_id == query["unit_id"])
            | (ActionItem.unit_id.is_(None) & ActionItem.subject_id.in_(member))
        )
    if query.get("since"):
        stmt = stmt.where(ActionItem.created_at >= _start(query["since"]))
    if query.get("until"):
        stmt = stmt.where(ActionItem.created_at < _start(query["until"], 1))
    return list(session.scalars(stmt.order_by(ActionItem.id)))


def _start(day: date, plus: int = 0) -> datetime:
    return datetime.combine(date.fromordinal(day.toordinal() + plus), time(), tzinfo=UTC)


def sla_by_unit(session: Session, query: dict[str, Any], now: datetime) -> list[dict[str, Any]]:
    """SLA figures per unit of the items in scope (campaign, unit, period by creation day);
    an item without a unit counts in its employee's unit."""
    per_unit: dict[int, list[ActionItem]] = defaultdict(list)
    items = visible(session, _scope(session, query))
    subjects = {i.subject_id for i in items if i.unit_id is None and i.subject_id}
    home = dict(session.execute(select(User.id, User.unit_id).where(User.id.in_(subjects))).all())
    for item in items:
        unit_id = item.unit_id or home.get(item.subject_id or 0)
        if unit_id is not None and query.get("unit_id") in (None, unit_id):
            per_unit[unit_id].append(item)
    units = {u.id: u for u in session.scalars(select(OrgUnit).where(OrgUnit.id.in_(per_unit)))}
    return [
        {"unit": {"id": uid, "name": units[uid].name}, **figures(per_unit[uid], now)}
        for uid in sorted(per_unit, key=lambda u: units[u].path)
    ]


def unit_sla(
    session: Session, campaign_id: int, unit_id: int, now: datetime | None = None
) -> dict[str, Any]:
    """The SLA figures of one unit in one campaign (the unit summary's block)."""
    found = sla_by_unit(
        session, {"campaign_id": campaign_id, "unit_id": unit_id}, now or datetime.now(UTC)
    )
    if not found:
        return figures([], now or datetime.now(UTC))
    return {k: v for k, v in found[0].items() if k != "unit"}
