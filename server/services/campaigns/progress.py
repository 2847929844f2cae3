"""Completion figures for HR, and a subject's own view that never names a rater nor
shows a hidden group's count (`subject_progress`).

Completion counts assignments (declined ones are excluded from the denominator):
`rate` = submitted / (total - declined), None when nothing is expected. Units are the
subject's unit (for visits: the visited unit). Customer campaigns have no
assignments: their figures are the links and responses received.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping
from itertools import product
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session, aliased

from server.models import Assignment, Campaign, CustomerLink, OrgUnit, Submission, User
from server.services.org import people
from server.services.scoring.anonymity import ANONYMOUS, BASE_GROUPS, decide, thresholds_for
from server.services.scoring.counting import effective_submissions


def _figures(counts: dict[str, int]) -> dict[str, Any]:
    total = sum(counts.values())
    expected = total - counts.get("declined", 0)
    submitted = counts.get("submitted", 0)
    return {
        "total": total,
        "submitted": submitted,
        "pending": counts.get("pending", 0),
        "declined": counts.get("declined", 0),
        "rate": round(submitted / expected, 4) if expected else None,
    }


def campaign_progress(session: Session, campaign: Campaign) -> dict[str, Any]:
    """Completion of a campaign overall, per relationship and per unit."""
    subject = aliased(User)
    unit_id = func.coalesce(Assignment.unit_id, subject.unit_id)
    rows = session.execute(
        select(Assignment.relationship, unit_id, Assignment.status, func.count())
        .outerjoin(subject, subject.id == Assignment.subject_id)
        .where(Assignment.campaign_id == campaign.id)
        .group_by(Assignment.relationship, unit_id, Assignment.status)
    ).all()
    overall: dict[str, int] = defaultdict(int)
    by_rel: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    by_unit: dict[int | None, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for relationship, unit, status, count in rows:
        overall[status] += count
        by_rel[relationship][status] += count
        by_unit[unit][status] += count
    units = {
        u.id: u
        for u in session.scalars(
            select(OrgUnit).where(OrgUnit.id.in_([u for u in by_unit if u is not None]))
        )
    }
    return {
        "campaign_id": campaign.id,
        "status": campaign.status,
        **_figures(overall),
        "by_relationship": [
            {"relationship": rel, **_figures(c)} for rel, c in sorted(by_rel.items())
        ],
        "by_unit": sorted(
            (
                {"unit": people.unit(units.get(u)) if u is not None else None, **_figures(c)}
                for u, c in by_unit.items()
            ),
            key=lambda r: r["unit"]["path"] if r["unit"] else "",
        ),
        "customer": _customer(session, campaign),
    }


def _customer(session: Session, campaign: Campaign) -> dict[str, Any] | None:
    links = session.execute(
        select(func.count(), func.sum(case((CustomerLink.active, 1), else_=0))).where(
            CustomerLink.campaign_id == campaign.id
        )
    ).one()
    if not links[0]:
        return None
    responses = session.scalar(
        select(func.count()).where(
            Submission.campaign_id == campaign.id, Submission.relationship == "customer"
        )
    )
    return {"links": links[0], "active_links": int(links[1] or 0), "responses": responses}


def outstanding(session: Session, campaign: Campaign, filters: dict[str, Any]) -> list[dict]:
    """Pending assignments for HR to chase (raters and subjects named: HR only)."""
    rater, subject = aliased(User), aliased(User)
    stmt = (
        select(Assignment, rater, subject)
        .outerjoin(rater, rater.id == Assignment.rater_id)
        .outerjoin(subject, subject.id == Assignment.subject_id)
        .where(Assignment.campaign_id == campaign.id, Assignment.status == "pending")
    )
    if filters.get("relationship"):
        stmt = stmt.where(Assignment.relationship == filters["relationship"])
    if filters.get("unit_id"):
        unit_ids = _subtree_ids(session, filters["unit_id"])
        stmt = stmt.where(func.coalesce(Assignment.unit_id, subject.unit_id).in_(unit_ids))
    rows = session.execute(stmt.order_by(Assignment.due_at, Assignment.id)).all()
    return [
        {
            "assignment_id": a.id,
            "relationship": a.relationship,
            "due_at": a.due_at.isoformat() if a.due_at else None,
            "rater": people.person(r, people.CONTACT),
            "subject": people.person(s, people.CONTACT),
            "unit_id": a.unit_id or (s.unit_id if s else None),
        }
        for a, r, s in rows
    ]


def _subtree_ids(session: Session, unit_id: int) -> list[int]:
    unit = session.get(OrgUnit, unit_id)
    if unit is None:
        return []
    return list(
        session.scalars(
            select(OrgUnit.id).where(
                (OrgUnit.path == unit.path) | OrgUnit.path.startswith(unit.path + "/")
            )
        )
    )


SUBJECT_GROUPS = ("self", "supervisor", "peer", "subordinate")


def _completions(
    group: str, counts: Mapping[str, int], pending: Mapping[str, int]
) -> Iterator[dict[str, int]]:
    """Every count vector the still-pending raters of the groups whose numbers decide
    `group`'s visibility (the other anonymous group) could still produce."""
    others = [g for g in ANONYMOUS if g != group] if group in ANONYMOUS else []
    ranges = [range(counts[g], counts[g] + pending[g] + 1) for g in others]
    for values in product(*ranges):
        yield {**counts, **dict(zip(others, values, strict=True))}


