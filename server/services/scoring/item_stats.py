"""Item statistics and figures (SPEC §6): sufficient statistics per item and rater group from
ItemScore (SQL GROUP BY), pooled into the shown rows of a review; only rows the anonymity rules
show get a figure (server.services.scoring.anonymity).

One employee's statistics carry native-value distributions and variance; the whole-campaign
statistics (one pivoted row per subject and question) carry n and means only.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server.models import ItemScore, Submission
from server.services.scoring.anonymity import (
    BASE_GROUPS,
    ROW_GROUPS,
    ROWS,
    Decision,
    visible_by_key,
)
from server.services.scoring.counting import counted_clause, excluded_ids, superseded_ids

EXCLUDE_LIST_MAX = 500


@dataclass
class Stat:
    """Sufficient statistics of one item for one group: pooled by adding."""

    n: int = 0
    n_v: int = 0
    sum_v: float = 0.0
    sum_v2: float = 0.0
    sum_s: float = 0.0
    dist: dict[float, int] | None = None

    def add(self, other: Stat) -> None:
        """Pool another group into this one (this Stat owns its distribution dict)."""
        self.n += other.n
        self.n_v += other.n_v
        self.sum_v += other.sum_v
        self.sum_v2 += other.sum_v2
        self.sum_s += other.sum_s
        if other.dist is not None:
            if self.dist is None:
                self.dist = {}
            for value, count in other.dist.items():
                self.dist[value] = self.dist.get(value, 0) + count


class ItemFigure(NamedTuple):
    """A shown item figure of one row: n raters, native mean, 0-100 mean, sample variance
    and distribution of native values (the last two only in one employee's aggregation)."""

    n: int
    mean: float | None
    mean_100: float
    variance: float | None
    distribution: dict[float, int] | None


def tkey(t: Mapping[str, int]) -> tuple[int, ...]:
    """The thresholds as a tuple in BASE_GROUPS order (a cache key)."""
    return tuple(t[g] for g in BASE_GROUPS)


def _item_figure(stat: Stat) -> ItemFigure:
    mean = stat.sum_v / stat.n_v if stat.n_v else None
    variance = None
    if stat.n_v >= 2:
        variance = max(0.0, (stat.sum_v2 - stat.sum_v * stat.sum_v / stat.n_v) / (stat.n_v - 1))
    return ItemFigure(stat.n, mean, 100.0 * stat.sum_s / stat.n, variance, stat.dist)


def item_figures(
    stats: Mapping[str, Mapping[str, Stat]], rows: Mapping[str, Decision], t: Mapping[str, int]
) -> dict[str, dict[str, ItemFigure]]:
    """Turn {qid: {group: Stat}} into shown figures {qid: {row: ItemFigure}}."""
    shown_rows = [r for r in ROWS if rows[r].visible]
    key_t = tkey(t)
    out: dict[str, dict[str, ItemFigure]] = {}
    for qid, by_group in stats.items():
        visible = visible_by_key(
            tuple(by_group[g].n if g in by_group else 0 for g in BASE_GROUPS), key_t
        )
        figures: dict[str, ItemFigure] = {}
        for row in shown_rows:
            if row not in visible:
                continue
            parts = [by_group[g] for g in ROW_GROUPS[row] if g in by_group]
            if len(parts) == 1:
                figures[row] = _item_figure(parts[0])
                continue
            pooled = Stat(dist={} if parts[0].dist is not None else None)
            for part in parts:
                pooled.add(part)
            figures[row] = _item_figure(pooled)
        out[qid] = figures
    return out


def subject_item_stats(
    session: Session, campaign_id: int, subject_id: int, submission_ids: Collection[str]
) -> dict[str, dict[str, Stat]]:
    """Return {qid: {relationship: Stat}} with distributions for one subject."""
    i = ItemScore
    stmt = (
        select(i.relationship, i.question_id, i.value_num, func.count(), func.sum(i.score))
        .where(
            i.campaign_id == campaign_id,
            i.subject_id == subject_id,
            i.counted.is_(True),
            i.submission_id.in_(list(submission_ids)),
        )
        .group_by(i.relationship, i.question_id, i.value_num)
    )
    out: dict[str, dict[str, Stat]] = defaultdict(dict)
    for rel, qid, value, count, sum_s in session.connection().execute(stmt).fetchall():
        stat = out[qid].get(rel)
        if stat is None:
            stat = out[qid][rel] = Stat(dist={})
        dist: dict[float, int] = stat.dist  # type: ignore[assignment]
        stat.n += count
        stat.sum_s += sum_s or 0.0
        if value is not None:
            stat.n_v += count
            stat.sum_v += value * count
            stat.sum_v2 += value * value * count
            dist[value] = dist.get(value, 0) + count
    return out


def campaign_item_stats(
    session: Session, campaign_id: int, subject_ids: Collection[int] | None = None
) -> list[Any]:
    """Return rows (subject, qid, then n, Σv, Σs per group in BASE_GROUPS order).

    One row per subject and question (groups pivoted into columns), over counted
    submissions: the excluded ones (usually few) are filtered with NOT IN; above
    EXCLUDE_LIST_MAX the statuses are joined instead. Reads the covering index
    ix_item_score_agg.
    """
    i, s = ItemScore, Submission
    cols: list[Any] = []
    for group in BASE_GROUPS:
        is_group = i.relationship == group
        cols += [
            func.count().filter(is_group),
            func.sum(i.value_num).filter(is_group),
            func.sum(i.score).filter(is_group),
        ]
    stmt = (
        select(i.subject_id, i.question_id, *cols)
        .where(i.campaign_id == campaign_id, i.counted.is_(True))
        .group_by(i.subject_id, i.question_id)
    )
    excluded = excluded_ids(session, campaign_id)
    if len(excluded) > EXCLUDE_LIST_MAX:
        dropped = superseded_ids(session, campaign_id)
        stmt = stmt.join(s, s.id == i.submission_id).where(counted_clause())
        if dropped:
            stmt = stmt.where(i.submission_id.not_in(list(dropped)))
    elif excluded:
        stmt = stmt.where(i.submission_id.not_in(list(excluded)))
    if subject_ids is not None:
        stmt = stmt.where(i.subject_id.in_(list(subject_ids)))
    return list(session.connection().execute(stmt).fetchall())


def _plan(
    shown: frozenset[str], counts: tuple[int, ...], key_t: tuple[int, ...]
) -> list[tuple[str, tuple[int, ...]]]:
    """For one pattern of per-group counts: the shown rows and the group columns they pool."""
    visible = visible_by_key(counts, key_t)
    plan = []
    for row in ROWS:
        if row in shown and row in visible:
            idx = tuple(
                2 + 3 * k for k, g in enumerate(BASE_GROUPS) if g in ROW_GROUPS[row] and counts[k]
            )
            plan.append((row, idx))
    return plan


def campaign_item_figures(
    rows: Iterable[Any], shown: Mapping[int, frozenset[str]], t: Mapping[str, int]
) -> dict[int, dict[str, dict[str, ItemFigure]]]:
    """Each subject's shown item figures {subject: {qid: {row: figure}}} from the pivoted
    GROUP BY rows (`shown`: each subject's visible rows).

    Figures with the same per-group counts share one anonymity plan, so the
    per-figure work is a dictionary lookup and a few additions. A question's
    native values are all present or all absent (its type fixes that), so Σv is
    None exactly when there is no native mean.
    """
    key_t = tkey(t)
    out: dict[int, dict[str, dict[str, ItemFigure]]] = defaultdict(dict)
    plans: dict[Any, list[tuple[str, tuple[int, ...]]]] = {}
    new = tuple.__new__  # skips NamedTuple's Python-level __new__ (once per figure)
    for row in rows:
        rows_shown = shown.get(row[0])
        if not rows_shown:
            continue
        key = (rows_shown, row[2::3])
        plan = plans.get(key)
        if plan is None:
            plan = plans[key] = _plan(rows_shown, key[1], key_t)
        figures = {}
        for name, idx in plan:
            n, sv, ss = 0, None, 0.0
            for k in idx:
                n += row[k]
                if row[k + 1] is not None:
                    sv = row[k + 1] + (sv or 0.0)
                ss += row[k + 2] or 0.0
            figures[name] = new(
                ItemFigure, (n, None if sv is None else sv / n, 100.0 * ss / n, None, None)
            )
        out[row[0]][row[1]] = figures
    return out
