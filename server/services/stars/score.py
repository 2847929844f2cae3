"""The period's score: the one score source of service stars and the league table.

Definition (README): an employee's score for a period is the **mean of their overall
indices** (SPEC §6: Σ weight·F over the *visible* rows among supervisor, colleagues, customer,
mystery shopper and self, renormalised) **over the campaigns whose period ends in the period**
(any status but `draft`: the period of such a campaign is over when the stars are computed;
a late answer accepted afterwards does not rewrite stored stars). Every index is computed by
the review's own aggregation with the campaign's anonymity thresholds, so a hidden group
contributes nothing — neither its values nor its count.

The employee's **observations** `n` for the period are the counted submissions behind those
indices: for each campaign, the raters of the visible rows that entered the index (the `n` of
each used row; index rows are disjoint groups, so nobody counts twice), summed over the
campaigns. A hidden row adds nothing to `n`.

Only campaigns in which the employee has an index count; an employee with none has no score.
Another score source (e.g. counted submissions of the period) replaces `period_scores` alone:
everything else (stars, league, exports) reads scores only through it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.models import Campaign
from server.models.campaign import DEFAULT_GROUP_WEIGHTS
from server.services.scoring import aggregation
from server.services.scoring.anonymity import thresholds_for

#: Campaign statuses whose figures count (everything but drafts).
COUNTED_STATUSES = ("open", "closed", "released")


@dataclass(frozen=True)
class Observed:
    """An employee's period score (mean of campaign indices) and observations."""

    score: float
    n: int
    campaigns: int


def campaign_indices(session: Session, campaign: Campaign) -> dict[int, tuple[float, int]]:
    """{employee: (overall index, raters behind it)} of one campaign, visible rows only."""
    t = thresholds_for(campaign.anonymity_thresholds)
    weights = {**DEFAULT_GROUP_WEIGHTS, **(campaign.group_weights or {})}
    aggs = aggregation.aggregate_campaign(session, campaign.id, t, items=False, competencies=False)
    out: dict[int, tuple[float, int]] = {}
    for subject, agg in aggs.items():
        index, used = aggregation.overall_index(agg.form_scores, weights)
        if index is not None:
            out[subject] = (index, sum(agg.form_scores[row][1] for row in used))
    return out


def period_scores(session: Session, start: date, end: date) -> dict[int, Observed]:
    """The period's score of every employee with one (definition: module docstring)."""
    campaigns = session.scalars(
        select(Campaign)
        .where(
            Campaign.period_end >= start,
            Campaign.period_end <= end,
            Campaign.status.in_(COUNTED_STATUSES),
        )
        .order_by(Campaign.id)
    )
    sums: dict[int, list[float]] = {}
    counts: dict[int, int] = {}
    for campaign in campaigns:
        for subject, (index, n) in campaign_indices(session, campaign).items():
            sums.setdefault(subject, []).append(index)
            counts[subject] = counts.get(subject, 0) + n
    return {
        s: Observed(score=sum(v) / len(v), n=counts[s], campaigns=len(v)) for s, v in sums.items()
    }
