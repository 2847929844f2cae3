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
- Trend: the previous campaign must be released for the employee audience
  (closed or released for HR), must share a form key with this campaign and
  hold counted submissions about the employee. Deltas compare shown figures
  only; an `others` item that is new, changed scale/type, or was hidden last
  time is "not_comparable".
- Rank: among employees of the same org unit (User.unit_id) who have an
  overall index in this campaign; None when the campaign disables ranking.
- A hidden row with responses has `n: None` (SPEC §6 "no number"; its size
  would help back-calculation); rows without responses keep n 0.
- Mystery-shop text comments are the visit `narrative`, not repeated under
  `comments`; `items[].rows[*].mean` is null for types other than rating/number.
- `build_unit_summary` ranks the unit's employees, gives a heat table of the
  `others` competency scores (shown figures only), the unit's mystery-shop
  roll-up by month and its open action items:
  {campaign, unit: {id, name}, generated_at, competency_keys: [key],
   employees: [{id, name, job_title, employee_number, overall_index, rank,
                rows: {row: form score}, competencies: {key: others score | None}}],
   mystery_shop_trend: [{month, visits, mean, pooled}],
   action_items: [{title, status, kind, question_id, row, date, subject_id}]}
  (action items as each member's review lists them: see review_sections.action_items)
- `released_reviews` summarises an employee's released reviews for /me/reviews.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.domain_errors import NotFound
from server.models import (
    ActionItem,
    Campaign,
    CampaignForm,
    Competency,
    Form,
    FormVersion,
    OrgUnit,
    Submission,
    User,
)
from server.models.campaign import DEFAULT_GROUP_WEIGHTS
from server.services.reviews import access, review_sections
from server.services.scoring import aggregation
from server.services.scoring.aggregation import SubjectAggregate
from server.services.scoring.anonymity import ROWS, thresholds_for

MYSTERY = "mystery_shopper"


def _campaign_or_404(session: Session, campaign_id: int) -> Campaign:
    campaign = session.get(Campaign, campaign_id)
    if campaign is None:
        raise NotFound("not_found", "No such campaign.")
    return campaign


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


def _weights(campaign: Campaign) -> dict[str, float]:
    return {**DEFAULT_GROUP_WEIGHTS, **(campaign.group_weights or {})}


def _rank(session: Session, campaign: Campaign, employee: User) -> dict[str, Any] | None:
    if not campaign.rank_enabled or employee.unit_id is None:
        return None
    members = list(session.scalars(select(User.id).where(User.unit_id == employee.unit_id)))
    t = thresholds_for(campaign.anonymity_thresholds)
    aggs = aggregation.aggregate_campaign(
        session, campaign.id, t, items=False, competencies=False, subject_ids=members
    )
    weights = _weights(campaign)
    indices = {sid: aggregation.overall_index(a.form_scores, weights)[0] for sid, a in aggs.items()}
    return aggregation.rank_within(indices, employee.id)


def _form_keys(session: Session, campaign_id: int) -> set[str]:
    return set(
        session.scalars(
            select(Form.key)
            .join(FormVersion, FormVersion.form_id == Form.id)
            .join(CampaignForm, CampaignForm.form_version_id == FormVersion.id)
            .where(CampaignForm.campaign_id == campaign_id)
        )
    )


def _previous(
    session: Session, campaign: Campaign, employee_id: int, audience: str
) -> Campaign | None:
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
        if not keys & _form_keys(session, prev.id):
            continue
        has = session.scalar(
            select(Submission.id)
            .where(
                Submission.campaign_id == prev.id,
                Submission.subject_id == employee_id,
                aggregation.counted_clause(),
            )
            .limit(1)
        )
        if has is not None:
            return prev
    return None


def _delta(now: float | None, before: float | None) -> float | None:
    return now - before if now is not None and before is not None else None


def _trend(
    session: Session, campaign: Campaign, employee: User, audience: str, current: dict[str, Any]
) -> dict[str, Any] | None:
    prev = _previous(session, campaign, employee.id, audience)
    if prev is None:
        return None
    before = _core(session, prev, employee)
    rows: dict[str, Any] = {}
    old_rows = {r["key"]: r for r in before["rows"]}
    for row in current["rows"]:
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
    old_items = {i["id"]: i for i in before["items"]}
    items: dict[str, Any] = {}
    for item in current["items"]:
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
    return {
        "previous_campaign": {
            "id": prev.id,
            "name": prev.name,
            "period_end": prev.period_end.isoformat(),
        },
        "overall_index_delta": _delta(current["overall_index"], before["overall_index"]),
        "rows": rows,
        "items": items,
    }


def _core(session: Session, campaign: Campaign, employee: User) -> dict[str, Any]:
    """Rows, items, competencies and index of one campaign (shared by trend)."""
    t = thresholds_for(campaign.anonymity_thresholds)
    agg = aggregation.aggregate_subject(session, campaign.id, employee.id, t)
    defs, by_rel = _definitions(session, campaign, agg)
    index, index_rows = aggregation.overall_index(agg.form_scores, _weights(campaign))
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


def _campaign_block(campaign: Campaign) -> dict[str, Any]:
    return {
        "id": campaign.id,
        "name": campaign.name,
        "kind": campaign.kind,
        "period_start": campaign.period_start.isoformat(),
        "period_end": campaign.period_end.isoformat(),
        "status": campaign.status,
        "released": campaign.status == "released",
        "locale": campaign.report_locale,
        "rank_enabled": bool(campaign.rank_enabled),
    }


def _employee_block(session: Session, employee: User) -> dict[str, Any]:
    unit = session.get(OrgUnit, employee.unit_id) if employee.unit_id else None
    return {
        "id": employee.id,
        "name": employee.name,
        "job_title": employee.job_title,
        "employee_number": employee.employee_number,
        "unit": {"id": unit.id, "name": unit.name} if unit else None,
    }


def build_review(
    session: Session, campaign_id: int, employee_id: int, *, audience: str = "employee"
) -> dict[str, Any]:
    """Build one employee's protected review of one campaign (notes/REVIEW.md)."""
    campaign = _campaign_or_404(session, campaign_id)
    employee = session.get(User, employee_id)
    if employee is None:
        raise NotFound("not_found", "No such review.")
    core = _core(session, campaign, employee)
    agg, defs, by_rel = core["agg"], core["defs"], core["by_rel"]
    top, bottom = review_sections.top_bottom(core["items"])
    customer_def = next((defs[i] for i in by_rel.get("customer", [])), None)
    return {
        "campaign": _campaign_block(campaign),
        "employee": _employee_block(session, employee),
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
        "trend": _trend(session, campaign, employee, audience, core),
        "rank": _rank(session, campaign, employee),
        "mystery_shop": review_sections.mystery_shop(session, agg, defs),
        "customer": review_sections.customer(agg, customer_def),
        "comments": review_sections.comments(session, agg, defs),
        "action_items": review_sections.action_items(session, campaign.id, employee.id, agg),
    }


def build_unit_summary(session: Session, campaign_id: int, unit_id: int) -> dict[str, Any]:
    """Ranking, competency heat table, mystery-shop trend and open actions of one unit."""
    campaign = _campaign_or_404(session, campaign_id)
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
    weights = _weights(campaign)
    indices = {
        m.id: aggregation.overall_index(aggs[m.id].form_scores, weights)[0]
        for m in members
        if m.id in aggs
    }
    keys = sorted({k for a in aggs.values() for k in a.competencies})
    employees = [
        _unit_row(m, aggs[m.id], indices, campaign.rank_enabled, keys)
        for m in members
        if m.id in aggs
    ]
    employees.sort(key=lambda e: (e["rank"]["rank"] if e["rank"] else 10**9, e["name"]))
    return {
        "campaign": _campaign_block(campaign),
        "unit": {"id": unit.id, "name": unit.name},
        "generated_at": datetime.now(UTC).date().isoformat(),  # the day only (SPEC §6)
        "competency_keys": keys,
        "employees": employees,
        "mystery_shop_trend": _unit_mystery(session, campaign.id, unit_id),
        "action_items": _unit_actions(session, campaign, unit_id, [m.id for m in members]),
    }


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


def _unit_actions(
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
    t = thresholds_for(campaign.anonymity_thresholds)
    out: list[dict[str, Any]] = []
    for subject_id in sorted({x.subject_id for x in open_items if x.subject_id is not None}):
        agg = aggregation.aggregate_subject(session, campaign.id, subject_id, t)
        for item in review_sections.action_items(session, campaign.id, subject_id, agg):
            if item["status"] != "closed":
                out.append({**item, "subject_id": subject_id})
    unit_level = [x for x in open_items if x.subject_id is None and x.submission_id]
    if unit_level:
        counted = {
            f.id
            for f in aggregation.effective_submissions(session, campaign.id, competencies=False)
            if f.relationship == MYSTERY
        }
        out += [
            {
                "title": x.title,
                "status": x.status,
                "kind": x.kind,
                "question_id": x.question_id,
                "row": MYSTERY,
                "date": x.created_at.date().isoformat(),
                "subject_id": None,
            }
            for x in unit_level
            if x.submission_id in counted
        ]
    out.sort(key=lambda x: (x["date"], x["subject_id"] or 0, x["row"], x["kind"]))
    return out


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
                "campaign": _campaign_block(campaign),
                "overall_index": core["overall_index"],
                "index_rows": core["index_rows"],
                "rank": _rank(session, campaign, employee),
                "rows": [
                    {k: r[k] for k in ("key", "n", "visible", "form_score")} for r in core["rows"]
                ],
            }
        )
    return out
