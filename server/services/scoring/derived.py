"""Derived figures (SPEC §6): overall index, rank, agreement, mystery-shop roll-up.

Exact ties compare equal (SPEC §6): a figure is compared only through `comparable`,
its value rounded to 1e-9, so float summation noise (63.33333333333334 against
63.33333333333333) never decides a rank, an order or a flag; tie rules (item id,
shared rank) then apply to the rounded values.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server.models import ItemScore

INDEX_ROWS = ("supervisor", "colleagues", "customer", "mystery_shopper", "self")
TIE_DIGITS = 9


def comparable(value: float) -> float:
    """A figure as compared for ranks, orders and flags: rounded to 1e-9 (SPEC §6)."""
    return round(float(value), TIE_DIGITS) + 0.0  # + 0.0 turns -0.0 into 0.0


def overall_index(
    form_scores: Mapping[str, tuple[float, int]], weights: Mapping[str, float]
) -> tuple[float | None, list[str]]:
    """Σ weight·F over shown rows among INDEX_ROWS, renormalised over the rows present."""
    used = [r for r in INDEX_ROWS if r in form_scores and float(weights.get(r, 0) or 0) > 0]
    total = sum(float(weights[r]) for r in used)
    if total <= 0:
        return None, []
    return sum(float(weights[r]) * form_scores[r][0] for r in used) / total, used


def rank_within(indices: Mapping[int, float | None], subject_id: int) -> dict[str, Any] | None:
    """Rank (ties share) and percentile of a subject among the given overall indices."""
    raw = indices.get(subject_id)
    values = [comparable(v) for v in indices.values() if v is not None]
    if raw is None:
        return None
    mine = comparable(raw)
    higher = sum(1 for v in values if v > mine)
    lower = sum(1 for v in values if v < mine)
    n = len(values)
    return {"rank": 1 + higher, "of": n, "percentile": 100.0 * lower / (n - 1) if n > 1 else None}


def r_wg(variance: float | None, points: int) -> float | None:
    """Within-group agreement 1 - s²/σ²_EU for an A-point scale, floored at 0."""
    if variance is None or points < 2:
        return None
    return max(0.0, 1.0 - variance / ((points * points - 1) / 12.0))


def disagree(agreement: float | None) -> bool:
    """Whether raters disagree: r_wg below 0.5, compared after rounding (exact 0.5 agrees)."""
    return agreement is not None and comparable(agreement) < 0.5


def pooled_points(
    session: Session, submission_ids: Collection[str]
) -> dict[str, tuple[float, float]]:
    """Return {submission: (Σ w·s, Σ w)} over its counting questions."""
    i = ItemScore
    stmt = (
        select(i.submission_id, func.sum(i.weight * i.score), func.sum(i.weight))
        .where(i.submission_id.in_(list(submission_ids)), i.counted.is_(True))
        .group_by(i.submission_id)
    )
    return {sid: (float(ws or 0.0), float(w or 0.0)) for sid, ws, w in session.execute(stmt)}


def mystery_rollup(
    visits: Iterable[tuple[Any, str, float | None, str]], points: Mapping[str, tuple[float, float]]
) -> list[dict[str, Any]]:
    """Roll visits (unit key, "YYYY-MM", form score, submission id) up per unit and month."""
    groups: dict[tuple[Any, str], list[tuple[float | None, str]]] = defaultdict(list)
    for unit, month, score, sid in visits:
        groups[(unit, month)].append((score, sid))
    out = []
    for (unit, month), members in sorted(groups.items(), key=lambda kv: (str(kv[0][0]), kv[0][1])):
        scores = [s for s, _ in members if s is not None]
        ws = sum(points.get(sid, (0.0, 0.0))[0] for _, sid in members)
        w = sum(points.get(sid, (0.0, 0.0))[1] for _, sid in members)
        out.append(
            {
                "unit": unit,
                "month": month,
                "visits": len(members),
                "mean": sum(scores) / len(scores) if scores else None,
                "pooled": 100.0 * ws / w if w > 0 else None,
            }
        )
    return out
