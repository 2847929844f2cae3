"""The figures of the review dict (see server.services.reviews.review): rows, items, gaps, top
and bottom items; and the helpers the other sections share (`questions`, `shown_n`).

The other sections live beside it: `mystery_shop` (visits and their roll-up), `feedback` (the
customer block and comments), `action_items`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from server.services.scoring import aggregation
from server.services.scoring.aggregation import ItemFigure, SubjectAggregate
from server.services.scoring.anonymity import ROW_GROUPS, ROWS, Decision
from server.services.scoring.derived import comparable


def questions(definition: Mapping[str, Any]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Return (section, question) pairs of a definition in form order."""
    return [(s, q) for s in definition["sections"] for q in s["questions"]]


def shown_n(decision: Decision) -> int | None:
    """A row's n as shown: hidden rows with responses give no number (SPEC §6: "no
    number"; the exact size of a hidden group would help back-calculation)."""
    return decision.n if decision.visible or decision.n == 0 else None


def rows_block(agg: SubjectAggregate) -> list[dict[str, Any]]:
    """The `rows` list: every row in ROWS order, shown figures only."""
    out = []
    for key in ROWS:
        d = agg.decisions[key]
        form = agg.form_scores.get(key)
        comps = {
            c: {"score": figs[key][0], "n": figs[key][1]}
            for c, figs in agg.competencies.items()
            if key in figs
        }
        out.append(
            {
                "key": key,
                "n": shown_n(d),
                "threshold": d.threshold,
                "visible": d.visible,
                "hidden_reason": d.hidden_reason,
                "form_score": form[0] if form else None,
                "competencies": comps if d.visible else {},
            }
        )
    return out


def _scale_points(q: Mapping[str, Any]) -> int:
    return int(q["scale"]["max"]) - int(q["scale"]["min"]) + 1


def _item_row(q: Mapping[str, Any], fig: ItemFigure) -> dict[str, Any]:
    is_rating = q["type"] == "rating"
    dist = None
    if is_rating and fig.distribution is not None:
        lo, hi = int(q["scale"]["min"]), int(q["scale"]["max"])
        dist = {str(v): int(fig.distribution.get(float(v), 0)) for v in range(lo, hi + 1)}
    agreement = aggregation.r_wg(fig.variance, _scale_points(q)) if is_rating else None
    return {
        "n": fig.n,
        "mean": fig.mean if is_rating or q["type"] == "number" else None,
        "mean_100": fig.mean_100,
        "distribution": dist,
        "r_wg": agreement,
        "disagree": aggregation.disagree(agreement),
    }


def items_block(agg: SubjectAggregate, questions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The `items` list: scored questions in form order with their shown rows."""
    out = []
    for q in questions:
        figs = agg.items.get(q["id"], {})
        scale = q.get("scale") if q["type"] == "rating" else None
        out.append(
            {
                "id": q["id"],
                "label": q["label"],
                "section_id": q["section_id"],
                "competency": q.get("competency"),
                "type": q["type"],
                "scale": {"min": scale["min"], "max": scale["max"]} if scale else None,
                "rows": {row: _item_row(q, figs[row]) for row in ROWS if row in figs},
            }
        )
    return out


def _flag(gap: float | None, threshold: float) -> str | None:
    if gap is None:
        return None
    value, limit = comparable(gap), comparable(threshold)
    if value >= limit:
        return "blind_spot"
    return "hidden_strength" if value <= -limit else None


def _gap(self_v: float | None, others_v: float | None, threshold: float) -> dict[str, Any]:
    gap = self_v - others_v if self_v is not None and others_v is not None else None
    return {"self": self_v, "others": others_v, "gap": gap, "flag": _flag(gap, threshold)}


def gaps_block(
    agg: SubjectAggregate,
    competencies: list[dict[str, Any]],
    items: list[dict[str, Any]],
    threshold: float,
) -> dict[str, Any]:
    """Self minus others per competency and item, flagged against the threshold."""
    comps = []
    for c in competencies:
        figs = agg.competencies.get(c["key"], {})
        s, o = figs.get("self"), figs.get("others")
        comps.append({"key": c["key"], **_gap(s[0] if s else None, o[0] if o else None, threshold)})
    rows = []
    for item in items:
        s, o = item["rows"].get("self"), item["rows"].get("others")
        rows.append(
            {
                "id": item["id"],
                "label": item["label"],
                **_gap(s["mean_100"] if s else None, o["mean_100"] if o else None, threshold),
            }
        )
    return {"threshold": threshold, "competencies": comps, "items": rows}


def top_bottom(items: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Top and bottom five items by the others mean, ties broken by item id; means are
    compared rounded to 1e-9, so summation noise never decides a tie (SPEC §6)."""
    rated = [
        {
            "id": i["id"],
            "label": i["label"],
            "mean_100": i["rows"]["others"]["mean_100"],
            "n": i["rows"]["others"]["n"],
        }
        for i in items
        if "others" in i["rows"]
    ]
    top = sorted(rated, key=lambda r: (-comparable(r["mean_100"]), r["id"]))[:5]
    bottom = sorted(rated, key=lambda r: (comparable(r["mean_100"]), r["id"]))[:5]
    return top, bottom


def asked_block(
    defs: Mapping[int, dict[str, Any]], by_rel: Mapping[str, list[int]]
) -> dict[str, list[str]]:
    """Per row, the competency keys and item ids its forms ask (form structure, no answers):
    a missing figure is then "not asked" rather than "too few responses"."""
    by_group: dict[str, set[str]] = {}
    for rel, ids in by_rel.items():
        keys = by_group.setdefault(rel, set())
        for fv_id in ids:
            for section, q in questions(defs[fv_id]):
                keys.update(k for k in (section.get("competency"), q.get("competency")) if k)
                keys.add(q["id"])
    return {
        row: sorted(set().union(*(by_group.get(g, set()) for g in groups)))
        for row, groups in ROW_GROUPS.items()
    }