def _shown(
    group: str, counts: Mapping[str, int], pending: Mapping[str, int], t: Mapping[str, int]
) -> bool:
    """A group's count is shown when the review rules show it now and whatever the pending
    raters of the other groups still do (a count never switches to hidden because someone
    else answered). An empty group shows its 0 only when one response would be shown."""
    probe = max(counts[group], 1)
    return all(
        decide({**c, group: probe}, t)[group].visible for c in _completions(group, counts, pending)
    )


def subject_progress(session: Session, campaign: Campaign, subject: User) -> dict[str, Any]:
    """What the rated person (or their manager) may see of who answered about them.

    Rules (SPEC §6 "derived records obey the same thresholds"):
    - Counts are the responses that count (the review's n: counted submissions, the
      newest of a replaces chain) and the assignments expected (not declined), per
      relationship self, supervisor, peer, subordinate; raters are never named.
    - A relationship's counts are shown only when the review's anonymity rules show that
      group (`anonymity.decide` over the counted responses) and, while the campaign is not
      released, would still show it whatever the pending raters of the other anonymous
      group do. Otherwise it is `{"hidden": true, "fewer_than": k}` with k its threshold
      and no number at all, the same whether it has 0 responses, fewer than k, or is
      hidden so the other group cannot be back-calculated: a change of wording would time
      a hidden group's answers. An empty group shows its 0 only where a first response
      would be shown (threshold 1).
    - `colleagues` and `total`: see `_colleagues` and `_total`.
    Relationships appear when the subject has assignments of that kind.
    """
    assigned, counts, expected = _subject_counts(session, campaign, subject)
    released = campaign.status == "released"
    pending = {g: 0 if released else max(0, expected[g] - counts[g]) for g in BASE_GROUPS}
    t = thresholds_for(campaign.anonymity_thresholds)
    shown = {g: _shown(g, counts, pending, t) for g in SUBJECT_GROUPS if g in assigned}
    out: dict[str, dict[str, Any]] = {
        group: (
            {"expected": expected[group], "submitted": counts[group]}
            if visible
            else {"hidden": True, "fewer_than": t[group]}
        )
        for group, visible in shown.items()
    }
    pool = [g for g in ANONYMOUS if g in assigned]
    colleagues = _colleagues(pool, shown, counts, expected, t)
    if colleagues is not None:
        out["colleagues"] = colleagues
    return {"campaign_id": campaign.id, "relationships": out, "total": _total(out, shown, pool)}


def _subject_counts(
    session: Session, campaign: Campaign, subject: User
) -> tuple[set[str], dict[str, int], dict[str, int]]:
    """The relationships the subject has assignments of, and per group the responses that
    count and the assignments expected (not declined)."""
    rows = session.execute(
        select(Assignment.relationship, Assignment.status, func.count())
        .where(
            Assignment.campaign_id == campaign.id,
            Assignment.subject_id == subject.id,
            Assignment.relationship.in_(SUBJECT_GROUPS),
        )
        .group_by(Assignment.relationship, Assignment.status)
    ).all()
    assigned: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for relationship, status, count in rows:
        assigned[relationship][status] += count
    counted = Counter(
        f.relationship
        for f in effective_submissions(session, campaign.id, [subject.id], competencies=False)
    )
    counts = {g: counted.get(g, 0) for g in BASE_GROUPS}
    expected = {
        g: sum(assigned[g].values()) - assigned[g].get("declined", 0) if g in assigned else 0
        for g in BASE_GROUPS
    }
    return set(assigned), counts, expected


def _colleagues(
    pool: list[str],
    shown: Mapping[str, bool],
    counts: Mapping[str, int],
    expected: Mapping[str, int],
    t: Mapping[str, int],
) -> dict[str, int] | None:
    """Peers and direct reports pooled: shown when neither group is shown but their pool
    reaches the colleagues threshold (the larger of the two), as the review's colleagues
    row does."""
    pooled = sum(counts[g] for g in pool)
    if pool and not any(shown[g] for g in pool) and pooled >= max(t[g] for g in ANONYMOUS):
        return {"expected": sum(expected[g] for g in pool), "submitted": pooled}
    return None


def _total(
    out: Mapping[str, dict[str, Any]], shown: Mapping[str, bool], pool: list[str]
) -> dict[str, Any]:
    """The sum of the shown entries only ({expected, submitted}, `complete` false when a
    hidden group is left out). A total over every group would give a hidden group's count
    by subtraction (total − shown counts), so hidden responses are never in it unless a
    shown pooled entry (colleagues) already carries them."""
    covered = set(pool) if "colleagues" in out else set()
    entries = [v for v in out.values() if "submitted" in v]
    return {
        "expected": sum(e["expected"] for e in entries),
        "submitted": sum(e["submitted"] for e in entries),
        "complete": all(shown[g] or g in covered for g in shown),
    }
