"""Everything stored about one person, as plain JSON-ready data (issue 17 §4, the export).

What goes in, and the anonymity rule it keeps:
- the profile (account fields, unit, manager);
- submissions the person wrote (as rater), in every group: their own answers;
- submissions about the person only from named groups (self, supervisor, mystery shopper)
  of released campaigns, without who wrote them (except the self-assessment): answers from
  the anonymous and unnamed groups (peers, subordinates, customers) appear only as the
  released review shows them, never as rows;
- the released reviews (the review data for the employee; the PDFs are added by `export`);
- action items the person owns, their notifications, acknowledgements and development plans;
- the audit of who read or downloaded their reviews;
- shopper work: job applications, declared conflicts, home position, expenses they recorded
  (amounts and receipt references), pay lines, quiz attempts, certifications, and the API
  tokens they created (never the secret's hash). `registry.EXPORTED` lists the columns.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.models import (
    ActionItem,
    ApiToken,
    AuditEvent,
    Campaign,
    DevelopmentPlan,
    JobApplication,
    JobConflict,
    Notification,
    PaymentLine,
    QuizAttempt,
    ReviewAcknowledgement,
    ShopperCertification,
    ShopperHome,
    Submission,
    User,
    VisitExpense,
)
from server.services.reviews import review
from server.services.scoring import anonymity, counting

#: Audit actions that are an access to someone's review (the object is the employee).
REVIEW_ACCESS = ("review.read", "review.download")
SUBMISSION_FIELDS = (
    "id",
    "campaign_id",
    "relationship",
    "status",
    "received_at",
    "completed_at",
    "answers",
    "na",
    "form_score",
    "outcome",
)


def plain(value: Any) -> Any:
    """A JSON-ready copy (times as ISO 8601 text)."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def row_dict(row: Any, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """Every column of a model row, JSON-ready."""
    keys = [c.key for c in row.__mapper__.column_attrs if c.key not in skip]
    return {k: plain(getattr(row, k)) for k in keys}


def profile(user: User) -> dict[str, Any]:
    """The account as stored (never the password hash or the session token)."""
    out = row_dict(user, skip=("password_hash", "session_token"))
    out["unit"] = plain(user.unit.name) if user.unit is not None else None
    out["manager"] = {"id": user.manager.id, "name": user.manager.name} if user.manager else None
    return out


def as_rater(session: Session, user: User) -> list[dict[str, Any]]:
    """Every submission the person wrote, with where it was sent from."""
    rows = session.scalars(
        select(Submission).where(Submission.rater_id == user.id).order_by(Submission.received_at)
    )
    extra = ("subject_id", "submitted_by_ip", "geo_lat", "geo_lon", "geo_captured_at")
    return [{k: plain(getattr(s, k)) for k in (*SUBMISSION_FIELDS, *extra)} for s in rows]


def released_ids(session: Session, user: User) -> list[int]:
    """Released campaigns with a review of the person, newest first."""
    return [r["campaign"]["id"] for r in review.released_reviews(session, user)]


def as_subject(session: Session, user: User, released: list[int]) -> list[dict[str, Any]]:
    """Submissions about the person from named groups of released campaigns (no rater,
    except their own self-assessment)."""
    rows = session.scalars(
        select(Submission)
        .where(
            Submission.subject_id == user.id,
            Submission.campaign_id.in_(released or [-1]),
            Submission.relationship.not_in(anonymity.UNNAMED_GROUPS),
            counting.counted_clause(),
        )
        .order_by(Submission.received_at)
    )
    return [{k: plain(getattr(s, k)) for k in SUBMISSION_FIELDS} for s in rows]


def reviews(session: Session, user: User, released: list[int]) -> list[dict[str, Any]]:
    """The person's released reviews, as the employee reads them."""
    return [
        plain(review.build_review(session, cid, user.id, audience="employee")) for cid in released
    ]


def review_access(session: Session, user: User) -> list[dict[str, Any]]:
    """Who read or downloaded the person's reviews, and when."""
    rows = session.execute(
        select(AuditEvent, User)
        .outerjoin(User, User.id == AuditEvent.actor_id)
        .where(
            AuditEvent.action.in_(REVIEW_ACCESS),
            AuditEvent.object_type == "User",
            AuditEvent.object_id == str(user.id),
        )
        .order_by(AuditEvent.created_at, AuditEvent.id)
    ).all()
    return [
        {
            "at": plain(event.created_at),
            "action": event.action,
            "campaign_id": (event.details or {}).get("campaign_id"),
            "by": {"id": actor.id, "name": actor.name, "role": actor.role} if actor else None,
        }
        for event, actor in rows
    ]


def _rows(
    session: Session, model: Any, column: Any, user: User, skip: tuple[str, ...] = ()
) -> list[dict[str, Any]]:
    pk = model.__mapper__.primary_key[0]
    found = session.scalars(select(model).where(column == user.id).order_by(pk))
    return [row_dict(r, skip) for r in found]


def shopper_work(session: Session, user: User) -> dict[str, Any]:
    """Jobs, home, conflicts, expenses, pay, quizzes, certifications and API tokens."""
    return {
        name: _rows(session, column.class_, column, user, skip)
        for name, column, skip in (
            ("job_applications", JobApplication.shopper_id, ()),
            ("job_conflicts", JobConflict.shopper_id, ()),
            ("home", ShopperHome.user_id, ()),
            ("expenses_recorded", VisitExpense.created_by_id, ()),
            ("pay_lines", PaymentLine.shopper_id, ()),
            ("quiz_attempts", QuizAttempt.user_id, ()),
            ("certifications", ShopperCertification.user_id, ()),
            ("api_tokens", ApiToken.created_by_id, ("secret_hash",)),
        )
    }


def person_data(session: Session, user: User) -> dict[str, Any]:
    """Everything stored about `user` that the export hands out (see the module doc)."""
    released = released_ids(session, user)
    return {
        "profile": profile(user),
        "submissions_written": as_rater(session, user),
        "submissions_about_me": as_subject(session, user, released),
        "reviews": reviews(session, user, released),
        "action_items_owned": _rows(session, ActionItem, ActionItem.owner_id, user),
        "notifications": _rows(session, Notification, Notification.user_id, user),
        "acknowledgements": _rows(
            session, ReviewAcknowledgement, ReviewAcknowledgement.employee_id, user
        ),
        "development_plans": _rows(session, DevelopmentPlan, DevelopmentPlan.employee_id, user),
        "review_access": review_access(session, user),
        "shopper_work": shopper_work(session, user),
        "campaigns": {
            str(c.id): c.name
            for c in session.scalars(select(Campaign).where(Campaign.id.in_(released or [-1])))
        },
    }
