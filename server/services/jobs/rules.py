"""Who may take a job (issue 16 §1): the conflict list, the limit per unit, the requirements.

- Conflicts: a shopper never visits a unit on HR's conflict list for them, nor (when they are
  also an employee) their own unit or any unit under it. Such jobs are hidden from their
  board and refused (`unit_conflict`).
- Limit: at most `max_per_unit` visits of one unit per shopper per campaign (the campaign is
  the period: campaigns are per period, and a recurring template makes one per period).
  Every visit of the unit the shopper holds in the campaign counts, whatever became of it.
- Requirements: `min_rating` (the shopper's rating, server/services/jobs/rating.py, at least
  this) and `certification` (a scenario key the shopper holds: certification.status).

The rules are written once, in `verdict`, a pure function of the job and of `Facts` (what
the rules need to know about the shopper). The facts are loaded two ways: `facts_for_job`
asks only what one job needs (taking, applying, HR's approval); `facts_for_board` loads
everything for many jobs in a constant number of queries (the board, however many jobs).
tests/test_jobs_batch.py checks that both give the same verdict.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from server.domain_errors import Conflict
from server.models import (
    Assignment,
    JobBoardSettings,
    JobConflict,
    JobOffer,
    OrgUnit,
    ShopperCertification,
    User,
)
from server.services.certification.status import is_certified
from server.services.jobs import rating

DEFAULT_LIMIT = 1
DEFAULTS = {"mode": "first_come", "max_per_unit": DEFAULT_LIMIT, "cancel_cutoff_hours": 24}
CONFLICT = "unit_conflict"


@dataclass(frozen=True)
class Facts:
    """What the rules know about one shopper: their rating (None when no job asked for it),
    the scenarios they are certified for, the units they may not visit, their visits per
    (campaign, unit) and each campaign's limit per unit."""

    rating: float | None = None
    certified: frozenset[str] = frozenset()
    conflicted: frozenset[int] = frozenset()
    visits: Mapping[tuple[int, int | None], int] = field(default_factory=dict)
    limits: Mapping[int, int] = field(default_factory=dict)


def verdict(facts: Facts, job: Assignment, offer: JobOffer) -> list[str]:
    """The rules of the job the shopper does not meet: [`unit_conflict`] alone when the unit
    is conflicted, else any of min_rating, certification, unit_limit (in that order)."""
    if job.unit_id in facts.conflicted:
        return [CONFLICT]
    codes: list[str] = []
    if offer.min_rating is not None and (facts.rating or 0.0) < offer.min_rating:
        codes.append("min_rating")
    if offer.certification and offer.certification not in facts.certified:
        codes.append("certification")
    limit = facts.limits.get(job.campaign_id, DEFAULT_LIMIT)
    if facts.visits.get((job.campaign_id, job.unit_id), 0) >= limit:
        codes.append("unit_limit")
    return codes


def settings_of(session: Session, campaign_id: int) -> JobBoardSettings:
    """The campaign's board settings (the defaults, unsaved, when HR set none)."""
    row = session.get(JobBoardSettings, campaign_id)
    return row if row is not None else JobBoardSettings(campaign_id=campaign_id, **DEFAULTS)


def settings_for(session: Session, campaign_ids: Iterable[int]) -> dict[int, JobBoardSettings]:
    """{campaign id: its board settings} for many campaigns, in one query."""
    ids = set(campaign_ids)
    found = (
        {
            row.campaign_id: row
            for row in session.scalars(
                select(JobBoardSettings).where(JobBoardSettings.campaign_id.in_(ids))
            )
        }
        if ids
        else {}
    )
    return {c: found.get(c) or JobBoardSettings(campaign_id=c, **DEFAULTS) for c in ids}


