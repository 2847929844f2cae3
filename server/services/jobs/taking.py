"""Taking, scheduling and cancelling a job (issue 16 §1).

No double booking: a job is claimed by one conditional UPDATE
(`SET rater_id = :shopper WHERE id = :job AND rater_id IS NULL`); of two shoppers racing,
the database lets one row change and the other is told `job_taken`. The shopper's own row
is locked first (FOR UPDATE on PostgreSQL; SQLite serialises writers), so one shopper's two
racing requests cannot both pass the limit per unit.

The shopper may cancel until `cancel_cutoff_hours` (campaign setting, default 24) before the
scheduled date (or the window's start when no date was chosen); after that the cancel is
refused. A cancelled job returns to the board and every active HR user is notified.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from server.domain_errors import Conflict, Invalid, NotFound
from server.models import Assignment, JobApplication, JobOffer, OrgUnit, Submission, User
from server.services.jobs import board, rules
from server.services.notifications.notify import notify
from server.services.org import accounts


def get_job(session: Session, assignment_id: int) -> tuple[Assignment, JobOffer]:
    """A published job and its visit, or 404."""
    offer = session.get(JobOffer, assignment_id)
    job = session.get(Assignment, assignment_id) if offer else None
    if offer is None or job is None:
        raise NotFound("not_found", "No such job.")
    return job, offer


def open_job(session: Session, assignment_id: int) -> tuple[Assignment, JobOffer]:
    """A job still on the board: no shopper, its campaign open; else 409."""
    job, offer = get_job(session, assignment_id)
    if job.rater_id is not None:
        raise Conflict("job_taken", "Someone else has taken this job.")
    if job.campaign.status != "open":
        raise Conflict("campaign_not_open", "This job's campaign is not open.")
    return job, offer


def lock_shopper(session: Session, shopper: User) -> None:
    """Serialise one shopper's claims (the limit per unit is checked under this lock)."""
    session.execute(select(User.id).where(User.id == shopper.id).with_for_update())


def claim(session: Session, job: Assignment, offer: JobOffer, shopper: User, at: datetime) -> None:
    """Give the job to `shopper` unless someone holds it (one conditional UPDATE)."""
    done = session.execute(
        update(Assignment)
        .where(Assignment.id == job.id, Assignment.rater_id.is_(None))
        .values(rater_id=shopper.id)
        .execution_options(synchronize_session=False)
    )
    if getattr(done, "rowcount", 0) != 1:
        raise Conflict("job_taken", "Someone else has taken this job.")
    session.refresh(job)
    offer.taken_at = at
    offer.scheduled_at = None


def take(
    session: Session, shopper: User, assignment_id: int, at: datetime, data: dict[str, Any]
) -> Assignment:
    """First come: the shopper takes an open job within the rules, optionally with a date."""
    job, offer = open_job(session, assignment_id)
    if rules.settings_of(session, job.campaign_id).mode != "first_come":
        raise Conflict("approval_required", "Apply for this job: HR approves who takes it.")
    lock_shopper(session, shopper)
    rules.ensure_eligible(session, shopper, job, offer, at)
    claim(session, job, offer, shopper, at)
    if data.get("scheduled_at") is not None:
        _set_date(job, offer, data["scheduled_at"], at)
    session.flush()
    accounts.audit(session, shopper, "job_taken", job, campaign_id=job.campaign_id)
    return job


def own_job(session: Session, shopper: User, assignment_id: int) -> tuple[Assignment, JobOffer]:
    """One of the shopper's own jobs (others' jobs are 404)."""
    job, offer = get_job(session, assignment_id)
    if job.rater_id != shopper.id:
        raise NotFound("not_found", "No such job.")
    return job, offer


def _set_date(job: Assignment, offer: JobOffer, when: datetime, at: datetime) -> None:
    start, end = job.visit_window_start, job.visit_window_end
    if (start and when < start) or (end and when > end) or when < at:
        raise Invalid(
            "invalid",
            "Choose a date inside the visit window, not in the past.",
            {"fields": {"scheduled_at": "outside_window"}},
        )
    offer.scheduled_at = when


def schedule(
    session: Session, shopper: User, assignment_id: int, when: datetime, at: datetime
) -> Assignment:
    """The shopper chooses (or moves) the date of their visit, inside the window."""
    job, offer = own_job(session, shopper, assignment_id)
    _set_date(job, offer, when, at)
    session.flush()
    return job


def cancel(session: Session, shopper: User, assignment_id: int, at: datetime) -> Assignment:
    """The shopper gives the job back before the cut-off; HR is told."""
    job, offer = own_job(session, shopper, assignment_id)
    if session.scalar(select(Submission.id).where(Submission.assignment_id == job.id).limit(1)):
        raise Conflict("already_reported", "This visit has a report: it cannot be cancelled.")
    until = board.cancel_until(session, job, offer)
    if until is not None and at > until:
        raise Conflict(
            "cancel_cutoff_passed",
            "The cancellation cut-off has passed: contact HR.",
            {"cancel_until": until.isoformat()},
        )
    session.execute(
        update(Assignment)
        .where(Assignment.id == job.id, Assignment.rater_id == shopper.id)
        .values(rater_id=None)
        .execution_options(synchronize_session=False)
    )
    session.refresh(job)
    offer.taken_at = offer.scheduled_at = None
    session.execute(
        update(JobApplication)
        .where(JobApplication.assignment_id == job.id, JobApplication.shopper_id == shopper.id)
        .values(status="withdrawn")
        .execution_options(synchronize_session=False)
    )
    event = accounts.audit(session, shopper, "job_cancelled", job, campaign_id=job.campaign_id)
    session.flush()
    _tell_hr(session, job, event.id)
    return job


def _tell_hr(session: Session, job: Assignment, event_id: int) -> None:
    unit = session.get(OrgUnit, job.unit_id) if job.unit_id else None
    hr = session.scalars(
        select(User).where(User.role.in_(("hr", "admin")), User.active.is_(True))
    ).all()
    for person in hr:
        notify(
            session,
            person.id,
            "job_cancelled",
            key=f"job_cancelled:{event_id}:{person.id}",
            params={
                "unit": unit.name if unit else {},
                "campaign": job.campaign.name,
                "assignment_id": job.id,
            },
            link="/hr/jobs",
            campaign_id=job.campaign_id,
        )
