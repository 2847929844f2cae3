"""Aggregation of counted submissions into review rows and figures (SPEC §6).

Counting lives in server.services.scoring.counting, derived figures (index, rank,
r_wg, roll-up) in server.services.scoring.derived; both are re-exported here. Figures are
means over raters, each counted submission weighing one. Item statistics come
from ItemScore with SQL GROUP BY; form and competency scores from the
submissions' stored scores. Anonymity (server.services.scoring.anonymity) is applied
here, so every figure this module returns is one that may be shown: hidden
figures are absent, never flagged.

Item statistics and figures (SQL GROUP BY over ItemScore, pooled per row) live in
server.services.scoring.item_stats, re-exported here.

Whole-campaign aggregation (`aggregate_campaign`) returns rows, form scores,
competency scores and item n and means for every subject, without variance or
distributions (only one employee's review, `aggregate_subject`, needs those).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from server.services.scoring.anonymity import (
    BASE_GROUPS,
    ROW_GROUPS,
    ROWS,
    Decision,
    decide,
    visible_by_key,
)
from server.services.scoring.counting import (  # noqa: F401 (re-exported for callers)
    Facts,
    counted_clause,
    counted_status,
    effective_submissions,
    excluded_ids,
    superseded_among,
    superseded_ids,
)
from server.services.scoring.derived import (  # noqa: F401 (re-exported for callers)
    INDEX_ROWS,
    comparable,
    disagree,
    mystery_rollup,
    overall_index,
    pooled_points,
    r_wg,
    rank_within,
)
from server.services.scoring.item_stats import (  # noqa: F401 (re-exported for callers)
    EXCLUDE_LIST_MAX,
    ItemFigure,
    Stat,
    campaign_item_figures,
    campaign_item_stats,
    item_figures,
    subject_item_stats,
    tkey,
)

SCORED_360 = ("self", "supervisor", "peer", "subordinate", "customer")


@dataclass
class SubjectAggregate:
    """Every shown figure of one subject; hidden figures are absent."""

    decisions: dict[str, Decision]
    form_scores: dict[str, tuple[float, int]] = field(default_factory=dict)
    competencies: dict[str, dict[str, tuple[float, int]]] = field(default_factory=dict)
    items: dict[str, dict[str, ItemFigure]] = field(default_factory=dict)
    submissions: list[Facts] = field(default_factory=list)


def _mean_figure(
    values: Mapping[str, list[float]], shown: frozenset[str], key: tuple[int, ...]
) -> dict[str, tuple[float, int]]:
    """Pool per-group value lists into shown row figures {row: (mean, n)}."""
    visible = visible_by_key(tuple(len(values.get(g, ())) for g in BASE_GROUPS), key)
    out: dict[str, tuple[float, int]] = {}
    for row in ROWS:
        if row in shown and row in visible:
            pooled = [x for g in ROW_GROUPS[row] for x in values.get(g, ())]
            out[row] = (sum(pooled) / len(pooled), len(pooled))
    return out


def row_figures(subs: Iterable[Facts], t: Mapping[str, int]) -> SubjectAggregate:
    """Decide the rows from rater counts and compute shown form and competency scores."""
    subs = list(subs)
    counts: dict[str, int] = defaultdict(int)
    forms: dict[str, list[float]] = defaultdict(list)
    comps: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for sub in subs:
        counts[sub.relationship] += 1
        if sub.form_score is not None:
            forms[sub.relationship].append(sub.form_score)
        for key, value in sub.competency_scores.items():
            if value is not None:
                comps[key][sub.relationship].append(value)
    rows = decide(counts, t)
    shown, key_t = frozenset(r for r in ROWS if rows[r].visible), tkey(t)
    agg = SubjectAggregate(decisions=rows, submissions=subs)
    agg.form_scores = _mean_figure(forms, shown, key_t)
    for key in sorted(comps):
        agg.competencies[key] = _mean_figure(comps[key], shown, key_t)
    return agg


def aggregate_subject(
    session: Session, campaign_id: int, subject_id: int, t: Mapping[str, int]
) -> SubjectAggregate:
    """Aggregate one employee's counted submissions (rows, scores, items with distributions)."""
    subs = effective_submissions(session, campaign_id, [subject_id])
    agg = row_figures(subs, t)
    if subs:
        stats = subject_item_stats(session, campaign_id, subject_id, [x.id for x in subs])
        agg.items = item_figures(stats, agg.decisions, t)
    return agg


def aggregate_campaign(
    session: Session,
    campaign_id: int,
    t: Mapping[str, int],
    *,
    items: bool = True,
    competencies: bool = True,
    subject_ids: Collection[int] | None = None,
) -> dict[int, SubjectAggregate]:
    """Aggregate every subject of a campaign (or the given subjects) in a few GROUP BYs.

    `items=False` skips item figures, `competencies=False` competency scores (rows and
    form scores are always there: the overall index and rank need only those).
    """
    by_subject: dict[int, list[Facts]] = defaultdict(list)
    for sub in effective_submissions(session, campaign_id, subject_ids, competencies=competencies):
        if sub.subject_id is not None:
            by_subject[sub.subject_id].append(sub)
    out = {sid: row_figures(subs, t) for sid, subs in by_subject.items()}
    if items:
        shown = {
            sid: frozenset(r for r in ROWS if a.decisions[r].visible) for sid, a in out.items()
        }
        stats = campaign_item_stats(session, campaign_id, subject_ids)
        for sid, figures in campaign_item_figures(stats, shown, t).items():
            out[sid].items.update(figures)
    return out