def conflicted_units(session: Session, shopper: User) -> set[int]:
    """The units `shopper` must never visit: HR's list, and their own unit and its subtree."""
    units = set(
        session.scalars(select(JobConflict.unit_id).where(JobConflict.shopper_id == shopper.id))
    )
    own = session.get(OrgUnit, shopper.unit_id) if shopper.unit_id else None
    if own is not None:
        under = or_(OrgUnit.id == own.id, OrgUnit.path.startswith(own.path + "/", autoescape=True))
        units |= set(session.scalars(select(OrgUnit.id).where(under)))
    return units


def visits_of_unit(session: Session, shopper_id: int, campaign_id: int, unit_id: int | None) -> int:
    """How many visits of the unit the shopper holds in the campaign."""
    count = session.scalar(
        select(func.count(Assignment.id)).where(
            Assignment.rater_id == shopper_id,
            Assignment.campaign_id == campaign_id,
            Assignment.unit_id == unit_id,
            Assignment.relationship == "mystery_shopper",
        )
    )
    return int(count or 0)


def facts_for_job(
    session: Session, shopper: User, job: Assignment, offer: JobOffer, at: datetime
) -> Facts:
    """The facts one job's rules need, asked one by one (a handful of queries)."""
    conflicted = conflicted_units(session, shopper)
    if job.unit_id in conflicted:
        return Facts(conflicted=frozenset(conflicted))
    certified = offer.certification and is_certified(session, shopper.id, offer.certification, at)
    return Facts(
        rating=None
        if offer.min_rating is None
        else rating.rating_of(session, shopper.id)["rating"],
        certified=frozenset([offer.certification] if certified and offer.certification else []),
        conflicted=frozenset(conflicted),
        visits={
            (job.campaign_id, job.unit_id): visits_of_unit(
                session, shopper.id, job.campaign_id, job.unit_id
            )
        },
        limits={job.campaign_id: settings_of(session, job.campaign_id).max_per_unit},
    )


def facts_for_board(
    session: Session,
    shopper: User,
    at: datetime,
    campaign_ids: Iterable[int],
    settings: Mapping[int, JobBoardSettings] | None = None,
) -> Facts:
    """The facts for every job of `campaign_ids`, in a constant number of queries (the
    rating, the certifications, the conflicts, the visits per campaign and unit, and the
    campaigns' settings unless given)."""
    ids = set(campaign_ids)
    limits = settings if settings is not None else settings_for(session, ids)
    scenarios = session.scalars(
        select(ShopperCertification.scenario)
        .where(ShopperCertification.user_id == shopper.id, ShopperCertification.passed_at <= at)
        .distinct()
    )
    counts: list[Any] = (
        list(
            session.execute(
                select(Assignment.campaign_id, Assignment.unit_id, func.count(Assignment.id))
                .where(
                    Assignment.rater_id == shopper.id,
                    Assignment.campaign_id.in_(ids),
                    Assignment.relationship == "mystery_shopper",
                )
                .group_by(Assignment.campaign_id, Assignment.unit_id)
            )
        )
        if ids
        else []
    )
    return Facts(
        rating=rating.rating_of(session, shopper.id)["rating"],
        certified=frozenset(scenarios),
        conflicted=frozenset(conflicted_units(session, shopper)),
        visits={(c, u): int(n) for c, u, n in counts},
        limits={c: s.max_per_unit for c, s in limits.items()},
    )


def unmet(
    session: Session, shopper: User, job: Assignment, offer: JobOffer, at: datetime
) -> list[str]:
    """The job's rules the shopper does not meet (`verdict` on the job's own facts)."""
    return verdict(facts_for_job(session, shopper, job, offer, at), job, offer)


def ensure_eligible(
    session: Session, shopper: User, job: Assignment, offer: JobOffer, at: datetime
) -> None:
    """Refuse (409) a shopper who may not take the job, naming the unmet rules."""
    codes = unmet(session, shopper, job, offer, at)
    if codes == [CONFLICT]:
        raise Conflict(
            "unit_conflict", "You may not visit a unit where you work or have relatives."
        )
    if codes:
        raise Conflict(
            "requirements_not_met", "You do not meet this job's requirements.", {"unmet": codes}
        )
