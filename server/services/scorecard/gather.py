"""Tallies for the scorecard from stored answers, one pass of GROUP BY per period.

`gather(session, defs, start, end, by=...)` returns, for every employee (`by="subject"`) or
org unit (`by="unit"`) with data in [start, end), the tallies by indicator and source that
`compute.scorecard` turns into values. What counts (SPEC §6 and issue 18 §3):

- only counted submissions (`scoring.counting`: approved mystery shops, received or accepted
  late 360/customer answers, the newest of a `replaces` chain), dated by when they were
  completed on the device (`completed_at`, else when received);
- only answers that counted in their submission (`ItemScore.counted`: visible, answered,
  not N/A) to questions tagged `indicator:` in the version that was answered;
- anonymity per source, as in a review: a source whose raters for that employee or unit in
  the period are `0 < n < k` (k the largest threshold of the campaigns involved for that
  relationship) contributes nothing — neither values nor counts. Customers count one rater
  per response; other sources one per person. Supervisors (observations) are not anonymous
  (threshold 1), as the observation form tells them;
- the built-in `action_items` source: items opened in the period, for their unit (and for
  their subject only when the item came from a non-anonymous source: a mystery shop or a
  supervisor); an item passes a duration indicator when closed within its target hours,
  fails when closed later or still open past the target at `now`, and is not counted yet
  while open and within it.

Units are the unit the answer belongs to (the submission's unit, else the employee's unit);
there is no roll-up to parent units here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import Select, String, and_, case, cast, distinct, func, or_, select
from sqlalchemy.orm import Session

from server.models import (
    ActionItem,
    Campaign,
    CampaignForm,
    Form,
    FormVersion,
    ItemScore,
    Submission,
    User,
)
from server.services.scorecard.compute import EPSILON, Tally
from server.services.scorecard.definitions import Definitions, Indicator
from server.services.scoring.anonymity import thresholds_for
from server.services.scoring.counting import counted_clause, superseded_ids

By = Literal["subject", "unit"]
#: key (employee or unit id) -> indicator -> source -> tally
Tallies = dict[int, dict[str, dict[str, Tally]]]
#: Relationship of each form source (who answers it); the anonymity threshold follows it.
NON_ANONYMOUS = ("mystery_shopper", "supervisor", "self")


@dataclass(frozen=True)
class Tagged:
    version_id: int
    question_id: str
    indicator: str
    source: str


def tagged_questions(session: Session, defs: Definitions) -> list[Tagged]:
    """Every tagged question of every stored version of a form that feeds a source."""
    rows = session.execute(select(Form.key, FormVersion.id, FormVersion.definition).join(Form))
    found = []
    for key, version_id, definition in rows:
        source = defs.source_of_form(key)
        if source is None:
            continue
        for section in definition["sections"]:
            for q in section["questions"]:
                if q.get("indicator") in defs.indicators:
                    found.append(Tagged(version_id, q["id"], q["indicator"], source))
    return found


def _key_column(by: By) -> Any:
    if by == "subject":
        return Submission.subject_id
    return func.coalesce(Submission.unit_id, User.unit_id)


@dataclass(frozen=True)
class Window:
    """The period and what is read in it: the tagged versions, the campaigns with counted
    answers in it and the superseded ids."""

    start: datetime
    end: datetime
    tagged: list[Tagged]
    campaigns: tuple[int, ...] = ()
    gone: frozenset[str] = frozenset()
    #: Only these employees (by subject; None: everyone). Each row is computed from its own
    #: data only, so restricting the rows changes none of their figures.
    only: frozenset[int] | None = None

    def where(self, stmt: Select[Any], by: By = "subject") -> Select[Any]:
        done, got = Submission.completed_at, Submission.received_at
        # completed_at, else received_at — as an OR of plain ranges, which the planner can
        # estimate (a range over COALESCE(...) looked like a few rows: nested loops)
        when = or_(
            and_(done >= self.start, done < self.end),
            and_(done.is_(None), got >= self.start, got < self.end),
        )
        if by == "unit":
            stmt = stmt.outerjoin(User, User.id == Submission.subject_id)
        stmt = stmt.where(
            counted_clause(),
            when,
            Submission.form_version_id.in_({t.version_id for t in self.tagged}),
        )
        if self.only is not None:
            stmt = stmt.where(Submission.subject_id.in_(self.only))
        return stmt.where(Submission.id.not_in(self.gone)) if self.gone else stmt


def open_window(
    session: Session,
    defs: Definitions,
    start: datetime,
    end: datetime,
    only: frozenset[int] | None = None,
) -> Window:
    tagged = tagged_questions(session, defs)
    window = Window(start, end, tagged, only=only)
    campaigns = session.scalars(window.where(select(Submission.campaign_id).distinct())).all()
    gone: set[str] = set()
    for campaign_id in campaigns:
        gone |= superseded_ids(session, campaign_id)
    return Window(start, end, tagged, tuple(campaigns), frozenset(gone), only)


def _risky(session: Session, window: Window) -> set[str]:
    """Relationships some campaign of the period asks with a threshold above 1: only those
    can hide anything (0 < n < 1 is impossible), so only those are counted."""
    asked = session.execute(
        select(CampaignForm.relationship, Campaign.anonymity_thresholds)
        .join(Campaign, Campaign.id == CampaignForm.campaign_id)
        .where(Campaign.id.in_(window.campaigns))
    ).all()
    return {rel for rel, configured in asked if thresholds_for(configured).get(rel, 1) > 1}


def hidden_groups(session: Session, window: Window, by: By) -> set[tuple[int, str]]:
    """(key, relationship) pairs whose raters in the period are fewer than the threshold
    (the largest of the campaigns involved for that key and relationship)."""
    risky = _risky(session, window)
    if not risky:
        return set()
    key = _key_column(by).label("key")
    raters = case(
        (Submission.relationship == "customer", Submission.id),
        (Submission.rater_id.is_(None), Submission.id),
        else_=cast(Submission.rater_id, String),
    )
    mine = Submission.relationship.in_(risky)
    counted = select(key, Submission.relationship, func.count(distinct(raters)))
    counts = session.execute(
        window.where(counted.select_from(Submission).where(mine), by).group_by(
            key, Submission.relationship
        )
    ).all()
    involved = session.execute(
        window.where(
            select(key, Submission.relationship, Campaign.anonymity_thresholds)
            .select_from(Submission)
            .join(Campaign, Campaign.id == Submission.campaign_id)
            .where(mine),
            by,
        ).group_by(key, Submission.relationship, Campaign.id)
    ).all()
    k: dict[tuple[int, str], int] = defaultdict(lambda: 1)
    for unit_or_person, relationship, thresholds in involved:
        pair = (unit_or_person, relationship)
        k[pair] = max(k[pair], thresholds_for(thresholds).get(relationship, 1))
    return {(key_, rel) for key_, rel, n in counts if 0 < n < k[(key_, rel)]}


def _points_columns(defs: Definitions) -> tuple[list[float], list[float], list[Any]]:
    bars = sorted({i.pass_at for i in defs.indicators.values() if i.measure == "rate"})
    targets = sorted({i.target for i in defs.indicators.values() if i.target is not None})
    score = ItemScore.score
    columns = [
        func.count(score).label("n"),
        func.coalesce(func.sum(score), 0.0).label("sum_s"),
        *[func.sum(case((score * 100 >= b - EPSILON, 1), else_=0)) for b in bars],
        *[func.sum(case((ItemScore.value_num <= t + EPSILON, 1), else_=0)) for t in targets],
    ]
    return bars, targets, columns


def answer_tallies(session: Session, defs: Definitions, window: Window, by: By) -> Tallies:
    """The tallies of the tagged answers, without the hidden groups."""
    hidden = hidden_groups(session, window, by)
    bars, targets, columns = _points_columns(defs)
    key = _key_column(by).label("key")
    group = (key, Submission.relationship, Submission.form_version_id, ItemScore.question_id)
    stmt = (
        select(*group, *columns)
        .select_from(ItemScore)
        .join(Submission, Submission.id == ItemScore.submission_id)
        .where(ItemScore.counted.is_(True))
        .where(ItemScore.question_id.in_({t.question_id for t in window.tagged}))
    )
    index = {(t.version_id, t.question_id): t for t in window.tagged}
    out: Tallies = defaultdict(lambda: defaultdict(dict))
    for row in session.execute(window.where(stmt, by).group_by(*group)):
        tag = index.get((row[2], row[3]))
        if row[0] is None or tag is None or (row[0], row[1]) in hidden:
            continue
        total = _row_points(defs.indicators[tag.indicator], row[5], row[6:], bars, targets)
        before = out[row[0]][tag.indicator].get(tag.source, Tally())
        out[row[0]][tag.indicator][tag.source] = Tally(before.n + row[4], before.total + total)
    return out


def _row_points(
    indicator: Indicator, sum_s: float, passes: Any, bars: list[float], targets: list[float]
) -> float:
    """The points of one GROUP BY row: its passes (rate, duration) or its scores (mean)."""
    if indicator.measure == "rate":
        return 100.0 * passes[bars.index(indicator.pass_at)]
    if indicator.measure == "duration" and indicator.target is not None:
        return 100.0 * passes[len(bars) + targets.index(indicator.target)]
    return 100.0 * sum_s


def item_points(
    created: datetime, closed: datetime | None, now: datetime, target: float
) -> float | None:
    """An action item's points against `target` hours: 100 closed in time, 0 closed late or
    open past it, None (not counted yet) while open and still in time."""
    hours = ((closed or now) - created).total_seconds() / 3600
    if hours <= target + EPSILON:
        return 100.0 if closed is not None else None
    return 0.0


def _builtin_indicators(defs: Definitions) -> list[tuple[Indicator, str, float]]:
    """(indicator, its action-items source, its target) for each duration indicator fed by
    the built-in source."""
    found = []
    for indicator in defs.indicators.values():
        for source in indicator.sources:
            if defs.sources[source].get("builtin") == "action_items" and indicator.target:
                found.append((indicator, source, indicator.target))
    return found


def action_item_tallies(
    session: Session, defs: Definitions, window: Window, by: By, now: datetime
) -> Tallies:
    """The built-in `action_items` source: items opened in the period, closed within target."""
    out: Tallies = defaultdict(lambda: defaultdict(dict))
    wanted = _builtin_indicators(defs)
    item = ActionItem
    key = item.subject_id if by == "subject" else item.unit_id
    stmt = (
        select(key, item.created_at, item.closed_at, Submission.relationship)
        .outerjoin(Submission, Submission.id == item.submission_id)
        .where(item.created_at >= window.start, item.created_at < window.end, key.is_not(None))
    )
    if window.only is not None:
        stmt = stmt.where(item.subject_id.in_(window.only))
    for owner, created, closed, relationship in session.execute(stmt) if wanted else ():
        if owner is None or (by == "subject" and relationship not in NON_ANONYMOUS):
            continue  # a customer's or colleague's complaint is not pinned on a person here
        for indicator, source, target in wanted:
            pts = item_points(created, closed, now, target)
            if pts is not None:
                tally = out[owner][indicator.key].get(source, Tally())
                out[owner][indicator.key][source] = tally.add(pts)
    return out


def gather(
    session: Session,
    defs: Definitions,
    start: datetime,
    end: datetime,
    *,
    by: By,
    now: datetime,
    only: Collection[int] | None = None,
) -> Tallies:
    """Every tally of the period for every employee or unit with data (`only`: just these
    employees, by subject — the same figures for them, less work)."""
    subjects = frozenset(only) if only is not None and by == "subject" else None
    window = open_window(session, defs, start, end, subjects)
    out = answer_tallies(session, defs, window, by)
    for owner, indicators in action_item_tallies(session, defs, window, by, now).items():
        for indicator, sources in indicators.items():
            out[owner][indicator].update(sources)
    return out
