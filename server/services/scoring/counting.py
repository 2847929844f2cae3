"""Which submissions count (SPEC §6), as Python and as SQL.

360/customer submissions count unless rejected or late-and-not-accepted;
mystery shops only when approved; of a `replaces` chain only the newest
counted one (a submission is dropped when any submission that transitively
replaces it counts). Drafts never reach the server, so they never count.
"""

from __future__ import annotations

from collections.abc import Collection
from functools import lru_cache
from typing import Any, NamedTuple

from sqlalchemy import and_, null, or_, select
from sqlalchemy.orm import Session

from server.models import Submission


class Facts(NamedTuple):
    """The columns of a counted submission that aggregation reads."""

    id: str
    subject_id: int | None
    relationship: str
    form_score: float | None
    competency_scores: dict[str, float | None]
    form_version_id: int


def counted_status(relationship: str, status: str, is_late: bool, late_accepted: bool) -> bool:
    """Return whether a submission's status lets it count (before the replaces rule)."""
    if relationship == "mystery_shopper":
        return status == "approved"
    if status == "rejected":
        return False
    return late_accepted or not (is_late or status == "late")


@lru_cache(maxsize=1)
def counted_clause() -> Any:
    """The SQL form of `counted_status` over Submission columns (built once)."""
    s = Submission
    mystery = and_(s.relationship == "mystery_shopper", s.status == "approved")
    late = or_(s.is_late.is_(True), s.status == "late")
    other = and_(
        s.relationship != "mystery_shopper",
        s.status != "rejected",
        or_(s.late_accepted.is_(True), ~late),
    )
    return or_(mystery, other)


def superseded_ids(session: Session, campaign_id: int) -> set[str]:
    """Return ids replaced (transitively) by a counted submission of the campaign."""
    s = Submission
    rows = session.execute(
        select(s.id, s.replaces_id, s.relationship, s.status, s.is_late, s.late_accepted).where(
            s.campaign_id == campaign_id, s.replaces_id.is_not(None)
        )
    ).all()
    parent = {r.id: r.replaces_id for r in rows}
    out: set[str] = set()
    for r in rows:
        if not counted_status(r.relationship, r.status, r.is_late, r.late_accepted):
            continue
        node, seen = r.replaces_id, set()
        while node is not None and node not in seen:
            seen.add(node)
            out.add(node)
            node = parent.get(node)
    return out


def superseded_among(session: Session, ids: Collection[str]) -> set[str]:
    """Return those of `ids` replaced (transitively) by a counted submission.

    Walks the chains downwards through the partial replaces_id index, one query per
    chain level (chains are short; usually a single empty query). The explicit
    `replaces_id IS NOT NULL` lets SQLite use that partial index.
    """
    s = Submission
    parent: dict[str, str] = {}
    counted: list[str] = []
    level = list(ids)
    while level:
        rows = (
            session.connection()
            .execute(
                select(
                    s.id, s.replaces_id, s.relationship, s.status, s.is_late, s.late_accepted
                ).where(s.replaces_id.is_not(None), s.replaces_id.in_(level))
            )
            .fetchall()
        )
        level = [r[0] for r in rows if r[0] not in parent]
        for r in rows:
            parent.setdefault(r[0], str(r[1]))
            if counted_status(r[2], r[3], r[4], r[5]):
                counted.append(r[0])
    out: set[str] = set()
    for node in counted:
        seen: set[str] = set()
        while node in parent and node not in seen:
            seen.add(node)
            node = parent[node]
            out.add(node)
    return out & set(ids)


def effective_submissions(
    session: Session,
    campaign_id: int,
    subject_ids: Collection[int] | None = None,
    *,
    competencies: bool = True,
) -> list[Facts]:
    """Return the counted submissions of a campaign (optionally of some subjects).

    `competencies=False` leaves competency scores out (empty), for callers that need only
    form scores, such as the unit rank: decoding a JSON column per submission is most of
    the cost of reading a large unit.
    """
    s = Submission
    comp = s.competency_scores if competencies else null()
    stmt = select(s.id, s.subject_id, s.relationship, s.form_score, comp, s.form_version_id).where(
        s.campaign_id == campaign_id, counted_clause()
    )
    if subject_ids is not None:
        stmt = stmt.where(s.subject_id.in_(list(subject_ids)))
    rows = session.connection().execute(stmt).fetchall()
    if subject_ids is None:
        dropped = superseded_ids(session, campaign_id)
    else:
        dropped = superseded_among(session, [r[0] for r in rows])
    return [Facts(r[0], r[1], r[2], r[3], r[4] or {}, r[5]) for r in rows if r[0] not in dropped]


def excluded_ids(session: Session, campaign_id: int) -> set[str]:
    """Ids of the campaign's submissions that do not count (status or replaced)."""
    s = Submission
    rows = session.connection().execute(
        select(s.id, s.relationship, s.status, s.is_late, s.late_accepted).where(
            s.campaign_id == campaign_id
        )
    )
    out = {
        r.id
        for r in rows
        if not counted_status(r.relationship, r.status, r.is_late, r.late_accepted)
    }
    return out | superseded_ids(session, campaign_id)
