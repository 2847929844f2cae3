"""Applications (issue 16 §1): in a campaign of mode `approval` a shopper applies and HR,
seeing each applicant's rating, approves one (who then holds the visit: the same
conditional claim as first come) or declines. Approving declines the job's other pending
applications. Until HR decides, the shopper may withdraw their application (`withdrawn`: HR
no longer sees it as pending; they may apply again)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from server.domain_errors import Conflict, NotFound
from server.models import Assignment, JobApplication, User
from server.services.jobs import board, rating, rules, taking
from server.services.org import accounts


def apply(session: Session, shopper: User, assignment_id: int, at: datetime) -> JobApplication:
    """The shopper applies for an open job of an approval campaign (once per job)."""
    job, offer = taking.open_job(session, assignment_id)
    if rules.settings_of(session, job.campaign_id).mode != "approval":
        raise Conflict("take_instead", "This job is first come: take it.")
    rules.ensure_eligible(session, shopper, job, offer, at)
    row = session.scalar(
        select(JobApplication).where(
            JobApplication.assignment_id == job.id, JobApplication.shopper_id == shopper.id
        )
    )
    if row is not None and row.status in ("pending", "declined"):
        raise Conflict("already_applied", "You have already applied for this job.")
    if row is None:
        row = JobApplication(assignment_id=job.id, shopper_id=shopper.id)
        session.add(row)
    row.status, row.created_at, row.decided_at, row.decided_by_id = "pending", at, None, None
    session.flush()
    return row


def get_application(session: Session, application_id: int) -> JobApplication:
    """An application, or 404."""
    row = session.get(JobApplication, application_id)
    if row is None:
        raise NotFound("not_found", "No such application.")
    return row


def decide(
    session: Session, actor: User, row: JobApplication, decision: str, at: datetime
) -> JobApplication:
    """HR approves (the applicant takes the job, rules checked again) or declines."""
    if row.status != "pending":
        raise Conflict("already_decided", "This application is already decided.")
    if decision == "approve":
        job, offer = taking.get_job(session, row.assignment_id)
        shopper = session.get(User, row.shopper_id)
        assert shopper is not None
        taking.lock_shopper(session, shopper)
        rules.ensure_eligible(session, shopper, job, offer, at)
        taking.claim(session, job, offer, shopper, at)
        session.execute(
            update(JobApplication)
            .where(
                JobApplication.assignment_id == job.id,
                JobApplication.status == "pending",
                JobApplication.id != row.id,
            )
            .values(status="declined", decided_at=at, decided_by_id=actor.id)
            .execution_options(synchronize_session=False)
        )
    row.status = "approved" if decision == "approve" else "declined"
    row.decided_at, row.decided_by_id = at, actor.id
    session.flush()
    accounts.audit(session, actor, f"job_application_{row.status}", row)
    return row


def withdraw(session: Session, shopper: User, application_id: int, at: datetime) -> JobApplication:
    """The shopper takes back their pending application (another shopper's is 404; once HR
    decided, or already withdrawn, 409). They may apply again later."""
    row = session.get(JobApplication, application_id)
    if row is None or row.shopper_id != shopper.id:
        raise NotFound("not_found", "No such application.")
    if row.status == "withdrawn":
        raise Conflict("already_withdrawn", "You have already withdrawn this application.")
    if row.status != "pending":
        raise Conflict("already_decided", "This application is already decided.")
    row.status, row.decided_at, row.decided_by_id = "withdrawn", at, None
    session.flush()
    accounts.audit(session, shopper, "job_application_withdrawn", row)
    return row


def listing(
    session: Session, status: str | None = None, campaign_id: int | None = None
) -> list[dict[str, Any]]:
    """HR's applications (newest first) with each applicant's rating and the job."""
    query = (
        select(JobApplication, Assignment, User)
        .join(Assignment, Assignment.id == JobApplication.assignment_id)
        .join(User, User.id == JobApplication.shopper_id)
        .order_by(JobApplication.created_at.desc(), JobApplication.id.desc())
    )
    if status:
        query = query.where(JobApplication.status == status)
    if campaign_id:
        query = query.where(Assignment.campaign_id == campaign_id)
    rows = session.execute(query).all()
    quality = rating.ratings(session, [r[2].id for r in rows])
    return [
        {
            "id": app.id,
            "status": app.status,
            "created_at": app.created_at,
            "decided_at": app.decided_at,
            "shopper": {"id": who.id, "name": who.name, **quality[who.id]},
            "job": _job(session, job),
        }
        for app, job, who in rows
    ]


def _job(session: Session, job: Assignment) -> dict[str, Any]:
    unit = board.place(session.get(board.OrgUnit, job.unit_id)) if job.unit_id else None
    return {
        "id": job.id,
        "campaign_id": job.campaign_id,
        "unit": unit,
        "window_start": job.visit_window_start,
        "window_end": job.visit_window_end,
        "taken": job.rater_id is not None,
    }
