"""What a shopper sees (issue 16 §1): open jobs nearest first, and their own jobs.

A job is open while its visit has no shopper, its campaign is open and its window has not
ended. Distance is from the position the shopper's phone sent, else from their home
(`ShopperHome`); jobs of units without a position come last. Jobs of conflicted units are
never listed; the other rules are shown per job as `unmet` (the shopper sees why).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.models import (
    Assignment,
    Campaign,
    JobApplication,
    JobBoardSettings,
    JobOffer,
    OrgUnit,
    ShopperHome,
    User,
    VisitTerms,
)
from server.services.certification import quiz_forms
from server.services.jobs import rules
from server.services.visits.evidence import haversine_m
from server.services.visits.visits import latest_submissions, visit_status

Position = tuple[float, float]


def origin_of(session: Session, shopper: User, position: Position | None) -> Position | None:
    """Where distances are measured from: the phone's position, else the shopper's home."""
    if position is not None:
        return position
    home = session.get(ShopperHome, shopper.id)
    return (home.latitude, home.longitude) if home else None


def place(unit: OrgUnit | None) -> dict[str, Any] | None:
    """A unit as the shopper sees it: name, address and map position."""
    if unit is None:
        return None
    return {
        "id": unit.id,
        "name": unit.name,
        "address": unit.address,
        "latitude": unit.latitude,
        "longitude": unit.longitude,
    }


def terms(row: VisitTerms | None) -> dict[str, Any]:
    """The visit's fee and expense cap (zero when none were written)."""
    return {
        "fee_minor": row.fee_minor if row else 0,
        "expense_cap_minor": row.expense_cap_minor if row else 0,
        "currency": row.currency if row else "CNY",
    }


def _distance(origin: Position | None, unit: OrgUnit | None) -> int | None:
    if origin is None or unit is None or unit.latitude is None or unit.longitude is None:
        return None
    return round(haversine_m(origin[0], origin[1], unit.latitude, unit.longitude))


def job_dict(
    row: Any, settings: JobBoardSettings, quizzes: dict[str, dict[str, Any]]
) -> dict[str, Any]:
    """The fields of a job every reader sees (a row of `_rows`); `quizzes` is
    `quiz_forms.by_scenario`, which names the quiz of a required certification."""
    job, offer, campaign, unit, paid = row
    return {
        "id": job.id,
        "campaign": {"id": campaign.id, "name": campaign.name},
        "unit": place(unit),
        "window_start": job.visit_window_start,
        "window_end": job.visit_window_end,
        "scenario": job.scenario,
        **terms(paid),
        "requirements": {
            "min_rating": offer.min_rating,
            "certification": offer.certification,
            "certification_quiz": quizzes.get(offer.certification or ""),
        },
        "mode": settings.mode,
    }


def _rows(session: Session, *where: Any) -> list[Any]:
    """(visit, offer, campaign, unit, terms) of the published jobs matching `where`, in one
    query (the board lists hundreds: nothing is loaded job by job)."""
    return list(
        session.execute(
            select(Assignment, JobOffer, Campaign, OrgUnit, VisitTerms)
            .join(JobOffer, JobOffer.assignment_id == Assignment.id)
            .join(Campaign, Campaign.id == Assignment.campaign_id)
            .outerjoin(OrgUnit, OrgUnit.id == Assignment.unit_id)
            .outerjoin(VisitTerms, VisitTerms.assignment_id == Assignment.id)
            .where(*where)
            .order_by(Assignment.visit_window_start, Assignment.id)
        ).all()
    )


def _open_rows(session: Session, at: datetime) -> list[Any]:
    return _rows(
        session,
        Assignment.rater_id.is_(None),
        Assignment.relationship == "mystery_shopper",
        Campaign.status == "open",
        Assignment.visit_window_end > at,
    )


def _applied(session: Session, shopper: User) -> dict[int, int]:
    """{job id: the shopper's pending application's id}."""
    rows = session.execute(
        select(JobApplication.assignment_id, JobApplication.id).where(
            JobApplication.shopper_id == shopper.id, JobApplication.status == "pending"
        )
    )
    return {job_id: app_id for job_id, app_id in rows}


def open_jobs(
    session: Session, shopper: User, at: datetime, position: Position | None = None
) -> list[dict[str, Any]]:
    """The open jobs `shopper` may see, nearest first, each with its unmet rules. A constant
    number of queries whatever the number of jobs (tests/test_jobs_batch.py)."""
    origin = origin_of(session, shopper, position)
    rows = _open_rows(session, at)
    settings = rules.settings_for(session, {r[0].campaign_id for r in rows})
    facts = rules.facts_for_board(session, shopper, at, settings.keys(), settings)
    applied = _applied(session, shopper)
    quizzes = quiz_forms.by_scenario(session)
    jobs = []
    for row in rows:
        job, offer, _, unit, _ = row
        unmet = rules.verdict(facts, job, offer)
        if unmet == [rules.CONFLICT]:
            continue
        jobs.append(
            {
                **job_dict(row, settings[job.campaign_id], quizzes),
                "distance_m": _distance(origin, unit),
                "unmet": unmet,
                "applied": job.id in applied,
                "application_id": applied.get(job.id),
            }
        )
    jobs.sort(key=lambda j: (j["distance_m"] is None, j["distance_m"] or 0))
    return jobs


def cancel_until(
    session: Session, job: Assignment, offer: JobOffer, settings: JobBoardSettings | None = None
) -> datetime | None:
    """The last moment the shopper may cancel: the cut-off before the date (or window)."""
    start = offer.scheduled_at or job.visit_window_start
    if start is None:
        return None
    found = settings if settings is not None else rules.settings_of(session, job.campaign_id)
    return start - timedelta(hours=found.cancel_cutoff_hours)


def my_jobs(session: Session, shopper: User) -> list[dict[str, Any]]:
    """The shopper's jobs taken from the board, with their date and cancel cut-off."""
    rows = _rows(session, Assignment.rater_id == shopper.id)
    latest = latest_submissions(session, [r[0].id for r in rows])
    settings = rules.settings_for(session, {r[0].campaign_id for r in rows})
    quizzes = quiz_forms.by_scenario(session)
    return [
        {
            **job_dict(row, settings[row[0].campaign_id], quizzes),
            "scheduled_at": row[1].scheduled_at,
            "cancel_until": cancel_until(session, row[0], row[1], settings[row[0].campaign_id]),
            "status": visit_status(latest.get(row[0].id)),
        }
        for row in rows
    ]
