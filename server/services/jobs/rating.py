"""A shopper's rating (issue 16 §4): how HR's review decisions on their visits turned out.

Each decided visit of the shopper (their newest report of it) scores points out of 5:
- approved the first time (by HR or automatically by the review timer): 5;
- approved after HR returned it at least once: 3;
- either of those arrived late (after the campaign closed, `is_late`): one point less;
- closed as rejected (returned and never resubmitted: the assignment is `declined`): 0.
Visits not yet decided (scheduled, awaiting review, returned and still open) do not count.

rating = (sum of points + PRIOR_WEIGHT × PRIOR) / (n + PRIOR_WEIGHT), 0–5, two decimals.
A shopper with no history is rated PRIOR (3.0); each visit moves the rating towards its
points, so one decided visit cannot make a newcomer a 5 or a 0. The rating stays in 0–5
and one more first-time approval (the maximum points) never lowers it. `provisional` is
true below MIN_HISTORY decided visits (HR sees it next to the rating).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.models import Assignment, Submission

POINTS = {"first_time": 5, "returned": 3, "rejected": 0}
LATE_PENALTY = 1
PRIOR, PRIOR_WEIGHT, MIN_HISTORY = 3.0, 2, 3
MAX_RATING = 5.0


def rating_from(points: Iterable[int]) -> float:
    """The rating of a list of visit points (see the module's formula)."""
    values = list(points)
    raw = (sum(values) + PRIOR_WEIGHT * PRIOR) / (len(values) + PRIOR_WEIGHT)
    return round(min(MAX_RATING, max(0.0, raw)), 2)


def visit_points(outcome: str, late: bool) -> int:
    """The points of one decided visit."""
    base = POINTS[outcome]
    return max(0, base - LATE_PENALTY) if late and outcome != "rejected" else base


def _outcome(reports: list[Submission], assignment_status: str) -> tuple[str, bool] | None:
    superseded = {r.replaces_id for r in reports if r.replaces_id}
    current = [r for r in reports if r.id not in superseded]
    if not current:
        return None
    latest = max(current, key=lambda r: r.received_at)
    late = latest.is_late
    if latest.status == "approved":
        returned = any(r.status == "rejected" for r in reports)
        return ("returned" if returned else "first_time"), late
    if latest.status == "rejected" and assignment_status == "declined":
        return "rejected", late
    return None


def points_of(session: Session, shopper_ids: Iterable[int]) -> dict[int, list[int]]:
    """{shopper id: the points of each of their decided visits}."""
    ids = list(set(shopper_ids))
    found: dict[int, list[int]] = {i: [] for i in ids}
    if not ids:
        return found
    rows = session.execute(
        select(Submission, Assignment.status)
        .join(Assignment, Assignment.id == Submission.assignment_id)
        .where(Submission.rater_id.in_(ids), Submission.relationship == "mystery_shopper")
    ).all()
    grouped: dict[tuple[int | None, int | None], list[Submission]] = defaultdict(list)
    statuses: dict[tuple[int | None, int | None], str] = {}
    for sub, status in rows:
        key = (sub.rater_id, sub.assignment_id)
        grouped[key].append(sub)
        statuses[key] = status
    for key, reports in grouped.items():
        decided = _outcome(reports, statuses[key])
        if decided is not None and key[0] is not None:
            found[key[0]].append(visit_points(*decided))
    return found


def ratings(session: Session, shopper_ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    """{shopper id: {rating, visits (decided), provisional}}."""
    return {
        shopper: {
            "rating": rating_from(points),
            "visits": len(points),
            "provisional": len(points) < MIN_HISTORY,
        }
        for shopper, points in points_of(session, shopper_ids).items()
    }


def rating_of(session: Session, shopper_id: int) -> dict[str, Any]:
    """One shopper's {rating, visits, provisional}."""
    return ratings(session, [shopper_id])[shopper_id]
