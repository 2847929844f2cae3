"""The review's trend (contract: notes/REVIEW.md): which earlier campaign it compares with and
the deltas of shown figures.

The previous campaign must be released for the employee audience (closed or released for
HR), share a form key with this campaign and hold counted submissions about the employee.
Deltas compare shown figures only; an `others` item that is new, changed scale/type, or was
hidden last time is "not_comparable".
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.models import Campaign, CampaignForm, Form, FormVersion, Submission
from server.services.scoring import aggregation


def _form_keys(session: Session, campaign_id: int) -> set[str]:
    return set(
        session.scalars(
            select(Form.key)
            .join(FormVersion, FormVersion.form_id == Form.id)
            .join(CampaignForm, CampaignForm.form_version_id == FormVersion.id)
            .where(CampaignForm.campaign_id == campaign_id)
        )
    )


def _has_counted(session: Session, campaign_id: int, employee_id: int) -> bool:
    found = session.scalar(
        select(Submission.id)
        .where(
            Submission.campaign_id == campaign_id,
            Submission.subject_id == employee_id,
            aggregation.counted_clause(),
        )
        .limit(1)
    )
    return found is not None


def previous_campaign(
    session: Session, campaign: Campaign, employee_id: int, audience: str
) -> Campaign | None:
    """The campaign the trend compares with, or None."""
    statuses = ("released",) if audience == "employee" else ("closed", "released")
    keys = _form_keys(session, campaign.id)
    candidates = session.scalars(
        select(Campaign)
        .where(
            Campaign.id != campaign.id,
            Campaign.status.in_(statuses),
            Campaign.period_end < campaign.period_end,
        )
        .order_by(Campaign.period_end.desc(), Campaign.id.desc())
    )
    for prev in candidates:
        if keys & _form_keys(session, prev.id) and _has_counted(session, prev.id, employee_id):
            return prev
    return None


def _delta(now: float | None, before: float | None) -> float | None:
    return now - before if now is not None and before is not None else None


def _row_deltas(current: list[dict[str, Any]], before: list[dict[str, Any]]) -> dict[str, Any]:
    old_rows = {r["key"]: r for r in before}
    rows: dict[str, Any] = {}
    for row in current:
        old = old_rows[row["key"]]
        if not (row["visible"] and old["visible"]):
            continue
        comps = {
            k: _delta(v["score"], old["competencies"].get(k, {}).get("score"))
            for k, v in row["competencies"].items()
        }
        rows[row["key"]] = {
            "form_score_delta": _delta(row["form_score"], old["form_score"]),
            "competencies": comps,
        }
    return rows


def _item_deltas(current: list[dict[str, Any]], before: list[dict[str, Any]]) -> dict[str, Any]:
    old_items = {i["id"]: i for i in before}
    items: dict[str, Any] = {}
    for item in current:
        if "others" not in item["rows"]:
            continue
        old = old_items.get(item["id"])
        same = old is not None and (old["type"], old["scale"]) == (item["type"], item["scale"])
        if same and old is not None and "others" in old["rows"]:
            items[item["id"]] = (
                item["rows"]["others"]["mean_100"] - old["rows"]["others"]["mean_100"]
            )
        else:
            items[item["id"]] = "not_comparable"
    return items


def compare(prev: Campaign, current: dict[str, Any], before: dict[str, Any]) -> dict[str, Any]:
    """The `trend` block: this campaign's core figures against `prev`'s (`before`)."""
    return {
        "previous_campaign": {
            "id": prev.id,
            "name": prev.name,
            "period_end": prev.period_end.isoformat(),
        },
        "overall_index_delta": _delta(current["overall_index"], before["overall_index"]),
        "rows": _row_deltas(current["rows"], before["rows"]),
        "items": _item_deltas(current["items"], before["items"]),
    }
