"""Review data: the one dict the API and the PDF render (contract: notes/REVIEW.md).

`build_review(session, campaign_id, employee_id, audience=...)` returns the
protected review of one employee in one campaign. Every figure in it has passed
the anonymity rules (server.services.scoring.anonymity, applied in aggregation); hidden
figures are absent, never present-but-flagged. Numbers are unrounded.

Choices where the contract is silent:
- `competencies` lists the competencies in the order they first appear in the
  campaign's forms (the catalogue table keeps no order), with catalogue names.
- `items` key on question id: a 360 form and a customer form sharing a scored
  question id would share one item (the default forms do not).
- Trend: see server.services.reviews.trend.
- Rank: among employees of the same org unit (User.unit_id) who have an
  overall index in this campaign; None when the campaign disables ranking.
- A hidden row with responses has `n: None` (SPEC §6 "no number"; its size
  would help back-calculation); rows without responses keep n 0.
- Mystery-shop text comments are the visit `narrative`, not repeated under
  `comments`; `items[].rows[*].mean` is null for types other than rating/number.
- `build_unit_summary` (server.services.reviews.unit_summary, offered here too) is the
  one-page summary of a unit.
- `released_reviews` summarises an employee's released reviews for /me/reviews.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.domain_errors import NotFound
from server.models import Campaign, Competency, FormVersion, Submission, User
from server.services.reviews import (
    access,
    action_items,
    feedback,
    mystery_shop,
    response,
    review_sections,
    trend,
)
from server.services.reviews.blocks import (
    MYSTERY,
    campaign_block,
    campaign_or_404,
    employee_block,
    weights,
)
from server.services.reviews.unit_summary import build_unit_summary
from server.services.scorecard import review_block
from server.services.scoring import aggregation
from server.services.scoring.aggregation import SubjectAggregate
from server.services.scoring.anonymity import ROWS, thresholds_for

__all__ = ["build_review", "build_unit_summary", "released_reviews", "team_reviews"]


def _definitions(
    session: Session, campaign: Campaign, agg: SubjectAggregate
) -> tuple[dict[int, dict[str, Any]], dict[str, list[int]]]:
    """Return {form_version_id: definition} and {relationship: [version ids]} in use."""
    by_rel: dict[str, list[int]] = {}
    pairs = [(cf.relationship, cf.form_version_id) for cf in campaign.forms]
    pairs += [(f.relationship, f.form_version_id) for f in agg.submissions]
    for rel, fv_id in pairs:
        if fv_id not in by_rel.setdefault(rel, []):
            by_rel[rel].append(fv_id)
    ids = {i for v in by_rel.values() for i in v}
    rows = (
        session.execute(
            select(FormVersion.id, FormVersion.definition).where(FormVersion.id.in_(ids))
        ).all()
        if ids
        else []
    )
    defs: dict[int, dict[str, Any]] = dict(rows)
    return defs, by_rel


def _scored_questions(
    defs: Mapping[int, dict[str, Any]], by_rel: Mapping[str, list[int]]
) -> list[dict[str, Any]]:
    """Scored questions of the 360/customer forms, in form order, first occurrence wins."""
    seen: dict[str, dict[str, Any]] = {}
    for rel in ROWS:
        if rel == MYSTERY:
            continue
        for fv_id in by_rel.get(rel, []):
            for section, q in review_sections.questions(defs[fv_id]):
                if q.get("scored") and q["id"] not in seen:
                    seen[q["id"]] = {**q, "section_id": section["id"]}
    return list(seen.values())


def _competencies(session: Session, defs: Mapping[int, dict[str, Any]]) -> list[dict[str, Any]]:
    order: list[str] = []
    for definition in defs.values():
        for section, q in review_sections.questions(definition):
            for key in (section.get("competency"), q.get("competency")):
                if key and key not in order:
                    order.append(key)
    known = {c.key: c for c in session.scalars(select(Competency).where(Competency.key.in_(order)))}
    return [
        {
            "key": k,
            "name": known[k].name if k in known else {"en": k, "zh-CN": k},
            "description": known[k].description if k in known else None,
        }
        for k in order
    ]


def _rank(session: Session, campaign: Campaign, employee: User) -> dict[str, Any] | None:
    if not campaign.rank_enabled or employee.unit_id is None:
        return None
    members = list(session.scalars(select(User.id).where(User.unit_id == employee.unit_id)))
    t = thresholds_for(campaign.anonymity_thresholds)
    aggs = aggregation.aggregate_campaign(
        session, campaign.id, t, items=False, competencies=False, subject_ids=members
    )
    group_weights = weights(campaign)
    indices = {
        sid: aggregation.overall_index(a.form_scores, group_weights)[0] for sid, a in aggs.items()
    }
    return aggregation.rank_within(indices, employee.id)


def _trend(
    session: Session, prev: Campaign | None, employee: User, current: dict[str, Any]
) -> dict[str, Any] | None:
    if prev is None:
        return None
    return trend.compare(prev, current, _core(session, prev, employee))


def _core(session: Session, campaign: Campaign, employee: User) -> dict[str, Any]:
    """Rows, items, competencies and index of one campaign (shared by trend)."""
    t = thresholds_for(campaign.anonymity_thresholds)
    agg = aggregation.aggregate_subject(session, campaign.id, employee.id, t)
    defs, by_rel = _definitions(session, campaign, agg)
    index, index_rows = aggregation.overall_index(agg.form_scores, weights(campaign))
    return {
        "agg": agg,
        "defs": defs,
        "by_rel": by_rel,
        "rows": review_sections.rows_block(agg),
        "items": review_sections.items_block(agg, _scored_questions(defs, by_rel)),
        "competencies": _competencies(session, defs),
        "overall_index": index,
        "index_rows": index_rows,
    }


def _scorecard(session: Session, campaign: Campaign, employee: User) -> dict[str, Any] | None:
    """The employee's scorecard in the campaign's calendar period (the PDF's scorecard page)."""
    return review_block.review_scorecard(
        session, employee.id, campaign.period_start, campaign.period_end, datetime.now(UTC)
    )


def build_review(
    session: Session, campaign_id: int, employee_id: int, *, audience: str = "employee"
) -> dict[str, Any]:
    """Build one employee's protected review of one campaign (notes/REVIEW.md)."""
    campaign = campaign_or_404(session, campaign_id)
    employee = session.get(User, employee_id)
    if employee is None:
        raise NotFound("not_found", "No such review.")
    core = _core(session, campaign, employee)
    agg, defs, by_rel = core["agg"], core["defs"], core["by_rel"]
    top, bottom = review_sections.top_bottom(core["items"])
    customer_def = next((defs[i] for i in by_rel.get("customer", [])), None)
    prev = trend.previous_campaign(session, campaign, employee.id, audience)
    own = response.response_block(
        session, campaign.id, employee.id, prev.id if prev else None, core["items"]
    )
    return {
        "campaign": campaign_block(campaign),
        "employee": employee_block(session, employee),
        "generated_at": datetime.now(UTC).date().isoformat(),  # the day only (SPEC §6)
        "rows": core["rows"],
        "competencies": core["competencies"],
        "items": core["items"],
        "overall_index": core["overall_index"],
        "index_rows": core["index_rows"],
        "gaps": review_sections.gaps_block(
            agg, core["competencies"], core["items"], float(campaign.gap_threshold)
        ),
        "top_items": top,
        "bottom_items": bottom,
        "trend": _trend(session, prev, employee, core),
        "rank": _rank(session, campaign, employee),
        "mystery_shop": mystery_shop.mystery_shop(session, agg, defs),
        "customer": feedback.customer(agg, customer_def),
        "comments": feedback.comments(session, agg, defs),
        "action_items": action_items.action_items(session, campaign.id, employee.id, agg),
        "asked": review_sections.asked_block(defs, by_rel),
        "scorecard": _scorecard(session, campaign, employee),
        **own,
    }


def team_reviews(session: Session, manager: User) -> list[dict[str, Any]]:
    """Released reviews of the manager's direct reports in campaigns that allow managers."""
    reports = session.scalars(
        select(User).where(User.manager_id == manager.id, User.active).order_by(User.name, User.id)
    )
    out = []
    for employee in reports:
        person = {"id": employee.id, "name": employee.name, "job_title": employee.job_title}
        for summary in released_reviews(session, employee):
            campaign = session.get(Campaign, summary["campaign"]["id"])
            if campaign is not None and access.may_read_review(
                manager, campaign, employee, staff_rights=False
            ):
                out.append({**summary, "employee": person})
    return out


def released_reviews(session: Session, employee: User) -> list[dict[str, Any]]:
    """Summaries of the employee's reviews in released campaigns, newest period first."""
    from server.models import Assignment

    ids = set(
        session.scalars(
            select(Submission.campaign_id).where(
                Submission.subject_id == employee.id, aggregation.counted_clause()
            )
        )
    )
    ids |= set(
        session.scalars(select(Assignment.campaign_id).where(Assignment.subject_id == employee.id))
    )
    campaigns = session.scalars(
        select(Campaign)
        .where(Campaign.id.in_(ids or {-1}), Campaign.status == "released")
        .order_by(Campaign.period_end.desc(), Campaign.id.desc())
    )
    out = []
    for campaign in campaigns:
        core = _core(session, campaign, employee)
        out.append(
            {
                "campaign": campaign_block(campaign),
                "overall_index": core["overall_index"],
                "index_rows": core["index_rows"],
                "rank": _rank(session, campaign, employee),
                "rows": [
                    {k: r[k] for k in ("key", "n", "visible", "form_score")} for r in core["rows"]
                ],
            }
        )
    return out
