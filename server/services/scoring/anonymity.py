"""Anonymity rules of SPEC §6 as pure functions over rater counts.

`decide(counts, thresholds)` takes the number of raters per base group (self,
supervisor, peer, subordinate, customer, mystery_shopper) that contributed to
ONE figure (a row, a form score, a competency score, an item) and returns the
visibility of every review row for that figure. Callers apply it once to the
rows' rater counts and again to each figure's counts; a figure is shown only
when both decisions show its row (`figure_visible`).

Rules:
- `0 < n < threshold` hides a group ("fewer_than"); `n == 0` is "no_responses".
- No back-calculation: when one non-empty anonymous group (peer, subordinate)
  is hidden, the other is not shown separately either ("back_calculation").
- `colleagues` = peer ∪ subordinate, threshold max(peer, subordinate).
- `others` = supervisor ∪ colleagues, shown only when each non-empty part is
  shown. Its reported threshold is the largest threshold of its non-empty parts
  (display only; the rule above decides).
Comments use the same decisions (`comment_row`).

This module is the one place for the groups and their thresholds: the anonymous groups
(`ANONYMOUS`), the groups whose raters are never named (`UNNAMED_GROUPS`, `unnamed`),
the default thresholds (`DEFAULT_THRESHOLDS`, also the Campaign column's default), a
campaign's thresholds merged over them (`thresholds_for`) and what a valid setting is
(`valid_thresholds`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

BASE_GROUPS = ("self", "supervisor", "peer", "subordinate", "customer", "mystery_shopper")
#: The default smallest group shown for the anonymous groups and customers (SPEC §6).
DEFAULT_K = 3
#: Default thresholds of a campaign, per base group (a campaign may raise or lower them).
DEFAULT_THRESHOLDS = {
    "self": 1,
    "supervisor": 1,
    "peer": DEFAULT_K,
    "subordinate": DEFAULT_K,
    "customer": DEFAULT_K,
    "mystery_shopper": 1,
}
ROWS = (
    "self",
    "supervisor",
    "peer",
    "subordinate",
    "colleagues",
    "others",
    "customer",
    "mystery_shopper",
)
#: Which base groups each row pools.
ROW_GROUPS: dict[str, tuple[str, ...]] = {
    **{g: (g,) for g in BASE_GROUPS},
    "colleagues": ("peer", "subordinate"),
    "others": ("supervisor", "peer", "subordinate"),
}
ANONYMOUS = ("peer", "subordinate")
#: Groups whose raters are never named to anyone, HR included (SPEC §6): the anonymous
#: 360 groups plus customers. Operational lists (action items, HR's submission list)
#: show these without rater identity, assignment or submission ids and times finer than
#: the hour.
UNNAMED_GROUPS = (*ANONYMOUS, "customer")


def unnamed(relationship: str) -> bool:
    """Tell whether raters of this relationship are never named (UNNAMED_GROUPS)."""
    return relationship in UNNAMED_GROUPS


@dataclass(frozen=True)
class Decision:
    """Visibility of one row for one figure."""

    key: str
    n: int
    threshold: int
    visible: bool
    hidden_reason: dict[str, Any] | None


def thresholds_for(configured: Mapping[str, int] | None) -> dict[str, int]:
    """Merge a campaign's thresholds over the defaults (every value at least 1)."""
    merged = {**DEFAULT_THRESHOLDS, **(configured or {})}
    return {g: max(1, int(merged[g])) for g in BASE_GROUPS}


def valid_thresholds(configured: Mapping[str, Any] | None) -> bool:
    """Tell whether a campaign's thresholds setting is valid: keys are base groups, values
    integers >= 1 (an empty or missing setting means the defaults)."""
    return all(
        k in BASE_GROUPS and isinstance(v, int) and v >= 1 for k, v in (configured or {}).items()
    )


def _reason(n: int, threshold: int) -> dict[str, Any]:
    if n == 0:
        return {"code": "no_responses"}
    if n < threshold:
        return {"code": "fewer_than", "k": threshold}
    return {"code": "back_calculation"}


