"""What a visit's shopper and HR are told about its review (issue 14 §1 and §4), through
`notify` (one notification per event key, recorded in the caller's transaction).

To the shopper: approved, returned (with HR's reason), auto-accepted, auto-rejected, and the
reminder before a returned visit closes. To HR users (role hr or admin): the reminder before
a report's review timer fires, and the escalation. Every notice links to the visit's PWA
route (`/visits/<assignment id>` for the shopper, `/hr/review` for HR) and carries the
unit's bilingual name; none names a rated employee (the shopper rates a unit's staff, and
the served employee is never in a notice). The texts: server/services/notifications/
visit_texts.py.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.models import OrgUnit, Submission, User
from server.services.notifications import notify

#: Decision -> the shopper's notification kind.
SHOPPER_KINDS = {
    "approve": "visit_approved",
    "reject": "visit_returned",
    "auto_accept_after_hours": "visit_auto_accepted",
    "auto_reject_after_hours": "visit_auto_rejected",
}
HR_ROLES = ("hr", "admin")
HR_LINK = "/hr/review"


def visit_link(submission: Submission) -> str:
    """The shopper's PWA route of the visit."""
    return f"/visits/{submission.assignment_id}"


def params_of(session: Session, submission: Submission, **extra: Any) -> dict[str, Any]:
    """The values every visit notice is rendered from (JSON only)."""
    unit = session.get(OrgUnit, submission.unit_id) if submission.unit_id else None
    return {
        "visit_id": submission.assignment_id,
        "submission_id": submission.id,
        "unit": dict(unit.name) if unit is not None else None,
        **extra,
    }


def tell_shopper(session: Session, submission: Submission, decision: str, **extra: Any) -> None:
    """Tell the shopper what became of their report (one notice per report and kind)."""
    kind = SHOPPER_KINDS.get(decision)
    if kind is None or submission.rater_id is None:
        return
    if decision == "reject":
        extra = {"reason": submission.review_reason, **extra}
    notify(
        session,
        submission.rater_id,
        kind,
        key=f"{kind}:{submission.id}",
        params=params_of(session, submission, **extra),
        link=visit_link(submission),
        campaign_id=submission.campaign_id,
    )


def hr_users(session: Session) -> list[int]:
    """Active reviewers: every HR user and admin."""
    stmt = select(User.id).where(User.role.in_(HR_ROLES), User.active.is_(True))
    return list(session.scalars(stmt.order_by(User.id)))


def tell_hr(session: Session, submission: Submission, kind: str, key: str, **extra: Any) -> int:
    """Notify every reviewer once (`key` + the user id); returns how many were new."""
    params = params_of(session, submission, **extra)
    sent = 0
    for user_id in hr_users(session):
        note = notify(
            session,
            user_id,
            kind,
            key=f"{key}:{user_id}",
            params=params,
            link=HR_LINK,
            campaign_id=submission.campaign_id,
        )
        sent += note is not None
    return sent


def remind_shopper(
    session: Session, submission: Submission, fires_at: datetime, hours: float
) -> int:
    """Remind the shopper that a returned visit closes at `fires_at` unless resubmitted."""
    if submission.rater_id is None:
        return 0
    note = notify(
        session,
        submission.rater_id,
        "review_timer",
        key=f"review_timer:auto_reject_after_hours:{submission.id}",
        params=params_of(
            session,
            submission,
            timer="auto_reject_after_hours",
            hours=hours,
            fires_at=fires_at.isoformat(),
            reason=submission.review_reason,
        ),
        link=visit_link(submission),
        campaign_id=submission.campaign_id,
    )
    return int(note is not None)
