"""HR publishes visits as jobs (issue 16 §1) and sets a campaign's board rules.

A job is a mystery-shop visit (Assignment) with no shopper and a `JobOffer` row: published
new (unit, window, scenario as its bilingual summary; the visit is made by the one visit rule,
server.services.visits.visits.new_visit) or converted from a visit nobody has
reported on yet (its shopper is released). Publishing writes the visit's pay terms
(`VisitTerms`: fee and expense cap in minor units) that the pay rules read.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.domain_errors import Conflict, NotFound
from server.models import Assignment, Campaign, JobOffer, OrgUnit, Submission, User, VisitTerms
from server.models.shopper_work import DEFAULT_CURRENCY
from server.services.certification import quiz_forms
from server.services.jobs import rules
from server.services.org import accounts, people
from server.services.visits import visits


def _offer(session: Session, actor: User, job: Assignment, data: dict[str, Any]) -> None:
    terms = session.get(VisitTerms, job.id) or VisitTerms(assignment_id=job.id)
    terms.fee_minor = data["fee_minor"]
    terms.expense_cap_minor = data["expense_cap_minor"]
    terms.currency = data.get("currency") or DEFAULT_CURRENCY
    offer = session.get(JobOffer, job.id) or JobOffer(assignment_id=job.id)
    offer.min_rating = data.get("min_rating")
    offer.certification = data.get("certification")
    offer.published_by_id = actor.id
    offer.taken_at = offer.scheduled_at = None
    session.add_all([terms, offer])
    session.flush()
    accounts.audit(session, actor, "job_published", job, campaign_id=job.campaign_id)


def publish(session: Session, actor: User, campaign: Campaign, data: dict[str, Any]) -> Assignment:
    """A new visit with no shopper (the one visit rule, `visits.new_visit`), offered on the
    board."""
    plan = {key: data[key] for key in ("unit_id", "window_start", "window_end")}
    job = visits.new_visit(session, campaign, {**plan, "scenario": data.get("scenario")})
    _offer(session, actor, job, data)
    return job


def get_visit(session: Session, visit_id: int) -> Assignment:
    """A visit (any assignment id), or 404."""
    job = session.get(Assignment, visit_id)
    if job is None:
        raise NotFound("not_found", "No such visit.")
    return job


def publish_visit(
    session: Session, actor: User, job: Assignment, data: dict[str, Any]
) -> Assignment:
    """Offer an existing visit on the board (its shopper, if any, is released)."""
    if job.relationship != "mystery_shopper":
        raise Conflict("wrong_kind", "Only mystery-shop visits are offered as jobs.")
    visits.check_plannable(job.campaign)
    if session.scalar(select(Submission.id).where(Submission.assignment_id == job.id).limit(1)):
        raise Conflict("already_reported", "This visit has a report: it cannot be offered.")
    job.rater_id = None
    _offer(session, actor, job, data)
    return job


def update_settings(session: Session, campaign: Campaign, data: dict[str, Any]) -> Any:
    """Set the campaign's mode, limit per unit and cancel cut-off."""
    row = rules.settings_of(session, campaign.id)
    for key in ("mode", "max_per_unit", "cancel_cutoff_hours"):
        if key in data:
            setattr(row, key, data[key])
    session.add(row)
    session.flush()
    return row


def campaign_jobs(session: Session, campaign: Campaign, at: datetime) -> list[dict[str, Any]]:
    """HR's list of a campaign's jobs: open or taken (by whom, for which date)."""
    rows = session.execute(
        select(Assignment, JobOffer)
        .join(JobOffer, JobOffer.assignment_id == Assignment.id)
        .where(Assignment.campaign_id == campaign.id)
        .order_by(Assignment.visit_window_start, Assignment.id)
    ).all()
    quizzes = quiz_forms.by_scenario(session)
    found = []
    for job, offer in rows:
        unit = session.get(OrgUnit, job.unit_id) if job.unit_id else None
        shopper = session.get(User, job.rater_id) if job.rater_id else None
        terms = session.get(VisitTerms, job.id)
        found.append(
            {
                "id": job.id,
                "unit": people.unit(unit),
                "window_start": job.visit_window_start,
                "window_end": job.visit_window_end,
                "scenario": job.scenario,
                "fee_minor": terms.fee_minor if terms else 0,
                "expense_cap_minor": terms.expense_cap_minor if terms else 0,
                "currency": terms.currency if terms else DEFAULT_CURRENCY,
                "requirements": {
                    "min_rating": offer.min_rating,
                    "certification": offer.certification,
                    "certification_quiz": quizzes.get(offer.certification or ""),
                },
                "shopper": people.person(shopper, people.NAMED),
                "scheduled_at": offer.scheduled_at,
                "open": shopper is None,
            }
        )
    return found