def _make(key: str, n: int, threshold: int, shown: bool) -> Decision:
    visible = shown and n > 0
    return Decision(key, n, threshold, visible, None if visible else _reason(n, threshold))


def _base(counts: Mapping[str, int], t: Mapping[str, int]) -> dict[str, Decision]:
    out = {g: _make(g, counts.get(g, 0), t[g], counts.get(g, 0) >= t[g]) for g in BASE_GROUPS}
    for group, other in (("peer", "subordinate"), ("subordinate", "peer")):
        other_hidden = 0 < counts.get(other, 0) < t[other]
        if other_hidden and out[group].visible:
            out[group] = _make(group, out[group].n, t[group], False)
    return out


def _pooled(base: dict[str, Decision], t: Mapping[str, int]) -> dict[str, Decision]:
    n_col = base["peer"].n + base["subordinate"].n
    t_col = max(t["peer"], t["subordinate"])
    colleagues = _make("colleagues", n_col, t_col, n_col >= t_col)
    sup = base["supervisor"]
    parts_ok = all(p.visible or p.n == 0 for p in (sup, colleagues))
    n_oth = sup.n + n_col
    t_oth = max([p.threshold for p in (sup, colleagues) if p.n > 0], default=t_col)
    others = _make("others", n_oth, t_oth, parts_ok)
    return {"colleagues": colleagues, "others": others}


def decide(counts: Mapping[str, int], thresholds: Mapping[str, int]) -> dict[str, Decision]:
    """Return the Decision of every row (in ROWS order) for one figure's rater counts."""
    key = tuple(int(counts.get(g, 0)) for g in BASE_GROUPS)
    tkey = tuple(int(thresholds[g]) for g in BASE_GROUPS)
    return dict(_decide_cached(key, tkey))


@lru_cache(maxsize=4096)
def _decide_cached(counts: tuple[int, ...], thresholds: tuple[int, ...]) -> dict[str, Decision]:
    c = dict(zip(BASE_GROUPS, counts, strict=True))
    t = dict(zip(BASE_GROUPS, thresholds, strict=True))
    base = _base(c, t)
    pooled = _pooled(base, t)
    return {row: (pooled[row] if row in pooled else base[row]) for row in ROWS}


def visible_rows(counts: Mapping[str, int], thresholds: Mapping[str, int]) -> set[str]:
    """Return the keys of the rows shown for these counts."""
    return {k for k, d in decide(counts, thresholds).items() if d.visible}


def visible_for(counts: Mapping[str, int], thresholds: Mapping[str, int]) -> frozenset[str]:
    """Like `visible_rows` but cached and immutable (the hot path of campaign aggregation)."""
    key = tuple(counts.get(g, 0) for g in BASE_GROUPS)
    return visible_by_key(key, tuple(thresholds[g] for g in BASE_GROUPS))


@lru_cache(maxsize=4096)
def visible_by_key(counts: tuple[int, ...], thresholds: tuple[int, ...]) -> frozenset[str]:
    """Visible rows for counts and thresholds given as tuples in BASE_GROUPS order (cached)."""
    return frozenset(k for k, d in _decide_cached(counts, thresholds).items() if d.visible)


def figure_visible(
    row: str,
    row_decisions: Mapping[str, Decision],
    figure_counts: Mapping[str, int],
    thresholds: Mapping[str, int],
) -> bool:
    """Return whether a figure of `row` may be shown: the row and the figure both pass."""
    return row_decisions[row].visible and decide(figure_counts, thresholds)[row].visible


def comment_row(relationship: str, row_decisions: Mapping[str, Decision]) -> str | None:
    """Return the most specific visible row a rater's comment goes under, or None."""
    candidates = [relationship]
    if relationship in ANONYMOUS:
        candidates.append("colleagues")
    for row in candidates:
        if row in row_decisions and row_decisions[row].visible:
            return row
    return None
