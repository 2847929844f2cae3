"""Action items as reviews show them (SPEC §6): only items from rows shown in the review,
under that row, with their creation date; the unit summary's open items of its members and
of visits to the unit."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.models import ActionItem, Campaign
from server.services.scoring import aggregation
from server.services.scoring.aggregation import SubjectAggregate
from server.services.scoring.anonymity import ANONYMOUS, ROWS, thresholds_for

MYSTERY = "mystery_shopper"


def action_row(relationship: str, question_id: str | None, agg: SubjectAggregate) -> str | None:
    """The visible review row an action item may be listed under, or None (not listed).

    Mystery shops: the mystery_shopper row. Others: the rater's own row, else (peer,
    subordinate) `colleagues`; the row and its figure of the item's question must both
    be shown, so an item never tells more than the figures around it (SPEC §6).
    """
    if relationship == MYSTERY:
        return relationship if agg.decisions[relationship].visible else None
    candidates = [relationship, "colleagues"] if relationship in ANONYMOUS else [relationship]
    for row in candidates:
        decision = agg.decisions.get(row)
        if decision is None or not decision.visible:
            continue
        if question_id is not None and row not in agg.items.get(question_id, {}):
            continue
        return row
    return None


def _shown(item: ActionItem, row: str) -> dict[str, Any]:
    """An item as a review lists it: no id (an id ties together the items of one
    submission, and older ids are sequential), the day only."""
    return {
        "title": item.title or {},
        "status": item.status,
        "kind": item.kind,
        "question_id": item.question_id,
        "row": row,
        "date": item.created_at.date().isoformat(),
    }


def action_items(
    session: Session, campaign_id: int, subject_id: int, agg: SubjectAggregate
) -> list[dict[str, Any]]:
    """The employee's action items of this campaign that come from rows shown in the review.

    Items from hidden rows are neither listed nor counted; a listed item carries the row it
    is shown under (never a hidden rater group), its creation date (never a time) and no id.
    Sorted by date, row, kind and question.
    """
    counted = {f.id: f.relationship for f in agg.submissions}
    rows = session.scalars(
        select(ActionItem).where(
            ActionItem.campaign_id == campaign_id,
            ActionItem.subject_id == subject_id,
            ActionItem.submission_id.in_(list(counted) or [""]),
        )
    )
    listed: list[tuple[tuple[str, int, str, str, str], dict[str, Any]]] = []
    for a in rows:
        relationship = counted.get(a.submission_id or "")
        row = action_row(relationship, a.question_id, agg) if relationship else None
        if row is None:
            continue
        shown = _shown(a, row)
        title_en = str(shown["title"].get("en", ""))
        key = (shown["date"], ROWS.index(row), a.kind, a.question_id or "", title_en)
        listed.append((key, shown))
    return [item for _, item in sorted(listed, key=lambda pair: pair[0])]


def _members_open(
    session: Session, campaign: Campaign, subject_ids: set[int]
) -> list[dict[str, Any]]:
    t = thresholds_for(campaign.anonymity_thresholds)
    out: list[dict[str, Any]] = []
    for subject_id in sorted(subject_ids):
        agg = aggregation.aggregate_subject(session, campaign.id, subject_id, t)
        for item in action_items(session, campaign.id, subject_id, agg):
            if item["status"] != "closed":
                out.append({**item, "subject_id": subject_id})
    return out


def _unit_level(
    session: Session, campaign_id: int, items: list[ActionItem]
) -> list[dict[str, Any]]:
    if not items:
        return []
    counted = {
        f.id
        for f in aggregation.effective_submissions(session, campaign_id, competencies=False)
        if f.relationship == MYSTERY
    }
    return [
        {**_shown(x, MYSTERY), "title": x.title, "subject_id": None}
        for x in items
        if x.submission_id in counted
    ]


def unit_action_items(
    session: Session, campaign: Campaign, unit_id: int, members: list[int]
) -> list[dict[str, Any]]:
    """Open action items of the unit as each member's review shows them (SPEC §6): only
    items from rows shown in that review, with the row and the date; visits to the unit
    that identified nobody under the mystery-shop row. Sorted by date, subject, row."""
    a = ActionItem
    open_items = list(
        session.scalars(
            select(a).where(
                a.campaign_id == campaign.id,
                a.status != "closed",
                (a.unit_id == unit_id) | a.subject_id.in_(members or [-1]),
            )
        )
    )
    subjects = {x.subject_id for x in open_items if x.subject_id is not None}
    out = _members_open(session, campaign, subjects)
    out += _unit_level(
        session, campaign.id, [x for x in open_items if x.subject_id is None and x.submission_id]
    )
    out.sort(key=lambda x: (x["date"], x["subject_id"] or 0, x["row"], x["kind"]))
    return out
