"""The unit summary (SPEC §6): the unit's employees ranked, a heat table of the `others`
competency scores (shown figures only), the unit's mystery-shop roll-up by month and its open
action items:

  {campaign, unit: {id, name}, generated_at, competency_keys: [key],
   employees: [{id, name, job_title, employee_number, overall_index, rank,
                rows: {row: form score}, competencies: {key: others score | None}}],
   mystery_shop_trend: [{month, visits, mean, pooled}],
   action_items: [{title, status, kind, question_id, row, date, subject_id}],
   action_sla: {items, closed, open_overdue, median_hours_to_close, stages} (reviews.action_sla),
   stars: [{period, stars: [{name, job_title, rank, score, n}], league: {…} | None}]}

(action items as each member's review lists them: see action_items.unit_action_items)
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.domain_errors import NotFound
from server.models import OrgUnit, Submission, User
from server.services.reviews.action_items import unit_action_items
from server.services.reviews.action_sla import unit_sla
from server.services.reviews.blocks import MYSTERY, campaign_block, campaign_or_404, weights
from server.services.scoring import aggregation
from server.services.scoring.aggregation import SubjectAggregate
from server.services.scoring.anonymity import ROWS, thresholds_for
from server.services.stars import read as star_read


def build_unit_summary(session: Session, campaign_id: int, unit_id: int) -> dict[str, Any]:
    """Ranking, competency heat table, mystery-shop trend and open actions of one unit."""
    campaign = campaign_or_404(session, campaign_id)
    unit = session.get(OrgUnit, unit_id)
    if unit is None:
        raise NotFound("not_found", "No such unit.")
    members = list(
        session.scalars(select(User).where(User.unit_id == unit_id).order_by(User.name, User.id))
    )
    t = thresholds_for(campaign.anonymity_thresholds)
    aggs = aggregation.aggregate_campaign(
        session, campaign.id, t, items=False, subject_ids=[m.id for m in members]
    )
    keys = sorted({k for a in aggs.values() for k in a.competencies})
    return {
        "campaign": campaign_block(campaign),
        "unit": {"id": unit.id, "name": unit.name},
        "generated_at": datetime.now(UTC).date().isoformat(),  # the day only (SPEC §6)
        "competency_keys": keys,
        "employees": _employees(members, aggs, weights(campaign), campaign.rank_enabled, keys),
        "mystery_shop_trend": _unit_mystery(session, campaign.id, unit_id),
        "action_items": unit_action_items(session, campaign, unit_id, [m.id for m in members]),
        "action_sla": unit_sla(session, campaign.id, unit_id),
        "stars": star_read.unit_block(session, unit_id, campaign.period_end),
    }


def _employees(
    members: list[User],
    aggs: Mapping[int, SubjectAggregate],
    group_weights: dict[str, float],
    rank_enabled: bool,
    keys: list[str],
) -> list[dict[str, Any]]:
    """The members with figures, ranked first by rank, then by name."""
    indices = {
        m.id: aggregation.overall_index(aggs[m.id].form_scores, group_weights)[0]
        for m in members
        if m.id in aggs
    }
    employees = [
        _unit_row(m, aggs[m.id], indices, rank_enabled, keys) for m in members if m.id in aggs
    ]
    employees.sort(key=lambda e: (e["rank"]["rank"] if e["rank"] else 10**9, e["name"]))
    return employees


def _unit_row(
    member: User,
    agg: SubjectAggregate,
    indices: Mapping[int, float | None],
    rank_enabled: bool,
    keys: list[str],
) -> dict[str, Any]:
    return {
        "id": member.id,
        "name": member.name,
        "job_title": member.job_title,
        "employee_number": member.employee_number,
        "overall_index": indices.get(member.id),
        "rank": aggregation.rank_within(indices, member.id) if rank_enabled else None,
        "rows": {r: agg.form_scores[r][0] for r in ROWS if r in agg.form_scores},
        "competencies": {k: agg.competencies.get(k, {}).get("others", (None, 0))[0] for k in keys},
    }


def _unit_mystery(session: Session, campaign_id: int, unit_id: int) -> list[dict[str, Any]]:
    s = Submission
    dropped = aggregation.superseded_ids(session, campaign_id)
    rows = [
        r
        for r in session.execute(
            select(s.id, s.form_score, s.completed_at, s.received_at).where(
                s.campaign_id == campaign_id,
                s.unit_id == unit_id,
                s.relationship == MYSTERY,
                s.status == "approved",
            )
        )
        if r.id not in dropped
    ]
    keyed = [
        (unit_id, (r.completed_at or r.received_at).strftime("%Y-%m"), r.form_score, r.id)
        for r in rows
    ]
    points = aggregation.pooled_points(session, [r.id for r in rows])
    return [
        {k: v for k, v in e.items() if k != "unit"}
        for e in aggregation.mystery_rollup(keyed, points)
    ]
