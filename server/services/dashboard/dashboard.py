"""The dashboard dict of one campaign (HR/admin only):

  {campaign, threshold, units: [{unit, n, shown, index, rank}],
   distribution: [{low, high, count}], competencies: [{key, name}],
   heatmap: [{unit, shown, scores: {key: mean | None}}],
   completion: {submitted, total, rate, by_unit: [{unit, submitted, total, rate}]},
   trend: [{campaign, n, index}]}

Figures start from each employee's overall index and `others` competency scores, which
the aggregation already limits to visible rows (SPEC §6). A unit is shown when at least
`threshold` of its employees have an index (the larger of the peer and subordinate
thresholds); a hidden unit shows "too few responses" (`shown` false, no figure), and its
employees enter no other figure either — not the distribution, the heat map nor the
trend — so a hidden unit's answers never move a visible number. A heat-map cell needs
`threshold` employees with that competency score. Completion counts assignments, not
answers, and is shown for every unit (HR sees it on the campaign page anyway).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.models import Campaign, Competency, OrgUnit, User
from server.services.campaigns.progress import campaign_progress
from server.services.org import people
from server.services.reviews.blocks import campaign_block, campaign_or_404, weights
from server.services.scoring import aggregation
from server.services.scoring.anonymity import thresholds_for

BINS = 10  # the distribution's bins over 0-100
TREND_CYCLES = 6  # campaigns in the trend, this one included
TREND_LOOKBACK = 60  # earlier campaigns of the kind looked at for those cycles
Scores = dict[int, dict[str, Any]]  # unit id -> {"index": [...], "comps": {key: [...]}}


def unit_threshold(campaign: Campaign) -> int:
    t = thresholds_for(campaign.anonymity_thresholds)
    return max(t["peer"], t["subordinate"])


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _unit_scores(session: Session, campaign: Campaign) -> Scores:
    """Per unit: the overall index and `others` competency scores of its employees."""
    t = thresholds_for(campaign.anonymity_thresholds)
    aggs = aggregation.aggregate_campaign(session, campaign.id, t, items=False)
    units = {
        uid: unit
        for uid, unit in session.execute(
            select(User.id, User.unit_id).where(User.id.in_(list(aggs)))
        )
    }
    out: Scores = defaultdict(lambda: {"index": [], "comps": defaultdict(list)})
    group_weights = weights(campaign)
    for sid, agg in sorted(aggs.items()):
        index = aggregation.overall_index(agg.form_scores, group_weights)[0]
        unit_id = units.get(sid)
        if index is None or unit_id is None:
            continue
        out[unit_id]["index"].append(index)
        for key, rows in agg.competencies.items():
            if "others" in rows:
                out[unit_id]["comps"][key].append(rows["others"][0])
    return out


def _shown(scores: Scores, k: int) -> dict[int, bool]:
    return {u: len(s["index"]) >= k for u, s in scores.items()}


def _units(scores: Scores, shown: Mapping[int, bool], names: Mapping[int, Any]) -> list[dict]:
    rows: list[dict[str, Any]] = [
        {
            "unit": names.get(u),
            "n": len(s["index"]) if shown[u] else None,
            "shown": shown[u],
            "index": _mean(s["index"]) if shown[u] else None,
        }
        for u, s in scores.items()
    ]
    rows.sort(key=lambda r: (not r["shown"], -(r["index"] or 0), r["unit"]["path"]))
    for r in rows:
        mine: float = r["index"] or 0.0
        higher = sum(1 for o in rows if o["shown"] and o["index"] > mine + 1e-9)
        r["rank"] = 1 + higher if r["shown"] else None
    return rows


def _distribution(scores: Scores, shown: Mapping[int, bool]) -> list[dict[str, int]]:
    counts = [0] * BINS
    for u, s in scores.items():
        for value in s["index"] if shown[u] else ():
            counts[min(int(value // (100 / BINS)), BINS - 1)] += 1
    step = 100 // BINS
    return [{"low": i * step, "high": (i + 1) * step, "count": c} for i, c in enumerate(counts)]


def _heatmap(
    scores: Scores, shown: Mapping[int, bool], names: Mapping[int, Any], keys: list[str], k: int
) -> list[dict]:
    def cell(values: list[float]) -> float | None:
        return _mean(values) if len(values) >= k else None

    return [
        {
            "unit": names.get(u),
            "shown": shown[u],
            "scores": {key: cell(s["comps"].get(key, [])) if shown[u] else None for key in keys},
        }
        for u, s in sorted(scores.items(), key=lambda e: names[e[0]]["path"])
    ]


def _competency_names(session: Session, keys: list[str]) -> list[dict[str, Any]]:
    known = {
        c.key: c.name for c in session.scalars(select(Competency).where(Competency.key.in_(keys)))
    }
    return [{"key": k, "name": known.get(k) or {"en": k, "zh-CN": k}} for k in keys]


def _completion(session: Session, campaign: Campaign) -> dict[str, Any]:
    p = campaign_progress(session, campaign)
    keep = ("submitted", "total", "rate")
    return {
        **{k: p[k] for k in keep},
        "by_unit": [{"unit": r["unit"], **{k: r[k] for k in keep}} for r in p["by_unit"]],
    }


def _trend_point(session: Session, campaign: Campaign) -> dict[str, Any]:
    scores = _unit_scores(session, campaign)
    shown = _shown(scores, unit_threshold(campaign))
    values = [v for u, s in scores.items() if shown[u] for v in s["index"]]
    return {"campaign": campaign_block(campaign), "n": len(values), "index": _mean(values)}


def _asks(campaign: Campaign) -> set[str]:
    """The relationships a campaign asks (its forms' groups)."""
    return {f.relationship for f in campaign.forms}


def _trend(session: Session, campaign: Campaign) -> list[dict[str, Any]]:
    """This campaign and the earlier ones of its kind asking the same relationships (a daily
    self-check is not an earlier cycle of a 360 of the same kind), not drafts, oldest first."""
    earlier = session.scalars(
        select(Campaign)
        .where(
            Campaign.kind == campaign.kind,
            Campaign.status != "draft",
            Campaign.period_end <= campaign.period_end,
            Campaign.id != campaign.id,
        )
        .order_by(Campaign.period_end.desc(), Campaign.id.desc())
        .limit(TREND_LOOKBACK)
    )
    same = [c for c in earlier if _asks(c) == _asks(campaign)][: TREND_CYCLES - 1]
    cycles = [*reversed(same), campaign]
    return [_trend_point(session, c) for c in cycles]


def _unit_names(session: Session, ids: list[int]) -> dict[int, dict[str, Any]]:
    """Each unit as responses name it, plus its parent's name (two branches both have a
    "Sales Floor")."""
    units = list(session.scalars(select(OrgUnit).where(OrgUnit.id.in_(ids))))
    parents = {
        p.id: p.name
        for p in session.scalars(
            select(OrgUnit).where(OrgUnit.id.in_({u.parent_id for u in units if u.parent_id}))
        )
    }
    return {
        u.id: {**(people.unit(u) or {}), "parent_name": parents.get(u.parent_id or 0)}
        for u in units
    }


def build_dashboard(session: Session, campaign_id: int) -> dict[str, Any]:
    """The dashboard dict of campaign `campaign_id` (NotFound when there is none)."""
    campaign = campaign_or_404(session, campaign_id)
    k = unit_threshold(campaign)
    scores = _unit_scores(session, campaign)
    shown = _shown(scores, k)
    completion = _completion(session, campaign)
    done_ids = [r["unit"]["id"] for r in completion["by_unit"] if r["unit"]]
    names = _unit_names(session, [*scores, *done_ids])
    for r in completion["by_unit"]:
        r["unit"] = names[r["unit"]["id"]] if r["unit"] else None
    keys = sorted({key for u, s in scores.items() if shown[u] for key in s["comps"]})
    return {
        "campaign": campaign_block(campaign),
        "threshold": k,
        "units": _units(scores, shown, names),
        "distribution": _distribution(scores, shown),
        "competencies": _competency_names(session, keys),
        "heatmap": _heatmap(scores, shown, names, keys, k),
        "completion": completion,
        "trend": _trend(session, campaign),
    }
