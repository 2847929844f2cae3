"""Who may take a job (issue 16 §1): the conflict list, the limit per unit, the requirements.

- Conflicts: a shopper never visits a unit on HR's conflict list for them, nor (when they are
  also an employee) their own unit or any unit under it. Such jobs are hidden from their
  board and refused (`unit_conflict`).
- Limit: at most `max_per_unit` visits of one unit per shopper per campaign (the campaign is
  the period: campaigns are per period, and a recurring template makes one per period).
  Every visit of the unit the shopper holds in the campaign counts, whatever became of it.
- Requirements: `min_rating` (the shopper's rating, server/services/jobs/rating.py, at least
  this) and `certification` (a scenario key the shopper holds: certification.status).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from server.domain_errors import Conflict
from server.models import Assignment, JobBoardSettings, JobConflict, JobOffer, OrgUnit, User
from server.services.certification.status import is_certified
from server.services.jobs import rating

DEFAULTS = {"mode": "first_come", "max_per_unit": 1, "cancel_cutoff_hours": 24}


def settings_of(session: Session, campaign_id: int) -> JobBoardSettings:
    """The campaign's board settings (the defaults, unsaved, when HR set none)."""
    row = session.get(JobBoardSettings, campaign_id)
    return row if row is not None else JobBoardSettings(campaign_id=campaign_id, **DEFAULTS)


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


def unmet(
    session: Session,
    shopper: User,
    job: Assignment,
    offer: JobOffer,
    at: datetime,
    shopper_rating: float | None = None,
) -> list[str]:
    """The rules of the job the shopper does not meet: min_rating, certification, unit_limit."""
    codes: list[str] = []
    if offer.min_rating is not None:
        mine = (
            rating.rating_of(session, shopper.id)["rating"]
            if shopper_rating is None
            else shopper_rating
        )
        if mine < offer.min_rating:
            codes.append("min_rating")
    if offer.certification and not is_certified(session, shopper.id, offer.certification, at):
        codes.append("certification")
    limit = settings_of(session, job.campaign_id).max_per_unit
    if visits_of_unit(session, shopper.id, job.campaign_id, job.unit_id) >= limit:
        codes.append("unit_limit")
    return codes


def ensure_eligible(
    session: Session, shopper: User, job: Assignment, offer: JobOffer, at: datetime
) -> None:
    """Refuse (409) a shopper who may not take the job, naming the unmet rules."""
    if job.unit_id in conflicted_units(session, shopper):
        raise Conflict(
            "unit_conflict", "You may not visit a unit where you work or have relatives."
        )
    codes = unmet(session, shopper, job, offer, at)
    if codes:
        raise Conflict(
            "requirements_not_met", "You do not meet this job's requirements.", {"unmet": codes}
        )
