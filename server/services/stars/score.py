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
everything else (stars, league, exports) reads scores only through it. The scorecard is one
(STARS_SCORE_SOURCE = "scorecard"): pass `scorecard` (a `ScorecardSource`), and an
employee's period score is their weighted scorecard score (server.services.scorecard) over the
star period's local days [start, end] in the organisation's time zone; their observations `n`
are the counted answers behind the indicators that entered that score (an indicator with "not
enough data" adds nothing, neither to the score nor to `n`); anonymity is the scorecard's own;
`campaigns` is 0 (the figure is not a mean over campaigns). Ties and the minimum of
observations stay the stars' rules (selection.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.models import Campaign
from server.models.campaign import DEFAULT_GROUP_WEIGHTS
from server.services.scorecard.compute import scorecard as scorecard_of
from server.services.scorecard.definitions import Definitions
from server.services.scorecard.gather import gather
from server.services.scoring import aggregation
from server.services.scoring.anonymity import thresholds_for

#: Campaign statuses whose figures count (everything but drafts).
COUNTED_STATUSES = ("open", "closed", "released")
#: The values of STARS_SCORE_SOURCE.
SOURCES = ("campaigns", "scorecard")


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


def period_scores(
    session: Session, start: date, end: date, scorecard: ScorecardSource | None = None
) -> dict[int, Observed]:
    """The period's score of every employee with one (definition: module docstring), or
    their scorecard score when `scorecard` is given."""
    if scorecard is not None:
        return scorecard_scores(session, start, end, scorecard)
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


@dataclass(frozen=True)
class ScorecardSource:
    """The scorecard as the score source: its definitions, the organisation's time zone and
    the instant (open action items past their target count as late at `now`)."""

    defs: Definitions
    tz: str
    now: datetime


def scorecard_scores(
    session: Session, start: date, end: date, source: ScorecardSource
) -> dict[int, Observed]:
    """{employee: Observed(scorecard score, n behind it, 0)} over the days [start, end]."""
    zone = ZoneInfo(source.tz)
    since = datetime.combine(start, time(), zone)
    until = datetime.combine(end + timedelta(days=1), time(), zone)
    out: dict[int, Observed] = {}
    for person, tallies in gather(
        session, source.defs, since, until, by="subject", now=source.now
    ).items():
        card = scorecard_of(source.defs, tallies)
        if card.score is None:
            continue
        used = [v.n for k, v in card.indicators.items() if v.enough and source.defs.weight(k) > 0]
        out[person] = Observed(score=card.score, n=sum(used), campaigns=0)
    return out
